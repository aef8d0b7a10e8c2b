/**
 * A local API Gateway REST API on node:http, invoked as `http://127.0.0.1:<port>/<stage>/<path>`:
 * resources and methods (`/pets/{id}`, `/files/{proxy+}`, `ANY`), Lambda `TOKEN` or `REQUEST` authorizers
 * (built bundles) with result caching keyed by the identity source, evaluation of the returned IAM policy
 * against each request's `methodArn` (explicit Deny wins), and Lambda proxy integrations receiving
 * `requestContext.authorizer` (`principalId` and the `context` entries).
 *
 * Outcomes follow API Gateway: missing identity source or `Error('Unauthorized')` → 401; Deny → 403;
 * another throw, a timeout or a malformed authorizer result → 500 `AuthorizerConfigurationException`; an
 * unknown resource or method → 403 `Missing Authentication Token`; a malformed proxy response → 502.
 *
 * @see https://docs.aws.amazon.com/apigateway/latest/developerguide/apigateway-use-lambda-authorizer.html
 * @see https://docs.aws.amazon.com/apigateway/latest/developerguide/api-gateway-lambda-authorizer-input.html
 * @module
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type {
  APIGatewayProxyEvent,
  APIGatewayRequestAuthorizerEvent,
  APIGatewayTokenAuthorizerEvent,
} from 'aws-lambda';
import { evaluatePolicy } from 'edgeward/internal/apigateway/iam-evaluator.js';
import type { Clock, Logger } from 'edgeward/internal/core/runtime.js';
import { startServer } from '../http.js';
import { type HandlerSource, invokeHandler } from '../lambda.js';
import { type AuthorizerCall, createAuthorizerInvoker } from './authorizer.js';
import { type DeploymentOptions, deploymentOf } from './deployment.js';
import { type IdentitySource, parseIdentitySource, REST_IDENTITY_SOURCES } from './identity-source.js';
import {
  headerValuesOf,
  type ParsedRequest,
  parseRequest,
  sendGatewayResponse,
  sendProxyResult,
} from './request.js';
import { createRouter, type RouteMatch } from './routing.js';

/** A REST API Lambda authorizer. */
export interface RestAuthorizerConfig {
  /** `TOKEN`: the identity header's value as `authorizationToken`. `REQUEST`: the whole request. */
  readonly type: 'TOKEN' | 'REQUEST';
  /** The authorizer: a built bundle path or the function. */
  readonly handler: HandlerSource;
  /**
   * Identity sources, comma-separated: `method.request.header.<Name>` or `method.request.querystring.<name>`
   * (TOKEN: exactly one header). A request missing one gets 401 without invoking the authorizer; their values
   * are the cache key. Default `method.request.header.Authorization`.
   */
  readonly identitySource?: string;
  /** TOKEN only: a regular expression the token must match, else 401 without invoking the authorizer. */
  readonly identityValidationExpression?: string;
  /** Result cache lifetime in **seconds**, 0 to disable. Default 300 (API Gateway's default). */
  readonly resultTtlInSeconds?: number;
  /** Authorizer timeout in **milliseconds**. Default 10000. */
  readonly timeoutMs?: number;
}

/** One method of a resource. */
export interface RestMethodConfig {
  /** The Lambda proxy integration: a bundle path or the function. */
  readonly handler: HandlerSource;
  /** Name of the authorizer in {@link RestApiOptions.authorizers}; none = open method. */
  readonly authorizer?: string;
}

/** Options of {@link startRestApiEmulator}. */
export interface RestApiOptions extends DeploymentOptions {
  /** Resource template → HTTP method (or `ANY`) → method. */
  readonly resources: Readonly<Record<string, Readonly<Record<string, RestMethodConfig>>>>;
  /** Authorizers by name. */
  readonly authorizers?: Readonly<Record<string, RestAuthorizerConfig>>;
  /** Default `a1b2c3d4e5`. */
  readonly restApiId?: string;
  /** The stage, first path segment of every URL. Default `dev`. */
  readonly stage?: string;
  readonly stageVariables?: Readonly<Record<string, string>>;
  /** Integration timeout in **milliseconds**. Default 29000. */
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
  /** Clock in ms (authorizer cache expiry). Default `Date.now`. */
  readonly clock?: Clock;
  /** Receives one record per refused request. Default none. */
  readonly logger?: Logger;
}

/** A running local REST API. */
export interface RestApiEmulator {
  /** The stage URL, e.g. `http://127.0.0.1:4010/dev`. */
  readonly url: string;
  readonly port: number;
  close(): Promise<void>;
}

/**
 * Parses `method.request.header.X, method.request.querystring.y`.
 *
 * @throws Error naming a source that is neither a header nor a query string source
 */
export function parseIdentitySources(value: string): IdentitySource[] {
  return value.split(',').map((source) => parseIdentitySource(source, REST_IDENTITY_SOURCES));
}

function identityValues(request: ParsedRequest, sources: readonly IdentitySource[]): string[] | undefined {
  const values: string[] = [];
  for (const source of sources) {
    const value =
      source.from === 'header'
        ? headerValuesOf(request, source.name).at(-1)
        : request.queryStringParameters?.[source.name];
    if (value === undefined || value === '') return undefined;
    values.push(value);
  }
  return values;
}

/** Stringifies the authorizer context as the Lambda proxy event carries it. */
function proxyAuthorizer(result: Readonly<Record<string, unknown>>): Record<string, string> {
  const out: Record<string, string> = { principalId: String(result['principalId']) };
  const context = (result['context'] ?? {}) as Record<string, unknown>;
  for (const [key, value] of Object.entries(context)) out[key] = String(value);
  out['integrationLatency'] = '0';
  return out;
}

/** The request fields REST API (payload 1.0) authorizer and proxy events share. */
function requestFields(request: ParsedRequest, match: RouteMatch<RestMethodConfig>, resourcePath: string) {
  return {
    resource: match.resource,
    path: resourcePath,
    httpMethod: request.method,
    headers: request.headers,
    multiValueHeaders: request.multiValueHeaders,
    queryStringParameters: request.queryStringParameters,
    multiValueQueryStringParameters: request.multiValueQueryStringParameters,
  };
}

/**
 * Starts a local REST API.
 *
 * @throws Error when a resource template or identity source is malformed, or the port cannot be bound
 */
export async function startRestApiEmulator(options: RestApiOptions): Promise<RestApiEmulator> {
  const deployment = deploymentOf(options, options.restApiId ?? 'a1b2c3d4e5', options.stage ?? 'dev');
  const { apiId, stage } = deployment;
  const route = createRouter(options.resources);
  const log: Logger = options.logger ?? (() => {});
  const clock = options.clock ?? Date.now;
  const authorizers = new Map(
    Object.entries(options.authorizers ?? {}).map(([name, config]) => {
      const sources = parseIdentitySources(config.identitySource ?? 'method.request.header.Authorization');
      if (config.type === 'TOKEN' && (sources.length !== 1 || sources[0]!.from !== 'header')) {
        throw new Error(`TOKEN authorizer ${name} needs exactly one header identity source`);
      }
      const invoke = createAuthorizerInvoker({
        handler: config.handler,
        kind: 'rest',
        resultTtlInSeconds: config.resultTtlInSeconds ?? 300,
        clock,
        ...(config.timeoutMs === undefined ? {} : { timeoutMs: config.timeoutMs }),
      });
      const validation =
        config.identityValidationExpression === undefined
          ? undefined
          : new RegExp(config.identityValidationExpression);
      return [name, { config, sources, invoke, validation }] as const;
    }),
  );

  function requestContext(request: ParsedRequest, match: RouteMatch<RestMethodConfig>, resourcePath: string) {
    return {
      accountId: deployment.accountId,
      apiId,
      domainName: deployment.domainName,
      domainPrefix: apiId,
      extendedRequestId: request.requestId,
      httpMethod: request.method,
      identity: {
        accessKey: null,
        accountId: null,
        apiKey: null,
        apiKeyId: null,
        caller: null,
        clientCert: null,
        cognitoAuthenticationProvider: null,
        cognitoAuthenticationType: null,
        cognitoIdentityId: null,
        cognitoIdentityPoolId: null,
        principalOrgId: null,
        sourceIp: request.sourceIp,
        user: null,
        userAgent: headerValuesOf(request, 'user-agent').at(-1) ?? null,
        userArn: null,
      },
      path: `/${stage}${resourcePath}`,
      protocol: 'HTTP/1.1',
      requestId: request.requestId,
      requestTime: new Date(request.receivedAt).toUTCString(),
      requestTimeEpoch: request.receivedAt,
      resourceId: 'abc123',
      resourcePath: match.resource,
      stage,
    };
  }

  async function authorize(
    name: string,
    request: ParsedRequest,
    match: RouteMatch<RestMethodConfig>,
    resourcePath: string,
    methodArn: string,
  ): Promise<AuthorizerCall> {
    const authorizer = authorizers.get(name);
    if (authorizer === undefined) return { kind: 'error', detail: `unknown authorizer ${name}` };
    const values = identityValues(request, authorizer.sources);
    if (values === undefined) return { kind: 'unauthorized' };
    if (authorizer.config.type === 'TOKEN') {
      const token = values[0]!;
      if (authorizer.validation !== undefined && !authorizer.validation.test(token))
        return { kind: 'unauthorized' };
      const event: APIGatewayTokenAuthorizerEvent = { type: 'TOKEN', authorizationToken: token, methodArn };
      return authorizer.invoke(JSON.stringify(values), event);
    }
    const context = requestContext(request, match, resourcePath);
    const event = {
      type: 'REQUEST',
      methodArn,
      ...requestFields(request, match, resourcePath),
      pathParameters: match.pathParameters,
      stageVariables: options.stageVariables ?? null,
      requestContext: context,
    } as unknown as APIGatewayRequestAuthorizerEvent;
    return authorizer.invoke(JSON.stringify(values), event);
  }

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const request = await parseRequest(req, clock());
    if (request === undefined) {
      sendGatewayResponse(res, { requestId: 'n/a' }, 413, undefined, { message: 'Request Too Long' });
      return;
    }
    const prefix = `/${stage}`;
    if (request.path !== prefix && !request.path.startsWith(`${prefix}/`)) {
      sendGatewayResponse(res, request, 403, 'ForbiddenException', { message: 'Forbidden' });
      return;
    }
    const resourcePath = request.path.slice(prefix.length) || '/';
    const match = route(request.method, resourcePath);
    if (match === undefined) {
      sendGatewayResponse(res, request, 403, 'MissingAuthenticationTokenException', {
        message: 'Missing Authentication Token',
      });
      return;
    }
    let authorizerContext: Record<string, string> | undefined;
    if (match.value.authorizer !== undefined) {
      const methodArn = `${deployment.arnPrefix}/${request.method}${resourcePath}`;
      const call = await authorize(match.value.authorizer, request, match, resourcePath, methodArn);
      if (call.kind === 'unauthorized') {
        log({ level: 'info', event: 'apigateway_unauthorized', resource: match.resource });
        sendGatewayResponse(res, request, 401, 'UnauthorizedException', { message: 'Unauthorized' });
        return;
      }
      if (call.kind === 'error') {
        log({ level: 'error', event: 'apigateway_authorizer_configuration_error', detail: call.detail });
        sendGatewayResponse(res, request, 500, 'AuthorizerConfigurationException', { message: null });
        return;
      }
      const decision = evaluatePolicy(call.result['policyDocument'], methodArn);
      if (decision.effect === 'Deny') {
        log({ level: 'info', event: 'apigateway_denied', reason: decision.reason, resource: match.resource });
        sendGatewayResponse(res, request, 403, 'AccessDeniedException', {
          Message:
            decision.reason === 'explicit-deny'
              ? 'User is not authorized to access this resource with an explicit deny'
              : 'User is not authorized to access this resource',
        });
        return;
      }
      authorizerContext = proxyAuthorizer(call.result);
    }
    const event: APIGatewayProxyEvent = {
      ...requestFields(request, match, resourcePath),
      pathParameters: Object.keys(match.pathParameters).length > 0 ? { ...match.pathParameters } : null,
      stageVariables: options.stageVariables === undefined ? null : { ...options.stageVariables },
      requestContext: {
        ...requestContext(request, match, resourcePath),
        ...(authorizerContext === undefined ? {} : { authorizer: authorizerContext }),
      } as unknown as APIGatewayProxyEvent['requestContext'],
      body: request.body.length > 0 ? request.body.toString('utf8') : null,
      isBase64Encoded: false,
    };
    const outcome = await invokeHandler(match.value.handler, event, {
      timeoutMs: options.integrationTimeoutMs ?? 29_000,
    });
    if (!outcome.ok) {
      if (outcome.failure.kind === 'timeout') {
        sendGatewayResponse(res, request, 504, 'IntegrationTimeout', {
          message: 'Endpoint request timed out',
        });
      } else {
        sendGatewayResponse(res, request, 502, undefined, { message: 'Internal server error' });
      }
      return;
    }
    if (!sendProxyResult(res, request, outcome.result)) {
      sendGatewayResponse(res, request, 502, undefined, { message: 'Internal server error' });
    }
  }

  const server = await startServer(
    handle,
    (res) => sendGatewayResponse(res, { requestId: 'n/a' }, 500, undefined, { message: null }),
    { port: options.port, host: options.host, allowedHosts: options.allowedHosts },
  );
  return { url: `http://${server.host}:${server.port}/${stage}`, port: server.port, close: server.close };
}
