/**
 * The lazily loaded half of the `site-signed-cookies` bundle: the login path and the CloudFront
 * signed-cookie signer with the private key baked into this chunk (`edgeward:signing-key`; the baked
 * configuration of the cold-start code carries no key), one chunk imported by the first request that
 * needs either.
 *
 * @module
 */
import signingKey from 'edgeward:signing-key';
import type { SignedCookiesConfig } from 'edgeward/internal/core/signed-cookies/config.js';
import {
  createValidatedSignedCookieIssuer,
  type SignedCookieIssuer,
  type SignedCookieIssuerDeps,
} from 'edgeward/internal/core/signed-cookies/issuer.js';

export * from 'edgeward/internal/cloudfront/login-path.js';
export { credentialsRoute } from './credentials-route-module.js';

/**
 * {@link createValidatedSignedCookieIssuer} with the key baked into this chunk as `privateKey.pem`.
 *
 * @throws AuthError `config_invalid` when the baked key is invalid (the build checked it)
 */
export function createBakedKeySignedCookieIssuer(
  signed: SignedCookiesConfig,
  deps: SignedCookieIssuerDeps = {},
): SignedCookieIssuer {
  return createValidatedSignedCookieIssuer({ ...signed, privateKey: { pem: signingKey } }, deps);
}
export { fetchJwksDocument } from 'edgeward/internal/core/verify/jwks-fetch.js';
export * from './shared-cold-start.js';
