/**
 * A local API Gateway HTTP API (`$default` stage) on node:http: routes (`GET /pets/{id}`,
 * `ANY /files/{proxy+}`, `$default`), Lambda authorizers with payload format 2.0 — simple responses
 * (`{isAuthorized, context}`) or IAM policies evaluated against the `routeArn` — and Lambda proxy
 * integrations (payload 2.0) receiving `requestContext.authorizer.lambda`.
 *
 * Outcomes follow API Gateway: a missing identity source or `Error('Unauthorized')` → 401
 * `{"message":"Unauthorized"}`; `isAuthorized: false` or a Deny → 403 `{"message":"Forbidden"}`; another
 * throw, a timeout or a malformed result → 500 `{"message":"Internal Server Error"}`; no route → 404.
 *
 * @see https://docs.aws.amazon.com/apigateway/latest/developerguide/http-api-lambda-authorizer.html
 * @see https://docs.aws.amazon.com/apigateway/latest/developerguide/http-api-develop-integrations-lambda.html
 * @module
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import { evaluatePolicy } from 'edgeward/internal/apigateway/iam-evaluator.js';
import type { Clock, Logger } from 'edgeward/internal/core/runtime.js';
import { startServer } from '../http.js';
import { type HandlerSource, invokeHandler } from '../lambda.js';
import { createAuthorizerInvoker } from './authorizer.js';
import { type DeploymentOptions, deploymentOf } from './deployment.js';
import { HTTP_IDENTITY_SOURCES, parseIdentitySource } from './identity-source.js';
import {
  headerValuesOf,
  type ParsedRequest,
  parseRequest,
  sendGatewayResponse,
  sendProxyResult,
} from './request.js';
import { createRouter } from './routing.js';

/** An HTTP API Lambda authorizer (payload format 2.0). */
export interface HttpApiAuthorizerOptions {
  readonly handler: HandlerSource;
  /**
   * Identity sources: `$request.header.<name>` or `$request.querystring.<name>`. A request missing one gets
   * 401 without invoking the authorizer. Default `["$request.header.Authorization"]`.
   */
  readonly identitySource?: readonly string[];
  /** `simple` (default): `{isAuthorized, context?}`. `iam`: an IAM policy evaluated against the route ARN. */
  readonly response?: 'simple' | 'iam';
  /** Result cache lifetime in **seconds**; 0 (default) disables caching. */
  readonly resultTtlInSeconds?: number;
  /** Timeout in **milliseconds**. Default 10000. */
  readonly timeoutMs?: number;
}

/** One route. */
export interface HttpApiRouteOptions {
  /** The Lambda integration: a bundle path or the function. */
  readonly handler: HandlerSource;
  /** Name of the authorizer in {@link HttpApiOptions.authorizers}; none = open route. */
  readonly authorizer?: string;
}

/** Options of {@link startHttpApiEmulator}. */
export interface HttpApiOptions extends DeploymentOptions {
  /** Route key (`GET /pets/{id}`, `ANY /{proxy+}`, `$default`) → route. */
  readonly routes: Readonly<Record<string, HttpApiRouteOptions>>;
  readonly authorizers?: Readonly<Record<string, HttpApiAuthorizerOptions>>;
  /** Default `h1t2t3p4a5`. */
  readonly apiId?: string;
  /** Integration timeout in **milliseconds**. Default 30000. */
  readonly integrationTimeoutMs?: number;
  /** Port; 0 = any free port; a taken port falls back to a free one. Default 0. */
  readonly port?: number;
  /** Default `127.0.0.1`. */
  readonly host?: string;
  /**
   * Host names answered besides `localhost`, `127.0.0.1`, `[::1]` and the bound address; any other `Host`
   * gets 421 (DNS rebinding protection). Default none.
   */
  readonly allowedHosts?: readonly string[];
  /** Clock in ms. Default `Date.now`. */
  readonly clock?: Clock;
  readonly logger?: Logger;
}

/** A running local HTTP API. */
export interface HttpApiEmulator {
  /** e.g. `http://127.0.0.1:4020`. */
  readonly url: string;
  readonly port: number;
  close(): Promise<void>;
}

/** Payload 2.0 headers: lower-case names, repeated values joined with `,`, cookies moved to `cookies`. */
function v2Headers(request: ParsedRequest): {
  headers: Record<string, string>;
  cookies: string[] | undefined;
} {
  const headers: Record<string, string> = {};
  let cookies: string[] | undefined;
  for (const [name, values] of Object.entries(request.multiValueHeaders)) {
    const lower = name.toLowerCase();
    if (lower === 'cookie')
      cookies = values.flatMap((v) => v.split(';').map((c) => c.trim())).filter(Boolean);
    else headers[lower] = values.join(',');
  }
  return { headers, cookies };
}

/**
 * Starts a local HTTP API.
 *
 * @throws Error when a route key or identity source is malformed, or the port cannot be bound
 */
export async function startHttpApiEmulator(options: HttpApiOptions): Promise<HttpApiEmulator> {
  const deployment = deploymentOf(options, options.apiId ?? 'h1t2t3p4a5', '$default');
  const { apiId, accountId } = deployment;
  const clock = options.clock ?? Date.now;
  const log: Logger = options.logger ?? (() => {});
  const resources: Record<string, Record<string, HttpApiRouteOptions & { routeKey: string }>> = {};
  let fallback: (HttpApiRouteOptions & { routeKey: string }) | undefined;
  for (const [routeKey, route] of Object.entries(options.routes)) {
    if (routeKey === '$default') {
      fallback = { ...route, routeKey };
      continue;
    }
    const [method, path, extra] = routeKey.split(' ');
    if (method === undefined || path === undefined || extra !== undefined) {
      throw new Error(`malformed route key ${JSON.stringify(routeKey)}`);
    }
    resources[path] = { ...resources[path], [method]: { ...route, routeKey } };
  }
  const route = createRouter(resources);
  const authorizers = new Map(
    Object.entries(options.authorizers ?? {}).map(([name, config]) => {
      const sources = (config.identitySource ?? ['$request.header.Authorization']).map((s) =>
        parseIdentitySource(s, HTTP_IDENTITY_SOURCES),
      );
      const response = config.response ?? 'simple';
      const invoke = createAuthorizerInvoker({
        handler: config.handler,
        kind: response === 'simple' ? 'http-simple' : 'http-iam',
        resultTtlInSeconds: config.resultTtlInSeconds ?? 0,
        clock,
        ...(config.timeoutMs === undefined ? {} : { timeoutMs: config.timeoutMs }),
      });
      return [name, { sources, response, invoke }] as const;
    }),
  );

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const request = await parseRequest(req, clock());
    if (request === undefined) {
      sendGatewayResponse(res, { requestId: 'n/a' }, 413, undefined, { message: 'Request Entity Too Large' });
      return;
    }
    const match = route(request.method, request.path);
    const selected = match?.value ?? fallback;
    if (selected === undefined) {
      sendGatewayResponse(res, request, 404, undefined, { message: 'Not Found' });
      return;
    }
    const { headers, cookies } = v2Headers(request);
    const pathParameters = match === undefined ? undefined : { ...match.pathParameters };
    const requestContext = {
      accountId,
      apiId,
      domainName: deployment.domainName,
      domainPrefix: apiId,
      http: {
        method: request.method,
        path: request.path,
        protocol: 'HTTP/1.1',
        sourceIp: request.sourceIp,
        userAgent: headers['user-agent'] ?? '',
      },
      requestId: request.requestId,
      routeKey: selected.routeKey,
      stage: '$default',
      time: new Date(request.receivedAt).toUTCString(),
      timeEpoch: request.receivedAt,
    };
    const common = {
      version: '2.0',
      routeKey: selected.routeKey,
      rawPath: request.path,
      rawQueryString: request.rawQueryString,
      ...(cookies === undefined ? {} : { cookies }),
      headers,
      ...(request.queryStringParameters === null
        ? {}
        : {
            queryStringParameters: Object.fromEntries(
              Object.entries(request.multiValueQueryStringParameters ?? {}).map(([k, v]) => [k, v.join(',')]),
            ),
          }),
      ...(pathParameters === undefined || Object.keys(pathParameters).length === 0 ? {} : { pathParameters }),
    };
    let lambdaContext: Readonly<Record<string, unknown>> | undefined;
    if (selected.authorizer !== undefined) {
      const authorizer = authorizers.get(selected.authorizer);
      const values: string[] = [];
      for (const source of authorizer?.sources ?? []) {
        const value =
          source.from === 'header'
            ? headerValuesOf(request, source.name).join(',')
            : request.multiValueQueryStringParameters?.[source.name]?.join(',');
        if (value !== undefined && value !== '') values.push(value);
      }
      if (authorizer !== undefined && values.length < authorizer.sources.length) {
        sendGatewayResponse(res, request, 401, undefined, { message: 'Unauthorized' });
        return;
      }
      const routeArn = `${deployment.arnPrefix}/${request.method}${request.path}`;
      const call =
        authorizer === undefined
          ? ({ kind: 'error', detail: `unknown authorizer ${selected.authorizer}` } as const)
          : await authorizer.invoke(JSON.stringify(values), {
              ...common,
              type: 'REQUEST',
              routeArn,
              identitySource: values,
              requestContext,
            });
      if (call.kind === 'unauthorized') {
        sendGatewayResponse(res, request, 401, undefined, { message: 'Unauthorized' });
        return;
      }
      if (call.kind === 'error') {
        log({ level: 'error', event: 'apigateway_authorizer_error', detail: call.detail });
        sendGatewayResponse(res, request, 500, undefined, { message: 'Internal Server Error' });
        return;
      }
      const allowed =
        authorizer?.response === 'iam'
          ? evaluatePolicy(call.result['policyDocument'], routeArn).effect === 'Allow'
          : call.result['isAuthorized'] === true;
      if (!allowed) {
        log({ level: 'info', event: 'apigateway_denied', route: selected.routeKey });
        sendGatewayResponse(res, request, 403, undefined, { message: 'Forbidden' });
        return;
      }
      lambdaContext =
        authorizer?.response === 'iam'
          ? {
              principalId: call.result['principalId'],
              integrationLatency: 0,
              ...(call.result['context'] ?? {}),
            }
          : ((call.result['context'] as Record<string, unknown> | undefined) ?? {});
    }
    const event = {
      ...common,
      requestContext: {
        ...requestContext,
        ...(lambdaContext === undefined ? {} : { authorizer: { lambda: lambdaContext } }),
      },
      ...(request.body.length > 0 ? { body: request.body.toString('utf8') } : {}),
      isBase64Encoded: false,
    } as unknown as APIGatewayProxyEventV2;
    const outcome = await invokeHandler(selected.handler, event, {
      timeoutMs: options.integrationTimeoutMs ?? 30_000,
    });
    if (!outcome.ok) {
      const status = outcome.failure.kind === 'timeout' ? 503 : 500;
      sendGatewayResponse(res, request, status, undefined, {
        message: status === 503 ? 'Service Unavailable' : 'Internal Server Error',
      });
      return;
    }
    const result = outcome.result;
    const isResponse = typeof result === 'object' && result !== null && 'statusCode' in result;
    // Payload 2.0: a result without statusCode is a 200 JSON body.
    const shaped = isResponse
      ? result
      : { statusCode: 200, body: typeof result === 'string' ? result : JSON.stringify(result ?? null) };
    if (!sendProxyResult(res, request, shaped)) {
      sendGatewayResponse(res, request, 500, undefined, { message: 'Internal Server Error' });
    }
  }

  const server = await startServer(
    handle,
    (res) =>
      sendGatewayResponse(res, { requestId: 'n/a' }, 500, undefined, { message: 'Internal Server Error' }),
    { port: options.port, host: options.host, allowedHosts: options.allowedHosts },
  );
  return { url: `http://${server.host}:${server.port}`, port: server.port, close: server.close };
}
