/**
 * The lazily loaded half of the `site` bundle: the login path (callback, sign-out, login redirects,
 * refresh, refusals and pages) and, in a site with `identityPool`, the credentials route — one chunk,
 * imported by the first request that needs either.
 *
 * @module
 */
export * from 'edgeward/internal/cloudfront/login-path.js';
export { fetchJwksDocument } from 'edgeward/internal/core/verify/jwks-fetch.js';
export { credentialsRoute } from './credentials-route-module.js';
export * from './shared-cold-start.js';
