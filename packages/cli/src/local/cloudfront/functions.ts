/**
 * CloudFront Functions at the viewer-request event, for the emulator: the function's code (JavaScript
 * runtime 1.0 or 2.0) runs in its own `node:vm` context — no `require`, no `process`, no network, as in
 * CloudFront — and `handler(event)` gets the CloudFront Functions event (header, cookie and query-string
 * values as `{ value }` objects, keyed by lower-case name). What it returns is translated into the shapes
 * of a Lambda@Edge viewer-request result, so the emulator applies one set of rules to both: a request
 * goes on to the origin (the cache behavior stays the one chosen for the original URI), a response
 * (`statusCode`) is answered as generated.
 *
 * Not emulated: the compute-utilization limit (a 1-second wall-clock limit stands in for it), the
 * `cloudfront` helper module (key value stores, origin modification) and the viewer-response event.
 *
 * @see [Amazon CloudFront Developer Guide - CloudFront Functions event structure](https://docs.aws.amazon.com/AmazonCloudFront/latest/DeveloperGuide/functions-event-structure.html)
 * @see [Amazon CloudFront Developer Guide - JavaScript runtime 2.0 features for CloudFront Functions](https://docs.aws.amazon.com/AmazonCloudFront/latest/DeveloperGuide/functions-javascript-runtime-20.html)
 * @module
 */

import { createContext, Script } from 'node:vm';
import type { CloudFrontHeaders, CloudFrontRequest } from 'aws-lambda';
import { isRecord } from 'edgeward/internal/core/record.js';
import { parseCookieHeaders } from 'edgeward/internal/core/session/cookie-header.js';
import { LocalStackError } from '../errors.js';
import type { DistributionIdentity } from './event.js';

/** A `{ value }` entry of the event; repeated query parameters and cookies add `multiValue`. */
export interface FunctionValue {
  readonly value: string;
  readonly multiValue?: readonly { readonly value: string }[];
}

/** The viewer-request event a CloudFront Function receives. */
export interface CloudFrontFunctionEvent {
  readonly version: '1.0';
  readonly context: DistributionIdentity & {
    readonly eventType: 'viewer-request';
    readonly requestId: string;
  };
  readonly viewer: { readonly ip: string };
  readonly request: {
    readonly method: string;
    readonly uri: string;
    readonly querystring: Record<string, FunctionValue>;
    readonly headers: Record<string, FunctionValue>;
    readonly cookies: Record<string, FunctionValue>;
  };
}

/** A loaded CloudFront Function: `handler(event)`, its result as the function returned it. */
export type CloudFrontFunction = (event: CloudFrontFunctionEvent) => Promise<unknown>;

/** Wall-clock limit of one invocation in the emulator, in milliseconds. */
const TIMEOUT_MS = 1000;

/**
 * Loads a CloudFront Function's code (the `FunctionCode` of an `AWS::CloudFront::Function`).
 *
 * @param name - the function's name, for messages
 * @throws LocalStackError `local_config_invalid` when the code does not compile or defines no `handler`
 */
export function loadCloudFrontFunction(code: string, name: string): CloudFrontFunction {
  const context = createContext({});
  try {
    new Script(code, { filename: `${name}.js` }).runInContext(context, { timeout: TIMEOUT_MS });
  } catch (error) {
    throw new LocalStackError('local_config_invalid', `CloudFront Function ${name} does not load`, {
      cause: error,
    });
  }
  if (typeof (context as { handler?: unknown }).handler !== 'function') {
    throw new LocalStackError('local_config_invalid', `CloudFront Function ${name} defines no handler`);
  }
  const invoke = new Script('handler(__edgewardEvent)', { filename: `${name}-invoke.js` });
  return async (event) => {
    // The event is copied into the function's context: it may change it without touching the emulator's.
    (context as { __edgewardEvent?: unknown }).__edgewardEvent = structuredClone(event);
    return await invoke.runInContext(context, { timeout: TIMEOUT_MS });
  };
}

/** Groups `name=value` pairs (query string or cookies) into the event's `{ value, multiValue }` entries. */
function valuesOf(pairs: readonly (readonly [string, string])[]): Record<string, FunctionValue> {
  const grouped = new Map<string, string[]>();
  for (const [name, value] of pairs) grouped.set(name, [...(grouped.get(name) ?? []), value]);
  const out: Record<string, FunctionValue> = {};
  for (const [name, values] of grouped) {
    out[name] =
      values.length === 1
        ? { value: values[0]! }
        : { value: values[0]!, multiValue: values.map((value) => ({ value })) };
  }
  return out;
}

/** The viewer-request event of `request` for a CloudFront Function. */
export function functionEventOf(
  request: CloudFrontRequest,
  distribution: DistributionIdentity,
  requestId: string,
): CloudFrontFunctionEvent {
  const headers: Record<string, FunctionValue> = {};
  for (const [name, entries] of Object.entries(request.headers)) {
    if (name !== 'cookie') headers[name] = { value: entries.map((e) => e.value).join(',') };
  }
  const cookies = parseCookieHeaders((request.headers['cookie'] ?? []).map((e) => e.value));
  const queryPairs: [string, string][] = request.querystring
    .split('&')
    .filter((p) => p !== '')
    .map((p) => {
      const eq = p.indexOf('=');
      return eq < 0 ? [p, ''] : [p.slice(0, eq), p.slice(eq + 1)];
    });
  return {
    version: '1.0',
    context: { ...distribution, eventType: 'viewer-request', requestId },
    viewer: { ip: request.clientIp },
    request: {
      method: request.method,
      uri: request.uri,
      querystring: valuesOf(queryPairs),
      headers,
      cookies: valuesOf(cookies.map((c) => [c.name, c.value] as const)),
    },
  };
}

const stringValueOf = (entry: unknown): string | undefined =>
  isRecord(entry) && typeof entry['value'] === 'string' ? entry['value'] : undefined;

/** Every value of an entry: its `multiValue` list when present, else its `value`. */
function allValues(entry: unknown): string[] {
  if (isRecord(entry) && Array.isArray(entry['multiValue'])) {
    return entry['multiValue'].map(stringValueOf).filter((v): v is string => v !== undefined);
  }
  const value = stringValueOf(entry);
  return value === undefined ? [] : [value];
}

/**
 * A Lambda@Edge-style header map from the function's `headers` (and `cookies`, as `Cookie`); a header the
 * viewer sent keeps the viewer's spelling of its name (`key`), as CloudFront passes it on.
 */
function headersFrom(
  headers: unknown,
  cookies: unknown,
  original: CloudFrontHeaders = {},
): CloudFrontHeaders {
  const out: CloudFrontHeaders = {};
  const keyOf = (name: string, fallback: string) => original[name]?.[0]?.key ?? fallback;
  if (isRecord(headers)) {
    for (const [header, entry] of Object.entries(headers)) {
      const name = header.toLowerCase();
      const values = allValues(entry);
      if (values.length > 0) out[name] = values.map((value) => ({ key: keyOf(name, header), value }));
    }
  }
  if (isRecord(cookies)) {
    const pairs = Object.entries(cookies).flatMap(([name, entry]) =>
      allValues(entry).map((v) => `${name}=${v}`),
    );
    if (pairs.length > 0) out['cookie'] = [{ key: keyOf('cookie', 'Cookie'), value: pairs.join('; ') }];
  }
  return out;
}

/**
 * What a CloudFront Function returned, in the shapes of a Lambda@Edge viewer-request result (to be checked
 * like one): a response (`statusCode`) becomes `{ status, statusDescription, headers, body }`, a request
 * becomes `request` with the function's URI, query string and headers. Anything else is passed on as it
 * is, for the check to refuse.
 *
 * @param request - the request the function received (the parts a function cannot change are kept)
 */
export function lambdaResultOf(request: CloudFrontRequest, result: unknown): unknown {
  if (!isRecord(result)) return result;
  if ('statusCode' in result) {
    const body = result['body'];
    const text = typeof body === 'string' ? body : isRecord(body) ? body['data'] : undefined;
    const encoding = isRecord(body) && body['encoding'] === 'base64' ? 'base64' : 'text';
    return {
      status: String(result['statusCode']),
      ...(typeof result['statusDescription'] === 'string'
        ? { statusDescription: result['statusDescription'] }
        : {}),
      headers: headersFrom(result['headers'], undefined),
      ...(typeof text === 'string' ? { body: text, bodyEncoding: encoding } : {}),
    };
  }
  const query = isRecord(result['querystring'])
    ? Object.entries(result['querystring'])
        .flatMap(([name, entry]) => allValues(entry).map((v) => (v === '' ? name : `${name}=${v}`)))
        .join('&')
    : request.querystring;
  return {
    ...request,
    method: typeof result['method'] === 'string' ? result['method'] : request.method,
    uri: result['uri'],
    querystring: query,
    headers: headersFrom(result['headers'], result['cookies'], request.headers),
  };
}
