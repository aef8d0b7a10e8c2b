/**
 * The sign-out route: clears every edgeward cookie (session, state, guard, and the CloudFront signed
 * cookies when configured), revokes the refresh token best effort within the client timeout (≤ 2 s),
 * and redirects to the IdP's logout endpoint with `client_id` and the post-logout URL.
 *
 * @see https://docs.aws.amazon.com/cognito/latest/developerguide/logout-endpoint.html
 * @see https://docs.aws.amazon.com/cognito/latest/developerguide/revocation-endpoint.html
 * @module
 */
import type { CloudFrontResultResponse } from 'aws-lambda';
import { buildLogoutUrl } from '../core/oauth/endpoints.js';
import { validateReturnPath } from '../core/session/return-to.js';
import type { ViewerRequest } from './event.js';
import { logRequest } from './failure.js';
import { originOf } from './login.js';
import { loginTools, signedCookieIssuer } from './login-tools.js';
import { redirect } from './responses.js';
import type { Site } from './site.js';

/** Handles a request to the sign-out path. Never throws. */
export async function handleSignOut(site: Site, vr: ViewerRequest): Promise<CloudFrontResultResponse> {
  const tools = loginTools(site);
  const sessions = tools.cookies;
  const { refreshToken } = sessions.read(vr.cookies);
  let revoked = false;
  if (refreshToken && site.config.revokeRefreshToken) revoked = await tools.oauth.revoke(refreshToken);
  const setCookies = sessions.clearAll(vr.cookies);
  if (site.signedCookies) setCookies.push(...(await signedCookieIssuer(site)).clearCookies());
  const target = site.config.postLogoutRedirect;
  const postLogout = validateReturnPath(target) === undefined ? target : `${originOf(vr.host)}${target}`;
  const location = buildLogoutUrl(tools.oauth.endpoints, site.config.client!, postLogout) ?? postLogout;
  logRequest(site, vr, {
    level: 'info',
    event: 'signed_out',
    revoked,
    hadRefreshToken: Boolean(refreshToken),
    status: 302,
  });
  return redirect(location, setCookies);
}
