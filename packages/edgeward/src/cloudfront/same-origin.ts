/**
 * Where a viewer request comes from, for routes that change state (sign-out) or hand out secrets: the
 * browser's Fetch Metadata (`Sec-Fetch-Site`, `Sec-Fetch-Mode`, `Sec-Fetch-Dest`) when it sends them, else
 * the `Origin` (or `Referer`) header compared with the site's own origin (`originOf(Host)`). Another site can
 * make a browser send a request but cannot set these headers.
 *
 * @see [Fetch Metadata Request Headers](https://www.w3.org/TR/fetch-metadata/)
 * @see [RFC 6454 - The Web Origin Concept, section 7](https://www.rfc-editor.org/rfc/rfc6454.html#section-7)
 * @see [OWASP CSRF Prevention Cheat Sheet - Verifying Origin with standard headers](https://cheatsheetseries.owasp.org/cheatsheets/Cross-Site_Request_Forgery_Prevention_Cheat_Sheet.html#verifying-origin-with-standard-headers)
 * @module
 */
import { headerValues, type ViewerRequest } from './event.js';
import { originOf } from './site.js';

/** `Sec-Fetch-Site` values of a request this origin made, or the user made (typed URL, bookmark). */
const OWN_SITES: ReadonlySet<string> = new Set(['same-origin', 'none']);

/** The lower-cased, trimmed values of header `name`. */
function values(vr: ViewerRequest, name: string): string[] {
  return headerValues(vr.request.headers, name).map((v) => v.trim().toLowerCase());
}

/** The serialized origin (`scheme://host[:port]`, RFC 6454) of a URL; undefined for none or `null`. */
function urlOrigin(value: string): string | undefined {
  try {
    const origin = new URL(value.trim()).origin;
    return origin === 'null' ? undefined : origin;
  } catch {
    return undefined;
  }
}

/**
 * What `Sec-Fetch-Site` says: `own` (every value `same-origin` or `none`), `foreign` (any other value:
 * `same-site`, `cross-site`, …), or `undefined` when the browser sent none (older browsers, non-browser
 * clients).
 */
export function fetchSite(vr: ViewerRequest): 'own' | 'foreign' | undefined {
  const sites = values(vr, 'sec-fetch-site');
  if (sites.length === 0) return undefined;
  return sites.every((s) => OWN_SITES.has(s)) ? 'own' : 'foreign';
}

/**
 * True when the request names this site's origin (`originOf(Host)`): every `Origin` value when it sent
 * one, else its `Referer`. `Origin: null` and an absent pair are false.
 */
function namesThisOrigin(vr: ViewerRequest): boolean {
  const own = urlOrigin(originOf(vr.host));
  const origins = headerValues(vr.request.headers, 'origin');
  const claimed = origins.length > 0 ? origins : headerValues(vr.request.headers, 'referer').slice(0, 1);
  return own !== undefined && claimed.length > 0 && claimed.every((c) => urlOrigin(c) === own);
}

/**
 * True when the request comes from this site's own pages (or the user): `Sec-Fetch-Site: same-origin`/`none`
 * when Fetch Metadata is sent, else an `Origin` (or `Referer`) equal to this site's origin.
 */
export function isSameOriginRequest(vr: ViewerRequest): boolean {
  const site = fetchSite(vr);
  return site === undefined ? namesThisOrigin(vr) : site === 'own';
}

/**
 * True for a top-level navigation by Fetch Metadata: `Sec-Fetch-Mode: navigate`, and `Sec-Fetch-Dest:
 * document` when sent (not a frame). False when the browser sends no `Sec-Fetch-Mode`.
 */
export function isTopLevelNavigation(vr: ViewerRequest): boolean {
  const modes = values(vr, 'sec-fetch-mode');
  return (
    modes.length > 0 &&
    modes.every((m) => m === 'navigate') &&
    values(vr, 'sec-fetch-dest').every((d) => d === 'document')
  );
}
