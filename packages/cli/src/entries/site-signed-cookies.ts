/**
 * Bundle entry of a `site` function that issues CloudFront signed cookies with a private key baked into
 * the bundle at build time (anyone who can download the function code can read it; see
 * docs/signed-cookies.md for the Secrets Manager alternative).
 *
 * The configuration was validated by `edgeward build` (`validateConfig`), so the lean factories are used.
 * The login path, the signer and the private key are one chunk (`site-signed-cookies-login.ts`), imported
 * by the first request that needs any of them: the baked configuration here has no `privateKey`.
 *
 * @module
 */
import config from 'edgeward:config';
import type { SiteConfig } from 'edgeward/internal/cloudfront/config.js';
import { createSiteHandler } from 'edgeward/internal/cloudfront/handler.js';
import { credentialsRouteFeature } from './credentials-route.js';

const loadLogin = () => import('./site-signed-cookies-login.js');

/** Lambda handler `index.handler`. */
export const handler = createSiteHandler(
  config as SiteConfig,
  {},
  {
    loadLoginPath: loadLogin,
    loadSignedCookieIssuer: async () => (await loadLogin()).createBakedKeySignedCookieIssuer,
    ...credentialsRouteFeature(loadLogin),
  },
);
