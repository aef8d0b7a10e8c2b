/**
 * Starting a login (302 to the IdP's authorization endpoint with a fresh signed state cookie) and the
 * redirect-loop guard.
 *
 * The guard is a small counter cookie incremented on every automatic redirect edgeward makes (to login,
 * or to the same URL after a refresh) and expiring {@link GUARD_WINDOW_SECONDS} after the last one. When
 * it reaches {@link MAX_AUTOMATIC_REDIRECTS}, edgeward answers a page instead of redirecting again, so a
 * browser that drops cookies, a clock problem or an IdP misconfiguration can never loop.
 *
 * @module
 */
import type { CloudFrontResultResponse } from 'aws-lambda';
import { buildAuthorizationUrl, isLoopbackHost } from '../core/oauth/endpoints.js';
import type { FailureCode } from '../core/outcomes.js';
import { nowSeconds } from '../core/runtime.js';
import { firstCookie } from '../core/session/cookies.js';
import { returnPathOf } from '../core/session/return-to.js';
import { createLoginState, sealLoginState } from '../core/session/state.js';
import type { ViewerRequest } from './event.js';
import { fail, logRequest } from './failure.js';
import { loginTools } from './login-tools.js';
import { redirectLoopPage } from './page-text.js';
import { htmlPage } from './pages.js';
import { requestCookies } from './request-cookies.js';
import { redirect } from './responses.js';
import type { Site } from './site.js';

/** Automatic redirects allowed within the guard window before edgeward stops redirecting. */
export const MAX_AUTOMATIC_REDIRECTS = 4;
/** Lifetime of the guard counter after the last automatic redirect, in seconds. */
export const GUARD_WINDOW_SECONDS = 60;

/** The guard counter carried by the request (0 when absent or unreadable). */
export function guardCount(site: Site, vr: ViewerRequest): number {
  const raw = site.login ? firstCookie(requestCookies(vr), site.login.sessions.guardName) : undefined;
  const n = raw === undefined ? 0 : Number.parseInt(raw, 10);
  return Number.isSafeInteger(n) && n > 0 ? Math.min(n, 1000) : 0;
}

/**
 * The `Set-Cookie` incrementing the guard, or `undefined` when the limit is reached (the caller must
 * then answer {@link loopPage} instead of redirecting).
 */
export function nextGuard(site: Site, vr: ViewerRequest): string | undefined {
  const count = guardCount(site, vr);
  if (count >= MAX_AUTOMATIC_REDIRECTS) return undefined;
  return loginTools(site).cookies.guardCookie(count + 1, GUARD_WINDOW_SECONDS);
}

/** The page shown instead of another automatic redirect, with a link that clears everything. */
export function loopPage(
  site: Site,
  vr: ViewerRequest,
  reason: FailureCode,
  setCookies: readonly string[],
): CloudFrontResultResponse {
  logRequest(site, vr, { level: 'warn', event: 'redirect_loop_stopped', reason, status: 401 });
  return htmlPage(
    401,
    redirectLoopPage(reason, site.config.signOutPath, { requestId: vr.requestId }),
    setCookies,
  );
}

/** `https://<host>` (or `http://` for a loopback host: the local stack). */
export function originOf(host: string): string {
  return `${isLoopbackHost(host) ? 'http' : 'https'}://${host}`;
}

/** The absolute `redirect_uri` of the request's host. */
export function redirectUriOf(site: Site, vr: ViewerRequest): string {
  return `${originOf(vr.host)}${site.config.callbackPath}`;
}

/** `Set-Cookie` values deleting the session cookies the request carries (state and guard kept). */
export function clearSession(site: Site, vr: ViewerRequest): string[] {
  return loginTools(site).cookies.clearSession(requestCookies(vr));
}

/**
 * Answers a request that needs a login: a 302 to the IdP for navigations (or when configured for every
 * request), else 401 with `WWW-Authenticate`.
 *
 * @param reason - why (e.g. `credentials_required`, `token_expired`, `refresh_failed`)
 * @param setCookies - extra `Set-Cookie`s (e.g. clearing a rejected session)
 * @param returnTo - where to come back after login; default the request's own path + query
 */
export async function requireLogin(
  site: Site,
  vr: ViewerRequest,
  reason: FailureCode,
  setCookies: readonly string[] = [],
  returnTo?: string,
): Promise<CloudFrontResultResponse> {
  const navigation = vr.navigation;
  if (!navigation && site.config.nonNavigation === 'unauthorized') {
    return fail(site, vr, reason, { navigation: false, setCookies });
  }
  const guard = nextGuard(site, vr);
  if (guard === undefined) return loopPage(site, vr, reason, setCookies);
  const target = returnTo ?? returnPathOf(vr.uri, vr.querystring) ?? '/';
  const { login, codeChallenge } = await createLoginState(
    target,
    nowSeconds(site.clock),
    site.config.stateTtlSeconds,
  );
  const tools = loginTools(site);
  const location = buildAuthorizationUrl(tools.oauth.endpoints, tools.client, {
    redirectUri: redirectUriOf(site, vr),
    state: login.state,
    codeChallenge,
    nonce: login.nonce,
  });
  logRequest(site, vr, { level: 'info', event: 'login_redirect', reason, status: 302 });
  return redirect(location, [
    ...setCookies,
    loginTools(site).cookies.stateCookie(
      sealLoginState(login, site.config.stateKey),
      site.config.stateTtlSeconds,
    ),
    guard,
  ]);
}
