/**
 * Verifier factories **without configuration checks**, for bundles whose configuration `edgeward build`
 * already validated with {@link validateIssuer} (the public `createVerifier` runs it itself). Every token
 * check is the same as `createVerifier`'s: only the configuration checks are left out.
 *
 * @module
 */
import type { CognitoIssuerConfig, IssuerConfig, OidcIssuerConfig } from '../config.js';
import type { RuntimeDeps } from '../runtime.js';
import { resolveIssuer, type VerifierDeps } from './resolve-issuer.js';
import { resolveJwksIssuer } from './resolve-jwks-issuer.js';
import { toAuthError } from './to-auth-error.js';
import { IssuerVerifier } from './verifier.js';

/**
 * `createVerifier` for a configuration already accepted by `validateIssuer`: any issuer kind.
 *
 * @param issuer - a validated issuer configuration
 * @param deps - clock (ms), fetch, logger; the resolved HS256 secret
 * @throws AuthError `config_invalid` only for an unusable HS256 secret (a runtime input: unset environment
 *   variable, not base64url, under 32 bytes)
 */
export function createIssuerVerifier(issuer: IssuerConfig, deps: VerifierDeps = {}): IssuerVerifier {
  try {
    return new IssuerVerifier(resolveIssuer(issuer, deps), deps.clock ?? Date.now);
  } catch (e) {
    throw toAuthError(e);
  }
}

/**
 * `createVerifier` for a validated Cognito or OIDC issuer, without the HS256 code (sites only accept JWKS
 * issuers).
 *
 * @param issuer - a validated Cognito or OIDC issuer configuration
 * @param deps - clock (ms), fetch (JWKS), logger
 */
export function createJwksVerifier(
  issuer: CognitoIssuerConfig | OidcIssuerConfig,
  deps: RuntimeDeps = {},
): IssuerVerifier {
  return new IssuerVerifier(resolveJwksIssuer(issuer, deps), deps.clock ?? Date.now);
}
