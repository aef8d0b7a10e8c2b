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
 * @see [Amazon Cognito Developer Guide - Logout endpoint](https://docs.aws.amazon.com/cognito/latest/developerguide/logout-endpoint.html)
 * @see [Amazon Cognito Developer Guide - Revoke endpoint](https://docs.aws.amazon.com/cognito/latest/developerguide/revocation-endpoint.html)
 * @see [Fetch Metadata Request Headers](https://www.w3.org/TR/fetch-metadata/) (checks in `same-origin.ts`)
 * @module
 */
import type { CloudFrontResultResponse } from 'aws-lambda';
import { buildLogoutUrl } from '../core/oauth/endpoints.js';
import { validateReturnPath } from '../core/session/return-to.js';
import type { ViewerRequest } from './event.js';
import { logRequest } from './failure.js';
import { originOf } from './login.js';
import { loginTools, signedCookieIssuer } from './login-tools.js';
import { htmlPage } from './pages.js';
import { requestCookies } from './request-cookies.js';
import { redirect } from './responses.js';
import { fetchSite, isSameOriginRequest, isTopLevelNavigation } from './same-origin.js';
import type { Site } from './site.js';

/** The text of the sign-out confirmation page (the one place it is written). */
export const SIGN_OUT_CONFIRMATION = {
  title: 'Sign out?',
  message: 'Do you want to sign out of this site? You will need to sign in again to see protected pages.',
  button: 'Sign out',
  cancel: 'Stay signed in',
  /** The reason code shown on the page and logged. */
  reason: 'signout_confirmation',
} as const;

/**
 * True when a request to the sign-out path may sign out at once (see the module comment): a same-origin
 * `POST`, or a same-origin top-level `GET` navigation. False means: the confirmation page.
 */
export function signsOutAtOnce(vr: ViewerRequest): boolean {
  if (vr.method === 'POST') return isSameOriginRequest(vr);
  return vr.method === 'GET' && fetchSite(vr) === 'own' && isTopLevelNavigation(vr);
}

/**
 * The confirmation page as sent: a POST button to the sign-out path and a link home, the reference line
 * carrying {@link SIGN_OUT_CONFIRMATION}`.reason`. It may not be framed (`frame-ancestors 'none'`,
 * `X-Frame-Options: DENY`), so another site cannot trick a click on its button.
 *
 * @param status - 200 for a `GET`/`HEAD`, 403 for a refused `POST` (or another method)
 * @param signOutPath - the site's sign-out path (the form's action)
 * @param requestId - CloudFront's `requestId`, for the reference line
 */
export function signOutConfirmationPage(
  status: 200 | 403,
  signOutPath: string,
  requestId: string,
): CloudFrontResultResponse {
  const text = SIGN_OUT_CONFIRMATION;
  return htmlPage(
    status,
    {
      title: text.title,
      message: text.message,
      actions: [
        { action: signOutPath, button: text.button },
        { href: '/', text: text.cancel },
      ],
      reference: { code: text.reason, requestId },
    },
    [],
    // The page's CSP already has `frame-ancestors 'none'`; X-Frame-Options for browsers without CSP 2.
    [['X-Frame-Options', 'DENY']],
  );
}

/** Logs and answers the confirmation page: 200 for a `GET`/`HEAD`, 403 for anything else. */
function confirmationPage(site: Site, vr: ViewerRequest): CloudFrontResultResponse {
  const status = vr.method === 'GET' || vr.method === 'HEAD' ? 200 : 403;
  logRequest(site, vr, { level: 'info', event: SIGN_OUT_CONFIRMATION.reason, method: vr.method, status });
  return signOutConfirmationPage(status, site.config.signOutPath, vr.requestId);
}

/** Handles a request to the sign-out path. Never throws. */
export async function handleSignOut(site: Site, vr: ViewerRequest): Promise<CloudFrontResultResponse> {
  if (!signsOutAtOnce(vr)) return confirmationPage(site, vr);
  const tools = loginTools(site);
  const sessions = tools.cookies;
  const { refreshToken } = sessions.read(requestCookies(vr));
  let revoked = false;
  if (refreshToken && site.config.revokeRefreshToken) revoked = await tools.oauth.revoke(refreshToken);
  const setCookies = sessions.clearAll(requestCookies(vr));
  if (site.signedCookies) setCookies.push(...(await signedCookieIssuer(site)).clearCookies());
  const target = site.config.postLogoutRedirect;
  const postLogout = validateReturnPath(target) === undefined ? target : `${originOf(vr.host)}${target}`;
  const location = buildLogoutUrl(tools.oauth.endpoints, tools.client, postLogout) ?? postLogout;
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
