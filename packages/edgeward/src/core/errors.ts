/**
 * The one error type edgeward throws for authentication and authorization failures.
 *
 * Every failure carries a stable string {@link AuthErrorCode}; adapters map codes to CloudFront responses
 * and API Gateway outcomes through one table (`packages/edgeward/src/core/outcomes.ts`). Messages name the failed check and
 * never contain a token, a claim value, a code, a cookie value or a secret.
 *
 * @module
 */

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
export interface AuthErrorOptions {
  /** The underlying error, kept for debugging; never rendered to a viewer. */
  readonly cause?: unknown;
}

/**
 * An authentication/authorization failure with a stable {@link AuthErrorCode}.
 *
 * @example
 * ```ts
 * try { await verifier.verify(token) } catch (e) { if (isAuthError(e) && e.code === 'token_expired') … }
 * ```
 */
export class AuthError extends Error {
  /** The stable reason code callers branch on. */
  readonly code: AuthErrorCode;

  /**
   * @param code - the reason code
   * @param message - names the failed check; must never contain token contents or secrets
   * @param options - optional `cause`
   */
  constructor(code: AuthErrorCode, message: string, options?: AuthErrorOptions) {
    super(message, options?.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'AuthError';
    this.code = code;
  }
}

/** True when `e` is an {@link AuthError}. */
export function isAuthError(e: unknown): e is AuthError {
  return e instanceof AuthError;
}
