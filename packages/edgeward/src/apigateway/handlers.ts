/**
 * The four authorizer factories. Each builds its verifier, rules and policy builder ONCE (call the
 * factory at module scope) and returns a handler that never throws anything but `Error('Unauthorized')`
 * and never returns a malformed result.
 *
 * @see https://docs.aws.amazon.com/apigateway/latest/developerguide/apigateway-use-lambda-authorizer.html
 * @module
 */

import type {
  APIGatewayAuthorizerResult,
  APIGatewayRequestAuthorizerEvent,
  APIGatewayRequestAuthorizerEventV2,
  APIGatewaySimpleAuthorizerWithContextResult,
  APIGatewayTokenAuthorizerEvent,
} from 'aws-lambda';
import { AuthError } from '../core/errors.js';
import { isRecord } from '../core/record.js';
import type { AccessRequest } from '../core/rules/types.js';
import type { ExecuteApiArn } from './arn.js';
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
  requireArn,
} from './engine.js';
import {
  type CredentialCarrier,
  collectValues,
  extractCredential,
  parseRawQuery,
  readCredential,
} from './token-source.js';

/** The `context` every edgeward authorizer returns: flat string/number/boolean values. */
export type AuthorizerContext = Readonly<Record<string, ContextValue>>;

/**
 * A REST `REQUEST` or WebSocket `$connect` authorizer event (payload 1.0). WebSocket events carry no
 * `resource`, `path` or `httpMethod`, hence the optional fields.
 *
 * @see https://docs.aws.amazon.com/apigateway/latest/developerguide/apigateway-websocket-api-lambda-auth.html
 */
export type WebSocketAuthorizerEvent = Pick<APIGatewayRequestAuthorizerEvent, 'type' | 'methodArn'> &
  Partial<
    Pick<
      APIGatewayRequestAuthorizerEvent,
      | 'headers'
      | 'multiValueHeaders'
      | 'queryStringParameters'
      | 'multiValueQueryStringParameters'
      | 'stageVariables'
    >
  > & { readonly requestContext?: unknown };

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

/** The method WebSocket rules see: the upgrade request is a GET. */
const WEBSOCKET_METHOD = 'GET';

function requireEvent(event: unknown, type: 'TOKEN' | 'REQUEST'): Record<string, unknown> {
  if (!isRecord(event) || event['type'] !== type) {
    throw new AuthError('event_invalid', `event is not a ${type} authorizer event`);
  }
  return event;
}

/**
 * The rules' view of a request: the ARN's verb and path (what IAM will evaluate), else `fallback(event)`
 * (read from the event only when the ARN has no verb).
 */
function accessRequest(
  arn: ExecuteApiArn,
  event: Record<string, unknown>,
  fallback: (event: Record<string, unknown>) => AccessRequest,
): AccessRequest {
  return arn.verb !== undefined && arn.path !== undefined
    ? { path: arn.path, method: arn.verb }
    : fallback(event);
}

/** REST TOKEN events carry no path or method: `GET /`. */
const rootFallback = (): AccessRequest => ({ path: '/', method: 'GET' });

/** REST REQUEST (payload 1.0): `path` and `httpMethod`. */
const v1Fallback = (e: Record<string, unknown>): AccessRequest => ({
  path: String(e['path'] ?? '/'),
  method: String(e['httpMethod'] ?? 'GET'),
});

/**
 * HTTP API (payload 2.0): `rawPath` and `requestContext.http.method`. On a named stage `rawPath` starts with
 * `/<stage>` (`requestContext.stage`); that prefix is removed so the rules see the route's own path, as they
 * do from a route ARN (`/prod/admin/x` must meet a rule on `/admin/*`).
 *
 * @see https://docs.aws.amazon.com/apigateway/latest/developerguide/http-api-develop-integrations-lambda.html
 */
const httpFallback = (e: Record<string, unknown>): AccessRequest => {
  const ctx = isRecord(e['requestContext']) ? e['requestContext'] : undefined;
  const http = ctx?.['http'];
  const rawPath = typeof e['rawPath'] === 'string' ? e['rawPath'] : '/';
  return {
    path: withoutStage(rawPath, ctx?.['stage']),
    method: isRecord(http) && typeof http['method'] === 'string' ? http['method'] : 'GET',
  };
};

/** `rawPath` without a leading `/<stage>` segment (none for the `$default` stage). */
function withoutStage(rawPath: string, stage: unknown): string {
  if (typeof stage !== 'string' || stage === '' || stage === '$default') return rawPath;
  const prefix = `/${stage}`;
  if (rawPath === prefix) return '/';
  return rawPath.startsWith(`${prefix}/`) ? rawPath.slice(prefix.length) : rawPath;
}

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
    context: { ...d.context },
  };
  if (withUsageKey && d.usageIdentifierKey !== undefined) result.usageIdentifierKey = d.usageIdentifierKey;
  return result;
}

type Values = ReadonlyMap<string, readonly string[]>;

/**
 * The request parts a credential can come from, each built on first use: `extractCredential` reads only
 * the part its token source names, so the query string is not collected for a header token (and so on).
 */
abstract class LazyCarrier implements CredentialCarrier {
  protected readonly event: Record<string, unknown>;
  #headers: Values | undefined;
  #query: Values | undefined;

  constructor(event: Record<string, unknown>) {
    this.event = event;
  }

  get headers(): Values {
    this.#headers ??= this.collectHeaders();
    return this.#headers;
  }

  get query(): Values {
    this.#query ??= this.collectQuery();
    return this.#query;
  }

  abstract get cookies(): readonly string[];
  protected abstract collectHeaders(): Values;
  protected abstract collectQuery(): Values;
}

/** Payload 1.0 request parts (REST REQUEST and WebSocket). */
class CarrierV1 extends LazyCarrier {
  protected collectHeaders(): Values {
    return collectValues(
      this.event['headers'] as Record<string, string> | null,
      this.event['multiValueHeaders'] as Record<string, string[]> | null,
      true,
    );
  }

  protected collectQuery(): Values {
    return collectValues(
      this.event['queryStringParameters'] as Record<string, string> | null,
      this.event['multiValueQueryStringParameters'] as Record<string, string[]> | null,
      false,
    );
  }

  get cookies(): readonly string[] {
    return this.headers.get('cookie') ?? [];
  }
}

/** Payload 2.0 request parts: lower-case headers, `rawQueryString`, `cookies`. */
class CarrierV2 extends LazyCarrier {
  protected collectHeaders(): Values {
    return collectValues(this.event['headers'] as Record<string, string> | undefined, undefined, true);
  }

  protected collectQuery(): Values {
    const raw = this.event['rawQueryString'];
    return parseRawQuery(typeof raw === 'string' ? raw : undefined);
  }

  get cookies(): readonly string[] {
    const cookies = this.event['cookies'];
    return Array.isArray(cookies)
      ? (cookies as unknown[]).filter((c): c is string => typeof c === 'string')
      : [];
  }
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
 * @see https://docs.aws.amazon.com/apigateway/latest/developerguide/api-gateway-lambda-authorizer-input.html
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
    try {
      const e = requireEvent(event, 'TOKEN');
      const methodArn = e['methodArn'];
      const arn = requireArn(methodArn);
      const raw = e['authorizationToken'];
      if (typeof raw !== 'string') throw new AuthError('token_missing', 'authorizationToken is absent');
      const token = readCredential(raw, scheme);
      const d = await decide(engine, arn, token, accessRequest(arn, e, rootFallback));
      return iamResult(engine, d, true, methodArn as string);
    } catch (error) {
      return fail(engine, error);
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
 * @see https://docs.aws.amazon.com/apigateway/latest/developerguide/api-gateway-lambda-authorizer-input.html
 */
export function createRequestAuthorizer(
  config: RequestAuthorizerConfig,
  deps: AuthorizerDeps = {},
): RequestAuthorizerHandler {
  const engine = createEngineOrFailure('request', config, config.policy, deps);
  if (typeof engine === 'function') return engine;
  const source = config.tokenSource ?? DEFAULT_HEADER_SOURCE;
  return async (event) => {
    try {
      const e = requireEvent(event, 'REQUEST');
      const methodArn = e['methodArn'];
      const arn = requireArn(methodArn);
      const token = extractCredential(new CarrierV1(e), source);
      const d = await decide(engine, arn, token, accessRequest(arn, e, v1Fallback));
      return iamResult(engine, d, true, methodArn as string);
    } catch (error) {
      return fail(engine, error);
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
 * @see https://docs.aws.amazon.com/apigateway/latest/developerguide/http-api-lambda-authorizer.html
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
    try {
      const e = requireEvent(event, 'REQUEST');
      if (e['version'] !== '2.0') throw new AuthError('event_invalid', 'event is not payload format 2.0');
      const routeArn = e['routeArn'];
      const arn = requireArn(routeArn);
      const token = extractCredential(new CarrierV2(e), source);
      const d = await decide(engine, arn, token, accessRequest(arn, e, httpFallback));
      if (!simple) return iamResult(engine, d, false, routeArn as string);
      logDecision(engine, d);
      return { isAuthorized: d.decision.outcome === 'allow', context: { ...d.context } };
    } catch (error) {
      return fail(engine, error);
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
 * @see https://docs.aws.amazon.com/apigateway/latest/developerguide/apigateway-websocket-api-lambda-auth.html
 */
export function createWebSocketAuthorizer(
  config: WebSocketAuthorizerConfig,
  deps: AuthorizerDeps = {},
): WebSocketAuthorizerHandler {
  const engine = createEngineOrFailure('websocket', config, { mode: 'method' }, deps);
  if (typeof engine === 'function') return engine;
  const source = config.tokenSource ?? DEFAULT_WEBSOCKET_SOURCE;
  return async (event) => {
    try {
      const e = requireEvent(event, 'REQUEST');
      const methodArn = e['methodArn'];
      const arn = requireArn(methodArn);
      if (arn.routeKey !== '$connect')
        throw new AuthError('event_invalid', 'method ARN is not a $connect route');
      const token = extractCredential(new CarrierV1(e), source);
      const d = await decide(engine, arn, token, { path: '/$connect', method: WEBSOCKET_METHOD });
      return iamResult(engine, d, false, methodArn as string);
    } catch (error) {
      return fail(engine, error);
    }
  };
}
