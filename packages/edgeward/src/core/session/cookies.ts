/**
 * Cookie parsing, `Set-Cookie` serialization and chunking of values larger than one cookie allows.
 *
 * Parsing keeps every pair in order, across several `Cookie` header entries (CloudFront passes each
 * `Cookie` header line as its own entry), and keeps duplicate names: browsers send the cookie with the
 * longest path first, then the oldest (RFC 6265 §5.4 step 2), and edgeward reads the **first** occurrence
 * of a name, like the `cookie` package. Values are used as sent, never percent-decoded: edgeward's own
 * values are base64url/JWT text.
 *
 * @see https://www.rfc-editor.org/rfc/rfc6265#section-5.4
 * @module
 */
import { stringifySetCookie } from 'cookie';

/** One `name=value` pair as received. */
export interface CookiePair {
  readonly name: string;
  readonly value: string;
}

/**
 * Largest value written in one cookie, in bytes. Browsers store at least 4,096 bytes per cookie for
 * name + value + attributes (RFC 6265 §6.1); 3,800 leaves room for a long name and the attributes.
 */
export const MAX_COOKIE_VALUE_BYTES = 3800;

/** Most chunks one value may be split into (bounds work on hostile input). */
export const MAX_CHUNKS = 8;

/**
 * Parses the values of one or more `Cookie` headers into ordered pairs. Pairs without `=` or with an
 * empty name are skipped; surrounding whitespace is trimmed; duplicate names are all kept in order.
 *
 * @param headerValues - each `Cookie` header's value (CloudFront `headers.cookie[i].value`)
 */
export function parseCookieHeaders(headerValues: readonly string[]): CookiePair[] {
  const pairs: CookiePair[] = [];
  for (const header of headerValues) {
    // The `;`-separated parts, walked in place (this runs on every request): `eq` is the next `=` at or
    // after `start`, searched again only once passed, so the scan stays linear however many parts
    // lack a `=`.
    let eq = -1;
    for (let start = 0; start <= header.length; ) {
      let end = header.indexOf(';', start);
      if (end < 0) end = header.length;
      if (eq < start) eq = header.indexOf('=', start);
      if (eq < 0) break; // no `=` in the rest of this header: no more pairs
      if (eq < end) {
        const name = header.slice(start, eq).trim();
        if (name) {
          let value = header.slice(eq + 1, end).trim();
          if (value.length >= 2 && value.startsWith('"') && value.endsWith('"')) value = value.slice(1, -1);
          pairs.push({ name, value });
        }
      }
      start = end + 1;
    }
  }
  return pairs;
}

/** The first value of cookie `name`, or `undefined`. */
export function firstCookie(pairs: readonly CookiePair[], name: string): string | undefined {
  for (const p of pairs) if (p.name === name) return p.value;
  return undefined;
}

/** True when `name` occurs more than once with different values (ambiguous; logged by callers). */
export function hasConflictingDuplicates(pairs: readonly CookiePair[], name: string): boolean {
  let first: string | undefined;
  for (const p of pairs) {
    if (p.name !== name) continue;
    if (first === undefined) first = p.value;
    else if (p.value !== first) return true;
  }
  return false;
}

/** Attributes of the cookies edgeward sets. */
export interface CookieAttributes {
  /** `Domain` attribute; default none (host-only cookie, RFC 6265 §5.3 step 6). */
  readonly domain?: string;
  /** `HttpOnly`; default true. */
  readonly httpOnly?: boolean;
  /** `SameSite`; default `lax`. */
  readonly sameSite?: 'lax' | 'strict' | 'none';
  /** `Max-Age` in seconds; omitted for a session cookie. 0 deletes the cookie. */
  readonly maxAgeSeconds?: number;
  /** `Path`; default `/`. */
  readonly path?: string;
}

const identity = (v: string): string => v;

/**
 * Serializes one `Set-Cookie` value: always `Secure`, `Path=/` unless given, `HttpOnly` and
 * `SameSite=Lax` unless overridden. The value is written as is (it must already be cookie-safe).
 *
 * @throws TypeError (from the `cookie` package) when the name or value has characters a cookie cannot hold
 */
export function serializeSetCookie(name: string, value: string, attributes: CookieAttributes = {}): string {
  return stringifySetCookie(
    {
      name,
      value,
      secure: true,
      httpOnly: attributes.httpOnly ?? true,
      sameSite: attributes.sameSite ?? 'lax',
      path: attributes.path ?? '/',
      ...(attributes.domain === undefined ? {} : { domain: attributes.domain }),
      ...(attributes.maxAgeSeconds === undefined ? {} : { maxAge: attributes.maxAgeSeconds }),
    },
    { encode: identity },
  );
}

/** A `Set-Cookie` value that deletes cookie `name` (empty value, `Max-Age=0`, same attributes). */
export function deletionSetCookie(name: string, attributes: CookieAttributes = {}): string {
  return serializeSetCookie(name, '', { ...attributes, maxAgeSeconds: 0 });
}

/** Name of chunk `index` of cookie `base`: `<base>.<index>`. */
export function chunkName(base: string, index: number): string {
  return `${base}.${index}`;
}

/**
 * Splits `value` for cookie `base`: one cookie named `base` when it fits in
 * {@link MAX_COOKIE_VALUE_BYTES}, else numbered chunks `base.0`, `base.1`, … .
 *
 * @returns the pairs to set, or `undefined` when more than {@link MAX_CHUNKS} chunks would be needed
 */
export function chunkCookie(
  base: string,
  value: string,
  maxBytes = MAX_COOKIE_VALUE_BYTES,
): CookiePair[] | undefined {
  if (value.length <= maxBytes) return [{ name: base, value }];
  const count = Math.ceil(value.length / maxBytes);
  if (count > MAX_CHUNKS) return undefined;
  const out: CookiePair[] = [];
  for (let i = 0; i < count; i++)
    out.push({ name: chunkName(base, i), value: value.slice(i * maxBytes, (i + 1) * maxBytes) });
  return out;
}

/**
 * Reads cookie `base`, reassembling numbered chunks when the unchunked cookie is absent. Chunks are read
 * from `base.0` upward until the first missing index.
 *
 * @returns the value, or `undefined` when neither the cookie nor chunk 0 is present
 */
export function readChunkedCookie(pairs: readonly CookiePair[], base: string): string | undefined {
  const whole = firstCookie(pairs, base);
  if (whole !== undefined) return whole;
  let out: string | undefined;
  for (let i = 0; i < MAX_CHUNKS; i++) {
    const part = firstCookie(pairs, chunkName(base, i));
    if (part === undefined) break;
    out = (out ?? '') + part;
  }
  return out;
}

/** Approximate bytes a set of pairs adds to a `Cookie` request header (`name=value; ` each). */
export function cookieHeaderBytes(pairs: readonly CookiePair[]): number {
  let n = 0;
  for (const p of pairs) n += p.name.length + p.value.length + 3;
  return n;
}
