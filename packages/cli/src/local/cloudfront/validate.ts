/**
 * CloudFront's validation of what a Lambda@Edge viewer-request function returns. CloudFront answers
 * `502 LambdaValidationError` to the viewer when the result is neither a valid request nor a valid
 * generated response.
 *
 * The result rules (header map shape, disallowed and read-only headers, body size and encoding) are read
 * once, in `packages/edgeward/src/cloudfront/contract.ts`, and applied here as they are to every handler result in the
 * handler tests. On top of them this module checks what only a live distribution does with a result: the
 * status must be one CloudFront can send (200–599, a number or a numeric string), header names must be
 * HTTP tokens, the method cannot change, the URL must be sendable and within CloudFront's limit, a base64
 * body must decode, and the whole generated response (status line, headers and body) must fit in 40 KB.
 *
 * @see https://docs.aws.amazon.com/AmazonCloudFront/latest/DeveloperGuide/edge-functions-restrictions.html#function-restrictions-headers
 * @see https://docs.aws.amazon.com/AmazonCloudFront/latest/DeveloperGuide/lambda-generating-http-responses.html
 * @see https://docs.aws.amazon.com/AmazonCloudFront/latest/DeveloperGuide/cloudfront-limits.html#limits-lambda-at-edge
 * @module
 */

import type { CloudFrontHeaders, CloudFrontRequest } from 'aws-lambda';
import {
  MAX_VIEWER_RESPONSE_BODY_BYTES,
  viewerRequestResultProblems,
} from 'edgeward/internal/cloudfront/contract.js';
import { isRecord } from 'edgeward/internal/core/record.js';
import { MAX_URL_BYTES } from './limits.js';

/** A generated response, checked and ready to send. */
export interface GeneratedResponse {
  readonly status: number;
  readonly statusDescription?: string;
  readonly headers: CloudFrontHeaders;
  readonly body: Buffer;
}

/** What CloudFront does with a viewer-request function's result. */
export type ViewerRequestVerdict =
  | { readonly kind: 'forward'; readonly request: CloudFrontRequest }
  | { readonly kind: 'respond'; readonly response: GeneratedResponse }
  | { readonly kind: 'invalid'; readonly reason: string };

/** An HTTP field name (RFC 9110 §5.6.2 token), lower case as the event's header map requires. */
const TOKEN = /^[!#$%&'*+.^_`|~0-9a-z-]+$/;
const BAD_VALUE = /[\r\n\0]/;

const invalid = (reason: string): ViewerRequestVerdict => ({ kind: 'invalid', reason });

/** The first header name (of a map the contract already accepted) that HTTP cannot carry, if any. */
function nonTokenHeaderName(headers: CloudFrontHeaders): string | undefined {
  return Object.keys(headers).find((name) => !TOKEN.test(name));
}

function checkRequest(original: CloudFrontRequest, result: Record<string, unknown>): ViewerRequestVerdict {
  const [problem] = viewerRequestResultProblems(result, original.headers);
  if (problem !== undefined) return invalid(problem);
  const { uri, querystring, method } = result as { uri: string; querystring?: unknown; method: string };
  if (!isRecord(result['headers'])) return invalid('request: headers must be an object');
  const headers = result['headers'] as CloudFrontHeaders;
  if (/[\s\0-\x1f\x7f]/.test(uri)) return invalid('uri contains whitespace or control characters');
  if (typeof querystring !== 'string') return invalid('querystring must be a string');
  if (/[\s\0-\x1f\x7f#]/.test(querystring)) {
    return invalid('querystring contains a space, a control character or #');
  }
  if (Buffer.byteLength(uri) + Buffer.byteLength(querystring) + 1 >= MAX_URL_BYTES) {
    return invalid('uri and querystring exceed 8,192 bytes');
  }
  if (method !== original.method) return invalid('method cannot be changed in a viewer-request event');
  const badName = nonTokenHeaderName(headers);
  if (badName !== undefined) return invalid(`header name "${badName}" is not a lower-case token`);
  if ('cloudfront-viewer-country' in headers)
    return invalid('header "cloudfront-viewer-country" is disallowed');
  return {
    kind: 'forward',
    request: { clientIp: original.clientIp, method: original.method, uri, querystring, headers },
  };
}

function checkResponse(result: Record<string, unknown>): ViewerRequestVerdict {
  const { status, statusDescription, headers = {}, body = '', bodyEncoding = 'text' } = result;
  const statusText = typeof status === 'number' ? String(status) : status;
  if (typeof statusText !== 'string' || !/^[2-5]\d\d$/.test(statusText)) {
    return invalid('status must be an HTTP status code from 200 to 599');
  }
  const [problem] = viewerRequestResultProblems({ ...result, status: statusText });
  if (problem !== undefined) return invalid(problem);
  if (typeof statusDescription === 'string' && BAD_VALUE.test(statusDescription)) {
    return invalid('statusDescription must be a string without control characters');
  }
  const checked = headers as CloudFrontHeaders;
  const badName = nonTokenHeaderName(checked);
  if (badName !== undefined) return invalid(`header name "${badName}" is not a lower-case token`);
  const text = body as string;
  if (bodyEncoding === 'base64' && !/^[A-Za-z0-9+/]*={0,2}$/.test(text))
    return invalid('body is not valid base64');
  const bytes = bodyEncoding === 'base64' ? Buffer.from(text, 'base64') : Buffer.from(text, 'utf8');
  let size = bytes.length + Buffer.byteLength(`${statusText} ${statusDescription ?? ''}`);
  for (const [name, entries] of Object.entries(checked)) {
    for (const entry of entries) size += Buffer.byteLength(`${entry.key ?? name}: ${entry.value}\r\n`);
  }
  // CloudFront's 40 KB counts the whole generated response, headers included, not just the body.
  if (size > MAX_VIEWER_RESPONSE_BODY_BYTES) return invalid('generated response exceeds 40 KB');
  return {
    kind: 'respond',
    response: {
      status: Number(statusText),
      ...(typeof statusDescription === 'string' ? { statusDescription } : {}),
      headers: checked,
      body: bytes,
    },
  };
}

/**
 * Classifies a viewer-request function's result as CloudFront does: an object with `status` is a generated
 * response; otherwise it must be the (possibly modified) request. Anything else is invalid.
 *
 * @param original - the request the function received
 * @param result - what the function returned
 * @returns `forward` with the request to send to the origin, `respond` with the generated response, or
 *   `invalid` with the first rule broken (CloudFront then answers 502 `LambdaValidationError`)
 */
export function checkViewerRequestResult(original: CloudFrontRequest, result: unknown): ViewerRequestVerdict {
  if (!isRecord(result)) return invalid('the function returned neither a request nor a response');
  return 'status' in result ? checkResponse(result) : checkRequest(original, result);
}
