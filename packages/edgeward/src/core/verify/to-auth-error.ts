/**
 * Maps every failure raised while verifying to an {@link AuthError}: an `AuthError` passes through; anything
 * else is an unexpected bug, which fails closed as `internal_error` with the original kept only as `cause`
 * (its message could quote values). Unusable keys never get here: they are skipped (and logged) when a key
 * set is installed (`jwks.ts`).
 *
 * @module
 */
import { AuthError } from '../errors.js';

/** Returns `e` when it already is an `AuthError`, otherwise `internal_error` with `e` as `cause`. */
export function toAuthError(e: unknown): AuthError {
  if (e instanceof AuthError) return e;
  return new AuthError('internal_error', 'verification failed unexpectedly', { cause: e });
}
