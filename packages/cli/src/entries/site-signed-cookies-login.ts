/**
 * The lazily loaded half of the `site-signed-cookies` bundle: the login path and the CloudFront
 * signed-cookie signer with the signed-cookie settings and the private key baked into this chunk
 * (`edgeward:signed-cookies`; the baked configuration of the cold-start code keeps only `issuePath` and
 * `mode`), one chunk imported by the first request that needs either.
 *
 * @module
 */
import bakedSignedCookies from 'edgeward:signed-cookies';
import type { SignedCookiesConfig } from 'edgeward/internal/core/signed-cookies/config.js';
import {
  createValidatedSignedCookieIssuer,
  type SignedCookieIssuer,
  type SignedCookieIssuerDeps,
} from 'edgeward/internal/core/signed-cookies/issuer.js';

export * from 'edgeward/internal/cloudfront/login-path.js';
export { credentialsRoute } from './credentials-route-module.js';

/**
 * {@link createValidatedSignedCookieIssuer} with the settings baked into this chunk (the key as
 * `privateKey.pem`) over the cold-start configuration's `issuePath` and `mode`.
 *
 * @throws AuthError `config_invalid` when the baked key is invalid (the build checked it)
 */
export function createBakedKeySignedCookieIssuer(
  signed: SignedCookiesConfig,
  deps: SignedCookieIssuerDeps = {},
): SignedCookieIssuer {
  return createValidatedSignedCookieIssuer({ ...signed, ...bakedSignedCookies }, deps);
}
export { fetchJwksDocument } from 'edgeward/internal/core/verify/jwks-fetch.js';
// Never used here: re-exporting the handler makes esbuild place the entry's code (handler construction,
// baked configuration) in the chunk index.mjs shares with this module, so that all cold-start code is one
// file (one file compresses better) and index.mjs only re-exports it. Nothing more runs per request.
export { handler } from './site-signed-cookies.js';
