/**
 * Bundle entry of a `site` function whose CloudFront signed-cookie private key lives in AWS Secrets
 * Manager: the key provider fetches it once per container. `@aws-sdk/client-secrets-manager` stays external
 * (provided by the Lambda `nodejs22.x` runtime).
 *
 * The configuration was validated by `edgeward build` (`validateConfig`), so the lean factories are used.
 * The login path, the signer and the key provider are one chunk (`site-secrets-manager-login.ts`),
 * imported by the first request that needs any of them.
 *
 * @module
 */
import config from 'edgeward:config';
import type { SiteConfig } from 'edgeward/internal/cloudfront/config.js';
import { createSiteHandler } from 'edgeward/internal/cloudfront/handler.js';
import { credentialsRouteFeature } from './credentials-route.js';

const loadLogin = () => import('./site-secrets-manager-login.js');

/** Lambda handler `index.handler`. */
export const handler = createSiteHandler(
  config as SiteConfig,
  {},
  {
    loadLoginPath: loadLogin,
    loadSignedCookieIssuer: async () => (await loadLogin()).createSecretsManagerSignedCookieIssuer,
    ...credentialsRouteFeature(loadLogin),
  },
);
