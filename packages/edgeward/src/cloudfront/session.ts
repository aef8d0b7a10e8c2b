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
import type { FailureCode } from '../core/outcomes.js';
import type { RuleDecision } from '../core/rules/types.js';
import type { SessionTokens } from '../core/session/session-cookies.js';
import type { VerifiedToken } from '../core/verify/types.js';
import { decideRequest } from './directory-index.js';
import type { ViewerRequest } from './event.js';
import { fail, failureCode, failureDetail } from './failure.js';
import { type Routed, type Site, type SiteLogin, TOKEN_USE } from './site.js';

/** What to do once the rules allow a verified session (default: forward to the origin). */
export type OnAllowed = (token: VerifiedToken) => Routed;

/** Failures of a dependency, not of the session: answered 502 and the session is kept. */
export const UPSTREAM: ReadonlySet<FailureCode> = new Set([
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

/** Applies the rules to a verified session token (not `async`: an allowed request takes no extra turn). */
function decide(
  site: Site,
  vr: ViewerRequest,
  token: VerifiedToken,
  onAllowed: OnAllowed,
  anonymous: RuleDecision | undefined,
): Routed {
  const d = decideRequest(site, vr, token, anonymous);
  switch (d.outcome) {
    case 'allow':
      return onAllowed(token);
    case 'unauthenticated':
      return site.loginPath().then((m) => m.requireLogin(site, vr, 'credentials_required'));
    case 'bad_request':
      return fail(site, vr, 'path_invalid', { navigation: vr.navigation }, d.detail);
    default: {
      const username = token.username || token.sub;
      const signOutPath = site.config.signOutPath;
      return fail(
        site,
        vr,
        d.reason as FailureCode,
        {
          navigation: vr.navigation,
          ...(username === '' ? {} : { signedIn: { username, signOutPath } }),
          refused: { token, ruleIndex: d.ruleIndex },
        },
        d.detail,
      );
    }
  }
}

/**
 * Handles a request in cookie mode. Answers without a promise when nothing had to wait (the key held,
 * the request allowed).
 *
 * @param login - the site's cookie login (`site.login`)
 * @param onAllowed - continuation when the rules allow the verified session
 * @param anonymous - the rules' decision for this request without a token, when already made (the
 *   decision with the token resumes from it)
 */
export function handleSession(
  site: Site,
  login: SiteLogin,
  vr: ViewerRequest,
  onAllowed: OnAllowed,
  anonymous?: RuleDecision,
): Routed {
  const { sessions } = login;
  vr.own ??= sessions.scan(vr.cookieHeaders);
  const tokens = sessions.readOwn(vr.cookieHeaders, vr.own);
  const primary = primaryToken(site, tokens);
  if (primary === undefined) return withoutToken(site, vr, tokens);
  let verified: VerifiedToken | Promise<VerifiedToken>;
  try {
    verified = site.verifier.check(primary, TOKEN_USE[site.config.sessionTokenUse]);
  } catch (e) {
    return refused(site, vr, tokens, e);
  }
  if (verified instanceof Promise) {
    return verified.then(
      (token) => decide(site, vr, token, onAllowed, anonymous),
      (e: unknown) => refused(site, vr, tokens, e),
    );
  }
  return decide(site, vr, verified, onAllowed, anonymous);
}

/** No session token: refresh when a refresh token is left, else log in. */
async function withoutToken(
  site: Site,
  vr: ViewerRequest,
  tokens: SessionTokens,
): Promise<CloudFrontRequestResult> {
  if (tokens.refreshToken)
    return (await site.loginPath()).refresh(site, vr, tokens.refreshToken, 'token_missing');
  return (await site.loginPath()).requireLogin(site, vr, 'credentials_required');
}

/** The session token was refused: 502 for a dependency failure, refresh when expired, else log in again. */
async function refused(
  site: Site,
  vr: ViewerRequest,
  tokens: SessionTokens,
  e: unknown,
): Promise<CloudFrontRequestResult> {
  const code = failureCode(e);
  if (UPSTREAM.has(code)) {
    return fail(site, vr, code, { navigation: vr.navigation }, failureDetail(e));
  }
  const path = await site.loginPath();
  if (code === 'token_expired' && tokens.refreshToken)
    return path.refresh(site, vr, tokens.refreshToken, code);
  // Any other rejection: the session cookies are unusable; clear them and log in again.
  return path.requireLogin(site, vr, code, path.clearSession(site, vr));
}
