/**
 * `Set-Cookie` serialization, with the `cookie` package. Only the login path (login redirect, callback,
 * refresh, sign-out) writes cookies, so this module is not part of a site's per-request code.
 *
 * @see https://www.rfc-editor.org/rfc/rfc6265#section-4.1
 * @module
 */
import { stringifySetCookie } from 'cookie';

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
