/**
 * Every configuration check of a site, in one place: the site's own fields, the issuer, the rules and the
 * CloudFront signed cookies. `createViewerRequestHandler` runs it before building the handler (an invalid
 * configuration then answers every request 502 `config_invalid`), and `edgeward build` runs the same
 * validators before baking, so the bundled handler (`createSiteHandler` without `validate`) carries none.
 *
 * @module
 */
import { AuthError } from '../core/errors.js';
import { DEFAULT_CREDENTIALS_PATH } from '../core/identity-pool/config.js';
import { checkOAuthTimeout, resolveEndpoints } from '../core/oauth/endpoints.js';
import { assertValidRules } from '../core/rules/compile.js';
import { validateSignedCookiesConfig } from '../core/signed-cookies/config.js';
import { validateIssuer } from '../core/verify/issuer-checks.js';
import { checkSiteFields, type SiteConfig } from './config.js';

/**
 * The cross-field checks of a site with CloudFront signed cookies: `signedCookies.accept.session` needs
 * cookie login (there is no session to accept otherwise).
 *
 * @throws AuthError `config_invalid` `signedCookies.accept.session needs cookieLogin`, or the credentials
 *   route (`identityPool.path`) on the signed-cookie issue path
 */
export function checkSignedCookiesFit(config: SiteConfig): void {
  const credentialsPath = config.identityPool?.path ?? DEFAULT_CREDENTIALS_PATH;
  if (config.signedCookies !== undefined && config.identityPool !== undefined) {
    if (config.signedCookies.issuePath === credentialsPath) {
      throw new AuthError('config_invalid', 'identityPool.path must differ from signedCookies.issuePath');
    }
  }
  if (
    config.signedCookies !== undefined &&
    (config.signedCookies.accept?.session ?? true) &&
    !((config.cookieLogin ?? true) && config.client !== undefined)
  ) {
    throw new AuthError('config_invalid', 'signedCookies.accept.session needs cookieLogin');
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
  assertValidRules(config.rules);
}
