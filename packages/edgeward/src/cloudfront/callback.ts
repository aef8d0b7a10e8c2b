/**
 * The OAuth callback route (`redirect_uri`): checks the IdP's answer against the signed state cookie,
 * exchanges the authorization code (PKCE), verifies the id token (nonce, `aud`, `token_use: id`) and the
 * session token, sets the session cookies and redirects to the saved return path.
 *
 * Every failure is a friendly HTML page (never a redirect, so never a loop) that clears the state cookie.
 *
 * @see [RFC 6749 - OAuth 2.0, section 4.1.2](https://www.rfc-editor.org/rfc/rfc6749.html#section-4.1.2)
 * @see [OpenID Connect Core 1.0, 3.1.3.7 ID Token Validation](https://openid.net/specs/openid-connect-core-1_0.html#IDTokenValidation)
 * @module
 */
import type { CloudFrontResultResponse } from 'aws-lambda';
import { AuthError } from '../core/errors.js';
import { loggableErrorCode } from '../core/oauth/error-code.js';
import { nowSeconds } from '../core/runtime.js';
import { firstCookie } from '../core/session/cookies.js';
import { openLoginState, readLoginReturnPath, statesEqual } from '../core/session/state.js';
import type { VerifiedToken } from '../core/verify/types.js';
import type { ViewerRequest } from './event.js';
import { fail, failureCode, failureDetail, logRequest } from './failure.js';
import { redirectUriOf } from './login.js';
import { loginTools, signedCookieIssuer } from './login-tools.js';
import { idpErrorPage } from './page-text.js';
import { htmlPage } from './pages.js';
import { requestCookies } from './request-cookies.js';
import { redirect } from './responses.js';
import type { Site } from './site.js';

/** OAuth error codes (RFC 6749 §4.1.2.1) that mean the user or IdP declined: 401; others 400. */
const DECLINED = new Set(['access_denied', 'login_required', 'consent_required', 'interaction_required']);

/** Handles a request to the callback path. Never throws. */
export async function handleCallback(site: Site, vr: ViewerRequest): Promise<CloudFrontResultResponse> {
  const tools = loginTools(site);
  const sessions = tools.cookies;
  const clearState = sessions.clearStateCookie();
  const params = new URLSearchParams(vr.querystring);
  const idpError = params.get('error');
  if (idpError !== null) {
    // Log the registered error code only when it looks like one; never the description or the state.
    const safe = loggableErrorCode(idpError);
    const status = DECLINED.has(idpError) ? 401 : 400;
    logRequest(site, vr, { level: 'warn', event: 'idp_error', idpError: safe, status });
    return htmlPage(
      status,
      idpErrorPage(status === 401, { requestId: vr.requestId, retryPath: retryPathOf(site, vr) }),
      [clearState],
    );
  }
  try {
    const now = nowSeconds(site.clock);
    const cookie = firstCookie(requestCookies(vr), sessions.stateName);
    if (cookie === undefined)
      throw new AuthError('pkce_missing', 'no state cookie (PKCE verifier) at the callback');
    const login = openLoginState(cookie, site.config.stateKey, now);
    const given = params.getAll('state');
    if (given.length === 0) throw new AuthError('state_missing', 'callback has no state parameter');
    if (given.length > 1 || !statesEqual(given[0]!, login.state)) {
      throw new AuthError('state_invalid', 'state parameter does not match the state cookie');
    }
    if (params.getAll('code').length !== 1) {
      throw new AuthError('event_invalid', 'callback must carry exactly one code parameter');
    }
    if (!tools.consumedStates.consume(login.state, login.exp, now)) {
      throw new AuthError('state_invalid', 'state was already used');
    }
    const set = await tools.oauth.exchangeCode(params, {
      redirectUri: redirectUriOf(site, vr),
      codeVerifier: login.codeVerifier,
      nonce: login.nonce,
      state: login.state,
    });
    if (set.idToken === undefined) throw new AuthError('token_missing', 'token response has no id token');
    const id = await site.verifier.verify(set.idToken, { tokenUse: 'id', nonce: login.nonce });
    const use = site.config.sessionTokenUse;
    const token: VerifiedToken =
      use === 'id' ? id : await site.verifier.verify(set.accessToken, { tokenUse: 'access' });
    if (token.sub !== id.sub)
      throw new AuthError('token_claim_invalid', 'access and id token subjects differ');
    const setCookies = sessions.write(
      {
        idToken: set.idToken,
        accessToken: set.accessToken,
        ...(set.refreshToken === undefined ? {} : { refreshToken: set.refreshToken }),
      },
      id.username ?? token.username ?? token.sub,
      requestCookies(vr),
      use === 'access' ? 'idToken' : 'accessToken',
    );
    setCookies.push(clearState);
    if (site.signedCookies?.mode === 'login') {
      try {
        const signed = await signedCookieIssuer(site);
        setCookies.push(
          ...(await signed.issue({ tokenExp: token.exp, host: vr.host, clientIp: vr.clientIp })),
        );
      } catch (e) {
        // The login itself succeeded; without signed cookies the private behaviors stay closed.
        logRequest(site, vr, {
          level: 'warn',
          event: 'signed_cookies_not_issued',
          cause: failureCode(e),
          detail: failureDetail(e),
        });
      }
    }
    logRequest(site, vr, { level: 'info', event: 'login_completed', status: 302 });
    return redirect(login.returnTo, setCookies);
  } catch (e) {
    const style = { navigation: true, setCookies: [clearState], retryPath: retryPathOf(site, vr) };
    return fail(site, vr, failureCode(e), style, failureDetail(e));
  }
}

/**
 * Where "Try again" leads from a failed callback: the page the login started from, read from the state
 * cookie when its signature verifies (even when expired), else `/`. Never the callback itself: its
 * `state` is single-use.
 */
function retryPathOf(site: Site, vr: ViewerRequest): string {
  const cookie = firstCookie(requestCookies(vr), loginTools(site).cookies.stateName);
  return (cookie === undefined ? undefined : readLoginReturnPath(cookie, site.config.stateKey)) ?? '/';
}
