/**
 * The lazily loaded half of the `site-secrets-manager` bundle: the login path, the CloudFront
 * signed-cookie signer and the Secrets Manager key provider, one chunk imported by the first request that
 * needs any of them.
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
import { secretsManagerKeyProviderFor } from 'edgeward/internal/core/signed-cookies/secrets-manager.js';

export * from 'edgeward/internal/cloudfront/login-path.js';
export { credentialsRoute } from './credentials-route-module.js';

/**
 * The signed-cookie issuer with the settings baked into this chunk (`edgeward:signed-cookies`) over the
 * cold-start configuration's `issuePath` and `mode`, and the key read from Secrets Manager (once per
 * container).
 */
export function createSecretsManagerSignedCookieIssuer(
  signed: SignedCookiesConfig,
  deps: SignedCookieIssuerDeps = {},
): SignedCookieIssuer {
  const whole = { ...signed, ...bakedSignedCookies };
  return createValidatedSignedCookieIssuer(whole, {
    ...deps,
    privateKey: secretsManagerKeyProviderFor(whole),
  });
}
export { fetchJwksDocument } from 'edgeward/internal/core/verify/jwks-fetch.js';
// Never used here: re-exporting the handler makes esbuild place the entry's code (handler construction,
// baked configuration) in the chunk index.mjs shares with this module, so that all cold-start code is one
// file (one file compresses better) and index.mjs only re-exports it. Nothing more runs per request.
export { handler } from './site-secrets-manager.js';
