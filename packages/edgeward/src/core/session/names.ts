/**
 * The session cookies: their names (prefix or Amplify-compatible naming), reading them back from a
 * request, writing them within a size budget, and clearing every cookie edgeward owns.
 *
 * @module
 */
import { AuthError } from '../errors.js';
import {
  type CookieAttributes,
  type CookiePair,
  chunkCookie,
  cookieHeaderBytes,
  deletionSetCookie,
  firstCookie,
  readChunkedCookie,
  serializeSetCookie,
} from './cookies.js';

/** Default session cookie lifetime in seconds: 30 days (Cognito's default refresh token validity). */
export const DEFAULT_SESSION_MAX_AGE_SECONDS = 30 * 24 * 3600;

/**
 * Most bytes the session cookies may add to the browser's `Cookie` header. CloudFront refuses requests
 * whose request line + headers exceed 20,480 bytes before any function runs; 16,384 leaves about 4 KB
 * for the request line, the other headers and the application's own cookies.
 *
 * @see https://docs.aws.amazon.com/AmazonCloudFront/latest/DeveloperGuide/cloudfront-limits.html
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

type Kind = 'id' | 'access' | 'refresh';
const AMPLIFY_SUFFIX: Record<Kind, string> = {
  id: 'idToken',
  access: 'accessToken',
  refresh: 'refreshToken',
};
const KINDS: readonly Kind[] = ['id', 'access', 'refresh'];
const FIELD: Record<Kind, keyof SessionTokens> = {
  id: 'idToken',
  access: 'accessToken',
  refresh: 'refreshToken',
};

/** Cookie names and Set-Cookie values of one site's session. Built once per handler. */
export class SessionCookies {
  /** The prefix (default `edgeward`). */
  readonly prefix: string;
  /** Name of the login state cookie. */
  readonly stateName: string;
  /** Name of the redirect-loop guard cookie. */
  readonly guardName: string;
  readonly #naming: 'edgeward' | 'amplify';
  readonly #amplifyBase: string;
  readonly #attributes: CookieAttributes;
  /** Built once (these names are read on every request): `<prefix>.` and `<amplifyBase>.`. */
  readonly #ownPrefix: string;
  readonly #amplifyPrefix: string;
  /** Edgeward naming: `<prefix>.id`, `<prefix>.access`, `<prefix>.refresh`. */
  readonly #edgewardNames: Readonly<Record<Kind, string>>;

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
    this.#naming = options.naming ?? 'edgeward';
    this.#amplifyBase = `CognitoIdentityServiceProvider.${clientId}`;
    this.stateName = `${this.prefix}.state`;
    this.guardName = `${this.prefix}.guard`;
    this.#ownPrefix = `${this.prefix}.`;
    this.#amplifyPrefix = `${this.#amplifyBase}.`;
    this.#edgewardNames = {
      id: `${this.prefix}.id`,
      access: `${this.prefix}.access`,
      refresh: `${this.prefix}.refresh`,
    };
    this.#attributes = {
      httpOnly: options.httpOnly ?? true,
      sameSite: options.sameSite ?? 'lax',
      maxAgeSeconds: options.maxAgeSeconds ?? DEFAULT_SESSION_MAX_AGE_SECONDS,
      ...(options.domain === undefined ? {} : { domain: options.domain }),
    };
  }

  #lastUserName(): string {
    return `${this.#amplifyBase}.LastAuthUser`;
  }

  #base(kind: Kind, user: string | undefined): string | undefined {
    if (this.#naming === 'edgeward') return this.#edgewardNames[kind];
    if (!user) return undefined;
    return `${this.#amplifyBase}.${user}.${AMPLIFY_SUFFIX[kind]}`;
  }

  #cookieUser(username: string): string {
    return encodeURIComponent(username);
  }

  /** True when cookie `name` belongs to edgeward (stripped before the origin, cleared at sign-out). */
  owns(name: string): boolean {
    return (
      name.startsWith(this.#ownPrefix) || (this.#naming === 'amplify' && name.startsWith(this.#amplifyPrefix))
    );
  }

  /** Reads the session tokens from the request's cookies (first occurrence of each name, chunks reassembled). */
  read(pairs: readonly CookiePair[]): SessionTokens {
    const user = this.#naming === 'amplify' ? firstCookie(pairs, this.#lastUserName()) : undefined;
    const out: Record<string, string> = {};
    for (const kind of KINDS) {
      const base = this.#base(kind, user);
      const value = base === undefined ? undefined : readChunkedCookie(pairs, base);
      if (value) out[FIELD[kind]] = value;
    }
    return out as SessionTokens;
  }

  /**
   * The `Set-Cookie` values that store `tokens`, chunked as needed, and delete any stale cookie of the
   * previous session present in the request (old chunks, another Amplify user's names). When the cookies
   * would exceed {@link SESSION_COOKIE_BUDGET_BYTES}, the token named by `droppable` is left out (the
   * session is still usable: that token is not verified per request).
   *
   * @param tokens - the tokens to store; an absent refresh token keeps none
   * @param username - the user's name (Amplify naming); ignored by edgeward naming
   * @param present - the request's cookies
   * @param droppable - which token may be dropped to fit the budget
   * @throws AuthError `token_too_large` when the session cannot fit the budget even so
   */
  write(
    tokens: SessionTokens,
    username: string,
    present: readonly CookiePair[],
    droppable: 'idToken' | 'accessToken',
  ): string[] {
    const user = this.#cookieUser(username);
    const build = (t: SessionTokens): CookiePair[] | undefined => {
      const pairs: CookiePair[] = [];
      for (const kind of KINDS) {
        const value = t[FIELD[kind]];
        if (!value) continue;
        const chunks = chunkCookie(this.#base(kind, user)!, value);
        if (!chunks) return undefined;
        pairs.push(...chunks);
      }
      if (this.#naming === 'amplify') pairs.push({ name: this.#lastUserName(), value: user });
      return pairs;
    };
    let pairs = build(tokens);
    if (!pairs || cookieHeaderBytes(pairs) > SESSION_COOKIE_BUDGET_BYTES) {
      pairs = build({ ...tokens, [droppable]: undefined });
    }
    if (!pairs || cookieHeaderBytes(pairs) > SESSION_COOKIE_BUDGET_BYTES) {
      throw new AuthError('token_too_large', 'session tokens exceed the cookie budget');
    }
    const written = new Set(pairs.map((p) => p.name));
    const out = pairs.map((p) => serializeSetCookie(p.name, p.value, this.#attributes));
    for (const p of present) {
      if (!written.has(p.name) && this.#isSessionCookie(p.name)) {
        written.add(p.name);
        out.push(deletionSetCookie(p.name, this.#attributes));
      }
    }
    return out;
  }

  #isSessionCookie(name: string): boolean {
    return this.owns(name) && name !== this.stateName && name !== this.guardName;
  }

  /** `Set-Cookie` values deleting the session cookies present in the request (state and guard kept). */
  clearSession(present: readonly CookiePair[]): string[] {
    const names = new Set<string>();
    for (const p of present) if (this.#isSessionCookie(p.name)) names.add(p.name);
    return [...names].map((n) => deletionSetCookie(n, this.#attributes));
  }

  /**
   * `Set-Cookie` values deleting every edgeward cookie present in the request plus the fixed names
   * (session, state and guard), for sign-out.
   */
  clearAll(present: readonly CookiePair[]): string[] {
    const names = new Set<string>([this.stateName, this.guardName]);
    if (this.#naming === 'edgeward') for (const k of KINDS) names.add(this.#base(k, undefined)!);
    for (const p of present) if (this.owns(p.name)) names.add(p.name);
    return [...names].map((n) =>
      n === this.stateName || n === this.guardName
        ? deletionSetCookie(n)
        : deletionSetCookie(n, this.#attributes),
    );
  }

  /** `Set-Cookie` for the login state cookie: HttpOnly, SameSite=Lax, host-only, `Max-Age` = TTL. */
  stateCookie(value: string, ttlSeconds: number): string {
    return serializeSetCookie(this.stateName, value, { maxAgeSeconds: ttlSeconds });
  }

  /** `Set-Cookie` deleting the login state cookie. */
  clearStateCookie(): string {
    return deletionSetCookie(this.stateName);
  }

  /** `Set-Cookie` for the redirect-loop guard counter. */
  guardCookie(count: number, ttlSeconds: number): string {
    return serializeSetCookie(this.guardName, String(count), { maxAgeSeconds: ttlSeconds });
  }
}
