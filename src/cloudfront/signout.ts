/**
 * The sign-out route: clears every edgeward cookie (session, state, guard, and the CloudFront signed
 * cookies when configured), revokes the refresh token best effort within the client timeout (≤ 2 s),
 * and redirects to the IdP's logout endpoint with `client_id` and the post-logout URL.
 *
 * Sign-out changes state, so another site must not be able to trigger it (login CSRF's mirror image): it
 * happens only for
 * - a `POST` from this origin: `Sec-Fetch-Site: same-origin` or `none`; a browser that sends no Fetch
 *   Metadata must send an `Origin` (else a `Referer`) equal to this site's origin;
 * - a top-level `GET` navigation from this origin (`Sec-Fetch-Site: same-origin`/`none`,
 *   `Sec-Fetch-Mode: navigate`, `Sec-Fetch-Dest: document` when sent), so the site's own sign-out links
 *   keep working.
 * Anything else — a cross-site or same-site (sibling subdomain) request, a `GET` without Fetch Metadata
 * (older browsers), an embedded or scripted request — gets a small confirmation page whose button POSTs
 * back to this path from this origin (a plain form: no script), and nothing is cleared or revoked.
 *
 * @see https://docs.aws.amazon.com/cognito/latest/developerguide/logout-endpoint.html
 * @see https://docs.aws.amazon.com/cognito/latest/developerguide/revocation-endpoint.html
 * @see [Fetch Metadata Request Headers](https://www.w3.org/TR/fetch-metadata/)
 * @see [OWASP CSRF Prevention Cheat Sheet - Verifying Origin with standard headers](https://cheatsheetseries.owasp.org/cheatsheets/Cross-Site_Request_Forgery_Prevention_Cheat_Sheet.html#verifying-origin-with-standard-headers)
 * @module
 */
import type { CloudFrontResultResponse } from 'aws-lambda';
import { buildLogoutUrl } from '../core/oauth/endpoints.js';
import { validateReturnPath } from '../core/session/return-to.js';
import { headerValues, type ViewerRequest } from './event.js';
import { logRequest } from './failure.js';
import { htmlPage, redirect } from './responses.js';
import { originOf, type Site } from './site.js';

/** The text of the sign-out confirmation page (the one place it is written). */
export const SIGN_OUT_CONFIRMATION = {
  title: 'Sign out?',
  message: 'Do you want to sign out of this site? You will need to sign in again to see protected pages.',
  button: 'Sign out',
  cancel: 'Stay signed in',
  /** The reason code shown on the page and logged. */
  reason: 'signout_confirmation',
} as const;

/** `Sec-Fetch-Site` values of a request this origin made (or the user typed/bookmarked). */
const OWN_SITES: ReadonlySet<string> = new Set(['same-origin', 'none']);

/** Why a sign-out request is not honoured without confirmation; undefined when it is. */
export type SignOutRefusal =
  | 'cross_origin'
  | 'origin_unverified'
  | 'no_fetch_metadata'
  | 'not_navigation'
  | 'method_not_allowed';

/** The lower-cased, trimmed values of header `name`. */
function values(vr: ViewerRequest, name: string): string[] {
  return headerValues(vr.request.headers, name).map((v) => v.trim().toLowerCase());
}

/** The origin (`scheme://host[:port]`) of a URL, or undefined when it has none. */
function urlOrigin(value: string): string | undefined {
  try {
    const origin = new URL(value).origin;
    return origin === 'null' ? undefined : origin;
  } catch {
    return undefined;
  }
}

/**
 * True when the request names this site's origin: its `Origin` header (when sent), else its `Referer`.
 * Used only when the browser sends no `Sec-Fetch-Site`.
 */
function fromThisOrigin(vr: ViewerRequest): boolean {
  const own = urlOrigin(originOf(vr.host));
  const origins = headerValues(vr.request.headers, 'origin');
  const claimed = origins.length > 0 ? origins : headerValues(vr.request.headers, 'referer').slice(0, 1);
  return own !== undefined && claimed.length > 0 && claimed.every((c) => urlOrigin(c.trim()) === own);
}

/**
 * Decides whether a request to the sign-out path may sign out at once (see the module comment).
 *
 * @returns undefined when it may, else the reason it needs the confirmation page
 */
export function signOutRefusal(vr: ViewerRequest): SignOutRefusal | undefined {
  const sites = values(vr, 'sec-fetch-site');
  const ownSite = sites.length > 0 && sites.every((s) => OWN_SITES.has(s));
  if (vr.method === 'POST') {
    if (sites.length > 0) return ownSite ? undefined : 'cross_origin';
    return fromThisOrigin(vr) ? undefined : 'origin_unverified';
  }
  if (vr.method !== 'GET') return 'method_not_allowed';
  if (sites.length === 0) return 'no_fetch_metadata';
  if (!ownSite) return 'cross_origin';
  const modes = values(vr, 'sec-fetch-mode');
  const dests = values(vr, 'sec-fetch-dest');
  const topLevel =
    modes.length > 0 && modes.every((m) => m === 'navigate') && dests.every((d) => d === 'document');
  return topLevel ? undefined : 'not_navigation';
}

/**
 * The confirmation page: a POST button to the sign-out path and a link home. 200 for a `GET`/`HEAD`,
 * 403 for a refused `POST` (or another method). It may not be framed (`frame-ancestors 'none'`,
 * `X-Frame-Options: DENY`), so another site cannot trick a click on its button.
 */
function confirmationPage(site: Site, vr: ViewerRequest, refusal: SignOutRefusal): CloudFrontResultResponse {
  const status = vr.method === 'GET' || vr.method === 'HEAD' ? 200 : 403;
  const text = SIGN_OUT_CONFIRMATION;
  logRequest(site, vr, { level: 'info', event: text.reason, refusal, status });
  return htmlPage(
    status,
    text.title,
    text.message,
    text.reason,
    [],
    [
      { action: site.config.signOutPath, button: text.button },
      { href: '/', text: text.cancel },
    ],
    [
      ['Content-Security-Policy', "frame-ancestors 'none'"],
      ['X-Frame-Options', 'DENY'],
    ],
  );
}

/** Handles a request to the sign-out path. Never throws. */
export async function handleSignOut(site: Site, vr: ViewerRequest): Promise<CloudFrontResultResponse> {
  const refusal = signOutRefusal(vr);
  if (refusal !== undefined) return confirmationPage(site, vr, refusal);
  const sessions = site.sessions!;
  const { refreshToken } = sessions.read(vr.cookies);
  let revoked = false;
  if (refreshToken && site.config.revokeRefreshToken) revoked = await site.oauth!.revoke(refreshToken);
  const setCookies = [...sessions.clearAll(vr.cookies), ...(site.signedCookies?.clearCookies() ?? [])];
  const target = site.config.postLogoutRedirect;
  const postLogout = validateReturnPath(target) === undefined ? target : `${originOf(vr.host)}${target}`;
  const location = buildLogoutUrl(site.oauth!.endpoints, site.config.client!, postLogout) ?? postLogout;
  logRequest(site, vr, {
    level: 'info',
    event: 'signed_out',
    revoked,
    hadRefreshToken: Boolean(refreshToken),
    status: 302,
  });
  // A 302 after a POST is followed with a GET (Fetch Standard, HTTP-redirect fetch step 12).
  return redirect(location, setCookies);
}
