/**
 * Bundle entry of a `site` function whose CloudFront signed-cookie private key lives in AWS Secrets
 * Manager: the key provider fetches it once per container. `@aws-sdk/client-secrets-manager` stays external
 * (provided by the Lambda `nodejs22.x` runtime).
 *
 * The configuration was validated by `edgeward build` (`validateConfig`), so the lean factories are used.
 *
 * @module
 */
import config from 'edgeward:config';
import type { SiteConfig } from 'edgeward/internal/cloudfront/config.js';
import { createSiteHandler } from 'edgeward/internal/cloudfront/handler.js';
import type { SignedCookieIssuerDeps } from 'edgeward/internal/core/signed-cookies/index.js';
import { createValidatedSignedCookieIssuer } from 'edgeward/internal/core/signed-cookies/issuer.js';
import { secretsManagerKeyProviderFor } from 'edgeward/internal/core/signed-cookies/secrets-manager.js';

const site = config as SiteConfig;
const deps: SignedCookieIssuerDeps = site.signedCookies
  ? { privateKey: secretsManagerKeyProviderFor(site.signedCookies) }
  : {};

/** Lambda handler `index.handler`. */
export const handler = createSiteHandler(site, deps, {
  signedCookieIssuer: createValidatedSignedCookieIssuer,
});
