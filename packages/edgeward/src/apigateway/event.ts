/**
 * Reading API Gateway authorizer events (mirrors `cloudfront/event.ts`): each reader checks the shape API
 * Gateway documents for its payload and returns the {@link AuthorizerRequest} the adapter decides on — the
 * method/route ARN, the rules' view of the request (path and method) and where the credential is (the
 * `authorizationToken`, or the headers, query string and cookies, read on first use).
 *
 * @see [Amazon API Gateway Developer Guide - Input to an API Gateway Lambda authorizer](https://docs.aws.amazon.com/apigateway/latest/developerguide/api-gateway-lambda-authorizer-input.html)
 * @see [Amazon API Gateway Developer Guide - Lambda authorizers for HTTP APIs (payload format 2.0)](https://docs.aws.amazon.com/apigateway/latest/developerguide/http-api-lambda-authorizer.html)
 * @see [Amazon API Gateway Developer Guide - WebSocket API Lambda REQUEST authorizers](https://docs.aws.amazon.com/apigateway/latest/developerguide/apigateway-websocket-api-lambda-auth.html)
 * @module
 */
import type {
  APIGatewayRequestAuthorizerEvent,
  APIGatewayRequestAuthorizerEventV2,
  APIGatewayTokenAuthorizerEvent,
} from 'aws-lambda';
import { AuthError } from '../core/errors.js';
import { isRecord } from '../core/record.js';
import type { AccessRequest } from '../core/rules/types.js';
import { type ExecuteApiArn, parseExecuteApiArn } from './arn.js';
import { type CredentialCarrier, collectValues, headerValues, parseRawQuery } from './token-source.js';

/**
 * A REST `REQUEST` or WebSocket `$connect` authorizer event (payload 1.0). WebSocket events carry no
 * `resource`, `path` or `httpMethod`, hence the optional fields.
 *
 * @see [Amazon API Gateway Developer Guide - WebSocket API Lambda REQUEST authorizers](https://docs.aws.amazon.com/apigateway/latest/developerguide/apigateway-websocket-api-lambda-auth.html)
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

/** What an authorizer decides on, read from its event. */
export interface AuthorizerRequest {
  /** The method/route ARN exactly as the event carried it (the policy for the current request names it). */
  readonly requestArn: string;
  /** {@link AuthorizerRequest.requestArn}, parsed. */
  readonly arn: ExecuteApiArn;
  /** The rules' view of the request: the ARN's verb and path, else the event's own (see each reader). */
  readonly access: AccessRequest;
}

/** A REST `TOKEN` request: the credential is the event's `authorizationToken`. */
export interface TokenAuthorizerRequest extends AuthorizerRequest {
  /** `authorizationToken` as received (e.g. `Bearer eyJ…`). */
  readonly authorizationToken: string;
}

/** A `REQUEST` request (REST, HTTP API, WebSocket): the credential is in its headers, query or cookies. */
export interface CarrierAuthorizerRequest extends AuthorizerRequest {
  /** The request parts a credential can come from, collected on first use. */
  readonly carrier: CredentialCarrier;
}

/** Parses the event's method/route ARN. @throws AuthError `event_invalid` */
function requireArn(value: unknown): ExecuteApiArn {
  const r = parseExecuteApiArn(value);
  if (!r.ok) throw new AuthError('event_invalid', `method ARN rejected: ${r.detail}`);
  return r.arn;
}

/** The event's ARN member (`methodArn` or `routeArn`), as received and parsed. @throws AuthError `event_invalid` */
function arnOf(
  e: Record<string, unknown>,
  member: 'methodArn' | 'routeArn',
): Pick<AuthorizerRequest, 'requestArn' | 'arn'> {
  const requestArn = e[member];
  return { arn: requireArn(requestArn), requestArn: requestArn as string };
}

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
 * @see [Amazon API Gateway Developer Guide - AWS Lambda proxy integrations for HTTP APIs](https://docs.aws.amazon.com/apigateway/latest/developerguide/http-api-develop-integrations-lambda.html)
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

type Values = ReadonlyMap<string, readonly string[]>;

/**
 * The request parts a credential can come from, each read on first use: `extractCredential` reads only
 * the part its token source names, so the query string is not collected for a header token, and only
 * the named header is looked up (and so on).
 */
abstract class LazyCarrier implements CredentialCarrier {
  protected readonly event: Record<string, unknown>;
  #query: Values | undefined;

  constructor(event: Record<string, unknown>) {
    this.event = event;
  }

  get query(): Values {
    this.#query ??= this.collectQuery();
    return this.#query;
  }

  abstract header(name: string): readonly string[] | undefined;
  abstract get cookies(): readonly string[];
  protected abstract collectQuery(): Values;
}

/** Payload 1.0 request parts (REST REQUEST and WebSocket). */
class CarrierV1 extends LazyCarrier {
  header(name: string): readonly string[] | undefined {
    return headerValues(
      this.event['headers'] as Record<string, string> | null,
      this.event['multiValueHeaders'] as Record<string, string[]> | null,
      name,
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
    return this.header('cookie') ?? [];
  }
}

/** Payload 2.0 request parts: lower-case headers, `rawQueryString`, `cookies`. */
class CarrierV2 extends LazyCarrier {
  header(name: string): readonly string[] | undefined {
    return headerValues(this.event['headers'] as Record<string, string> | undefined, undefined, name);
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
 * Reads a REST `TOKEN` authorizer event. The rules see the ARN's verb and path; an ARN without them (a
 * TOKEN event carries no path or method of its own) is `GET /`.
 *
 * @throws AuthError `event_invalid` (not a TOKEN event, or its `methodArn` is rejected), `token_missing`
 *   (no `authorizationToken`)
 */
export function readTokenEvent(event: APIGatewayTokenAuthorizerEvent): TokenAuthorizerRequest {
  const e = requireEvent(event, 'TOKEN');
  const { requestArn, arn } = arnOf(e, 'methodArn');
  const authorizationToken = e['authorizationToken'];
  if (typeof authorizationToken !== 'string') {
    throw new AuthError('token_missing', 'authorizationToken is absent');
  }
  return { requestArn, arn, access: accessRequest(arn, e, rootFallback), authorizationToken };
}

/**
 * Reads a REST `REQUEST` authorizer event (payload 1.0): headers and query string from both the single-
 * and multi-value maps; the rules see the ARN's verb and path, else `path` and `httpMethod`.
 *
 * @throws AuthError `event_invalid` (not a REQUEST event, or its `methodArn` is rejected)
 */
export function readRequestEvent(event: APIGatewayRequestAuthorizerEvent): CarrierAuthorizerRequest {
  const e = requireEvent(event, 'REQUEST');
  const { requestArn, arn } = arnOf(e, 'methodArn');
  return { requestArn, arn, access: accessRequest(arn, e, v1Fallback), carrier: new CarrierV1(e) };
}

/**
 * Reads an HTTP API authorizer event (payload format 2.0): lower-case headers, `rawQueryString`, `cookies`;
 * the rules see the route ARN's verb and path, else `rawPath` (without the stage) and the method.
 *
 * @throws AuthError `event_invalid` (not a REQUEST event, not version 2.0, or its `routeArn` is rejected)
 */
export function readHttpApiEvent(event: APIGatewayRequestAuthorizerEventV2): CarrierAuthorizerRequest {
  const e = requireEvent(event, 'REQUEST');
  if (e['version'] !== '2.0') throw new AuthError('event_invalid', 'event is not payload format 2.0');
  const { requestArn, arn } = arnOf(e, 'routeArn');
  return { requestArn, arn, access: accessRequest(arn, e, httpFallback), carrier: new CarrierV2(e) };
}

/**
 * Reads a WebSocket `$connect` authorizer event (payload 1.0). The rules see path `/$connect`, method `GET`.
 *
 * @throws AuthError `event_invalid` (not a REQUEST event, its `methodArn` is rejected or is not the
 *   `$connect` route)
 */
export function readWebSocketEvent(event: WebSocketAuthorizerEvent): CarrierAuthorizerRequest {
  const e = requireEvent(event, 'REQUEST');
  const { requestArn, arn } = arnOf(e, 'methodArn');
  if (arn.routeKey !== '$connect') throw new AuthError('event_invalid', 'method ARN is not a $connect route');
  return {
    requestArn,
    arn,
    access: { path: '/$connect', method: WEBSOCKET_METHOD },
    carrier: new CarrierV1(e),
  };
}
