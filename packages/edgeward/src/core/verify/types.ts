/**
 * The verifier contract: one verifier per configured issuer, built once at module scope and reused.
 *
 * @module
 */
import type { TokenUse } from '../config.js';

/** The protected header of a verified JWS (RFC 7515 §4). */
export interface VerifiedHeader {
  /** The JWS algorithm the token was verified with, e.g. `RS256` (RFC 7515 §4.1.1). */
  readonly alg: string;
  /** The key ID that selected the verification key (RFC 7515 §4.1.4). */
  readonly kid?: string;
  /** The media type, e.g. `JWT` (RFC 7515 §4.1.9). */
  readonly typ?: string;
}

/** JWT claims (RFC 7519 §4) as verified. */
export type JwtClaims = Readonly<Record<string, unknown>> & {
  readonly iss?: string;
  readonly sub?: string;
  readonly exp: number;
  readonly nbf?: number;
  readonly iat?: number;
};

/** A token whose signature and claims have been verified. */
export interface VerifiedToken {
  /** The verified protected header. */
  readonly header: VerifiedHeader;
  /** Every claim of the payload, as verified. */
  readonly claims: JwtClaims;
  /** `sub`, or '' when absent (HS256 tokens may omit it; rules then see an empty subject). */
  readonly sub: string;
  /** Cognito `token_use` when present. */
  readonly tokenUse?: TokenUse;
  /** Groups from the configured groups claim (`cognito:groups` by default); [] when absent. */
  readonly groups: readonly string[];
  /** Scopes from `scope` (space-separated, RFC 6749 §3.3) or `scp` (array); [] when absent. */
  readonly scopes: readonly string[];
  /** `client_id` (access tokens) or the matched `aud` (id tokens), when present. */
  readonly clientId?: string;
  /** `username` (access) or `cognito:username` (id), when present. */
  readonly username?: string;
  /** Expiry, seconds since epoch. */
  readonly exp: number;
}

/** Per-call expectations. */
export interface VerifyOptions {
  /**
   * Required Cognito `token_use`. Cognito issuers: default `access`. For OIDC/HS256 issuers, when set,
   * a present `token_use` must equal it.
   */
  readonly tokenUse?: TokenUse;
  /** Expected OIDC `nonce` (id token at the callback; OIDC Core §3.1.3.7 step 11). */
  readonly nonce?: string;
}

/**
 * Verifies compact JWS tokens for one issuer.
 *
 * `verify` rejects with an `AuthError` (never another error type) whose `code` names the failed check.
 */
export interface TokenVerifier {
  /**
   * Verifies one compact JWS: signature (key by `kid` from the JWKS, or the HS256 secret), algorithm,
   * `iss`, `exp`/`nbf`/`iat` with the configured tolerance, audience/client and `token_use`.
   *
   * @throws AuthError with the failed check's code (`token_expired`, `token_signature_invalid`, `kid_unknown`, …)
   */
  verify(token: string, options?: VerifyOptions): Promise<VerifiedToken>;
}
