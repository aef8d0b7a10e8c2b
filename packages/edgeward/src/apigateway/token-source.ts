/**
 * Extracting the bearer token from authorizer events. Fail closed: a credential sent twice, an
 * `Authorization` value without the `Bearer` scheme, or an oversized value is refused, never guessed at.
 * No token value ever reaches a log.
 *
 * @see [RFC 6750 - Bearer Token Usage, section 2](https://www.rfc-editor.org/rfc/rfc6750.html#section-2)
 * @module
 */

import { AuthError } from '../core/errors.js';
import { parseCookieHeaders } from '../core/session/cookie-header.js';
import type { TokenSource } from './config.js';

/** The request parts a token can come from, normalized across REST 1.0, HTTP API 2.0 and WebSocket. */
export interface CredentialCarrier {
  /**
   * Every value of one header (names compare case-insensitively), as {@link headerValues} reads them.
   *
   * @param name - the header name in LOWER case
   */
  header(name: string): readonly string[] | undefined;
  /** Every value of each query parameter (case-sensitive names). */
  readonly query: ReadonlyMap<string, readonly string[]>;
  /** Cookie header strings / `name=value` pairs (HTTP API `cookies`). */
  readonly cookies: readonly string[];
}

/** Longest credential value examined (bytes); longer values are refused before any parsing. */
export const MAX_CREDENTIAL_LENGTH = 16 * 1024;

/** RFC 6750 §2.1 `b64token`. */
const B64TOKEN = /^[A-Za-z0-9\-._~+/]+=*$/;

/** True when `token` is an RFC 6750 §2.1 `b64token`. */
export function isB64Token(token: string): boolean {
  return B64TOKEN.test(token);
}

/** The error for a credential with characters outside `b64token`. */
export function notB64Token(): AuthError {
  return new AuthError('authorization_header_invalid', 'credential contains characters outside b64token');
}

/**
 * {@link parseCredential} without the `b64token` character check. For callers that verify the token
 * next: a token the verifier accepts is always a `b64token` (three canonical base64url parts), so they
 * check the characters only when verification fails (`verifyCredential` in engine.ts) and answer
 * exactly as if the check had come first, without a regular expression over every valid token.
 *
 * @throws AuthError `token_too_large`, `token_missing`, `authorization_header_invalid` (scheme)
 */
export function readCredential(value: string, scheme: 'bearer' | 'none' = 'bearer'): string {
  if (value.length > MAX_CREDENTIAL_LENGTH) {
    throw new AuthError('token_too_large', 'credential is longer than the accepted maximum');
  }
  if (value === '') throw new AuthError('token_missing', 'credential is empty');
  let token = value;
  if (scheme === 'bearer') {
    const space = value.indexOf(' ');
    if (space < 0 || value.slice(0, space).toLowerCase() !== 'bearer') {
      throw new AuthError('authorization_header_invalid', 'credential does not use the Bearer scheme');
    }
    let start = space;
    while (value[start] === ' ') start++;
    token = value.slice(start);
  }
  if (token === '') throw new AuthError('token_missing', 'no token after the Bearer scheme');
  return token;
}

/**
 * Reads `Bearer <token>` (scheme case-insensitive, RFC 7235 §2.1; one or more spaces) or, with
 * `scheme: 'none'`, the whole value.
 *
 * @throws AuthError `token_missing` for an empty value, `authorization_header_invalid` for another scheme,
 *   a missing token after the scheme, or characters outside RFC 6750's b64token
 */
export function parseCredential(value: string, scheme: 'bearer' | 'none' = 'bearer'): string {
  const token = readCredential(value, scheme);
  if (!isB64Token(token)) throw notB64Token();
  return token;
}

function single(values: readonly string[] | undefined, what: string): string | undefined {
  if (values === undefined || values.length === 0) return undefined;
  if (values.length > 1) {
    throw new AuthError('authorization_header_invalid', `${what} was sent more than once`);
  }
  return values[0];
}

function cookieValues(cookies: readonly string[], name: string): string[] {
  for (const header of cookies) {
    if (header.length > MAX_CREDENTIAL_LENGTH * 4) {
      throw new AuthError('token_too_large', 'cookie header is longer than the accepted maximum');
    }
  }
  // every `name=` occurrence counts (a cookie sent twice is refused by the caller), values as sent
  const found: string[] = [];
  for (const pair of parseCookieHeaders(cookies)) if (pair.name === name) found.push(pair.value);
  return found;
}

/**
 * Extracts the credential from a request according to `source`, without the `b64token` character
 * check (see {@link readCredential}).
 *
 * @throws AuthError `token_missing` when absent; `authorization_header_invalid` when sent more than once or
 *   with another scheme; `token_too_large` when over {@link MAX_CREDENTIAL_LENGTH}
 */
export function extractCredential(carrier: CredentialCarrier, source: TokenSource): string {
  if ('header' in source) {
    const value = single(carrier.header(source.header.toLowerCase()), `header ${source.header}`);
    if (value === undefined) throw new AuthError('token_missing', `header ${source.header} is absent`);
    return readCredential(value, source.scheme ?? 'bearer');
  }
  if ('query' in source) {
    const value = single(carrier.query.get(source.query), `query parameter ${source.query}`);
    if (value === undefined)
      throw new AuthError('token_missing', `query parameter ${source.query} is absent`);
    return readCredential(value, 'none');
  }
  const value = single(cookieValues(carrier.cookies, source.cookie), `cookie ${source.cookie}`);
  if (value === undefined) throw new AuthError('token_missing', `cookie ${source.cookie} is absent`);
  return readCredential(value, 'none');
}

/**
 * Extracts the token from a request according to `source`.
 *
 * @throws AuthError `token_missing` when absent; `authorization_header_invalid` when sent more than once or
 *   malformed; `token_too_large` when over {@link MAX_CREDENTIAL_LENGTH}
 */
export function extractToken(carrier: CredentialCarrier, source: TokenSource): string {
  const token = extractCredential(carrier, source);
  if (!isB64Token(token)) throw notB64Token();
  return token;
}

type StringMap = Readonly<Record<string, string | undefined>> | null | undefined;
type MultiMap = Readonly<Record<string, readonly string[] | undefined>> | null | undefined;

/** Merges single- and multi-value maps (REST 1.0) into lower-cased (headers) or exact (query) keys. */
export function collectValues(single: StringMap, multi: MultiMap, lowerCase: boolean): Map<string, string[]> {
  const out = new Map<string, string[]>();
  if (multi) {
    for (const k of Object.keys(multi)) {
      const values = multi[k];
      if (!Array.isArray(values)) continue;
      const name = lowerCase ? k.toLowerCase() : k;
      const list = out.get(name) ?? [];
      for (const v of values) if (typeof v === 'string') list.push(v);
      out.set(name, list);
    }
  }
  if (single) {
    for (const k of Object.keys(single)) {
      const v = single[k];
      if (typeof v !== 'string') continue;
      const name = lowerCase ? k.toLowerCase() : k;
      const list = out.get(name);
      // the single-value map repeats the last multi value: only add names the multi map lacks
      if (list === undefined) out.set(name, [v]);
      else if (!multi || !isOwnEnumerable(multi, k)) list.push(v);
    }
  }
  return out;
}

/**
 * The values of ONE header from the single- and multi-value maps (REST 1.0; HTTP API 2.0 has only the
 * single map): exactly `collectValues(single, multi, true).get(name)`, without collecting every header of
 * the request into a map first (an authorizer reads one or two).
 *
 * @param name - the header name in lower case
 * @returns the values (multi-value map first), or `undefined` when no key names the header
 */
export function headerValues(single: StringMap, multi: MultiMap, name: string): string[] | undefined {
  let list: string[] | undefined;
  // `toLowerCase` keeps the length of any key that can lower to an ASCII name (only U+0130 grows, into
  // non-ASCII): keys of another length are skipped without lowering them
  const anyLength = !ASCII.test(name);
  if (multi) {
    for (const k of Object.keys(multi)) {
      const values = multi[k];
      if (!Array.isArray(values) || !sameHeaderName(k, name, anyLength)) continue;
      list ??= [];
      for (const v of values) if (typeof v === 'string') list.push(v);
    }
  }
  if (single) {
    for (const k of Object.keys(single)) {
      const v = single[k];
      if (typeof v !== 'string' || !sameHeaderName(k, name, anyLength)) continue;
      // the single-value map repeats the last multi value: only add names the multi map lacks
      if (list === undefined) list = [v];
      else if (!multi || !isOwnEnumerable(multi, k)) list.push(v);
    }
  }
  return list;
}

const ASCII = /^[\x00-\x7f]*$/;

/** Whether the event's header key `key` is the lower-case name `name` (`anyLength`: not only same-length keys). */
function sameHeaderName(key: string, name: string, anyLength: boolean): boolean {
  if (key === name) return true;
  if (key.length !== name.length && !anyLength) return false;
  return key.toLowerCase() === name;
}

const isOwnEnumerable = (o: object, k: string): boolean => Object.prototype.propertyIsEnumerable.call(o, k);

/** Parses a raw query string (HTTP API `rawQueryString`) keeping every value of repeated names. */
export function parseRawQuery(raw: string | undefined): Map<string, string[]> {
  const out = new Map<string, string[]>();
  if (!raw) return out;
  for (const [k, v] of new URLSearchParams(raw)) {
    const list = out.get(k);
    if (list) list.push(v);
    else out.set(k, [v]);
  }
  return out;
}
