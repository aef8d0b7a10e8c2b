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
import { validateSignedCookiesConfig } from '../core/signed-cookies/config.js';
import { validateIssuer } from '../core/verify/validate-issuer.js';
import { checkSiteFields, DEFAULT_CALLBACK_PATH, DEFAULT_SIGN_OUT_PATH, type SiteConfig } from './config.js';

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
