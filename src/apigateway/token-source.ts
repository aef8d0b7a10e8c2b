/**
 * Extracting the bearer token from authorizer events. Fail closed: a credential sent twice, an
 * `Authorization` value without the `Bearer` scheme, or an oversized value is refused, never guessed at.
 * No token value ever reaches a log.
 *
 * @see https://www.rfc-editor.org/rfc/rfc6750#section-2
 * @module
 */
import { parse as parseCookie } from 'cookie';
import { AuthError } from '../core/errors.js';
import type { TokenSource } from './config.js';

/** The request parts a token can come from, normalized across REST 1.0, HTTP API 2.0 and WebSocket. */
export interface CredentialCarrier {
  /** Every value of each header, keyed by LOWER-CASE name. */
  readonly headers: ReadonlyMap<string, readonly string[]>;
  /** Every value of each query parameter (case-sensitive names). */
  readonly query: ReadonlyMap<string, readonly string[]>;
  /** Cookie header strings / `name=value` pairs (HTTP API `cookies`). */
  readonly cookies: readonly string[];
}

/** Longest credential value examined (bytes); longer values are refused before any parsing. */
export const MAX_CREDENTIAL_LENGTH = 16 * 1024;

/** RFC 6750 §2.1 `b64token`. */
const B64TOKEN = /^[A-Za-z0-9\-._~+/]+=*$/;

/**
 * Reads `Bearer <token>` (scheme case-insensitive, RFC 7235 §2.1; one or more spaces) or, with
 * `scheme: 'none'`, the whole value.
 *
 * @throws AuthError `token_missing` for an empty value, `authorization_header_invalid` for another scheme,
 *   a missing token after the scheme, or characters outside RFC 6750's b64token
 */
export function parseCredential(value: string, scheme: 'bearer' | 'none' = 'bearer'): string {
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
  if (!B64TOKEN.test(token)) {
    throw new AuthError('authorization_header_invalid', 'credential contains characters outside b64token');
  }
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
  const found: string[] = [];
  for (const header of cookies) {
    if (header.length > MAX_CREDENTIAL_LENGTH * 4) {
      throw new AuthError('token_too_large', 'cookie header is longer than the accepted maximum');
    }
    // every `name=` occurrence counts: `cookie.parse` keeps only the first one
    for (const part of header.split(';')) {
      const eq = part.indexOf('=');
      if (eq < 0 || part.slice(0, eq).trim() !== name) continue;
      const parsed = parseCookie(part.trim());
      const v = parsed[name];
      if (v !== undefined) found.push(v);
    }
  }
  return found;
}

/**
 * Extracts the token from a request according to `source`.
 *
 * @throws AuthError `token_missing` when absent; `authorization_header_invalid` when sent more than once or
 *   malformed; `token_too_large` when over {@link MAX_CREDENTIAL_LENGTH}
 */
export function extractToken(carrier: CredentialCarrier, source: TokenSource): string {
  if ('header' in source) {
    const value = single(carrier.headers.get(source.header.toLowerCase()), `header ${source.header}`);
    if (value === undefined) throw new AuthError('token_missing', `header ${source.header} is absent`);
    return parseCredential(value, source.scheme ?? 'bearer');
  }
  if ('query' in source) {
    const value = single(carrier.query.get(source.query), `query parameter ${source.query}`);
    if (value === undefined)
      throw new AuthError('token_missing', `query parameter ${source.query} is absent`);
    return parseCredential(value, 'none');
  }
  const value = single(cookieValues(carrier.cookies, source.cookie), `cookie ${source.cookie}`);
  if (value === undefined) throw new AuthError('token_missing', `cookie ${source.cookie} is absent`);
  return parseCredential(value, 'none');
}

type StringMap = Readonly<Record<string, string | undefined>> | null | undefined;
type MultiMap = Readonly<Record<string, readonly string[] | undefined>> | null | undefined;

/** Merges single- and multi-value maps (REST 1.0) into lower-cased (headers) or exact (query) keys. */
export function collectValues(single: StringMap, multi: MultiMap, lowerCase: boolean): Map<string, string[]> {
  const out = new Map<string, string[]>();
  const key = (k: string) => (lowerCase ? k.toLowerCase() : k);
  if (multi) {
    for (const [k, values] of Object.entries(multi)) {
      if (!Array.isArray(values)) continue;
      const list = out.get(key(k)) ?? [];
      list.push(...values.filter((v): v is string => typeof v === 'string'));
      out.set(key(k), list);
    }
  }
  if (single) {
    for (const [k, v] of Object.entries(single)) {
      if (typeof v !== 'string') continue;
      const list = out.get(key(k));
      // the single-value map repeats the last multi value: only add names the multi map lacks
      if (list === undefined) out.set(key(k), [v]);
      else if (!multi || !Object.keys(multi).some((m) => m === k)) list.push(v);
    }
  }
  return out;
}

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
