/**
 * The lazily loaded half of the `site-secrets-manager` bundle: the login path, the CloudFront
 * signed-cookie signer and the Secrets Manager key provider, one chunk imported by the first request that
 * needs any of them.
 *
 * @module
 */
import type { SignedCookiesConfig } from 'edgeward/internal/core/signed-cookies/config.js';
import {
  createValidatedSignedCookieIssuer,
  type SignedCookieIssuer,
  type SignedCookieIssuerDeps,
} from 'edgeward/internal/core/signed-cookies/issuer.js';
import { secretsManagerKeyProviderFor } from 'edgeward/internal/core/signed-cookies/secrets-manager.js';

export * from 'edgeward/internal/cloudfront/login-path.js';
export { credentialsRoute } from './credentials-route-module.js';

/** The signed-cookie issuer with the key read from Secrets Manager (once per container). */
export function createSecretsManagerSignedCookieIssuer(
  signed: SignedCookiesConfig,
  deps: SignedCookieIssuerDeps = {},
): SignedCookieIssuer {
  return createValidatedSignedCookieIssuer(signed, {
    ...deps,
    privateKey: secretsManagerKeyProviderFor(signed),
  });
}
export { fetchJwksDocument } from 'edgeward/internal/core/verify/jwks-fetch.js';
export * from './shared-cold-start.js';
