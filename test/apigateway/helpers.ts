/**
 * Shared pieces of the authorizer tests: a capturing logger, and `run`, which invokes a handler and checks
 * the outcome against API Gateway's contract — a thrown error must be exactly `Error('Unauthorized')`,
 * a returned result must pass `validateAuthorizerResult`.
 */
import { expect } from 'vitest';
import type { AuthorizerResultKind } from '../../packages/edgeward/src/apigateway/contract.js';
import {
  isUnauthorizedError,
  validateAuthorizerResult,
} from '../../packages/edgeward/src/apigateway/contract.js';
import type { Logger, LogRecord } from '../../packages/edgeward/src/core/runtime.js';

/** What an invocation produced. */
export type Outcome<R> = { readonly kind: 'result'; readonly result: R } | { readonly kind: 'unauthorized' };

/** A logger that keeps every record. */
export function captureLogger(): { logger: Logger; records: LogRecord[] } {
  const records: LogRecord[] = [];
  return { logger: (r) => records.push(r), records };
}

/**
 * Runs one invocation and asserts the contract: a throw must be exactly `Error('Unauthorized')`; a result
 * must have no contract problem for `kind`.
 */
export async function run<R>(kind: AuthorizerResultKind, invocation: Promise<R>): Promise<Outcome<R>> {
  let result: R;
  try {
    result = await invocation;
  } catch (e) {
    expect(isUnauthorizedError(e), `thrown ${String(e)}`).toBe(true);
    expect(Object.getPrototypeOf(e)).toBe(Error.prototype);
    return { kind: 'unauthorized' };
  }
  expect(validateAuthorizerResult(kind, result)).toEqual([]);
  return { kind: 'result', result };
}

/** Asserts no log record contains `secret` (a token, a secret…). */
export function expectNotLogged(records: readonly LogRecord[], secret: string): void {
  expect(secret.length).toBeGreaterThan(10);
  for (const r of records) expect(JSON.stringify(r)).not.toContain(secret);
}
