/**
 * Every cookie of a viewer request, parsed on first use, for edgeward's own routes (the callback, sign-in,
 * refresh and sign-out), which read the state, guard and session cookies by name. The per-request path
 * reads only edgeward's own cookies (`SessionNames.scan`) and never imports this module: the parser and
 * what it needs stay out of the code loaded on a cold start (only the lazily loaded login path imports it).
 *
 * @module
 */
import { parseCookieHeaders } from '../core/session/cookie-header.js';
import type { CookiePair } from '../core/session/cookies.js';
import type { ViewerRequest } from './event.js';

/** True when `name` is printable ASCII without space: a name a `Set-Cookie` can carry. */
function isSettableName(name: string): boolean {
  for (let i = 0; i < name.length; i++) {
    const c = name.charCodeAt(i);
    if (c <= 0x20 || c >= 0x7f) return false;
  }
  return true;
}

/**
 * The cookies edgeward may read and delete: a name with a space, a control or a non-ASCII character is
 * never one edgeward wrote, and no `Set-Cookie` can delete it (serializing one throws), so such a cookie
 * — junk, or tossed from a sibling domain — is ignored rather than turning every answer into a 502.
 * The `Cookie` header forwarded to the origin is not affected.
 */
export function usableCookies(pairs: CookiePair[]): CookiePair[] {
  for (const p of pairs) if (!isSettableName(p.name)) return pairs.filter((q) => isSettableName(q.name));
  return pairs;
}

const parsed = new WeakMap<ViewerRequest, readonly CookiePair[]>();

/**
 * Every cookie of `vr`, in order, across all `Cookie` header entries, except those whose name is not
 * printable ASCII without spaces (see {@link usableCookies}); parsed once per request.
 *
 * @see [RFC 6265 - HTTP State Management Mechanism, section 4.2](https://www.rfc-editor.org/rfc/rfc6265.html#section-4.2)
 */
export function requestCookies(vr: ViewerRequest): readonly CookiePair[] {
  let cookies = parsed.get(vr);
  if (cookies === undefined) {
    cookies = usableCookies(parseCookieHeaders(vr.cookieHeaders));
    parsed.set(vr, cookies);
  }
  return cookies;
}
