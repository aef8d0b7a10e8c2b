/**
 * A local CloudFront distribution on node:http: ordered cache behaviors, each with an origin (a folder
 * standing for an S3 bucket behind OAC, or an HTTP server) and optionally a trusted key group (signed
 * cookies, checked by the distribution itself) and/or a Lambda@Edge viewer-request function (a built
 * bundle loaded with a dynamic `import()`).
 *
 * It enforces what CloudFront enforces: request line + headers ≤ 20,480 bytes (else 494), URL ≤ 8,192 bytes
 * (else 414); a function that throws, rejects or runs past 5 s → `503 LambdaExecutionError`; a result that
 * fails validation (bad status, read-only or disallowed header touched, generated response > 40 KB,
 * malformed headers) → `502 LambdaValidationError`. Responses carry CloudFront's `x-cache`, `via`,
 * `x-amz-cf-pop` and `x-amz-cf-id` headers. Custom error responses replace origin and function-generated
 * responses of their status with a page fetched from the origin (`./error-pages.ts`).
 *
 * @see [Amazon CloudFront Developer Guide - CloudFront events that can trigger a Lambda@Edge function](https://docs.aws.amazon.com/AmazonCloudFront/latest/DeveloperGuide/lambda-cloudfront-trigger-events.html)
 * @see [Amazon CloudFront Developer Guide - HTTP 502 status code (Lambda validation error)](https://docs.aws.amazon.com/AmazonCloudFront/latest/DeveloperGuide/http-502-lambda-validation-error.html)
 * @see [Amazon CloudFront Developer Guide - HTTP 503 status code (Lambda execution error)](https://docs.aws.amazon.com/AmazonCloudFront/latest/DeveloperGuide/http-503-lambda-execution-error.html)
 * @module
 */
import type { IncomingMessage, OutgoingHttpHeaders, ServerResponse } from 'node:http';
import type { Readable } from 'node:stream';
import type { CloudFrontHeaders, CloudFrontRequest } from 'aws-lambda';
import { behaviorSelector } from 'edgeward/internal/cloudfront/path-patterns.js';
import type { Clock, Logger } from 'edgeward/internal/core/runtime.js';
import { type CorsRule, corsHeaders, corsRuleFor } from '../cors.js';
import { startServer } from '../http.js';
import { type HandlerSource, invokeHandler } from '../lambda.js';
import { type CustomErrorResponse, customErrorPage } from './error-pages.js';

export type { CustomErrorResponse } from './error-pages.js';

import { newRequestId, requestHeaderBytes, viewerRequestEvent, viewerRequestOf } from './event.js';
import { type CloudFrontFunction, functionEventOf, lambdaResultOf } from './functions.js';
import { MAX_REQUEST_HEADER_BYTES, MAX_URL_BYTES } from './limits.js';
import { fromFolder, fromHttpOrigin, type Origin, type OriginResponse } from './origins.js';
import { checkViewerRequestResult, type GeneratedResponse } from './validate.js';

/** The answer of a trusted-key-group check on one request. */
export type KeyGroupVerdict =
  | { readonly ok: true }
  | {
      readonly ok: false;
      /** CloudFront's error code in the XML body, e.g. `MissingKey`, `AccessDenied`. */
      readonly code: string;
      readonly message: string;
    };

/**
 * Checks the CloudFront signed cookies of a request against a trusted key group (see `./key-group.ts`).
 *
 * @param cookieHeaders - the values of every `Cookie` header, in order
 * @param url - the URL CloudFront compares with the policy `Resource` (`http://host/path?query`)
 * @param clientIp - the viewer's address
 * @param nowSeconds - the current time in seconds
 */
export type KeyGroupCheck = (
  cookieHeaders: readonly string[],
  url: string,
  clientIp: string,
  nowSeconds: number,
) => KeyGroupVerdict;

/**
 * A custom header of a response headers policy (`ResponseHeadersPolicyCustomHeader`): added to the
 * responses of the behavior; with `override` it replaces the origin's header of the same name, without
 * it the origin's header (when present) is kept.
 *
 * @see [Amazon CloudFront API Reference - ResponseHeadersPolicyCustomHeader](https://docs.aws.amazon.com/cloudfront/latest/APIReference/API_ResponseHeadersPolicyCustomHeader.html)
 */
export interface ResponseCustomHeader {
  readonly header: string;
  readonly value: string;
  readonly override: boolean;
}

/** One cache behavior. */
export interface CacheBehavior {
  /** A CloudFront path pattern, e.g. `/private/app/*`. Case-sensitive; `*` and `?` wildcards. */
  readonly pathPattern: string;
  readonly origin: Origin;
  /** A Lambda@Edge viewer-request function: the path of a module exporting `handler`, or the function. */
  readonly viewerRequest?: HandlerSource;
  /**
   * A CloudFront Function at the viewer-request event ({@link loadCloudFrontFunction}). A behavior has this
   * or `viewerRequest`, never both (CloudFront allows one viewer-request function per behavior).
   */
  readonly viewerRequestFunction?: CloudFrontFunction;
  /** Restrict viewer access with a trusted key group: requests need valid signed cookies, else 403. */
  readonly trustedKeyGroup?: KeyGroupCheck;
  /**
   * The custom headers of the behavior's response headers policy, applied to origin responses (e.g.
   * `Cache-Control: no-cache` so browsers revalidate protected pages through the function on every visit).
   */
  readonly responseHeaders?: readonly ResponseCustomHeader[];
  /**
   * The methods the behavior processes (`AllowedMethods`); CloudFront refuses any other with 403 before a
   * function or the origin sees the request. Default: all seven (`GET`, `HEAD`, `OPTIONS`, `PUT`, `PATCH`,
   * `POST`, `DELETE`).
   *
   * @see [Amazon CloudFront API - AllowedMethods](https://docs.aws.amazon.com/cloudfront/latest/APIReference/API_AllowedMethods.html)
   */
  readonly allowedMethods?: readonly string[];
  /**
   * The CORS part of the behavior's response headers policy (`originOverride: true`): a request whose
   * `Origin` the rule allows gets `Access-Control-*` headers on its response, replacing the origin's; a
   * preflight (`OPTIONS` with `Access-Control-Request-Method`) is answered from the rule (200, or 403 when
   * it does not allow the request), where CloudFront would ask the origin and override its headers.
   *
   * @see https://docs.aws.amazon.com/AmazonCloudFront/latest/DeveloperGuide/understanding-response-headers-policies.html#understanding-response-headers-policies-cors
   */
  readonly cors?: CorsRule;
}

/** Options of {@link startCloudFrontEmulator}. */
export interface CloudFrontEmulatorOptions {
  /** Cache behaviors in precedence order (the first matching pattern wins). Default none. */
  readonly behaviors?: readonly CacheBehavior[];
  /** The default cache behavior (path pattern `*`). */
  readonly defaultBehavior: Omit<CacheBehavior, 'pathPattern'>;
  /** Object served for requests to `/` (the distribution's default root object), e.g. `index.html`. Default none. */
  readonly defaultRootObject?: string;
  /** Port to listen on; 0 picks a free one. When taken, a free port is used instead. Default 0. */
  readonly port?: number;
  /** Address to bind. Default `127.0.0.1`. */
  readonly host?: string;
  /**
   * Host names (alternate domain names) answered besides `localhost`, `127.0.0.1`, `[::1]` and the bound
   * address; any other `Host` gets 421 (DNS rebinding protection). Default none.
   */
  readonly allowedHosts?: readonly string[];
  /** `config.distributionId` of events. Default `EDFDVBD6EXAMPLE`. */
  readonly distributionId?: string;
  /** `config.distributionDomainName` of events. Default `d111111abcdef8.cloudfront.net`. */
  readonly distributionDomainName?: string;
  /** Viewer-request function timeout in **milliseconds**. Default 5000 (the Lambda@Edge viewer quota). */
  readonly functionTimeoutMs?: number;
  /**
   * The scheme viewers use, in the URL a trusted key group compares with the signed policy's `Resource`.
   * `https` when the emulator stands for a real distribution's host (the deploy rehearsal). Default `http`.
   */
  readonly viewerProtocol?: 'http' | 'https';
  /** Clock in ms since the epoch, for signed-cookie expiry. Default `Date.now`. */
  readonly clock?: Clock;
  /** Receives one record per refused request and per function failure. Default: none. */
  readonly logger?: Logger;
  /** The distribution's custom error responses (`CustomErrorResponses`). Default none. */
  readonly customErrorResponses?: readonly CustomErrorResponse[];
}

/** A running local distribution. */
export interface CloudFrontEmulator {
  /** e.g. `http://127.0.0.1:5173`. */
  readonly url: string;
  readonly port: number;
  close(): Promise<void>;
}

const POP = 'LOCAL50-C1';
const VIA = '1.1 local.cloudfront.net (CloudFront)';

function cloudFrontHeaders(requestId: string, cache: string): OutgoingHttpHeaders {
  return { 'x-cache': `${cache} from cloudfront`, via: VIA, 'x-amz-cf-pop': POP, 'x-amz-cf-id': requestId };
}

/** Sends CloudFront's own HTML error page (the one viewers see for 4xx/5xx raised by CloudFront). */
function sendCloudFrontError(
  res: ServerResponse,
  status: number,
  cache: string,
  message: string,
  requestId: string,
): void {
  const body =
    '<!DOCTYPE HTML PUBLIC "-//W3C//DTD HTML 4.01 Transitional//EN" "http://www.w3.org/TR/html4/loose.dtd">\n' +
    '<HTML><HEAD><META HTTP-EQUIV="Content-Type" CONTENT="text/html; charset=iso-8859-1">\n' +
    `<TITLE>ERROR: The request could not be satisfied</TITLE>\n</HEAD><BODY>\n<H1>${status} ERROR</H1>\n` +
    `<H2>The request could not be satisfied.</H2>\n<HR noshade size="1px">\n${message}\n<BR clear="all">\n` +
    `<HR noshade size="1px">\n<PRE>\nGenerated by cloudfront (CloudFront)\nRequest ID: ${requestId}\n</PRE>\n` +
    '</BODY></HTML>';
  res.writeHead(status, {
    server: 'CloudFront',
    'content-type': 'text/html',
    'content-length': Buffer.byteLength(body),
    ...cloudFrontHeaders(requestId, cache),
  });
  res.end(body);
}

/** Sends the XML error CloudFront answers when a trusted key group refuses a request. */
function sendKeyGroupError(res: ServerResponse, code: string, message: string, requestId: string): void {
  const body = `<?xml version="1.0" encoding="UTF-8"?><Error><Code>${code}</Code><Message>${message}</Message></Error>`;
  res.writeHead(403, {
    server: 'CloudFront',
    'content-type': 'text/xml',
    'content-length': Buffer.byteLength(body),
    ...cloudFrontHeaders(requestId, 'Error'),
  });
  res.end(body);
}

/** Flattens a `{name: [{key, value}]}` map into node's raw header list, keeping spelling and repetition. */
function rawHeaders(headers: CloudFrontHeaders, extra: OutgoingHttpHeaders): string[] {
  const raw: string[] = [];
  for (const [name, entries] of Object.entries(headers)) {
    for (const entry of entries) raw.push(entry.key ?? name, entry.value);
  }
  for (const [name, value] of Object.entries(extra)) {
    if (value !== undefined && headers[name] === undefined) raw.push(name, String(value));
  }
  return raw;
}

function sendGenerated(
  res: ServerResponse,
  response: GeneratedResponse,
  method: string,
  requestId: string,
): void {
  const extra = { ...cloudFrontHeaders(requestId, 'LambdaGeneratedResponse'), server: 'CloudFront' };
  const headers = rawHeaders(response.headers, { ...extra, 'content-length': response.body.length });
  res.writeHead(response.status, response.statusDescription, headers);
  res.end(method === 'HEAD' ? undefined : response.body);
}

/** An origin's response headers with a response headers policy's custom headers applied. */
function withCustomHeaders(
  headers: OutgoingHttpHeaders,
  custom: readonly ResponseCustomHeader[] = [],
): OutgoingHttpHeaders {
  const out = { ...headers };
  for (const { header, value, override } of custom) {
    const name = header.toLowerCase();
    if (override || out[name] === undefined) out[name] = value;
  }
  return out;
}

function sendOrigin(
  res: ServerResponse,
  response: OriginResponse,
  requestId: string,
  custom: readonly ResponseCustomHeader[] | undefined,
): void {
  const cache = response.status >= 400 ? 'Error' : 'Miss';
  const headers = withCustomHeaders(response.headers, custom);
  res.writeHead(response.status, { ...headers, ...cloudFrontHeaders(requestId, cache) });
  if (Buffer.isBuffer(response.body)) res.end(response.body);
  else response.body.pipe(res);
}

/** The first value of a request header, or undefined. */
const requestHeader = (request: CloudFrontRequest, name: string) => request.headers[name]?.[0]?.value;

/** The response headers policy of `behavior` for `request`: its custom headers, and CORS when allowed. */
function responseHeadersOf(behavior: CacheBehavior, request: CloudFrontRequest): ResponseCustomHeader[] {
  const custom = [...(behavior.responseHeaders ?? [])];
  const origin = requestHeader(request, 'origin');
  if (behavior.cors === undefined || origin === undefined) return custom;
  if (corsRuleFor([behavior.cors], origin, request.method) === undefined) return custom;
  for (const [header, value] of Object.entries(corsHeaders(behavior.cors, origin))) {
    custom.push({ header, value, override: true });
  }
  return custom;
}

/** The answer to a CORS preflight on a behavior with a CORS policy, or undefined for other requests. */
function corsPreflightOf(
  rule: CorsRule,
  request: CloudFrontRequest,
): { status: number; headers: OutgoingHttpHeaders } | undefined {
  const origin = requestHeader(request, 'origin');
  const method = requestHeader(request, 'access-control-request-method');
  if (request.method !== 'OPTIONS' || origin === undefined || method === undefined) return undefined;
  const asked = (requestHeader(request, 'access-control-request-headers') ?? '')
    .split(',')
    .map((h) => h.trim().toLowerCase())
    .filter((h) => h !== '');
  if (corsRuleFor([rule], origin, method, asked) === undefined) return { status: 403, headers: {} };
  return { status: 200, headers: corsHeaders(rule, origin, { method, headers: asked }) };
}

/** Reads `request` from an origin: a bucket folder, or an HTTP server (with the viewer's body). */
function fromOrigin(
  origin: Origin,
  request: CloudFrontRequest,
  body: Readable,
  requestId: string,
): Promise<OriginResponse> {
  if (origin.kind === 'folder') {
    body.resume();
    return fromFolder(origin, request, requestId);
  }
  return fromHttpOrigin(origin, request, body, request.clientIp);
}

/** Values of every `Cookie` header of a request, in order. */
function cookieHeaderValues(request: CloudFrontRequest): string[] {
  return (request.headers['cookie'] ?? []).map((h) => h.value);
}

/**
 * Starts a local CloudFront distribution.
 *
 * @example
 * ```ts
 * const cf = await startCloudFrontEmulator({
 *   behaviors: [{ pathPattern: '/members/*', origin: { kind: 'folder', root: 'site' }, viewerRequest: 'dist/site/index.mjs' }],
 *   defaultBehavior: { origin: { kind: 'folder', root: 'site' } },
 *   defaultRootObject: 'index.html',
 * });
 * ```
 * @throws Error when the port cannot be bound
 */
export async function startCloudFrontEmulator(
  options: CloudFrontEmulatorOptions,
): Promise<CloudFrontEmulator> {
  const select = behaviorSelector(options.behaviors ?? [], { pathPattern: '*', ...options.defaultBehavior });
  const distribution = {
    distributionId: options.distributionId ?? 'EDFDVBD6EXAMPLE',
    distributionDomainName: options.distributionDomainName ?? 'd111111abcdef8.cloudfront.net',
  };
  const timeoutMs = options.functionTimeoutMs ?? 5000;
  const clock = options.clock ?? Date.now;
  const viewerProtocol = options.viewerProtocol ?? 'http';
  const log: Logger = options.logger ?? (() => {});
  const errorPage = (status: number, request: CloudFrontRequest, requestId: string) =>
    customErrorPage(options.customErrorResponses, status, (p) => select(p).origin, request, requestId);

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const requestId = newRequestId();
    if (requestHeaderBytes(req) > MAX_REQUEST_HEADER_BYTES) {
      log({ level: 'warn', event: 'cloudfront_request_header_too_large' });
      sendCloudFrontError(res, 494, 'Error', 'Bad request. Request header too large.', requestId);
      return;
    }
    if (Buffer.byteLength(req.url ?? '/') > MAX_URL_BYTES) {
      sendCloudFrontError(res, 414, 'Error', 'Bad request. Request URI too long.', requestId);
      return;
    }
    let request = viewerRequestOf(req);
    const behavior = select(request.uri);
    if (behavior.allowedMethods !== undefined && !behavior.allowedMethods.includes(request.method)) {
      req.resume();
      log({ level: 'info', event: 'cloudfront_method_not_allowed', path: behavior.pathPattern });
      sendCloudFrontError(
        res,
        403,
        'Error',
        'This distribution is not configured to allow the HTTP request method that was used for this request.' +
          (behavior.allowedMethods.includes('POST')
            ? ''
            : ' The distribution supports only cachable requests.'),
        requestId,
      );
      return;
    }

    const preflight = behavior.cors === undefined ? undefined : corsPreflightOf(behavior.cors, request);
    if (preflight !== undefined) {
      req.resume();
      const headers = {
        ...preflight.headers,
        ...cloudFrontHeaders(requestId, preflight.status === 200 ? 'Miss' : 'Error'),
      };
      res.writeHead(preflight.status, headers);
      res.end();
      return;
    }

    if (behavior.trustedKeyGroup !== undefined) {
      const host = request.headers['host']?.[0]?.value ?? '';
      const url = `${viewerProtocol}://${host}${request.uri}${request.querystring === '' ? '' : `?${request.querystring}`}`;
      const verdict = behavior.trustedKeyGroup(
        cookieHeaderValues(request),
        url,
        request.clientIp,
        Math.floor(clock() / 1000),
      );
      if (!verdict.ok) {
        log({
          level: 'info',
          event: 'cloudfront_key_group_refused',
          code: verdict.code,
          path: behavior.pathPattern,
        });
        const page = await errorPage(403, request, requestId);
        if (page === undefined) sendKeyGroupError(res, verdict.code, verdict.message, requestId);
        else sendOrigin(res, page, requestId, responseHeadersOf(behavior, request));
        return;
      }
    }

    const fn = behavior.viewerRequestFunction;
    if (behavior.viewerRequest !== undefined || fn !== undefined) {
      let outcome: Awaited<ReturnType<typeof invokeHandler>>;
      if (fn !== undefined) {
        try {
          const result = await fn(functionEventOf(request, distribution, requestId));
          outcome = { ok: true, result: lambdaResultOf(request, result) };
        } catch {
          log({ level: 'error', event: 'cloudfront_function_execution_error' });
          sendCloudFrontError(
            res,
            503,
            'FunctionExecutionError',
            'The CloudFront function associated with the CloudFront distribution is invalid or could not run correctly.',
            requestId,
          );
          return;
        }
      } else {
        const event = viewerRequestEvent(request, distribution, requestId);
        outcome = await invokeHandler(behavior.viewerRequest!, structuredClone(event), {
          timeoutMs,
          functionName: 'viewer-request',
        });
      }
      if (!outcome.ok) {
        const reason = outcome.failure.kind === 'timeout' ? 'the function timed out' : 'the function failed';
        log({ level: 'error', event: 'cloudfront_lambda_execution_error', reason });
        sendCloudFrontError(
          res,
          503,
          'LambdaExecutionError',
          `The Lambda function associated with the CloudFront distribution is invalid or doesn't have the required permissions (${reason}).`,
          requestId,
        );
        return;
      }
      const verdict = checkViewerRequestResult(request, outcome.result);
      if (verdict.kind === 'invalid') {
        const kind = fn === undefined ? 'Lambda' : 'Function';
        log({
          level: 'error',
          event: `cloudfront_${kind.toLowerCase()}_validation_error`,
          reason: verdict.reason,
        });
        sendCloudFrontError(
          res,
          502,
          `${kind}ValidationError`,
          `The ${fn === undefined ? 'Lambda' : 'CloudFront'} function returned an invalid request or response to CloudFront: ${verdict.reason}.`,
          requestId,
        );
        return;
      }
      if (verdict.kind === 'respond') {
        req.resume();
        const page = await errorPage(verdict.response.status, request, requestId);
        if (page === undefined) sendGenerated(res, verdict.response, request.method, requestId);
        else sendOrigin(res, page, requestId, responseHeadersOf(behavior, request));
        return;
      }
      request = verdict.request;
    }

    if (request.uri === '/' && options.defaultRootObject !== undefined) {
      request = { ...request, uri: `/${options.defaultRootObject}` };
    }
    let response: OriginResponse;
    try {
      response = await fromOrigin(behavior.origin, request, req, requestId);
    } catch {
      const page = await errorPage(502, request, requestId);
      if (page === undefined) {
        sendCloudFrontError(res, 502, 'Error', "CloudFront wasn't able to connect to the origin.", requestId);
      } else {
        sendOrigin(res, page, requestId, responseHeadersOf(behavior, request));
      }
      return;
    }
    const page = response.status >= 400 ? await errorPage(response.status, request, requestId) : undefined;
    if (page !== undefined && !Buffer.isBuffer(response.body)) response.body.resume();
    sendOrigin(res, page ?? response, requestId, responseHeadersOf(behavior, request));
  }

  // Node's default header limit (16 KB) is below CloudFront's 20,480 bytes: raise it so the check above decides.
  const server = await startServer(
    handle,
    (res) => sendCloudFrontError(res, 502, 'Error', 'Internal error.', newRequestId()),
    {
      port: options.port,
      host: options.host,
      server: { maxHeaderSize: 64 * 1024 },
      allowedHosts: options.allowedHosts,
    },
  );
  return { url: `http://${server.host}:${server.port}`, port: server.port, close: server.close };
}
