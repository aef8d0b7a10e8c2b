/**
 * The session cookies: writing them within a size budget and clearing every cookie edgeward owns, on top
 * of their names and reading (`session-names.ts`). Used on the login path (callback, refresh, sign-out, login
 * redirect), so the `Set-Cookie` code is not part of a site's per-request code.
 *
 * @module
 */
import { AuthError } from '../errors.js';
import { chunkCookie, cookieHeaderBytes } from './cookie-chunks.js';
import type { CookiePair } from './cookies.js';
import {
  DEFAULT_SESSION_MAX_AGE_SECONDS,
  FIELD,
  KINDS,
  SESSION_COOKIE_BUDGET_BYTES,
  type SessionCookieOptions,
  SessionNames,
  type SessionTokens,
} from './session-names.js';
import { type CookieAttributes, deletionSetCookie, serializeSetCookie } from './set-cookie.js';

export {
  DEFAULT_SESSION_MAX_AGE_SECONDS,
  SESSION_COOKIE_BUDGET_BYTES,
  type SessionCookieOptions,
  SessionNames,
  type SessionTokens,
} from './session-names.js';

/** Cookie names and Set-Cookie values of one site's session. */
export class SessionCookies extends SessionNames {
  /** The attributes of every session `Set-Cookie` (built here: writing is the login path's, not every request's). */
  protected readonly attributes: CookieAttributes;

  constructor(options: SessionCookieOptions, clientId: string) {
    super(options, clientId);
    this.attributes = {
      httpOnly: options.httpOnly ?? true,
      sameSite: options.sameSite ?? 'lax',
      maxAgeSeconds: options.maxAgeSeconds ?? DEFAULT_SESSION_MAX_AGE_SECONDS,
      ...(options.domain === undefined ? {} : { domain: options.domain }),
    };
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
    const user = this.cookieUser(username);
    const build = (t: SessionTokens): CookiePair[] | undefined => {
      const pairs: CookiePair[] = [];
      for (const kind of KINDS) {
        const value = t[FIELD[kind]];
        if (!value) continue;
        const chunks = chunkCookie(this.base(kind, user)!, value);
        if (!chunks) return undefined;
        pairs.push(...chunks);
      }
      if (globalThis.EDGEWARD_AMPLIFY_COOKIES !== false && this.naming === 'amplify')
        pairs.push({ name: this.lastUserName(), value: user });
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
    const out = pairs.map((p) => serializeSetCookie(p.name, p.value, this.attributes));
    for (const p of present) {
      if (!written.has(p.name) && this.#isSessionCookie(p.name)) {
        written.add(p.name);
        out.push(deletionSetCookie(p.name, this.attributes));
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
    return [...names].map((n) => deletionSetCookie(n, this.attributes));
  }

  /**
   * `Set-Cookie` values deleting every edgeward cookie present in the request plus the fixed names
   * (session, state and guard), for sign-out.
   */
  clearAll(present: readonly CookiePair[]): string[] {
    const names = new Set<string>([this.stateName, this.guardName]);
    if (!(globalThis.EDGEWARD_AMPLIFY_COOKIES !== false && this.naming === 'amplify'))
      for (const k of KINDS) names.add(this.base(k, undefined)!);
    for (const p of present) if (this.owns(p.name)) names.add(p.name);
    return [...names].map((n) =>
      n === this.stateName || n === this.guardName
        ? deletionSetCookie(n)
        : deletionSetCookie(n, this.attributes),
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
