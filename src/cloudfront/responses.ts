/**
 * Builders of the responses the viewer-request function generates. Every one carries
 * `cache-control: no-store`, lower-case header names with `{key, value}` arrays, a status string, and a
 * body far below the 40 KB limit.
 *
 * @see https://docs.aws.amazon.com/AmazonCloudFront/latest/DeveloperGuide/lambda-generating-http-responses.html
 * @module
 */
import type { CloudFrontHeaders, CloudFrontResultResponse } from 'aws-lambda';

const REASON: Readonly<Record<number, string>> = {
  200: 'OK',
  302: 'Found',
  307: 'Temporary Redirect',
  400: 'Bad Request',
  401: 'Unauthorized',
  403: 'Forbidden',
  500: 'Internal Server Error',
  502: 'Bad Gateway',
};

/** Header name (canonical case) → one or more values. */
export type HeaderList = ReadonlyArray<readonly [string, string]>;

/** Builds a CloudFront generated response. `cache-control: no-store` is always added. */
export function response(status: number, headers: HeaderList, body?: string): CloudFrontResultResponse {
  const map: CloudFrontHeaders = {};
  for (const [key, value] of [['Cache-Control', 'no-store'] as const, ...headers]) {
    const name = key.toLowerCase();
    const entries = map[name] ?? [];
    entries.push({ key, value });
    map[name] = entries;
  }
  return {
    status: String(status),
    statusDescription: REASON[status] ?? 'Error',
    headers: map,
    ...(body === undefined ? {} : { body, bodyEncoding: 'text' as const }),
  };
}

function cookies(setCookies: readonly string[]): HeaderList {
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

/** Escapes text for HTML element content and attribute values. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

/** A link on an HTML page: a same-host path only (callers validate it). */
export interface PageLink {
  readonly href: string;
  readonly text: string;
}

/**
 * A small friendly HTML page (login problems, forbidden, upstream failures). Never contains a token,
 * code, secret or expected value: only the fixed `title`/`message` and the reason code.
 */
export function htmlPage(
  status: number,
  title: string,
  message: string,
  reason: string,
  setCookies: readonly string[] = [],
  link?: PageLink,
  extraHeaders: HeaderList = [],
): CloudFrontResultResponse {
  const a = link ? `<p><a href="${escapeHtml(link.href)}">${escapeHtml(link.text)}</a></p>` : '';
  const body =
    `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="robots" content="noindex">` +
    `<title>${escapeHtml(title)}</title></head><body><h1>${escapeHtml(title)}</h1>` +
    `<p>${escapeHtml(message)}</p>${a}<p><small>Reason: ${escapeHtml(reason)}</small></p></body></html>`;
  return response(
    status,
    [['Content-Type', 'text/html; charset=utf-8'], ...extraHeaders, ...cookies(setCookies)],
    body,
  );
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
