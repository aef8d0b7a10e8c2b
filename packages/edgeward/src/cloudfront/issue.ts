/**
 * The CloudFront signed-cookie issue route (scenario D): verify a session or Bearer token, issue the
 * cookies, 302 to the app path. Part of the login chunk.
 *
 * @module
 */
import type { CloudFrontRequestResult, CloudFrontResultResponse } from 'aws-lambda';
import type { VerifiedToken } from '../core/verify/types.js';
import { handleBearer, hasAuthorization } from './bearer.js';
import type { ViewerRequest } from './event.js';
import { fail, logRequest } from './failure.js';
import { signedCookieIssuer } from './login-tools.js';
import { redirect } from './responses.js';
import { handleSession } from './session.js';
import type { Site } from './site.js';

/** The signed-cookie issue route: verify a session or Bearer token, issue the cookies, 302 to the app path. */
export async function handleIssue(site: Site, vr: ViewerRequest): Promise<CloudFrontRequestResult> {
  const signed = await signedCookieIssuer(site);
  const config = signed.config;
  const accept = config.accept;
  const issue = async (token: VerifiedToken): Promise<CloudFrontResultResponse> => {
    const setCookies = await signed.issue({ tokenExp: token.exp, host: vr.host, clientIp: vr.clientIp });
    logRequest(site, vr, { level: 'info', event: 'signed_cookies_redirect', status: 302 });
    return redirect(config.appPath, setCookies);
  };
  if (accept.bearer && hasAuthorization(vr.request.headers))
    return handleBearer(site, vr, issue, accept.tokenUse);
  if (accept.session && site.sessions) return handleSession(site, vr, issue);
  return fail(site, vr, 'token_missing', { navigation: false, bearer: true });
}
