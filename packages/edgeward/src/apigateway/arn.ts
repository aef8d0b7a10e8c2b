/**
 * `methodArn` / `routeArn` parsing and building for `execute-api`.
 *
 * Format: `arn:{partition}:execute-api:{region}:{account}:{apiId}/{stage}/{VERB}/{path…}` (REST, HTTP API)
 * or `…:{apiId}/{stage}/{routeKey}` for route keys starting with `$` (WebSocket `$connect`, HTTP API
 * `$default`). Parsing is a bounded split: exactly five `:` separators are consumed, so a `:` inside the
 * path stays in the path (the chalice authorizer bug, aws/chalice#1775), and the whole path after the verb
 * is kept (awslabs/aws-apigateway-lambda-authorizer-blueprints#6). Parsed parts never contain `*` or `?`,
 * so nothing taken from an event can widen a policy.
 *
 * @see [Amazon API Gateway Developer Guide - Control access for invoking an API](https://docs.aws.amazon.com/apigateway/latest/developerguide/api-gateway-control-access-using-iam-policies-to-invoke-api.html)
 * @module
 */

/** A parsed `execute-api` ARN. */
export interface ExecuteApiArn {
  /** `aws`, `aws-cn`, `aws-us-gov`, … */
  readonly partition: string;
  readonly region: string;
  /** 12-digit account id. */
  readonly account: string;
  readonly apiId: string;
  readonly stage: string;
  /** Upper-case HTTP verb; absent for route-key ARNs (`$connect`, `$default`). */
  readonly verb?: string;
  /** Request path WITH a leading `/` (`/pets/1`; `/` for the root resource); absent for route-key ARNs. */
  readonly path?: string;
  /** Route key (`$connect`, `$default`) for ARNs without a verb. */
  readonly routeKey?: string;
}

/** Result of {@link parseExecuteApiArn}. */
export type ArnParseResult =
  | { readonly ok: true; readonly arn: ExecuteApiArn }
  | { readonly ok: false; readonly detail: string };

/** Longest ARN accepted (API Gateway's own limit for a method ARN is 1600 bytes). */
export const MAX_ARN_LENGTH = 1600;

const PARTITION = /^aws(?:-[a-z]+){0,2}$/;
const REGION = /^[a-z]{2}(?:-[a-z]+)+-\d{1,2}$/;
const ACCOUNT = /^\d{12}$/;
const API_ID = /^[a-z0-9]{1,64}$/;
const STAGE = /^[A-Za-z0-9_$-]{1,128}$/;
const VERB = /^[A-Z]{1,16}$/;
const ROUTE_KEY = /^\$[A-Za-z0-9_]{1,64}$/;

const UNSAFE = 'ARN contains a wildcard, space or control character';

function fail(detail: string): ArnParseResult {
  return { ok: false, detail };
}

/** Splits off the first `n` occurrences of `sep`; the last element keeps the remainder intact. */
function boundedSplit(s: string, sep: string, n: number): string[] | undefined {
  const parts: string[] = [];
  let from = 0;
  for (let i = 0; i < n; i++) {
    const at = s.indexOf(sep, from);
    if (at < 0) return undefined;
    parts.push(s.slice(from, at));
    from = at + sep.length;
  }
  parts.push(s.slice(from));
  return parts;
}

/** True for characters that would be wildcards or break a policy resource. */
function hasUnsafeChar(s: string): boolean {
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c === 42 /* * */ || c === 63 /* ? */ || c < 0x21 || c === 0x7f) return true;
  }
  return false;
}

/** The validated parts of an ARN before its route: partition, region, account, api id and stage. */
type StageParts = Pick<ExecuteApiArn, 'partition' | 'region' | 'account' | 'apiId' | 'stage'>;

/**
 * The stage of the last ARN parsed: its text up to the route (`arn:…:{apiId}/{stage}/`, validated) and its
 * parts. An authorizer sees the ARNs of one or a few stages, so a later ARN starting with this text has
 * these parts (the text holds exactly the five `:` and the two `/` the bounded split consumes) and only
 * its route is left to parse and check.
 */
let lastStage: { readonly text: string; readonly parts: StageParts } | undefined;

/**
 * Parses a `methodArn` (REST, WebSocket) or `routeArn` (HTTP API).
 *
 * Never throws: a malformed ARN (wrong service, bad region/account/api id/stage/verb, wildcard or control
 * characters, longer than {@link MAX_ARN_LENGTH}) gives `{ ok: false, detail }` naming the failed part.
 *
 * @example
 * ```ts
 * parseExecuteApiArn('arn:aws:execute-api:us-east-1:123456789012:abcdef123/test/GET/pets/1')
 * // → { ok: true, arn: { partition: 'aws', …, stage: 'test', verb: 'GET', path: '/pets/1' } }
 * ```
 */
export function parseExecuteApiArn(value: unknown): ArnParseResult {
  if (typeof value !== 'string') return fail('ARN is not a string');
  if (value.length > MAX_ARN_LENGTH) return fail('ARN is too long');
  const known = lastStage;
  // `slice(…) ===` rather than `startsWith`: V8 compares a 60-character prefix several times faster so
  if (known !== undefined && value.slice(0, known.text.length) === known.text) {
    // the stage text was checked when it was remembered: only the route is left to check
    const rest = value.slice(known.text.length);
    if (hasUnsafeChar(rest)) return fail(UNSAFE);
    return parseRoute(known.parts, rest);
  }
  if (hasUnsafeChar(value)) return fail(UNSAFE);
  const parts = boundedSplit(value, ':', 5);
  if (parts === undefined) return fail('ARN has fewer than six colon-separated parts');
  const [arn, partition, service, region, account, resource] = parts as [
    string,
    string,
    string,
    string,
    string,
    string,
  ];
  if (arn !== 'arn') return fail('ARN does not start with "arn:"');
  if (!PARTITION.test(partition)) return fail('ARN partition is invalid');
  if (service !== 'execute-api') return fail('ARN service is not execute-api');
  if (!REGION.test(region)) return fail('ARN region is invalid');
  if (!ACCOUNT.test(account)) return fail('ARN account is invalid');
  const res = boundedSplit(resource, '/', 2);
  if (res === undefined) return fail('ARN resource lacks api id, stage and route');
  const [apiId, stage, rest] = res as [string, string, string];
  if (!API_ID.test(apiId)) return fail('ARN api id is invalid');
  if (!STAGE.test(stage)) return fail('ARN stage is invalid');
  const stageParts: StageParts = { partition, region, account, apiId, stage };
  lastStage = { text: value.slice(0, value.length - rest.length), parts: stageParts };
  return parseRoute(stageParts, rest);
}

/** The route part of an ARN (after `{stage}/`): a route key, or a verb and a path. */
function parseRoute(base: StageParts, rest: string): ArnParseResult {
  const { partition, region, account, apiId, stage } = base;
  // Literals, not `{ ...base, verb }`: V8 takes a slow path when a spread is followed by new properties
  // (docs/verification.md), and this runs on every invocation.
  if (rest.startsWith('$')) {
    if (!ROUTE_KEY.test(rest)) return fail('ARN route key is invalid');
    return { ok: true, arn: { partition, region, account, apiId, stage, routeKey: rest } };
  }
  const slash = rest.indexOf('/');
  if (slash < 0) return fail('ARN lacks a path after the verb');
  const verb = rest.slice(0, slash);
  if (!VERB.test(verb)) return fail('ARN verb is invalid');
  return { ok: true, arn: { partition, region, account, apiId, stage, verb, path: rest.slice(slash) } };
}

/** `arn:{partition}:execute-api:{region}:{account}:{apiId}/{stage}` — the prefix every resource shares. */
export function arnPrefix(arn: ExecuteApiArn): string {
  return `arn:${arn.partition}:execute-api:${arn.region}:${arn.account}:${arn.apiId}/${arn.stage}`;
}

/**
 * Builds a policy resource for `verb` (`*` for any) and a path glob given WITH its leading `/`
 * (`/pets/*`); the leading `/` is dropped as in method ARNs (`…/GET/pets/*`). A glob that does not start
 * with `/` (e.g. `*`) is appended as is.
 */
export function resourceArn(arn: ExecuteApiArn, verb: string, pathGlob: string): string {
  const suffix = pathGlob.startsWith('/') ? pathGlob.slice(1) : pathGlob;
  return `${arnPrefix(arn)}/${verb}/${suffix}`;
}

/** Re-serializes a parsed ARN (inverse of {@link parseExecuteApiArn}). */
export function formatExecuteApiArn(arn: ExecuteApiArn): string {
  if (arn.routeKey !== undefined) return `${arnPrefix(arn)}/${arn.routeKey}`;
  return resourceArn(arn, arn.verb ?? '*', arn.path ?? '/');
}
