/**
 * The one table that maps reason codes to what each adapter answers.
 *
 * - CloudFront: an HTTP status for generated responses, and the RFC 6750 §3.1 `error` for
 *   `WWW-Authenticate: Bearer` when the request used a Bearer token.
 * - API Gateway authorizers: `unauthorized` → throw `Error('Unauthorized')` (401), `deny` → a Deny
 *   policy / `isAuthorized:false` (403), `error` → a deliberate documented failure (see the apigateway docs).
 *
 * @module
 */
import type { AuthErrorCode } from './errors.js';
import type { RuleReason } from './rules/types.js';

/** What one reason code means to the adapters. */
export interface Outcome {
  /** HTTP status for a generated CloudFront response. */
  readonly status: 400 | 401 | 403 | 502 | 503;
  /** RFC 6750 §3.1 error code for `WWW-Authenticate: Bearer`, when applicable. */
  readonly bearerError?: 'invalid_request' | 'invalid_token' | 'insufficient_scope';
  /** API Gateway authorizer outcome. */
  readonly authorizer: 'unauthorized' | 'deny' | 'error';
}

const invalidToken: Outcome = { status: 401, bearerError: 'invalid_token', authorizer: 'unauthorized' };
const forbidden: Outcome = { status: 403, bearerError: 'insufficient_scope', authorizer: 'deny' };
const upstream: Outcome = { status: 502, authorizer: 'error' };

/** A reason code for which a request is refused. */
export type FailureCode = AuthErrorCode | Extract<RuleReason, 'credentials_required'>;

/**
 * A code for a request that is answered, not refused, yet shown on a page's "reference" line and logged as
 * the `event`: `signout_confirmation`, the sign-out confirmation page (see `cloudfront/signout.ts`).
 */
export type NoticeCode = 'signout_confirmation';

/** Every code an edge page's "reference" line can show (and `edgeward explain <code>` explains). */
export type ReasonCode = FailureCode | NoticeCode;

/** Every failure code's outcome. Exhaustive by type: a code without an outcome fails to compile. */
export const OUTCOMES: Readonly<Record<FailureCode, Outcome>> = {
  token_missing: { status: 401, authorizer: 'unauthorized' },
  token_malformed: invalidToken,
  token_too_large: invalidToken,
  token_signature_invalid: invalidToken,
  token_alg_not_allowed: invalidToken,
  token_header_invalid: invalidToken,
  token_crit_unsupported: invalidToken,
  token_expired: invalidToken,
  token_not_yet_valid: invalidToken,
  token_issued_in_future: invalidToken,
  token_issuer_invalid: invalidToken,
  token_audience_invalid: invalidToken,
  token_client_invalid: invalidToken,
  token_use_invalid: invalidToken,
  token_claim_missing: invalidToken,
  token_claim_invalid: invalidToken,
  token_nonce_invalid: invalidToken,
  kid_missing: invalidToken,
  kid_unknown: invalidToken,
  jwks_unavailable: upstream,
  jwks_invalid: upstream,
  authorization_header_invalid: { status: 401, bearerError: 'invalid_request', authorizer: 'unauthorized' },
  state_invalid: { status: 400, authorizer: 'unauthorized' },
  state_expired: { status: 400, authorizer: 'unauthorized' },
  state_missing: { status: 400, authorizer: 'unauthorized' },
  pkce_missing: { status: 400, authorizer: 'unauthorized' },
  idp_error: { status: 401, authorizer: 'unauthorized' },
  token_endpoint_error: upstream,
  refresh_failed: { status: 401, authorizer: 'unauthorized' },
  path_invalid: { status: 400, authorizer: 'deny' },
  rule_denied: forbidden,
  group_missing: forbidden,
  scope_missing: forbidden,
  claim_mismatch: forbidden,
  cross_origin_refused: { status: 403, authorizer: 'deny' },
  identity_pool_error: upstream,
  identity_pool_unavailable: { status: 503, authorizer: 'error' },
  config_invalid: upstream,
  event_invalid: { status: 400, authorizer: 'error' },
  internal_error: upstream,
  credentials_required: { status: 401, authorizer: 'unauthorized' },
};
