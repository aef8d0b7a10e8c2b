/**
 * Invoking a Lambda authorizer as API Gateway does: a timeout (10 s), result caching keyed by the identity
 * source for `resultTtlInSeconds`, and the outcome classes API Gateway distinguishes — an `Error` whose
 * message is exactly `Unauthorized` (401), a well-formed result (then evaluated), or anything else: another
 * throw, a timeout, a result that breaks the contract (500 `AuthorizerConfigurationException`).
 *
 * @see https://docs.aws.amazon.com/apigateway/latest/developerguide/api-gateway-lambda-authorizer-output.html
 * @see https://docs.aws.amazon.com/apigateway/latest/developerguide/configure-api-gateway-lambda-authorization.html
 * @module
 */
import {
  type AuthorizerResultKind,
  isUnauthorizedError,
  validateAuthorizerResult,
} from 'edgeward/internal/apigateway/contract.js';
import type { Clock } from 'edgeward/internal/core/runtime.js';
import { type HandlerSource, invokeHandler } from '../lambda.js';

/** API Gateway's authorizer timeout, in milliseconds. */
export const AUTHORIZER_TIMEOUT_MS = 10_000;

/** What one authorizer call (or cache hit) gave. */
export type AuthorizerCall =
  /** The function threw `Error('Unauthorized')`: 401. */
  | { readonly kind: 'unauthorized' }
  /** Another throw, a timeout or a malformed result: 500. `detail` is for logs only. */
  | { readonly kind: 'error'; readonly detail: string }
  /** A result that satisfies the contract for its kind. */
  | { readonly kind: 'result'; readonly result: Readonly<Record<string, unknown>>; readonly cached: boolean };

/** Options of {@link createAuthorizerInvoker}. */
export interface AuthorizerInvokerOptions {
  readonly handler: HandlerSource;
  /** The contract the result must meet. */
  readonly kind: AuthorizerResultKind;
  /** Result cache lifetime in **seconds**; 0 disables caching. */
  readonly resultTtlInSeconds: number;
  /** Invocation timeout in **milliseconds**. Default {@link AUTHORIZER_TIMEOUT_MS}. */
  readonly timeoutMs?: number;
  /** Clock in ms (cache expiry). Default `Date.now`. */
  readonly clock?: Clock;
}

/**
 * Returns a function that authorizes one request: `cacheKey` is the identity source values (undefined =
 * never cached), `event` the authorizer event.
 */
export function createAuthorizerInvoker(
  options: AuthorizerInvokerOptions,
): (cacheKey: string | undefined, event: unknown) => Promise<AuthorizerCall> {
  const cache = new Map<string, { result: Readonly<Record<string, unknown>>; expiresAt: number }>();
  const clock = options.clock ?? Date.now;
  return async (cacheKey, event) => {
    const now = clock();
    if (cacheKey !== undefined && options.resultTtlInSeconds > 0) {
      const hit = cache.get(cacheKey);
      if (hit !== undefined && hit.expiresAt > now)
        return { kind: 'result', result: hit.result, cached: true };
      cache.delete(cacheKey);
    }
    const outcome = await invokeHandler(options.handler, event, {
      timeoutMs: options.timeoutMs ?? AUTHORIZER_TIMEOUT_MS,
      functionName: 'authorizer',
    });
    if (!outcome.ok) {
      if (outcome.failure.kind === 'timeout') return { kind: 'error', detail: 'authorizer timed out' };
      if (isUnauthorizedError(outcome.failure.error)) return { kind: 'unauthorized' };
      return { kind: 'error', detail: 'authorizer threw' };
    }
    const problems = validateAuthorizerResult(options.kind, outcome.result);
    if (problems.length > 0)
      return { kind: 'error', detail: `malformed authorizer result: ${problems.join('; ')}` };
    const result = outcome.result as Readonly<Record<string, unknown>>;
    if (cacheKey !== undefined && options.resultTtlInSeconds > 0) {
      cache.set(cacheKey, { result, expiresAt: now + options.resultTtlInSeconds * 1000 });
    }
    return { kind: 'result', result, cached: false };
  };
}
