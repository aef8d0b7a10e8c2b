/**
 * Errors. Every error edgeward throws (the runtime, `@edgeward/cli` and `@edgeward/cdk`) is an
 * {@link EdgewardError} with a stable string `code`; docs/errors.md lists every code.
 *
 * Authentication and authorization failures are {@link AuthError}s: adapters map their
 * {@link AuthErrorCode} to CloudFront responses and API Gateway outcomes through one table
 * (`packages/edgeward/src/core/outcomes.ts`). Messages name the failed check and never contain a token, a
 * claim value, an authorization code, a cookie value or a secret.
 *
 * @module
 */

/** Options for an {@link EdgewardError}. */
export interface EdgewardErrorOptions {
  /** The underlying error, kept for debugging; never rendered to a viewer. */
  readonly cause?: unknown;
}

/**
 * The base class of every error edgeward throws, as jose's `JOSEError`: branch on `code` (stable across
 * releases, listed in docs/errors.md), not on `message` (for people) or on `name`. Classes whose errors
 * all share one code also expose it as a static `code` (`err.code === ConfigLoadError.code`).
 *
 * @example
 * ```ts
 * try { await build(options) } catch (e) { if (e instanceof EdgewardError && e.code === 'jwks_unavailable') … }
 * ```
 */
export class EdgewardError extends Error {
  /** The stable code callers branch on (snake_case). */
  readonly code: string;

  /**
   * @param code - the stable code
   * @param message - what failed, for people; never a token, a cookie value or a secret
   * @param options - optional `cause`
   */
  constructor(code: string, message: string, options?: EdgewardErrorOptions) {
    super(message, options?.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'EdgewardError';
    this.code = code;
  }
}

/**
 * Stable reason codes. Token codes come from verification (RFC 7519 §7.2, RFC 7515, Cognito token rules);
 * the others from credentials extraction, rules, the OAuth flow and configuration.
 */
export type AuthErrorCode =
  // token shape and size
  | 'token_missing'
  | 'token_malformed'
  | 'token_too_large'
  // signature and header
  | 'token_signature_invalid'
  | 'token_alg_not_allowed'
  | 'token_header_invalid'
  | 'token_crit_unsupported'
  // claims
  | 'token_expired'
  | 'token_not_yet_valid'
  | 'token_issued_in_future'
  | 'token_issuer_invalid'
  | 'token_audience_invalid'
  | 'token_client_invalid'
  | 'token_use_invalid'
  | 'token_claim_missing'
  | 'token_claim_invalid'
  | 'token_nonce_invalid'
  // keys
  | 'kid_missing'
  | 'kid_unknown'
  | 'jwks_unavailable'
  | 'jwks_invalid'
  // credentials extraction (Bearer, RFC 6750)
  | 'authorization_header_invalid'
  // OAuth flow / session
  | 'state_invalid'
  | 'state_expired'
  | 'state_missing'
  | 'pkce_missing'
  | 'idp_error'
  | 'token_endpoint_error'
  | 'refresh_failed'
  // rules
  | 'path_invalid'
  | 'rule_denied'
  | 'group_missing'
  | 'scope_missing'
  | 'claim_mismatch'
  // identity pool credentials (the site's credentials route)
  | 'cross_origin_refused'
  | 'identity_pool_error'
  | 'identity_pool_unavailable'
  // configuration and internal
  | 'config_invalid'
  | 'event_invalid'
  | 'internal_error';

/** Options for {@link AuthError}. */
export type AuthErrorOptions = EdgewardErrorOptions;

/**
 * An authentication/authorization failure with a stable {@link AuthErrorCode}.
 *
 * @example
 * ```ts
 * try { await verifier.verify(token) } catch (e) { if (isAuthError(e) && e.code === 'token_expired') … }
 * ```
 */
export class AuthError extends EdgewardError {
  /** The stable reason code callers branch on. */
  declare readonly code: AuthErrorCode;

  /**
   * @param code - the reason code
   * @param message - names the failed check; must never contain token contents or secrets
   * @param options - optional `cause`
   */
  constructor(code: AuthErrorCode, message: string, options?: AuthErrorOptions) {
    super(code, message, options);
    this.name = 'AuthError';
  }
}

/** True when `e` is an {@link AuthError}. */
export function isAuthError(e: unknown): e is AuthError {
  return e instanceof AuthError;
}

/**
 * Why one JWK of a JWKS cannot be a signature key (`jwk_unusable`). Caught where a JWKS is read: the key
 * is skipped and logged with this message (edgeward's own words, never key material); it never reaches a
 * caller of the verifier.
 */
export class UnusableKeyError extends EdgewardError {
  static readonly code = 'jwk_unusable';
  declare readonly code: typeof UnusableKeyError.code;

  /** @param message - why the key is unusable, e.g. `no kid` */
  constructor(message: string) {
    super(UnusableKeyError.code, message);
    this.name = 'UnusableKeyError';
  }
}
