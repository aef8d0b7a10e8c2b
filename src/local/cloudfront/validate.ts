/**
 * CloudFront's validation of what a Lambda@Edge viewer-request function returns. CloudFront answers
 * `502 LambdaValidationError` to the viewer when the result is neither a valid request nor a valid
 * generated response. This module is the emulator's own reading of the AWS rules (independent of the
 * handler code it checks), so a handler bug cannot hide behind a shared mistake.
 *
 * @see https://docs.aws.amazon.com/AmazonCloudFront/latest/DeveloperGuide/edge-functions-restrictions.html#function-restrictions-headers
 * @see https://docs.aws.amazon.com/AmazonCloudFront/latest/DeveloperGuide/lambda-generating-http-responses.html
 * @see https://docs.aws.amazon.com/AmazonCloudFront/latest/DeveloperGuide/cloudfront-limits.html#limits-lambda-at-edge
 * @module
 */
import type { CloudFrontHeaders, CloudFrontRequest } from 'aws-lambda';
import {
  isDisallowedHeader,
  MAX_GENERATED_RESPONSE_BYTES,
  MAX_URL_BYTES,
  READ_ONLY_VIEWER_REQUEST_HEADERS,
} from './limits.js';

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

const TOKEN = /^[!#$%&'*+.^_`|~0-9a-z-]+$/;
const BAD_VALUE = /[\r\n\0]/;

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Checks a `headers` map; returns a reason when it is malformed. */
function headersProblem(headers: unknown, extraForbidden: (name: string) => boolean): string | undefined {
  if (!isRecord(headers)) return 'headers is not an object';
  for (const [name, entries] of Object.entries(headers)) {
    if (!TOKEN.test(name)) return `header name "${name}" is not a lower-case token`;
    if (isDisallowedHeader(name) || extraForbidden(name)) return `header "${name}" is disallowed`;
    if (!Array.isArray(entries)) return `header "${name}" is not an array`;
    for (const entry of entries as unknown[]) {
      if (!isRecord(entry)) return `header "${name}" has an entry that is not an object`;
      const { key, value } = entry;
      if (typeof value !== 'string') return `header "${name}" has a non-string value`;
      if (BAD_VALUE.test(value)) return `header "${name}" has a control character in its value`;
      if (key !== undefined && (typeof key !== 'string' || key.toLowerCase() !== name)) {
        return `header "${name}" has an entry whose key does not match its name`;
      }
    }
  }
  return undefined;
}

function valuesOf(headers: CloudFrontHeaders, name: string): string {
  return JSON.stringify((headers[name] ?? []).map((h) => h.value));
}

function checkRequest(original: CloudFrontRequest, result: Record<string, unknown>): ViewerRequestVerdict {
  const invalid = (reason: string): ViewerRequestVerdict => ({ kind: 'invalid', reason });
  const { uri, querystring, method, headers } = result;
  if (typeof uri !== 'string' || !uri.startsWith('/')) return invalid('uri must be a string starting with /');
  if (/[\s\0-\x1f\x7f]/.test(uri)) return invalid('uri contains whitespace or control characters');
  if (typeof querystring !== 'string') return invalid('querystring must be a string');
  if (/[\s\0-\x1f\x7f#]/.test(querystring)) {
    return invalid('querystring contains a space, a control character or #');
  }
  if (Buffer.byteLength(uri) + Buffer.byteLength(querystring) + 1 >= MAX_URL_BYTES) {
    return invalid('uri and querystring exceed 8,192 bytes');
  }
  if (method !== original.method) return invalid('method cannot be changed in a viewer-request event');
  const problem = headersProblem(headers, (name) => name === 'cloudfront-viewer-country');
  if (problem !== undefined) return invalid(problem);
  const checked = headers as CloudFrontHeaders;
  for (const name of READ_ONLY_VIEWER_REQUEST_HEADERS) {
    if (valuesOf(checked, name) !== valuesOf(original.headers, name)) {
      return invalid(`read-only header "${name}" was added, changed or removed`);
    }
  }
  return {
    kind: 'forward',
    request: { clientIp: original.clientIp, method: original.method, uri, querystring, headers: checked },
  };
}

function checkResponse(result: Record<string, unknown>): ViewerRequestVerdict {
  const invalid = (reason: string): ViewerRequestVerdict => ({ kind: 'invalid', reason });
  const { status, statusDescription, headers = {}, body = '', bodyEncoding = 'text' } = result;
  const statusText = typeof status === 'number' ? String(status) : status;
  if (typeof statusText !== 'string' || !/^[2-5]\d\d$/.test(statusText)) {
    return invalid('status must be an HTTP status code from 200 to 599');
  }
  if (
    statusDescription !== undefined &&
    (typeof statusDescription !== 'string' || BAD_VALUE.test(statusDescription))
  ) {
    return invalid('statusDescription must be a string without control characters');
  }
  const problem = headersProblem(headers, () => false);
  if (problem !== undefined) return invalid(problem);
  if (typeof body !== 'string') return invalid('body must be a string');
  if (bodyEncoding !== 'text' && bodyEncoding !== 'base64')
    return invalid('bodyEncoding must be text or base64');
  if (bodyEncoding === 'base64' && !/^[A-Za-z0-9+/]*={0,2}$/.test(body))
    return invalid('body is not valid base64');
  const bytes = bodyEncoding === 'base64' ? Buffer.from(body, 'base64') : Buffer.from(body, 'utf8');
  const checked = headers as CloudFrontHeaders;
  let size = bytes.length + Buffer.byteLength(`${statusText} ${statusDescription ?? ''}`);
  for (const [name, entries] of Object.entries(checked)) {
    for (const entry of entries) size += Buffer.byteLength(`${entry.key ?? name}: ${entry.value}\r\n`);
  }
  if (size > MAX_GENERATED_RESPONSE_BYTES) return invalid('generated response exceeds 40 KB');
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
 */
export function checkViewerRequestResult(original: CloudFrontRequest, result: unknown): ViewerRequestVerdict {
  if (!isRecord(result))
    return { kind: 'invalid', reason: 'the function returned neither a request nor a response' };
  return 'status' in result ? checkResponse(result) : checkRequest(original, result);
}
