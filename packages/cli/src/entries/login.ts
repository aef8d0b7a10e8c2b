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
// Never used here: re-exporting the handler makes esbuild place the entry's code (handler construction,
// baked configuration) in the chunk index.mjs shares with this module, so that all cold-start code is one
// file (one file compresses better) and index.mjs only re-exports it. Nothing more runs per request.
export { handler } from './site.js';
