/**
 * Inline refresh of an expired session (see `session.ts`): the request whose token has expired calls
 * the token endpoint itself and answers a redirect to the same URL (302 for GET/HEAD, 307 otherwise)
 * with the new cookies. Part of the login chunk.
 *
 * @module
 */
import type { CloudFrontRequestResult } from 'aws-lambda';
import { AuthError, isAuthError } from '../core/errors.js';
import type { FailureCode } from '../core/outcomes.js';
import { returnPathOf } from '../core/session/return-to.js';
import type { ViewerRequest } from './event.js';
import { fail, failureCode, failureDetail, logRequest } from './failure.js';
import { loopPage, nextGuard, requireLogin } from './login.js';
import { loginTools } from './login-tools.js';
import { requestCookies } from './request-cookies.js';
import { redirect } from './responses.js';
import { UPSTREAM } from './session.js';
import type { Site } from './site.js';

/**
 * Refreshes the session inline and redirects to the same URL with the new cookies; on failure clears the
 * session and requires login (once: the loop guard stops repeats).
 */
export async function refresh(
  site: Site,
  vr: ViewerRequest,
  refreshToken: string,
  reason: FailureCode,
): Promise<CloudFrontRequestResult> {
  const tools = loginTools(site);
  const sessions = tools.cookies;
  const guard = nextGuard(site, vr);
  if (guard === undefined) return loopPage(site, vr, reason, sessions.clearSession(requestCookies(vr)));
  const self = returnPathOf(vr.uri, vr.querystring);
  if (self === undefined) return fail(site, vr, 'path_invalid', { navigation: vr.navigation });
  try {
    const set = await tools.oauth.refresh(refreshToken);
    const use = site.config.sessionTokenUse;
    const primary = use === 'access' ? set.accessToken : set.idToken;
    if (primary === undefined) throw new AuthError('refresh_failed', 'refresh returned no session token');
    const token = await site.verifier.verify(primary, { tokenUse: use });
    const setCookies = sessions.write(
      {
        accessToken: set.accessToken,
        ...(set.idToken === undefined ? {} : { idToken: set.idToken }),
        refreshToken: set.refreshToken ?? refreshToken,
      },
      token.username ?? token.sub,
      requestCookies(vr),
      use === 'access' ? 'idToken' : 'accessToken',
    );
    logRequest(site, vr, { level: 'info', event: 'session_refreshed', reason, status: 302 });
    const status = vr.method === 'GET' || vr.method === 'HEAD' ? 302 : 307;
    return redirect(self, [...setCookies, guard], status);
  } catch (e) {
    const code = failureCode(e);
    if (isAuthError(e) && UPSTREAM.has(code)) {
      return fail(site, vr, code, { navigation: vr.navigation }, failureDetail(e));
    }
    logRequest(site, vr, { level: 'warn', event: 'refresh_failed', cause: code, detail: failureDetail(e) });
    return requireLogin(site, vr, 'refresh_failed', sessions.clearSession(requestCookies(vr)));
  }
}
