/**
 * The verification core: one {@link TokenVerifier} per configured issuer, built once (module scope in a
 * Lambda) and reused across requests.
 *
 * @module
 */
import type { IssuerConfig } from '../config.js';
import type { VerifierDeps } from './issuer.js';
import { validateIssuer } from './issuer-checks.js';
import { createIssuerVerifier } from './lean.js';
import { toAuthError } from './library-errors.js';
import type { TokenVerifier } from './types.js';

export { VERIFY_DEFAULTS, type VerifierDeps } from './issuer.js';
export { ASYMMETRIC_ALGORITHMS, cognitoIssuerUrl, validateIssuer } from './issuer-checks.js';
export { createIssuerVerifier, createJwksVerifier } from './lean.js';
export { MIN_HS256_SECRET_BYTES, resolveSecret } from './secret.js';
export type * from './types.js';

/**
 * Builds the verifier for one issuer: a Cognito user pool (RS256, `token_use`, app clients), a generic
 * OIDC issuer (pinned algorithms, `aud`), or an HS256 shared secret.
 *
 * JWKS issuers use the baked `jwks` without any network on a cold start, fetch from `jwksUri` otherwise
 * (at most once per cool-down for unknown `kid`s, with a timeout, stale-if-error, TTL re-validation).
 * HS256 takes the secret from `deps.secret`, else resolves `config.secret` (`base64url` or `env`).
 *
 * The configuration is checked first ({@link validateIssuer}); bundles built by `edgeward build` use the
 * unchecked {@link createIssuerVerifier} / {@link createJwksVerifier} instead, after the same checks ran
 * at build time.
 *
 * @param issuer - the issuer configuration
 * @param deps - clock (ms), fetch, logger; the resolved HS256 secret
 * @returns a verifier whose `verify` rejects only with `AuthError`
 * @throws AuthError `config_invalid` naming the problem (e.g. an HS256 secret under 32 bytes, an `http:`
 *   JWKS URI without `jwksPolicy.allowHttp`, a clock tolerance over 300 s)
 * @see https://www.rfc-editor.org/rfc/rfc7519#section-7.2
 * @see https://docs.aws.amazon.com/cognito/latest/developerguide/amazon-cognito-user-pools-using-tokens-verifying-a-jwt.html
 * @example
 * ```ts
 * const verifier = createVerifier({
 *   kind: 'cognito', region: 'eu-west-1', userPoolId: 'eu-west-1_AbCdEf123', clientIds: ['1example23'],
 * });
 * const token = await verifier.verify(jwt, { tokenUse: 'access' });
 * token.groups; // string[] from cognito:groups
 * ```
 */
export function createVerifier(issuer: IssuerConfig, deps: VerifierDeps = {}): TokenVerifier {
  try {
    validateIssuer(issuer, deps);
  } catch (e) {
    throw toAuthError(e);
  }
  return createIssuerVerifier(issuer, deps);
}
