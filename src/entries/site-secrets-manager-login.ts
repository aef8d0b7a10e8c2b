/**
 * The lazily loaded half of the `site-secrets-manager` bundle: the login path, the CloudFront
 * signed-cookie signer and the Secrets Manager key provider, one chunk imported by the first request that
 * needs any of them.
 *
 * @module
 */
import type { SignedCookiesConfig } from '../core/signed-cookies/config.js';
import {
  createValidatedSignedCookieIssuer,
  type SignedCookieIssuer,
  type SignedCookieIssuerDeps,
} from '../core/signed-cookies/issuer.js';
import { secretsManagerKeyProviderFor } from '../core/signed-cookies/secrets-manager.js';

export * from '../cloudfront/login-path.js';

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
