/**
 * The four authorizer factories. Each builds its verifier, rules and policy builder ONCE (call the
 * factory at module scope) and returns a handler that never throws anything but `Error('Unauthorized')`
 * and never returns a malformed result.
 *
 * Every handler reads the same way: event → request (`event.ts`) → credential (`token-source.ts`) → core
 * decision (`engine.ts`: verification and rules) → result (an IAM policy, `policy.ts`, or a simple
 * response); any failure → `engine.ts` `fail`.
 *
 * @see [Amazon API Gateway Developer Guide - Use API Gateway Lambda authorizers](https://docs.aws.amazon.com/apigateway/latest/developerguide/apigateway-use-lambda-authorizer.html)
 * @module
 */

import type {
  APIGatewayAuthorizerResult,
  APIGatewayRequestAuthorizerEvent,
  APIGatewayRequestAuthorizerEventV2,
  APIGatewaySimpleAuthorizerWithContextResult,
  APIGatewayTokenAuthorizerEvent,
} from 'aws-lambda';
import {
  DEFAULT_HEADER_SOURCE,
  DEFAULT_WEBSOCKET_SOURCE,
  type HttpApiAuthorizerConfig,
  type RequestAuthorizerConfig,
  type TokenAuthorizerConfig,
  type WebSocketAuthorizerConfig,
} from './config.js';
import type { ContextValue } from './context.js';
import {
  type AuthorizerDeps,
  createEngineOrFailure,
  type Decided,
  decide,
  type Engine,
  fail,
  logDecision,
  policyFor,
  verifyCredential,
} from './engine.js';
import {
  readHttpApiEvent,
  readRequestEvent,
  readTokenEvent,
  readWebSocketEvent,
  type WebSocketAuthorizerEvent,
} from './event.js';
import { extractCredential, readCredential } from './token-source.js';

/** The `context` every edgeward authorizer returns: flat string/number/boolean values. */
export type AuthorizerContext = Readonly<Record<string, ContextValue>>;

/** REST `TOKEN` handler; assignable to `APIGatewayTokenAuthorizerHandler` from `@types/aws-lambda`. */
export type TokenAuthorizerHandler = (
  event: APIGatewayTokenAuthorizerEvent,
  context?: unknown,
) => Promise<APIGatewayAuthorizerResult>;

/** REST `REQUEST` handler; assignable to `APIGatewayRequestAuthorizerHandler`. */
export type RequestAuthorizerHandler = (
  event: APIGatewayRequestAuthorizerEvent,
  context?: unknown,
) => Promise<APIGatewayAuthorizerResult>;

/** HTTP API simple response. */
export type HttpApiSimpleResult = APIGatewaySimpleAuthorizerWithContextResult<AuthorizerContext>;

/** HTTP API (payload 2.0) handler: a simple response or an IAM policy, per `config.response`. */
export type HttpApiAuthorizerHandler = (
  event: APIGatewayRequestAuthorizerEventV2,
  context?: unknown,
) => Promise<HttpApiSimpleResult | APIGatewayAuthorizerResult>;

/** WebSocket `$connect` handler. */
export type WebSocketAuthorizerHandler = (
  event: WebSocketAuthorizerEvent,
  context?: unknown,
) => Promise<APIGatewayAuthorizerResult>;

function iamResult(
  engine: Engine,
  d: Decided,
  withUsageKey: boolean,
  requestArn: string,
): APIGatewayAuthorizerResult {
  const policy = policyFor(engine, d, requestArn);
  const result: APIGatewayAuthorizerResult = {
    principalId: d.principalId,
    policyDocument: policy.document,
    context: d.context, // built for this invocation (buildContext), never shared: no copy
  };
  if (withUsageKey && d.usageIdentifierKey !== undefined) result.usageIdentifierKey = d.usageIdentifierKey;
  return result;
}

/**
 * A REST API `TOKEN` authorizer (scenarios B and E).
 *
 * Pair it with: token source `method.request.header.Authorization`, result TTL 300 s (the default; the
 * cache-safe policy is right for every route of the token), optionally a token validation regex
 * `^Bearer [-0-9A-Za-z._~+/]+=*$` so malformed headers are refused before invoking the Lambda.
 *
 * @param config - the validated configuration
 * @param deps - clock (ms), fetch, logger, resolved HS256 secret
 * @returns the handler (assignable to `APIGatewayTokenAuthorizerHandler`)
 * Never throws, not even at construction: a configuration that cannot work (an unset, non-base64 or short
 * HS256 secret, an uncompilable rule) makes every invocation log one `config_invalid` error line and throw
 * `Unauthorized`.
 * @see [Amazon API Gateway Developer Guide - Input to an API Gateway Lambda authorizer](https://docs.aws.amazon.com/apigateway/latest/developerguide/api-gateway-lambda-authorizer-input.html)
 * @example
 * ```ts
 * export const handler = createTokenAuthorizer({
 *   issuer: { kind: 'cognito', region: 'eu-west-1', userPoolId: 'eu-west-1_AbCdEf123', clientIds: ['1example23'] },
 *   rules: { rules: [{ resource: '/admin/{proxy+}', groups: ['admins'] }] },
 * });
 * ```
 */
export function createTokenAuthorizer(
  config: TokenAuthorizerConfig,
  deps: AuthorizerDeps = {},
): TokenAuthorizerHandler {
  const engine = createEngineOrFailure('token', config, config.policy, deps);
  if (typeof engine === 'function') return engine;
  const scheme = config.scheme ?? 'bearer';
  return async (event) => {
    let token: string | undefined;
    try {
      const request = readTokenEvent(event);
      token = readCredential(request.authorizationToken, scheme);
      const checked = verifyCredential(engine, token);
      const verified = checked instanceof Promise ? await checked : checked;
      const d = decide(engine, request.arn, verified, request.access);
      return iamResult(engine, d, true, request.requestArn);
    } catch (error) {
      return fail(engine, error, token);
    }
  };
}

/**
 * A REST API `REQUEST` authorizer: the token comes from a header (default `Authorization: Bearer …`), a
 * query parameter or a cookie.
 *
 * Pair it with: identity source matching `tokenSource` (e.g. `method.request.header.Authorization`), TTL
 * 300 s. The identity source is the cache key: never add per-request values (they defeat caching).
 *
 * Never throws at construction (see {@link createTokenAuthorizer}).
 * @see [Amazon API Gateway Developer Guide - Input to an API Gateway Lambda authorizer](https://docs.aws.amazon.com/apigateway/latest/developerguide/api-gateway-lambda-authorizer-input.html)
 */
export function createRequestAuthorizer(
  config: RequestAuthorizerConfig,
  deps: AuthorizerDeps = {},
): RequestAuthorizerHandler {
  const engine = createEngineOrFailure('request', config, config.policy, deps);
  if (typeof engine === 'function') return engine;
  const source = config.tokenSource ?? DEFAULT_HEADER_SOURCE;
  return async (event) => {
    let token: string | undefined;
    try {
      const request = readRequestEvent(event);
      token = extractCredential(request.carrier, source);
      const checked = verifyCredential(engine, token);
      const verified = checked instanceof Promise ? await checked : checked;
      const d = decide(engine, request.arn, verified, request.access);
      return iamResult(engine, d, true, request.requestArn);
    } catch (error) {
      return fail(engine, error, token);
    }
  };
}

/**
 * An HTTP API Lambda authorizer, payload format version 2.0, with simple (`{isAuthorized, context}`) or
 * IAM-policy responses (`config.response`, default `iam`).
 *
 * Pair it with: `authorizerPayloadFormatVersion: '2.0'`, `enableSimpleResponses` matching
 * `config.response`, identity source `$request.header.Authorization`; with simple responses and rules that
 * depend on the route, add `$context.routeKey` to the identity sources (or set the TTL to 0): a cached
 * simple response applies to every route.
 *
 * Never throws at construction (see {@link createTokenAuthorizer}).
 * @see [Amazon API Gateway Developer Guide - Lambda authorizers for HTTP APIs](https://docs.aws.amazon.com/apigateway/latest/developerguide/http-api-lambda-authorizer.html)
 */
export function createHttpApiAuthorizer(
  config: HttpApiAuthorizerConfig,
  deps: AuthorizerDeps = {},
): HttpApiAuthorizerHandler {
  const engine = createEngineOrFailure('http', config, config.policy, deps);
  if (typeof engine === 'function') return engine;
  const source = config.tokenSource ?? DEFAULT_HEADER_SOURCE;
  const simple = config.response === 'simple';
  return async (event) => {
    let token: string | undefined;
    try {
      const request = readHttpApiEvent(event);
      token = extractCredential(request.carrier, source);
      const checked = verifyCredential(engine, token);
      const verified = checked instanceof Promise ? await checked : checked;
      const d = decide(engine, request.arn, verified, request.access);
      if (!simple) return iamResult(engine, d, false, request.requestArn);
      logDecision(engine, d);
      return { isAuthorized: d.decision.outcome === 'allow', context: d.context };
    } catch (error) {
      return fail(engine, error, token);
    }
  };
}

/**
 * A WebSocket API `$connect` authorizer (REQUEST). The rules see path `/$connect`, method `GET`; the
 * policy names the `$connect` method ARN only (WebSocket authorizer results are per connection).
 *
 * Pair it with: identity source `route.request.querystring.access_token` (or the header/cookie in
 * `tokenSource`). A token in the query string is written to access logs, CloudFront logs and proxy logs:
 * use short-lived access tokens, keep API Gateway full request logging off, prefer a header for
 * non-browser clients.
 *
 * Never throws at construction (see {@link createTokenAuthorizer}).
 * @see [Amazon API Gateway Developer Guide - WebSocket API Lambda REQUEST authorizers](https://docs.aws.amazon.com/apigateway/latest/developerguide/apigateway-websocket-api-lambda-auth.html)
 */
export function createWebSocketAuthorizer(
  config: WebSocketAuthorizerConfig,
  deps: AuthorizerDeps = {},
): WebSocketAuthorizerHandler {
  const engine = createEngineOrFailure('websocket', config, { mode: 'method' }, deps);
  if (typeof engine === 'function') return engine;
  const source = config.tokenSource ?? DEFAULT_WEBSOCKET_SOURCE;
  return async (event) => {
    let token: string | undefined;
    try {
      const request = readWebSocketEvent(event);
      token = extractCredential(request.carrier, source);
      const checked = verifyCredential(engine, token);
      const verified = checked instanceof Promise ? await checked : checked;
      const d = decide(engine, request.arn, verified, request.access);
      return iamResult(engine, d, false, request.requestArn);
    } catch (error) {
      return fail(engine, error, token);
    }
  };
}
