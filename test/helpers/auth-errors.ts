/**
 * The `AuthError` code a call fails with, so a test can assert the exact code in one line. Anything thrown
 * that is not an `AuthError` fails the test: edgeward's functions reject only with `AuthError`.
 */
import { expect } from 'vitest';
import { AuthError } from '../../packages/edgeward/src/core/errors.js';

function codeOf(error: unknown): string {
  expect(error).toBeInstanceOf(AuthError);
  return (error as AuthError).code;
}

/** The `AuthError` code `f()` throws, or `'none'` when it returns. */
export function thrownCode(f: () => unknown): string {
  try {
    f();
  } catch (e) {
    return codeOf(e);
  }
  return 'none';
}

/** The `AuthError` code `promise` rejects with, or `'none'` when it resolves. */
export async function authErrorCode(promise: Promise<unknown>): Promise<string> {
  try {
    await promise;
  } catch (e) {
    return codeOf(e);
  }
  return 'none';
}
