/**
 * From an `AWS::CloudFront::Distribution` in a template to the CloudFront emulator's options: the cache
 * behaviors in template order (then the default behavior), each with its origin, viewer-request Lambda@Edge
 * function (followed through the `EdgeFunction` plumbing — the cross-Region SSM parameter reader, the
 * parameter, the version — to the function and its staged code), trusted key groups (with the template's
 * `AWS::CloudFront::PublicKey` keys), response headers policy and allowed methods.
 *
 * What is not emulated is reported by name in {@link Findings}; nothing is dropped silently.
 *
 * @see [AWS CloudFormation - DistributionConfig](https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/aws-properties-cloudfront-distribution-distributionconfig.html)
 * @see [AWS CloudFormation - CacheBehavior](https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/aws-properties-cloudfront-distribution-cachebehavior.html)
 * @module
 */

import { join } from 'node:path';
import { isRecord } from 'edgeward/internal/core/record.js';
import type { CacheBehavior, CustomErrorResponse, ResponseCustomHeader } from '../cloudfront/emulator.js';
import { type CloudFrontFunction, loadCloudFrontFunction } from '../cloudfront/functions.js';
import { trustedKeyGroup } from '../cloudfront/key-group.js';
import type { Origin } from '../cloudfront/origins.js';
import { LocalStackError } from '../errors.js';
import type { Findings } from './findings.js';
import type { RehearsedFunction } from './functions.js';
import type { ResourceRecord, ResourceTarget, TemplateIndex } from './template.js';

/** What the distribution mapping needs from the rest of the rehearsal. */
export interface DistributionContext {
  readonly index: TemplateIndex;
  readonly findings: Findings;
  /** The function for an `AWS::Lambda::Function` record, prepared once; undefined when it cannot run. */
  functionFor(record: ResourceRecord): RehearsedFunction | undefined;
  /** The folder standing for an `AWS::S3::Bucket`. */
  bucketFolder(bucket: ResourceRecord): string;
  /** The local base URL of a mapped REST or HTTP API (without stage), if it runs. */
  apiBaseUrl(api: ResourceRecord): string | undefined;
  /** The public key (PEM) of a CloudFront key pair id the rehearsal knows (from a signing key it holds). */
  publicKeyFor(keyPairId: string): string | undefined;
  /** A local URL answering 502 for origins that cannot be reached from the rehearsal. */
  readonly unreachableOrigin: string;
}

/** A distribution ready for the CloudFront emulator. */
export interface MappedDistribution {
  readonly record: ResourceRecord;
  /** Cache behaviors in template order. */
  readonly behaviors: readonly CacheBehavior[];
  readonly defaultBehavior: Omit<CacheBehavior, 'pathPattern'>;
  readonly defaultRootObject?: string;
  /** The distribution's custom error responses with a page. */
  readonly customErrorResponses?: readonly CustomErrorResponse[];
  /** Alternate domain names (`Aliases`) that are concrete in the template. */
  readonly aliases: readonly string[];
  /** The viewer-request functions the behaviors run. */
  readonly functions: readonly RehearsedFunction[];
}

type Props = Readonly<Record<string, unknown>>;

const asProps = (value: unknown): Props => (isRecord(value) ? value : {});
const asList = (value: unknown): readonly unknown[] => (Array.isArray(value) ? value : []);

/**
 * The `AWS::Lambda::Function` behind a `LambdaFunctionARN`: through `Custom::CrossRegionStringParameterReader`
 * (a `cloudfront.experimental.EdgeFunction` in another Region), the `AWS::SSM::Parameter` it reads, an
 * `AWS::Lambda::Version`, or the function itself.
 */
export function edgeFunctionTarget(
  index: TemplateIndex,
  from: ResourceRecord,
  arn: unknown,
  seen: Set<string> = new Set(),
): { function?: ResourceRecord; problem?: string } {
  const target: ResourceTarget | undefined = index.target(from.stack, arn);
  if (target === undefined) {
    const literal = index.literal(from.stack, arn);
    return { problem: `the function ${literal ?? JSON.stringify(arn)} is not in this assembly` };
  }
  const key = `${target.stack.id}/${target.logicalId}`;
  if (seen.has(key)) return { problem: `the reference through ${key} loops` };
  seen.add(key);
  const props = target.resource.Properties ?? {};
  switch (target.resource.Type) {
    case 'AWS::Lambda::Function':
      return { function: target };
    case 'AWS::Lambda::Version':
      return edgeFunctionTarget(index, target, props['FunctionName'], seen);
    case 'Custom::CrossRegionStringParameterReader': {
      const name = index.literal(target.stack, props['ParameterName']);
      const region = index.literal(target.stack, props['Region']);
      const parameter = index
        .ofType('AWS::SSM::Parameter')
        .filter((p) => index.literal(p.stack, p.resource.Properties?.['Name']) === name)
        .sort((a, b) => Number(b.stack.region === region) - Number(a.stack.region === region))[0];
      if (parameter === undefined)
        return { problem: `no AWS::SSM::Parameter named ${name} in this assembly` };
      return edgeFunctionTarget(index, parameter, parameter.resource.Properties?.['Value'], seen);
    }
    default:
      return { problem: `${target.resource.Type} ${target.logicalId} is not a Lambda function version` };
  }
}

/** `Strict-Transport-Security`, `X-Frame-Options`… from a `SecurityHeadersConfig`. */
function securityHeaders(config: Props, literal: (v: unknown) => unknown): ResponseCustomHeader[] {
  const out: ResponseCustomHeader[] = [];
  const add = (header: string, value: string, entry: Props) =>
    out.push({ header, value, override: literal(entry['Override']) === true });
  const hsts = asProps(config['StrictTransportSecurity']);
  if (Object.keys(hsts).length > 0) {
    let value = `max-age=${literal(hsts['AccessControlMaxAgeSec'])}`;
    if (literal(hsts['IncludeSubdomains']) === true) value += '; includeSubDomains';
    if (literal(hsts['Preload']) === true) value += '; preload';
    add('Strict-Transport-Security', value, hsts);
  }
  const nosniff = asProps(config['ContentTypeOptions']);
  if (Object.keys(nosniff).length > 0) add('X-Content-Type-Options', 'nosniff', nosniff);
  const frame = asProps(config['FrameOptions']);
  if (Object.keys(frame).length > 0) add('X-Frame-Options', String(literal(frame['FrameOption'])), frame);
  const referrer = asProps(config['ReferrerPolicy']);
  if (Object.keys(referrer).length > 0)
    add('Referrer-Policy', String(literal(referrer['ReferrerPolicy'])), referrer);
  const csp = asProps(config['ContentSecurityPolicy']);
  if (Object.keys(csp).length > 0) {
    add('Content-Security-Policy', String(literal(csp['ContentSecurityPolicy'])), csp);
  }
  const xss = asProps(config['XSSProtection']);
  if (Object.keys(xss).length > 0) {
    let value = literal(xss['Protection']) === true ? '1' : '0';
    if (value === '1' && literal(xss['ModeBlock']) === true) value += '; mode=block';
    if (value === '1' && typeof literal(xss['ReportUri']) === 'string')
      value += `; report=${literal(xss['ReportUri'])}`;
    add('X-XSS-Protection', value, xss);
  }
  return out;
}

/**
 * The headers a behavior's response headers policy adds: its custom headers and security headers.
 * CORS, header removal and `Server-Timing` are reported, not emulated; so are AWS managed policies.
 */
export function responseHeadersOf(
  ctx: DistributionContext,
  distribution: ResourceRecord,
  policyId: unknown,
): ResponseCustomHeader[] {
  if (policyId === undefined) return [];
  const policy = ctx.index.target(distribution.stack, policyId);
  if (policy === undefined || policy.resource.Type !== 'AWS::CloudFront::ResponseHeadersPolicy') {
    const id = ctx.index.literal(distribution.stack, policyId) ?? JSON.stringify(policyId);
    ctx.findings.add(
      'unsupported',
      distribution,
      `response headers policy ${id} (an AWS managed or imported policy) is not emulated: its headers are not added`,
    );
    return [];
  }
  const literal = (v: unknown) => ctx.index.evaluate(policy.stack, v);
  const config = asProps(policy.resource.Properties?.['ResponseHeadersPolicyConfig']);
  for (const [part, what] of [
    ['CorsConfig', 'CORS headers'],
    ['RemoveHeadersConfig', 'header removal'],
    ['ServerTimingHeadersConfig', 'the Server-Timing header'],
  ] as const) {
    if (config[part] !== undefined) ctx.findings.add('unsupported', policy, `${part}: ${what} not emulated`);
  }
  const custom = asList(asProps(config['CustomHeadersConfig'])['Items']).map((item) => {
    const entry = asProps(item);
    return {
      header: String(literal(entry['Header'])),
      value: String(literal(entry['Value'])),
      override: literal(entry['Override']) === true,
    };
  });
  // A value built from a deploy-time attribute (e.g. a bucket's domain name in the CSP's connect-src)
  // cannot be evaluated locally: that header is left out, by name, rather than sent half-resolved.
  return [...securityHeaders(asProps(config['SecurityHeadersConfig']), literal), ...custom].filter((h) => {
    if (!`${h.header}${h.value}`.includes('\u0000')) return true;
    ctx.findings.add(
      'unsupported',
      policy,
      `${h.header}: its value depends on a deploy-time value; not sent`,
    );
    return false;
  });
}

/** The public keys (key pair id → PEM) of the trusted key groups of a behavior. */
function keyGroupKeys(
  ctx: DistributionContext,
  distribution: ResourceRecord,
  groups: unknown,
): Record<string, string> {
  const keys: Record<string, string> = {};
  for (const groupRef of asList(groups)) {
    const group = ctx.index.target(distribution.stack, groupRef);
    if (group === undefined || group.resource.Type !== 'AWS::CloudFront::KeyGroup') {
      ctx.findings.add(
        'unsupported',
        distribution,
        `trusted key group ${JSON.stringify(groupRef)} is not in this assembly: its keys are unknown, signed cookies are refused`,
      );
      continue;
    }
    for (const item of asList(asProps(group.resource.Properties?.['KeyGroupConfig'])['Items'])) {
      const publicKey = ctx.index.target(group.stack, item);
      if (publicKey?.resource.Type === 'AWS::CloudFront::PublicKey') {
        const config = asProps(publicKey.resource.Properties?.['PublicKeyConfig']);
        const pem = ctx.index.literal(publicKey.stack, config['EncodedKey']);
        if (pem === undefined) {
          ctx.findings.add('unsupported', publicKey, 'EncodedKey is not a literal PEM');
          continue;
        }
        // CloudFront assigns the id at deploy time; locally the key answers to its logical id.
        keys[publicKey.logicalId] = pem;
        ctx.findings.add(
          'substituted',
          publicKey,
          `CloudFront assigns this key's id at deploy time; the rehearsal calls it "${publicKey.logicalId}" (cookies signed with another Key-Pair-Id are refused)`,
        );
        continue;
      }
      const id = ctx.index.literal(group.stack, item);
      if (id === undefined) {
        ctx.findings.add('unsupported', group, `key group item ${JSON.stringify(item)} cannot be read`);
        continue;
      }
      const pem = ctx.publicKeyFor(id);
      if (pem === undefined) {
        ctx.findings.add(
          'unsupported',
          group,
          `public key ${id} exists outside the template and the rehearsal holds no signing key for it: cookies signed with it are refused`,
        );
        continue;
      }
      keys[id] = pem;
    }
  }
  return keys;
}

/** The local origin for one entry of `Origins`. */
function mapOrigin(ctx: DistributionContext, distribution: ResourceRecord, origin: Props): Origin {
  const { index } = ctx;
  const id = index.literal(distribution.stack, origin['Id']) ?? '?';
  const originPath = index.literal(distribution.stack, origin['OriginPath']) ?? '';
  const unreachable = (why: string): Origin => {
    ctx.findings.add('unsupported', distribution, `origin ${id}: ${why}; the rehearsal answers 502 for it`);
    return { kind: 'http', url: ctx.unreachableOrigin };
  };
  if (asList(origin['OriginCustomHeaders']).length > 0) {
    ctx.findings.add('unsupported', distribution, `origin ${id}: OriginCustomHeaders are not sent`);
  }
  const domain = origin['DomainName'];
  const direct = index.target(distribution.stack, domain);
  if (direct?.resource.Type === 'AWS::S3::Bucket') {
    if (origin['CustomOriginConfig'] !== undefined) {
      return unreachable('an S3 website endpoint is not emulated (only S3 REST origins behind OAC/OAI are)');
    }
    const root = ctx.bucketFolder(direct);
    return { kind: 'folder', root: originPath === '' ? root : join(root, originPath) };
  }
  const evaluated = index.evaluate(distribution.stack, domain);
  if (typeof evaluated === 'string') {
    const [api] = index
      .targetsIn(evaluated)
      .filter(
        (t) => t.resource.Type === 'AWS::ApiGateway::RestApi' || t.resource.Type === 'AWS::ApiGatewayV2::Api',
      );
    if (api !== undefined && /\.execute-api\./.test(evaluated)) {
      const base = ctx.apiBaseUrl(api);
      if (base === undefined) return unreachable(`API ${api.logicalId} does not run in the rehearsal`);
      return { kind: 'http', url: `${base}${originPath}` };
    }
  }
  const name = index.literal(distribution.stack, domain);
  return unreachable(`${name ?? 'a deploy-time domain'} is outside the assembly`);
}

const ALL_METHODS = ['GET', 'HEAD', 'OPTIONS', 'PUT', 'PATCH', 'POST', 'DELETE'];

/** One behavior (or the default behavior, `pathPattern` `*`). */
function mapBehavior(
  ctx: DistributionContext,
  distribution: ResourceRecord,
  behavior: Props,
  origins: ReadonlyMap<string, Origin>,
  functions: RehearsedFunction[],
): CacheBehavior {
  const { index } = ctx;
  const pathPattern = index.literal(distribution.stack, behavior['PathPattern']) ?? '*';
  const where = pathPattern === '*' ? 'default behavior' : `behavior ${pathPattern}`;
  const originId = index.literal(distribution.stack, behavior['TargetOriginId']) ?? '';
  let origin = origins.get(originId);
  if (origin === undefined) {
    ctx.findings.add(
      'unsupported',
      distribution,
      `${where}: target origin ${originId} is not emulated (origin groups are not)`,
    );
    origin = { kind: 'http', url: ctx.unreachableOrigin };
  }
  let viewerRequest: RehearsedFunction | undefined;
  let refuseAll = false;
  for (const entry of viewerRequestAssociations(
    ctx,
    distribution,
    behavior['LambdaFunctionAssociations'],
    (eventType) => `${where}: ${eventType} Lambda@Edge functions are not run`,
  )) {
    if (index.evaluate(distribution.stack, entry['IncludeBody']) === true) {
      ctx.findings.add(
        'unsupported',
        distribution,
        `${where}: IncludeBody (the request body in the event) is not emulated`,
      );
    }
    const found = edgeFunctionTarget(index, distribution, entry['LambdaFunctionARN']);
    const fn = found.function === undefined ? undefined : ctx.functionFor(found.function);
    if (fn === undefined) {
      ctx.findings.add(
        'unsupported',
        distribution,
        `${where}: the viewer-request function cannot run (${found.problem ?? 'see its own finding'}); the behavior answers 503 as CloudFront does for a broken function`,
      );
      refuseAll = true;
      continue;
    }
    viewerRequest = fn;
    if (!functions.includes(fn)) functions.push(fn);
  }
  const viewerRequestFunction = cloudFrontFunctionOf(ctx, distribution, behavior, where);
  if (viewerRequestFunction !== undefined && viewerRequest !== undefined) {
    // CloudFront refuses a behavior with both; the rehearsal runs the Lambda@Edge function and says so.
    ctx.findings.add(
      'unsupported',
      distribution,
      `${where}: both a CloudFront Function and a Lambda@Edge function at viewer-request (CloudFront refuses this); only the Lambda@Edge function runs`,
    );
  }
  const signers = behavior['TrustedSigners'] !== undefined;
  if (signers) {
    ctx.findings.add(
      'unsupported',
      distribution,
      `${where}: TrustedSigners (root-account key pairs) are not emulated; requests are refused with 403`,
    );
  }
  for (const unsupported of ['FieldLevelEncryptionId', 'RealtimeLogConfigArn', 'SmoothStreaming']) {
    if (behavior[unsupported] !== undefined && behavior[unsupported] !== false) {
      ctx.findings.add('unsupported', distribution, `${where}: ${unsupported} is not emulated`);
    }
  }
  const groups = behavior['TrustedKeyGroups'];
  const keys = groups === undefined && !signers ? undefined : keyGroupKeys(ctx, distribution, groups ?? []);
  const allowed = index.evaluate(distribution.stack, behavior['AllowedMethods']);
  const allowedMethods = Array.isArray(allowed) ? allowed.map(String) : ['GET', 'HEAD'];
  return {
    pathPattern,
    origin,
    ...(refuseAll
      ? {
          viewerRequest: () =>
            Promise.reject(
              new LocalStackError('local_stack_failed', 'the function cannot run in the rehearsal'),
            ),
        }
      : viewerRequest === undefined
        ? {}
        : { viewerRequest: viewerRequest.handler }),
    ...(viewerRequestFunction === undefined || viewerRequest !== undefined || refuseAll
      ? {}
      : { viewerRequestFunction }),
    ...(keys === undefined ? {} : { trustedKeyGroup: trustedKeyGroup(keys) }),
    responseHeaders: responseHeadersOf(ctx, distribution, behavior['ResponseHeadersPolicyId']),
    ...(allowedMethods.length === ALL_METHODS.length ? {} : { allowedMethods }),
  };
}

/**
 * The viewer-request entries of a behavior's `LambdaFunctionAssociations` or `FunctionAssociations`; each
 * entry at another event is a finding (`notRun` words it), as the rehearsal runs viewer-request only.
 */
function viewerRequestAssociations(
  ctx: DistributionContext,
  distribution: ResourceRecord,
  associations: unknown,
  notRun: (eventType: string | undefined) => string,
): Props[] {
  const entries: Props[] = [];
  for (const association of asList(associations)) {
    const entry = asProps(association);
    const eventType = ctx.index.literal(distribution.stack, entry['EventType']);
    if (eventType === 'viewer-request') entries.push(entry);
    else ctx.findings.add('unsupported', distribution, notRun(eventType));
  }
  return entries;
}

/**
 * The viewer-request CloudFront Function of a behavior (`FunctionAssociations`), loaded from the
 * `FunctionCode` of its `AWS::CloudFront::Function`; other events, and a function that cannot be read or
 * loaded, are findings.
 */
function cloudFrontFunctionOf(
  ctx: DistributionContext,
  distribution: ResourceRecord,
  behavior: Props,
  where: string,
): CloudFrontFunction | undefined {
  const { index } = ctx;
  let loaded: CloudFrontFunction | undefined;
  for (const entry of viewerRequestAssociations(
    ctx,
    distribution,
    behavior['FunctionAssociations'],
    (eventType) => `${where}: the ${eventType} CloudFront Function is not run`,
  )) {
    const target = index.target(distribution.stack, entry['FunctionARN']);
    const code =
      target?.resource.Type === 'AWS::CloudFront::Function'
        ? index.literal(target.stack, target.resource.Properties?.['FunctionCode'])
        : undefined;
    if (target === undefined || code === undefined) {
      ctx.findings.add(
        'unsupported',
        distribution,
        `${where}: the viewer-request CloudFront Function is not in this assembly with its code; it is not run`,
      );
      continue;
    }
    try {
      loaded = loadCloudFrontFunction(code, target.logicalId);
    } catch (error) {
      ctx.findings.add(
        'unsupported',
        distribution,
        `${where}: CloudFront Function ${target.logicalId} cannot run (${(error as Error).message}); it is not run`,
      );
    }
  }
  return loaded;
}

/**
 * The distribution's `CustomErrorResponses` with a page (`ResponsePagePath`); entries without a page only set
 * the error caching TTL, which the emulator does not model (it caches nothing).
 */
function customErrorResponsesOf(
  ctx: DistributionContext,
  record: ResourceRecord,
  value: unknown,
): CustomErrorResponse[] {
  const out: CustomErrorResponse[] = [];
  for (const item of asList(value)) {
    const entry = asProps(ctx.index.evaluate(record.stack, item));
    const errorCode = Number(ctx.index.evaluate(record.stack, entry['ErrorCode']));
    const page = ctx.index.literal(record.stack, entry['ResponsePagePath']);
    if (page === undefined) continue;
    const responseCode = ctx.index.evaluate(record.stack, entry['ResponseCode']);
    if (!Number.isInteger(errorCode)) {
      ctx.findings.add(
        'unsupported',
        record,
        `a custom error response without a literal ErrorCode is not emulated`,
      );
      continue;
    }
    out.push({
      errorCode,
      responsePagePath: page,
      ...(responseCode === undefined ? {} : { responseCode: Number(responseCode) }),
    });
  }
  return out;
}

/**
 * Maps one distribution. Reports (in `ctx.findings`) everything that changes how requests are answered and
 * is not emulated: other Lambda@Edge events, CloudFront Functions, custom error responses, geo restrictions,
 * web ACLs, origin groups, origins outside the assembly, managed response headers policies.
 */
export function mapDistribution(ctx: DistributionContext, record: ResourceRecord): MappedDistribution {
  const { index } = ctx;
  const config = asProps(record.resource.Properties?.['DistributionConfig']);
  if (index.evaluate(record.stack, config['Enabled']) === false) {
    ctx.findings.add(
      'unsupported',
      record,
      'the distribution is disabled (Enabled: false) but the rehearsal serves it',
    );
  }
  const customErrorResponses = customErrorResponsesOf(ctx, record, config['CustomErrorResponses']);
  if (config['OriginGroups'] !== undefined) {
    ctx.findings.add('unsupported', record, 'OriginGroups (origin failover) are not emulated');
  }
  if (config['WebACLId'] !== undefined) {
    ctx.findings.add(
      'unsupported',
      record,
      'the AWS WAF web ACL (WebACLId) is not emulated: no request is blocked by it',
    );
  }
  const geo = asProps(asProps(config['Restrictions'])['GeoRestriction']);
  if (
    geo['RestrictionType'] !== undefined &&
    index.literal(record.stack, geo['RestrictionType']) !== 'none'
  ) {
    ctx.findings.add('unsupported', record, 'GeoRestriction is not emulated');
  }
  if (config['ContinuousDeploymentPolicyId'] !== undefined) {
    ctx.findings.add('unsupported', record, 'continuous deployment (staging distribution) is not emulated');
  }
  const origins = new Map<string, Origin>();
  for (const origin of asList(config['Origins'])) {
    const props = asProps(origin);
    const id = index.literal(record.stack, props['Id']);
    if (id !== undefined) origins.set(id, mapOrigin(ctx, record, props));
  }
  const functions: RehearsedFunction[] = [];
  const behaviors = asList(config['CacheBehaviors']).map((b) =>
    mapBehavior(ctx, record, asProps(b), origins, functions),
  );
  const { pathPattern: _star, ...defaultBehavior } = mapBehavior(
    ctx,
    record,
    { ...asProps(config['DefaultCacheBehavior']), PathPattern: '*' },
    origins,
    functions,
  );
  const rootObject = index.literal(record.stack, config['DefaultRootObject']);
  const aliases = asList(index.evaluate(record.stack, config['Aliases']) ?? [])
    .map((a) => (typeof a === 'string' && !a.includes('\u0000') ? a.toLowerCase() : undefined))
    .filter((a): a is string => a !== undefined);
  return {
    record,
    behaviors,
    defaultBehavior,
    ...(rootObject ? { defaultRootObject: rootObject } : {}),
    ...(customErrorResponses.length === 0 ? {} : { customErrorResponses }),
    aliases,
    functions,
  };
}
