/**
 * Maps every failure raised while verifying (aws-jwt-verify's error classes included) to an
 * {@link AuthError}. Library errors an attacker can trigger (parse and parameter errors, e.g. an unknown
 * `iss`) become token errors, never crashes. The library's messages can quote token values, so they are
 * kept only as `cause` and never become the message.
 *
 * @module
 */
import {
  CognitoJwtInvalidClientIdError,
  CognitoJwtInvalidGroupError,
  CognitoJwtInvalidTokenUseError,
  FetchError,
  JwkInvalidKtyError,
  JwkInvalidUseError,
  JwksNotAvailableInCacheError,
  JwksValidationError,
  JwkValidationError,
  JwtBaseError,
  JwtExpiredError,
  JwtInvalidAudienceError,
  JwtInvalidIssuerError,
  JwtInvalidScopeError,
  JwtInvalidSignatureAlgorithmError,
  JwtInvalidSignatureError,
  JwtNotBeforeError,
  JwtParseError,
  JwtWithoutValidKidError,
  KidNotFoundInJwksError,
  ParameterValidationError,
  WaitPeriodNotYetEndedJwkError,
} from 'aws-jwt-verify/error';
import { AuthError, type AuthErrorCode } from '../errors.js';

type ErrorClass = abstract new (...args: never[]) => Error;

/** Library error class → code and a message that names the check. Order matters (subclasses first). */
const TABLE: readonly (readonly [ErrorClass, AuthErrorCode, string])[] = [
  [JwtInvalidSignatureError, 'token_signature_invalid', 'JWT signature is invalid'],
  [
    JwtInvalidSignatureAlgorithmError,
    'token_alg_not_allowed',
    'JWT alg does not match the key or is not supported',
  ],
  [JwtParseError, 'token_malformed', 'JWT could not be parsed'],
  [JwtExpiredError, 'token_expired', 'JWT has expired'],
  [JwtNotBeforeError, 'token_not_yet_valid', 'JWT is not valid yet (nbf)'],
  [JwtInvalidIssuerError, 'token_issuer_invalid', 'JWT iss is not the configured issuer'],
  [JwtInvalidAudienceError, 'token_audience_invalid', 'JWT aud is not accepted'],
  [JwtInvalidScopeError, 'token_claim_invalid', 'JWT scope is not accepted'],
  [CognitoJwtInvalidTokenUseError, 'token_use_invalid', 'JWT token_use is not accepted'],
  [CognitoJwtInvalidClientIdError, 'token_client_invalid', 'JWT client is not accepted'],
  [CognitoJwtInvalidGroupError, 'token_claim_invalid', 'JWT groups are not accepted'],
  [JwtWithoutValidKidError, 'kid_missing', 'JWT header has no valid kid'],
  [KidNotFoundInJwksError, 'kid_unknown', 'JWT kid is not in the JWKS'],
  [WaitPeriodNotYetEndedJwkError, 'kid_unknown', 'JWT kid is not in the JWKS (refetch cool-down in effect)'],
  [JwksNotAvailableInCacheError, 'jwks_unavailable', 'JWKS not loaded'],
  [FetchError, 'jwks_unavailable', 'JWKS fetch failed'],
  [JwksValidationError, 'jwks_invalid', 'JWKS is invalid'],
  [JwkValidationError, 'jwks_invalid', 'JWK is invalid'],
  [JwkInvalidUseError, 'jwks_invalid', 'JWK is not a signature key'],
  [JwkInvalidKtyError, 'jwks_invalid', 'JWK key type is not supported'],
  [ParameterValidationError, 'token_malformed', 'JWT was refused by the verifier'],
];

/**
 * Returns `e` when it already is an `AuthError`, otherwise the `AuthError` for it, with `e` as `cause`.
 * Unknown library errors become `token_malformed`; anything else `internal_error`.
 */
export function toAuthError(e: unknown): AuthError {
  if (e instanceof AuthError) return e;
  for (const [errorClass, code, message] of TABLE) {
    if (e instanceof errorClass) return new AuthError(code, message, { cause: e });
  }
  if (e instanceof JwtBaseError)
    return new AuthError('token_malformed', 'JWT was refused by the verifier', { cause: e });
  return new AuthError('internal_error', 'verification failed unexpectedly', { cause: e });
}
