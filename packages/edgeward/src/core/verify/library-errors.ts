/**
 * Maps every failure raised while verifying to an {@link AuthError}.
 *
 * Since signatures are checked with `node:crypto` (see jws.ts), nothing on the verification path throws
 * aws-jwt-verify's error classes any more: the library only vets JWKs when a key set is installed, and
 * those errors are caught there (an unusable key is skipped and logged). What can still arrive here is an
 * `AuthError` (passed through) or an unexpected bug, which fails closed as `internal_error` with the
 * original kept only as `cause` (its message could quote values).
 *
 * @module
 */
import { AuthError } from '../errors.js';

/** Returns `e` when it already is an `AuthError`, otherwise `internal_error` with `e` as `cause`. */
export function toAuthError(e: unknown): AuthError {
  if (e instanceof AuthError) return e;
  return new AuthError('internal_error', 'verification failed unexpectedly', { cause: e });
}
