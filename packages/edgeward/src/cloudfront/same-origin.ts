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
import { originOf } from './login.js';

/** `Sec-Fetch-Site` values of a request this origin made, or the user made (typed URL, bookmark). */
const OWN_SITES: ReadonlySet<string> = new Set(['same-origin', 'none']);

/**
 * The first value of header `name`, trimmed and lower-cased; undefined when absent. A browser sends these
 * headers once, and another site cannot add any to the requests it makes a browser send.
 */
function first(vr: ViewerRequest, name: string): string | undefined {
  return headerValues(vr.request.headers, name)[0]?.trim().toLowerCase();
}

/**
 * What `Sec-Fetch-Site` says: `own` (`same-origin` or `none`), `foreign` (`same-site`, `cross-site`, any
 * other value), or `undefined` when the browser sent none (older browsers, non-browser clients).
 */
export function fetchSite(vr: ViewerRequest): 'own' | 'foreign' | undefined {
  const site = first(vr, 'sec-fetch-site');
  return site === undefined ? undefined : OWN_SITES.has(site) ? 'own' : 'foreign';
}

/**
 * True when the request names this site's origin (`originOf(Host)`, compared as RFC 6454 serialized
 * origins): its `Origin` header when sent, else its `Referer`. `Origin: null` and neither header are false.
 */
function namesThisOrigin(vr: ViewerRequest): boolean {
  const claimed = first(vr, 'origin') ?? first(vr, 'referer');
  try {
    return claimed !== undefined && new URL(claimed).origin === new URL(originOf(vr.host)).origin;
  } catch {
    return false;
  }
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
 * True when the request was made by this site's own pages — stricter than {@link isSameOriginRequest}:
 * `Sec-Fetch-Site: same-origin` exactly when Fetch Metadata is sent (`none`, a URL the user typed, is not a
 * page's script), else an `Origin` (or `Referer`) equal to this site's origin. For routes that hand the
 * page's scripts a secret (the identity-pool credentials route).
 */
export function isOwnPageRequest(vr: ViewerRequest): boolean {
  const site = first(vr, 'sec-fetch-site');
  return site === undefined ? namesThisOrigin(vr) : site === 'same-origin';
}

/**
 * True for a top-level navigation by Fetch Metadata: `Sec-Fetch-Mode: navigate`, and `Sec-Fetch-Dest:
 * document` when sent (not a frame). False when the browser sends no `Sec-Fetch-Mode`.
 */
export function isTopLevelNavigation(vr: ViewerRequest): boolean {
  return (
    first(vr, 'sec-fetch-mode') === 'navigate' && (first(vr, 'sec-fetch-dest') ?? 'document') === 'document'
  );
}
