/**
 * Re-exported by each site's lazily loaded module (`login.ts`, `site-signed-cookies-login.ts`,
 * `site-secrets-manager-login.ts`), never used there: it makes esbuild place the handler factory and the
 * baked configuration in the chunk `index.mjs` shares with that module (esbuild splits code by the set of
 * entry points that reach it), so that the code a cold start loads is one file rather than two — one
 * file compresses better — and `index.mjs` only builds the handler. It adds nothing to what a request
 * runs.
 *
 * @module
 */

export { default as bakedConfig } from 'edgeward:config';
export { createSiteHandler } from 'edgeward/internal/cloudfront/handler.js';
