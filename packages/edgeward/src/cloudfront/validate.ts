/**
 * Every configuration check of a site, in one place: the site's own fields, the issuer, the rules and the
 * CloudFront signed cookies. `createViewerRequestHandler` runs it before building the handler (an invalid
 * configuration then answers every request 502 `config_invalid`), and `edgeward build` runs the same
 * validators before baking, so the bundled handler (`createSiteHandler` without `validate`) carries none.
 *
 * @module
 */
import { AuthError } from '../core/errors.js';
import { resolveIdentityPoolConfig } from '../core/identity-pool/config.js';
import { checkOAuthTimeout, resolveEndpoints } from '../core/oauth/endpoints.js';
import { assertValidRules } from '../core/rules/compile.js';
import { assertOriginPaths } from '../core/rules/readings.js';
import { checkLogLevel } from '../core/runtime.js';
import { validateReturnPath } from '../core/session/return-to.js';
import { DEFAULT_STATE_TTL_SECONDS } from '../core/session/state-ttl.js';
import { validateSignedCookiesConfig } from '../core/signed-cookies/config.js';
import { validateIssuer } from '../core/verify/validate-issuer.js';
import {
  DEFAULT_CALLBACK_PATH,
  DEFAULT_POST_LOGOUT_REDIRECT,
  DEFAULT_SIGN_OUT_PATH,
  DIRECTORY_INDEX,
  ERROR_PAGE_STATUSES,
  type SiteConfig,
} from './config.js';

const fail = (message: string): never => {
  throw new AuthError('config_invalid', message);
};

function routePath(value: string | undefined, fallback: string, name: string): string {
  const path = value ?? fallback;
  if (validateReturnPath(path) !== path || path.includes('?'))
    fail(`paths.${name} must be a path without query`);
  return path;
}

/**
 * Checks the site's own fields: at least one of cookie login and Bearer, a client for cookie login, a
 * Cognito/OIDC issuer kind, the state secret (base64url, ≥ 32 bytes), `stateTtlSeconds` (60–3600 s),
 * `sessionTokenUse`, identity-header suffixes, the post-logout redirect, the callback and sign-out paths,
 * the `errorPages` statuses and paths, a `rules` array and `originPaths`. The issuer, the rules and
 * `signedCookies` have their own validators (all run by
 * `validateSiteConfig`).
 *
 * @throws AuthError `config_invalid` naming the problem (never the secret)
 */
export function checkSiteFields(config: SiteConfig): void {
  const cookieLogin = config.cookieLogin ?? true;
  const bearer = config.bearer ?? false;
  if (!cookieLogin && !bearer) fail('enable cookieLogin, bearer, or both');
  if (cookieLogin && config.client === undefined) fail('cookieLogin needs client');
  if (config.issuer?.kind !== 'cognito' && config.issuer?.kind !== 'oidc')
    fail('issuer.kind must be cognito or oidc');
  if (cookieLogin || config.stateSecret !== undefined) {
    const stateKey = Buffer.from(config.stateSecret ?? '', 'base64url');
    if (!/^[A-Za-z0-9_-]+$/.test(config.stateSecret ?? '') || stateKey.length < 32) {
      fail('stateSecret must be base64url and at least 32 bytes (required with cookie login)');
    }
  }
  checkLogLevel(config.logLevel);
  const stateTtlSeconds = config.stateTtlSeconds ?? DEFAULT_STATE_TTL_SECONDS;
  if (!Number.isSafeInteger(stateTtlSeconds) || stateTtlSeconds < 60 || stateTtlSeconds > 3600) {
    fail('stateTtlSeconds must be an integer from 60 to 3600');
  }
  const sessionTokenUse = config.sessionTokenUse ?? 'access';
  if (sessionTokenUse !== 'access' && sessionTokenUse !== 'id') fail('sessionTokenUse must be access or id');
  for (const suffix of Object.keys(config.identityHeaders?.claims ?? {})) {
    if (!/^[a-z0-9][a-z0-9-]{0,40}$/.test(suffix))
      fail(`identityHeaders.claims key ${JSON.stringify(suffix)} is not a header suffix`);
  }
  const postLogoutRedirect = config.signOut?.postLogoutRedirect ?? DEFAULT_POST_LOGOUT_REDIRECT;
  if (validateReturnPath(postLogoutRedirect) === undefined) {
    let ok = false;
    try {
      ok = new URL(postLogoutRedirect).protocol === 'https:';
    } catch {
      ok = false;
    }
    if (!ok) fail('signOut.postLogoutRedirect must be a same-host path or an https URL');
  }
  const callbackPath = routePath(config.paths?.callback, DEFAULT_CALLBACK_PATH, 'callback');
  const signOutPath = routePath(config.paths?.signOut, DEFAULT_SIGN_OUT_PATH, 'signOut');
  if (callbackPath === signOutPath) fail('paths.callback and paths.signOut must differ');
  for (const [status, path] of Object.entries(config.errorPages ?? {})) {
    if (!(ERROR_PAGE_STATUSES as readonly string[]).includes(status))
      fail(`errorPages.${status} is not one of ${ERROR_PAGE_STATUSES.join(', ')}`);
    if (validateReturnPath(path) !== path || path.includes('?') || path.includes('#'))
      fail(`errorPages.${status} must be a path without query`);
  }
  if (!Array.isArray(config.rules?.rules)) fail('rules.rules must be an array');
  assertOriginPaths(config.originPaths);
  if (config.directoryIndex !== undefined && !DIRECTORY_INDEX.test(config.directoryIndex)) {
    fail('directoryIndex must be a file name such as "index.html"');
  }
}

/**
 * The cross-field checks of a site with CloudFront signed cookies: `signedCookies.accept.session` needs
 * cookie login (there is no session to accept otherwise).
 *
 * @throws AuthError `config_invalid` `signedCookies.accept.session needs cookieLogin`
 */
export function checkSignedCookiesFit(config: SiteConfig): void {
  if (
    config.signedCookies !== undefined &&
    (config.signedCookies.accept?.session ?? true) &&
    !((config.cookieLogin ?? true) && config.client !== undefined)
  ) {
    throw new AuthError('config_invalid', 'signedCookies.accept.session needs cookieLogin');
  }
}

/**
 * The checks of a site with identity-pool credentials (`identityPool`): its own fields
 * (`resolveIdentityPoolConfig`), cookie login (the route reads the session's id token), and a route path
 * of its own (not the callback, sign-out or signed-cookie issue path).
 *
 * @throws AuthError `config_invalid` naming the field
 */
export function checkIdentityPoolFit(config: SiteConfig): void {
  if (config.identityPool === undefined) return;
  if (!(config.cookieLogin ?? true)) {
    throw new AuthError(
      'config_invalid',
      'identityPool needs cookieLogin (the credentials route uses the session id token)',
    );
  }
  const { path } = resolveIdentityPoolConfig(config.identityPool);
  const taken = [
    config.paths?.callback ?? DEFAULT_CALLBACK_PATH,
    config.paths?.signOut ?? DEFAULT_SIGN_OUT_PATH,
    ...(config.signedCookies === undefined ? [] : [config.signedCookies.issuePath]),
  ];
  if (taken.includes(path)) {
    throw new AuthError(
      'config_invalid',
      'identityPool.path must differ from paths.callback, paths.signOut and signedCookies.issuePath',
    );
  }
}

/**
 * Validates a whole site configuration: {@link checkSiteFields}, the OAuth client's endpoints and
 * timeout (`resolveEndpoints`, `checkOAuthTimeout`), then the issuer (`validateIssuer`), the
 * signed cookies (`validateSignedCookiesConfig`, {@link checkSignedCookiesFit}) and the rules
 * (`validateRules`), stopping at the first problem.
 *
 * @throws AuthError `config_invalid` naming the problem (never a secret)
 */
export function validateSiteConfig(config: SiteConfig): void {
  checkSiteFields(config);
  if ((config.cookieLogin ?? true) && config.client !== undefined) {
    // the OAuth client is built on the first login; its endpoints and timeout are checked here
    resolveEndpoints(config.client);
    checkOAuthTimeout(config.client);
  }
  validateIssuer(config.issuer);
  if (config.signedCookies !== undefined) {
    validateSignedCookiesConfig(config.signedCookies);
    checkSignedCookiesFit(config);
  }
  checkIdentityPoolFit(config);
  assertValidRules(config.rules);
}
