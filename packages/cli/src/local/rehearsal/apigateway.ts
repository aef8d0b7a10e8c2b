/**
 * From API Gateway resources in a template to the API Gateway emulators' options: a REST API's resource
 * tree, methods and Lambda authorizers (`TOKEN`/`REQUEST`, identity source, identity validation expression,
 * result TTL), its stage and stage variables; an HTTP API's routes and Lambda authorizers (payload 2.0,
 * simple or IAM responses, identity sources, result TTL). Authorizers run their staged code; every
 * integration is answered by a stub backend that echoes what the authorizer passed on.
 *
 * Methods protected by something the rehearsal cannot run (IAM, Cognito user pool or JWT authorizers,
 * an authorizer whose code cannot run) are left out — they answer as a missing route — and reported:
 * the rehearsal never serves a protected method without its protection.
 *
 * @see [AWS CloudFormation - AWS::ApiGateway::Authorizer](https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/aws-resource-apigateway-authorizer.html)
 * @see [AWS CloudFormation - AWS::ApiGatewayV2::Authorizer](https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/aws-resource-apigatewayv2-authorizer.html)
 * @module
 */
import type { HttpApiAuthorizerOptions, HttpApiRouteOptions } from '../apigateway/http-api.js';
import type { RestAuthorizerConfig, RestMethodConfig } from '../apigateway/rest-api.js';
import type { LambdaHandler } from '../lambda.js';
import type { Findings } from './findings.js';
import type { RehearsedFunction } from './functions.js';
import type { ResourceRecord, TemplateIndex } from './template.js';

/** What the API mapping needs from the rest of the rehearsal. */
export interface ApiContext {
  readonly index: TemplateIndex;
  readonly findings: Findings;
  /** The function for an `AWS::Lambda::Function` record, prepared once; undefined when it cannot run. */
  functionFor(record: ResourceRecord): RehearsedFunction | undefined;
}

/** A REST API ready for the REST API emulator. */
export interface MappedRestApi {
  readonly record: ResourceRecord;
  readonly stage: string;
  readonly stageVariables?: Readonly<Record<string, string>>;
  readonly resources: Readonly<Record<string, Readonly<Record<string, RestMethodConfig>>>>;
  readonly authorizers: Readonly<Record<string, RestAuthorizerConfig>>;
  /** The authorizer functions, by authorizer logical id. */
  readonly functions: ReadonlyMap<string, RehearsedFunction>;
}

/** An HTTP API ready for the HTTP API emulator. */
export interface MappedHttpApi {
  readonly record: ResourceRecord;
  readonly routes: Readonly<Record<string, HttpApiRouteOptions>>;
  readonly authorizers: Readonly<Record<string, HttpApiAuthorizerOptions>>;
  readonly functions: ReadonlyMap<string, RehearsedFunction>;
}

type Props = Readonly<Record<string, unknown>>;

/** API Gateway's authorizer timeout, in seconds. */
const AUTHORIZER_TIMEOUT_SECONDS = 10;

/**
 * The stub integration: answers 200 with what API Gateway passed on — method, path, the authorizer's
 * `principalId` and context — so a caller sees what the authorizer decided without a real backend.
 */
export const stubBackend: LambdaHandler = async (event: never) => {
  const e = event as {
    httpMethod?: string;
    path?: string;
    resource?: string;
    routeKey?: string;
    rawPath?: string;
    requestContext?: { http?: { method?: string }; authorizer?: unknown };
  };
  const body = {
    stub: 'edgeward rehearsal: the integration is not run',
    method: e.httpMethod ?? e.requestContext?.http?.method,
    path: e.path ?? e.rawPath,
    route: e.resource ?? e.routeKey,
    authorizer: e.requestContext?.authorizer ?? null,
  };
  return {
    statusCode: 200,
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  };
};

/** The Lambda function an authorizer or integration URI points at. */
function lambdaIn(ctx: ApiContext, from: ResourceRecord, value: unknown): ResourceRecord | undefined {
  return ctx.index.referencedIn(from.stack, value).find((t) => t.resource.Type === 'AWS::Lambda::Function');
}

/** The resources of `type` whose `property` refers to `api`. */
function childrenOf(ctx: ApiContext, api: ResourceRecord, type: string, property: string): ResourceRecord[] {
  return ctx.index.ofType(type).filter((r) => {
    const target = ctx.index.target(r.stack, r.resource.Properties?.[property]);
    return target?.stack === api.stack && target.logicalId === api.logicalId;
  });
}

/** Notes the integration of a method or route: its function is not run, the stub answers. */
function noteIntegration(
  ctx: ApiContext,
  owner: ResourceRecord,
  what: string,
  integration: { readonly from: ResourceRecord; readonly value: unknown },
): void {
  const fn = lambdaIn(ctx, integration.from, integration.value);
  ctx.findings.add(
    'substituted',
    owner,
    `${what}: the integration${fn === undefined ? '' : ` (${fn.logicalId})`} is not run; a stub backend answers 200 with the authorizer's context`,
  );
}

/** The function behind an authorizer's `AuthorizerUri`, or undefined (reported) when it cannot run. */
function authorizerFunction(
  ctx: ApiContext,
  auth: ResourceRecord,
  users: 'methods' | 'routes',
): RehearsedFunction | undefined {
  const target = lambdaIn(ctx, auth, auth.resource.Properties?.['AuthorizerUri']);
  const fn = target === undefined ? undefined : ctx.functionFor(target);
  if (fn === undefined) {
    ctx.findings.add(
      'unsupported',
      auth,
      `the authorizer's function cannot run; the ${users} using it are left out`,
    );
  }
  return fn;
}

function timeoutMs(fn: RehearsedFunction): number {
  return Math.min(fn.timeoutSeconds, AUTHORIZER_TIMEOUT_SECONDS) * 1000;
}

/**
 * The authorizer protecting a method or route (`AuthorizationType` `CUSTOM` with a running authorizer), none
 * for `NONE`, or undefined — reported, and the method or route left out — when its protection cannot run.
 */
function protectionOf(
  ctx: ApiContext,
  record: ResourceRecord,
  where: string,
  running: Readonly<Record<string, unknown>>,
  noun: 'method' | 'route',
): { readonly authorizer?: string } | undefined {
  const p = record.resource.Properties ?? {};
  const authorization = ctx.index.literal(record.stack, p['AuthorizationType']) ?? 'NONE';
  if (authorization === 'NONE') return {};
  if (authorization !== 'CUSTOM') {
    ctx.findings.add(
      'unsupported',
      record,
      `${where}: ${authorization} authorization is not emulated; the ${noun} is left out`,
    );
    return undefined;
  }
  const target = ctx.index.target(record.stack, p['AuthorizerId']);
  if (target === undefined || running[target.logicalId] === undefined) {
    ctx.findings.add('unsupported', record, `${where}: its authorizer does not run; the ${noun} is left out`);
    return undefined;
  }
  return { authorizer: target.logicalId };
}

/** Maps one `AWS::ApiGateway::RestApi`. */
export function mapRestApi(ctx: ApiContext, api: ResourceRecord): MappedRestApi {
  const { index, findings } = ctx;
  const props = api.resource.Properties ?? {};
  if (props['Body'] !== undefined || props['BodyS3Location'] !== undefined) {
    findings.add(
      'unsupported',
      api,
      'an API defined by an OpenAPI Body is not read; only AWS::ApiGateway::Resource/Method resources are',
    );
  }
  for (const type of [
    'AWS::ApiGateway::GatewayResponse',
    'AWS::ApiGateway::RequestValidator',
    'AWS::ApiGateway::UsagePlan',
  ]) {
    for (const r of childrenOf(ctx, api, type, 'RestApiId')) findings.add('unsupported', r, 'not emulated');
  }
  // Resource tree: logical id → path.
  const resources = childrenOf(ctx, api, 'AWS::ApiGateway::Resource', 'RestApiId');
  const paths = new Map<string, string>();
  const pathOf = (value: unknown, from: ResourceRecord, depth = 0): string | undefined => {
    const target = index.target(from.stack, value);
    if (target === undefined || depth > 64) return undefined;
    if (target.logicalId === api.logicalId && target.attribute === 'RootResourceId') return '/';
    if (target.resource.Type !== 'AWS::ApiGateway::Resource') return undefined;
    const known = paths.get(target.logicalId);
    if (known !== undefined) return known;
    const parent = pathOf(target.resource.Properties?.['ParentId'], target, depth + 1);
    const part = index.literal(target.stack, target.resource.Properties?.['PathPart']);
    if (parent === undefined || part === undefined) return undefined;
    const path = `${parent === '/' ? '' : parent}/${part}`;
    paths.set(target.logicalId, path);
    return path;
  };
  for (const r of resources) pathOf({ Ref: r.logicalId }, r);

  // Authorizers.
  const authorizers: Record<string, RestAuthorizerConfig> = {};
  const functions = new Map<string, RehearsedFunction>();
  for (const auth of childrenOf(ctx, api, 'AWS::ApiGateway::Authorizer', 'RestApiId')) {
    const p = auth.resource.Properties ?? {};
    const type = index.literal(auth.stack, p['Type']);
    if (type !== 'TOKEN' && type !== 'REQUEST') {
      findings.add(
        'unsupported',
        auth,
        `${type} authorizers are not emulated; the methods using it are left out`,
      );
      continue;
    }
    const fn = authorizerFunction(ctx, auth, 'methods');
    if (fn === undefined) continue;
    if (p['AuthorizerCredentials'] !== undefined) {
      findings.add(
        'substituted',
        auth,
        'AuthorizerCredentials (the role API Gateway assumes) are not checked',
      );
    }
    const identitySource = index.literal(auth.stack, p['IdentitySource']);
    const validation = index.literal(auth.stack, p['IdentityValidationExpression']);
    const ttl = index.evaluate(auth.stack, p['AuthorizerResultTtlInSeconds']);
    authorizers[auth.logicalId] = {
      type,
      handler: fn.handler,
      ...(identitySource === undefined ? {} : { identitySource: identitySource.replace(/\s+/g, '') }),
      ...(validation === undefined ? {} : { identityValidationExpression: validation }),
      resultTtlInSeconds: typeof ttl === 'number' ? ttl : 300,
      timeoutMs: timeoutMs(fn),
    };
    functions.set(auth.logicalId, fn);
  }

  // Methods.
  const methods: Record<string, Record<string, RestMethodConfig>> = {};
  for (const method of childrenOf(ctx, api, 'AWS::ApiGateway::Method', 'RestApiId')) {
    const p = method.resource.Properties ?? {};
    const verb = index.literal(method.stack, p['HttpMethod'])?.toUpperCase();
    const path = pathOf(p['ResourceId'], method);
    if (verb === undefined || path === undefined) {
      findings.add('unsupported', method, 'its resource path or HTTP method cannot be read; left out');
      continue;
    }
    const where = `${verb} ${path}`;
    const access = protectionOf(ctx, method, where, authorizers, 'method');
    if (access === undefined) continue;
    const { authorizer } = access;
    if (index.evaluate(method.stack, p['ApiKeyRequired']) === true) {
      findings.add('unsupported', method, `${where}: API keys are not checked`);
    }
    noteIntegration(ctx, method, where, { from: method, value: p['Integration'] });
    methods[path] = {
      ...methods[path],
      [verb]: { handler: stubBackend, ...(authorizer === undefined ? {} : { authorizer }) },
    };
  }

  // Stage: the first AWS::ApiGateway::Stage, else a deployment's StageName.
  const stages = childrenOf(ctx, api, 'AWS::ApiGateway::Stage', 'RestApiId');
  for (const extra of stages.slice(1)) {
    findings.add('unsupported', extra, 'only the first stage of an API is served');
  }
  const stage = stages[0];
  const deploymentStage = childrenOf(ctx, api, 'AWS::ApiGateway::Deployment', 'RestApiId')
    .map((d) => index.literal(d.stack, d.resource.Properties?.['StageName']))
    .find((s) => s !== undefined);
  const stageName =
    (stage && index.literal(stage.stack, stage.resource.Properties?.['StageName'])) ??
    deploymentStage ??
    'prod';
  const variables = stage?.resource.Properties?.['Variables'] as Props | undefined;
  const stageVariables: Record<string, string> = {};
  for (const [k, v] of Object.entries(variables ?? {})) {
    const text = stage && index.literal(stage.stack, v);
    if (text !== undefined) stageVariables[k] = text;
  }
  return {
    record: api,
    stage: stageName,
    ...(Object.keys(stageVariables).length > 0 ? { stageVariables } : {}),
    resources: methods,
    authorizers,
    functions,
  };
}

/** Maps one `AWS::ApiGatewayV2::Api` of protocol `HTTP`; undefined (reported) for other protocols. */
export function mapHttpApi(ctx: ApiContext, api: ResourceRecord): MappedHttpApi | undefined {
  const { index, findings } = ctx;
  const props = api.resource.Properties ?? {};
  const protocol = index.literal(api.stack, props['ProtocolType']) ?? 'HTTP';
  if (protocol !== 'HTTP') {
    findings.add('unsupported', api, `${protocol} APIs are not emulated`);
    return undefined;
  }
  if (props['Body'] !== undefined || props['BodyS3Location'] !== undefined || props['Target'] !== undefined) {
    findings.add(
      'unsupported',
      api,
      'an API defined by an OpenAPI Body or quick create Target is not read; only AWS::ApiGatewayV2::Route resources are',
    );
  }
  const authorizers: Record<string, HttpApiAuthorizerOptions> = {};
  const functions = new Map<string, RehearsedFunction>();
  for (const auth of childrenOf(ctx, api, 'AWS::ApiGatewayV2::Authorizer', 'ApiId')) {
    const p = auth.resource.Properties ?? {};
    const type = index.literal(auth.stack, p['AuthorizerType']);
    const payload = index.literal(auth.stack, p['AuthorizerPayloadFormatVersion']);
    if (type !== 'REQUEST' || payload !== '2.0') {
      findings.add(
        'unsupported',
        auth,
        `${type === 'REQUEST' ? `payload format ${payload}` : `${type}`} authorizers are not emulated (Lambda authorizers with payload 2.0 are); the routes using it are left out`,
      );
      continue;
    }
    const fn = authorizerFunction(ctx, auth, 'routes');
    if (fn === undefined) continue;
    const sources = index.evaluate(auth.stack, p['IdentitySource']);
    const ttl = index.evaluate(auth.stack, p['AuthorizerResultTtlInSeconds']);
    authorizers[auth.logicalId] = {
      handler: fn.handler,
      ...(Array.isArray(sources) ? { identitySource: sources.map(String) } : {}),
      response: index.evaluate(auth.stack, p['EnableSimpleResponses']) === true ? 'simple' : 'iam',
      resultTtlInSeconds: typeof ttl === 'number' ? ttl : 0,
      timeoutMs: timeoutMs(fn),
    };
    functions.set(auth.logicalId, fn);
  }
  const routes: Record<string, HttpApiRouteOptions> = {};
  for (const route of childrenOf(ctx, api, 'AWS::ApiGatewayV2::Route', 'ApiId')) {
    const p = route.resource.Properties ?? {};
    const key = index.literal(route.stack, p['RouteKey']);
    if (key === undefined) {
      findings.add('unsupported', route, 'its RouteKey cannot be read; left out');
      continue;
    }
    const access = protectionOf(ctx, route, key, authorizers, 'route');
    if (access === undefined) continue;
    const { authorizer } = access;
    const integration = index
      .referencedIn(route.stack, p['Target'])
      .find((t) => t.resource.Type === 'AWS::ApiGatewayV2::Integration');
    noteIntegration(ctx, route, key, {
      from: integration ?? route,
      value: integration?.resource.Properties?.['IntegrationUri'] ?? p['Target'],
    });
    routes[key] = { handler: stubBackend, ...(authorizer === undefined ? {} : { authorizer }) };
  }
  for (const stage of childrenOf(ctx, api, 'AWS::ApiGatewayV2::Stage', 'ApiId')) {
    const name = index.literal(stage.stack, stage.resource.Properties?.['StageName']);
    if (name !== '$default')
      findings.add('unsupported', stage, `stage ${name} is not served (only $default is)`);
  }
  return { record: api, routes, authorizers, functions };
}
