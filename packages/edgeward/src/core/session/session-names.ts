/**
 * The session cookie names (prefix or Amplify-compatible naming) and reading them back from a request:
 * the part of the session cookies every request needs. Writing and clearing them is `session-cookies.ts`
 * (`SessionCookies`), loaded on the login path only.
 *
 * @module
 */
import { AuthError } from '../errors.js';
import {
  type CookieLookup,
  type CookiePair,
  type CookieSpans,
  firstCookie,
  ownCookieValue,
  readChunkedCookie,
  scanCookies,
} from './cookies.js';

declare global {
  /**
   * Whether Amplify cookie naming (`cookies.naming: "amplify"`) is compiled in: `edgeward build` defines
   * it (esbuild `define`) from the baked configuration, so that a bundle with edgeward's own naming drops
   * the Amplify names and the scan of a second prefix. Undefined outside a bundle: it is there.
   */
  var EDGEWARD_AMPLIFY_COOKIES: boolean | undefined;
}

/** Default session cookie lifetime in seconds: 30 days (Cognito's default refresh token validity). */
export const DEFAULT_SESSION_MAX_AGE_SECONDS = 30 * 24 * 3600;

/**
 * Most bytes the session cookies may add to the browser's `Cookie` header. CloudFront refuses requests
 * whose request line + headers exceed 20,480 bytes before any function runs; 16,384 leaves about 4 KB
 * for the request line, the other headers and the application's own cookies.
 *
 * @see [Amazon CloudFront Developer Guide - Quotas](https://docs.aws.amazon.com/AmazonCloudFront/latest/DeveloperGuide/cloudfront-limits.html)
 */
export const SESSION_COOKIE_BUDGET_BYTES = 16_384;

/**
 * Session cookie options (plain JSON, part of the site configuration).
 */
export interface SessionCookieOptions {
  /**
   * Prefix of every edgeward cookie name (`<prefix>.access`, `<prefix>.state`, …). Default `edgeward`.
   * A prefix starting with `__Host-` makes browsers refuse the cookies unless they are `Secure`,
   * `Path=/` and host-only (RFC 6265bis §4.1.3.2), which stops cookie tossing from sibling subdomains;
   * it cannot be combined with `domain`.
   */
  readonly prefix?: string;
  /**
   * `edgeward` (default): `<prefix>.id`, `<prefix>.access`, `<prefix>.refresh`. `amplify`: the names
   * Amplify's cookie storage reads, `CognitoIdentityServiceProvider.<clientId>.<username>.idToken`,
   * `.accessToken`, `.refreshToken` and `CognitoIdentityServiceProvider.<clientId>.LastAuthUser`
   * (set `httpOnly: false` when the application must read them client-side).
   */
  readonly naming?: 'edgeward' | 'amplify';
  /** `Domain` attribute of the session cookies. Default none (host-only). */
  readonly domain?: string;
  /** `Max-Age` of the session cookies in seconds; keep it ≤ the refresh token validity. Default 30 days. */
  readonly maxAgeSeconds?: number;
  /** `HttpOnly` on the token cookies. Default true. The state cookie is always HttpOnly. */
  readonly httpOnly?: boolean;
  /** `SameSite` of the session cookies. Default `lax` (needed for the IdP's redirect back). */
  readonly sameSite?: 'lax' | 'strict';
}

/** The tokens of one session as stored in cookies. */
export interface SessionTokens {
  readonly idToken?: string;
  readonly accessToken?: string;
  /** Opaque to edgeward (Cognito refresh tokens are encrypted): only ever sent to the token endpoint. */
  readonly refreshToken?: string;
}

/** The three session tokens. */
export type Kind = 'id' | 'access' | 'refresh';
const AMPLIFY_SUFFIX: Record<Kind, string> = {
  id: 'idToken',
  access: 'accessToken',
  refresh: 'refreshToken',
};
/** Every {@link Kind}, in writing order. */
export const KINDS: readonly Kind[] = ['id', 'access', 'refresh'];
/** The {@link SessionTokens} field of each kind. */
export const FIELD: Record<Kind, keyof SessionTokens> = {
  id: 'idToken',
  access: 'accessToken',
  refresh: 'refreshToken',
};

/**
 * Cookie names of one site's session and reading them from a request. Built once per handler;
 * {@link SessionCookies} (`session-cookies.ts`) adds writing and clearing.
 */
export class SessionNames {
  /** The prefix (default `edgeward`). */
  readonly prefix: string;
  /** Name of the login state cookie. */
  readonly stateName: string;
  /** Name of the redirect-loop guard cookie. */
  readonly guardName: string;
  protected readonly naming: 'edgeward' | 'amplify';
  protected readonly amplifyBase: string;
  /** Built once (these names are read on every request): `<prefix>.` and `<amplifyBase>.`. */
  protected readonly ownPrefix: string;
  protected readonly amplifyPrefix: string;
  /** Edgeward naming: `<prefix>.id`, `<prefix>.access`, `<prefix>.refresh`. */
  protected readonly edgewardNames: Readonly<Record<Kind, string>>;
  /** The name prefixes of {@link owns}, searched by {@link scan}. */
  protected readonly ownPrefixes: readonly string[];

  /**
   * @param options - cookie options (defaults documented on {@link SessionCookieOptions})
   * @param clientId - the OAuth client id (used by Amplify naming)
   * @throws AuthError `config_invalid` for a `__Host-` prefix combined with `domain`, or an unusable prefix
   */
  constructor(options: SessionCookieOptions, clientId: string) {
    this.prefix = options.prefix ?? 'edgeward';
    if (!/^[A-Za-z0-9_-]+$/.test(this.prefix)) {
      throw new AuthError('config_invalid', 'cookies.prefix must be letters, digits, "_" or "-"');
    }
    if (this.prefix.startsWith('__Host-') && options.domain !== undefined) {
      throw new AuthError(
        'config_invalid',
        'cookies.prefix "__Host-" cannot be combined with cookies.domain',
      );
    }
    this.naming = options.naming ?? 'edgeward';
    // (the global is read in place at each use: esbuild drops the Amplify code from a bundle without it
    // only so)
    if (
      this.naming !== 'edgeward' &&
      (this.naming !== 'amplify' || globalThis.EDGEWARD_AMPLIFY_COOKIES === false)
    ) {
      throw new AuthError('config_invalid', 'cookies.naming: not "edgeward" or a built-in "amplify"');
    }
    this.amplifyBase =
      globalThis.EDGEWARD_AMPLIFY_COOKIES !== false ? `CognitoIdentityServiceProvider.${clientId}` : '';
    this.stateName = `${this.prefix}.state`;
    this.guardName = `${this.prefix}.guard`;
    this.ownPrefix = `${this.prefix}.`;
    this.amplifyPrefix = `${this.amplifyBase}.`;
    this.ownPrefixes =
      globalThis.EDGEWARD_AMPLIFY_COOKIES !== false && this.naming === 'amplify'
        ? [this.ownPrefix, this.amplifyPrefix]
        : [this.ownPrefix];
    this.edgewardNames = {
      id: `${this.prefix}.id`,
      access: `${this.prefix}.access`,
      refresh: `${this.prefix}.refresh`,
    };
  }

  protected lastUserName(): string {
    return `${this.amplifyBase}.LastAuthUser`;
  }

  protected base(kind: Kind, user: string | undefined): string | undefined {
    if (!(globalThis.EDGEWARD_AMPLIFY_COOKIES !== false && this.naming === 'amplify'))
      return this.edgewardNames[kind];
    if (!user) return undefined;
    return `${this.amplifyBase}.${user}.${AMPLIFY_SUFFIX[kind]}`;
  }

  protected cookieUser(username: string): string {
    return encodeURIComponent(username);
  }

  /** True when cookie `name` belongs to edgeward (stripped before the origin, cleared at sign-out). */
  owns(name: string): boolean {
    return (
      name.startsWith(this.ownPrefix) ||
      (globalThis.EDGEWARD_AMPLIFY_COOKIES !== false &&
        this.naming === 'amplify' &&
        name.startsWith(this.amplifyPrefix))
    );
  }

  /**
   * Finds the request's cookies that edgeward owns ({@link owns}) with a native search for the owned
   * name prefixes: the cost does not grow with the number of unrelated cookies.
   *
   * @param headerValues - each `Cookie` header's value
   */
  scan(headerValues: readonly string[]): CookieSpans {
    return scanCookies(headerValues, this.ownPrefixes);
  }

  /**
   * Reads the session tokens from the request's cookies (first occurrence of each name, chunks
   * reassembled).
   *
   * @param pairs - the parsed cookies
   */
  read(pairs: readonly CookiePair[]): SessionTokens {
    return this.#readWith((name) => firstCookie(pairs, name));
  }

  /**
   * {@link read} from the owned cookies found by {@link scan}, without parsing the others.
   *
   * @param headerValues - each `Cookie` header's value (those `spans` were found in)
   * @param spans - what {@link scan} found
   */
  readOwn(headerValues: readonly string[], spans: CookieSpans): SessionTokens {
    return this.#readWith((name) => ownCookieValue(headerValues, spans, name));
  }

  #readWith(first: CookieLookup): SessionTokens {
    const user =
      globalThis.EDGEWARD_AMPLIFY_COOKIES !== false && this.naming === 'amplify'
        ? first(this.lastUserName())
        : undefined;
    const out: Record<string, string> = {};
    for (const kind of KINDS) {
      const base = this.base(kind, user);
      const value = base === undefined ? undefined : readChunkedCookie(first, base);
      if (value) out[FIELD[kind]] = value;
    }
    return out as SessionTokens;
  }
}
