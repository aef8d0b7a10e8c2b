/**
 * Cookie mode on an ordinary request: verify the session token from cookies, apply the rules, refresh
 * an expired session inline, or send the browser to login.
 *
 * Refresh is **inline**: the request whose token has expired calls the token endpoint itself and answers
 * a redirect to the same URL (302 for GET/HEAD, 307 otherwise so the method and body are kept) with the
 * new cookies. A viewer-request function cannot set cookies on a request it forwards, so a redirect to
 * itself is the only way to store them; a separate refresh path would add a second round trip and an
 * extra redirect target. Parallel requests with the same expired token each refresh independently
 * (Cognito refresh tokens are reusable unless rotation is enabled), and each answer carries a valid
 * session, so none of them breaks it. Every such redirect counts in the loop guard.
 *
 * @module
 */
import type { CloudFrontRequestResult } from 'aws-lambda';
import { AuthError, isAuthError } from '../core/errors.js';
import type { FailureCode } from '../core/outcomes.js';
import type { SessionTokens } from '../core/session/names.js';
import { returnPathOf } from '../core/session/return-to.js';
import type { VerifiedToken } from '../core/verify/types.js';
import { decideRequest } from './directory-index.js';
import { isNavigation, type ViewerRequest } from './event.js';
import { fail, failureCode, failureDetail, logRequest } from './failure.js';
import { loopPage, nextGuard, requireLogin } from './login.js';
import { redirect } from './responses.js';
import type { Site } from './site.js';

/** What to do once the rules allow a verified session (default: forward to the origin). */
export type OnAllowed = (token: VerifiedToken) => Promise<CloudFrontRequestResult>;

/** Failures of a dependency, not of the session: answered 502 and the session is kept. */
const UPSTREAM: ReadonlySet<FailureCode> = new Set([
  'jwks_unavailable',
  'jwks_invalid',
  'token_endpoint_error',
  'internal_error',
  'config_invalid',
]);

/** The token of a session the site verifies per request. */
function primaryToken(site: Site, tokens: SessionTokens): string | undefined {
  return site.config.sessionTokenUse === 'access' ? tokens.accessToken : tokens.idToken;
}

/** Applies the rules to a verified session token. */
async function decide(
  site: Site,
  vr: ViewerRequest,
  token: VerifiedToken,
  onAllowed: OnAllowed,
): Promise<CloudFrontRequestResult> {
  const d = decideRequest(site, vr, token);
  switch (d.outcome) {
    case 'allow':
      return onAllowed(token);
    case 'unauthenticated':
      return requireLogin(site, vr, 'credentials_required');
    case 'bad_request':
      return fail(site, vr, 'path_invalid', { navigation: isNavigation(vr.request.headers) }, d.detail);
    default: {
      const username = token.username || token.sub;
      const signOutPath = site.config.signOutPath;
      return fail(
        site,
        vr,
        d.reason as FailureCode,
        {
          navigation: isNavigation(vr.request.headers),
          ...(username === '' ? {} : { signedIn: { username, signOutPath } }),
        },
        d.detail,
      );
    }
  }
}

/**
 * Handles a request in cookie mode.
 *
 * @param onAllowed - continuation when the rules allow the verified session
 */
export async function handleSession(
  site: Site,
  vr: ViewerRequest,
  onAllowed: OnAllowed,
): Promise<CloudFrontRequestResult> {
  const sessions = site.sessions!;
  const tokens = sessions.read(vr.cookies);
  const primary = primaryToken(site, tokens);
  if (primary === undefined) {
    if (tokens.refreshToken) return refreshSession(site, vr, tokens.refreshToken, 'token_missing');
    return requireLogin(site, vr, 'credentials_required');
  }
  let token: VerifiedToken;
  try {
    token = await site.verifier.verify(primary, { tokenUse: site.config.sessionTokenUse });
  } catch (e) {
    const code = failureCode(e);
    if (UPSTREAM.has(code)) {
      return fail(site, vr, code, { navigation: isNavigation(vr.request.headers) }, failureDetail(e));
    }
    if (code === 'token_expired' && tokens.refreshToken) {
      return refreshSession(site, vr, tokens.refreshToken, code);
    }
    // Any other rejection: the session cookies are unusable; clear them and log in again.
    return requireLogin(site, vr, code, sessions.clearSession(vr.cookies));
  }
  return decide(site, vr, token, onAllowed);
}

/**
 * Refreshes the session inline and redirects to the same URL with the new cookies; on failure clears the
 * session and requires login (once: the loop guard stops repeats).
 *
 * @param reason - why the session needs refreshing (logged), e.g. `token_expired`
 */
export async function refreshSession(
  site: Site,
  vr: ViewerRequest,
  refreshToken: string,
  reason: FailureCode,
): Promise<CloudFrontRequestResult> {
  const sessions = site.sessions!;
  const guard = nextGuard(site, vr);
  if (guard === undefined) return loopPage(site, vr, reason, sessions.clearSession(vr.cookies));
  const self = returnPathOf(vr.uri, vr.querystring);
  if (self === undefined)
    return fail(site, vr, 'path_invalid', { navigation: isNavigation(vr.request.headers) });
  try {
    const set = await site.oauth!.refresh(refreshToken);
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
      vr.cookies,
      use === 'access' ? 'idToken' : 'accessToken',
    );
    logRequest(site, vr, { level: 'info', event: 'session_refreshed', reason, status: 302 });
    const status = vr.method === 'GET' || vr.method === 'HEAD' ? 302 : 307;
    return redirect(self, [...setCookies, guard], status);
  } catch (e) {
    const code = failureCode(e);
    if (isAuthError(e) && UPSTREAM.has(code)) {
      return fail(site, vr, code, { navigation: isNavigation(vr.request.headers) }, failureDetail(e));
    }
    logRequest(site, vr, { level: 'warn', event: 'refresh_failed', cause: code, detail: failureDetail(e) });
    return requireLogin(site, vr, 'refresh_failed', sessions.clearSession(vr.cookies));
  }
}
