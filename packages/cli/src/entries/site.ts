/**
 * Bundle entry of a `site` function: the CloudFront viewer-request handler, created once at module scope
 * from the baked configuration (Lambda@Edge has no environment variables). Sites with CloudFront signed
 * cookies use `site-signed-cookies` (or `site-secrets-manager`), which add the signer.
 *
 * The configuration was validated by `edgeward build` (`validateConfig`), so no validator is bundled. The
 * login path (callback, sign-out, login redirects, refresh, refusals and pages) and the credentials route
 * of a site with `identityPool` are one chunk (`login.ts`), imported by the first request that needs it.
 *
 * @module
 */
import config from 'edgeward:config';
import type { SiteConfig } from 'edgeward/internal/cloudfront/config.js';
import { createSiteHandler } from 'edgeward/internal/cloudfront/handler.js';
import { credentialsRouteFeature } from './credentials-route.js';

const loadLogin = () => import('./login.js');

/** Lambda handler `index.handler`. */
export const handler = createSiteHandler(
  config as SiteConfig,
  {},
  { loadLoginPath: loadLogin, ...credentialsRouteFeature(loadLogin) },
);
