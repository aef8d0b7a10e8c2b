/**
 * Builders of the responses the viewer-request function generates. Every one carries
 * `cache-control: no-store`, lower-case header names with `{key, value}` arrays, a status string, and a
 * body far below the 40 KB limit.
 *
 * @see [Amazon CloudFront Developer Guide - Generate HTTP responses in request triggers](https://docs.aws.amazon.com/AmazonCloudFront/latest/DeveloperGuide/lambda-generating-http-responses.html)
 * @module
 */
import type { CloudFrontHeaders, CloudFrontResultResponse } from 'aws-lambda';
import { generatedResponseBytes, MAX_VIEWER_RESPONSE_BYTES } from './contract.js';

const REASON: Readonly<Record<number, string>> = {
  200: 'OK',
  302: 'Found',
  307: 'Temporary Redirect',
  400: 'Bad Request',
  401: 'Unauthorized',
  403: 'Forbidden',
  405: 'Method Not Allowed',
  500: 'Internal Server Error',
  502: 'Bad Gateway',
  503: 'Service Unavailable',
};

/** Header name (canonical case) → one or more values. */
export type HeaderList = ReadonlyArray<readonly [string, string]>;

/**
 * What a generated response may use of the 40 KB: 1 KB is left for what CloudFront's accounting may
 * count beyond {@link generatedResponseBytes} (framing), which AWS does not document.
 */
const RESPONSE_BUDGET_BYTES = MAX_VIEWER_RESPONSE_BYTES - 1024;

/** A `Set-Cookie` value that deletes its cookie (`Max-Age=0`, as `serializeSetCookie` writes it). */
const DELETION = /;\s*Max-Age=0\s*(?:;|$)/i;

/**
 * Keeps a generated response within CloudFront's 40 KB (headers and body, less a 1 KB margin):
 * `Set-Cookie`s that delete a cookie are best effort, so the last of them are left out until the response
 * fits. Only a request carrying hundreds of cookies under edgeward's names (junk, or tossed from a sibling
 * domain) needs that; a later response deletes what is left. Everything else is always kept.
 */
function fitBudget(result: CloudFrontResultResponse): CloudFrontResultResponse {
  let excess = generatedResponseBytes(result) - RESPONSE_BUDGET_BYTES;
  const cookies = result.headers?.['set-cookie'];
  if (excess <= 0 || cookies === undefined) return result;
  for (let i = cookies.length - 1; i >= 0 && excess > 0; i--) {
    const { key = 'Set-Cookie', value } = cookies[i]!;
    if (!DELETION.test(value)) continue;
    excess -= Buffer.byteLength(key) + Buffer.byteLength(value) + 4;
    cookies.splice(i, 1);
  }
  if (cookies.length === 0) delete result.headers!['set-cookie'];
  return result;
}

/**
 * Builds a CloudFront generated response. `cache-control: no-store` is always added; the response is
 * kept within 40 KB by leaving out cookie deletions when needed (see `fitBudget`).
 */
export function response(status: number, headers: HeaderList, body?: string): CloudFrontResultResponse {
  const map: CloudFrontHeaders = {};
  for (const [key, value] of [['Cache-Control', 'no-store'] as const, ...headers]) {
    const name = key.toLowerCase();
    const entries = map[name] ?? [];
    entries.push({ key, value });
    map[name] = entries;
  }
  return fitBudget({
    status: String(status),
    statusDescription: REASON[status] ?? 'Error',
    headers: map,
    ...(body === undefined ? {} : { body, bodyEncoding: 'text' as const }),
  });
}

/** `Set-Cookie` header entries. */
export function cookies(setCookies: readonly string[]): HeaderList {
  return setCookies.map((c) => ['Set-Cookie', c] as const);
}

/**
 * A redirect: 302 (or 307 to keep the method and body of a non-GET request) with `Location` and
 * `Set-Cookie`s.
 */
export function redirect(
  location: string,
  setCookies: readonly string[] = [],
  status: 302 | 307 = 302,
): CloudFrontResultResponse {
  return response(status, [['Location', location], ...cookies(setCookies)]);
}

/** A small JSON error body (`{"error": …}`) for API clients. */
export function jsonError(
  status: number,
  error: string,
  extraHeaders: HeaderList = [],
  setCookies: readonly string[] = [],
): CloudFrontResultResponse {
  return response(
    status,
    [['Content-Type', 'application/json'], ...extraHeaders, ...cookies(setCookies)],
    JSON.stringify({ error }),
  );
}

/**
 * A `WWW-Authenticate: Bearer` challenge (RFC 6750 §3): `realm`, and `error` when the request carried
 * credentials (no `error` when it had none, §3.1).
 */
export function bearerChallenge(
  realm: string,
  error?: 'invalid_request' | 'invalid_token' | 'insufficient_scope',
): string {
  const r = realm.replace(/["\\]/g, '');
  return error === undefined ? `Bearer realm="${r}"` : `Bearer realm="${r}", error="${error}"`;
}
