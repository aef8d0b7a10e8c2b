/**
 * The verifier of one issuer: strict parsing, header checks, `iss`, signature, times, recipient and
 * claims, with a bounded verified-token cache in front.
 *
 * Order: size cap → shape (parse) → header (alg pinned, `crit`, `kid`) → registered claim types
 * (`exp` required) → `iss` (before any JWKS fetch, so foreign tokens cause no network) → key lookup and
 * signature → `exp`/`nbf`/`iat` (injected clock) → `token_use`/`client_id`/`aud` → `nonce` → required
 * claims → typed groups and scopes.
 *
 * @module
 */
import { AuthError } from '../errors.js';
import { type Clock, nowSeconds } from '../runtime.js';
import { cacheKey, Doorkeeper, LruCache } from './cache.js';
import { checkClaimTypes, checkIssuer, checkTimes, freezeResult, toVerifiedToken } from './claims.js';
import { checkHeader } from './header.js';
import type { JsonObject } from './json.js';
import { HeaderMemo, parseCompactJws } from './parse.js';
import type { ResolvedIssuer } from './resolve-issuer.js';
import { toAuthError } from './to-auth-error.js';
import type { JwtClaims, TokenVerifier, VerifiedHeader, VerifiedToken, VerifyOptions } from './types.js';

interface CacheEntry {
  /** The whole token (its own copy): the key is only a hash of its tail, so a hit must match this exactly. */
  readonly raw: string;
  readonly token: VerifiedToken;
  readonly tokenUse: VerifyOptions['tokenUse'];
  readonly nonce: VerifyOptions['nonce'];
}

declare global {
  /**
   * Whether the verified-token cache is compiled in: `edgeward build` defines it (esbuild `define`) as
   * whether the baked issuer's `cacheSize` is not 0, so that a bundle without a cache drops its code.
   * Undefined outside a bundle: it is there.
   */
  var EDGEWARD_TOKEN_CACHE: boolean | undefined;
}

const NO_OPTIONS: VerifyOptions = {};
const HEADER_MEMO_SIZE = 16;

function rejectAsAuthError(e: unknown): never {
  throw toAuthError(e);
}

/** {@link TokenVerifier} for one resolved issuer. */
export class IssuerVerifier implements TokenVerifier {
  readonly #issuer: ResolvedIssuer;
  readonly #clock: Clock;
  readonly #cache: LruCache<number, CacheEntry> | undefined;
  /** Tokens seen once: a token is admitted to the cache the second time it is verified. */
  readonly #seen: Doorkeeper | undefined;
  /** Decoded headers by their base64url text: an issuer's tokens share a handful of headers. */
  readonly #headers = new HeaderMemo(HEADER_MEMO_SIZE);
  /** The last header that passed `checkHeader` (a memoised, frozen object) and its checked form. */
  #lastHeader: JsonObject | undefined;
  #lastChecked: VerifiedHeader | undefined;

  constructor(issuer: ResolvedIssuer, clock: Clock) {
    this.#issuer = issuer;
    this.#clock = clock;
    // (the global is read in place, here and below: esbuild drops the cache from a bundle without it only so)
    if (issuer.cacheSize > 0) {
      if (globalThis.EDGEWARD_TOKEN_CACHE !== false) {
        const cache = new LruCache<number, CacheEntry>(issuer.cacheSize);
        this.#cache = cache;
        this.#seen = new Doorkeeper(issuer.cacheSize);
        // A new key set may have removed a key: results verified with it must not be served any more.
        const keys = issuer.keys;
        if (keys) {
          const previous = keys.onReplace;
          keys.onReplace = () => {
            previous?.();
            cache.clear();
          };
        }
      } else {
        throw new AuthError('config_invalid', 'cacheSize: the verified-token cache is not in this bundle');
      }
    }
  }

  /**
   * Verifies `token` (a compact JWS) and returns the typed result.
   *
   * Not an `async` function on purpose: with a held key the whole check runs synchronously and the
   * result is wrapped once, instead of through nested `await`s.
   *
   * @param token - the compact JWS, without any `Bearer ` prefix
   * @param options - expected `token_use` (Cognito default `access`) and `nonce`
   * @returns the verified token; results come from the cache when the same token was verified with the
   *   same options, with `exp`/`nbf`/`iat` re-checked on every hit
   * @throws AuthError — always an `AuthError` (as the rejection), whose `code` names the failed check
   */
  verify(token: string, options: VerifyOptions = NO_OPTIONS): Promise<VerifiedToken> {
    try {
      const result = this.check(token, options);
      return result instanceof Promise ? result : Promise.resolve(result);
    } catch (e) {
      return Promise.reject(e);
    }
  }

  /**
   * {@link verify} for the request path, without a promise when none is needed: the verified token when
   * the key is held (every request but those that fetch the JWKS), else a promise of it. The handlers
   * await only a promise: each `await` of an already settled result cost a microtask turn and an object.
   *
   * @param token - the compact JWS, without any `Bearer ` prefix
   * @param options - expected `token_use` (Cognito default `access`) and `nonce`
   * @returns the verified token, or a promise of it (rejecting with an `AuthError`) while keys are fetched
   * @throws AuthError — always an `AuthError`, whose `code` names the failed check
   */
  check(token: string, options: VerifyOptions = NO_OPTIONS): VerifiedToken | Promise<VerifiedToken> {
    try {
      const result = this.#fromCache(token, options) ?? this.#verifyUncached(token, options);
      return result instanceof Promise ? result.catch(rejectAsAuthError) : result;
    } catch (e) {
      throw toAuthError(e);
    }
  }

  #fromCache(token: string, options: VerifyOptions): VerifiedToken | undefined {
    const cache = this.#cache;
    if (globalThis.EDGEWARD_TOKEN_CACHE !== false && cache !== undefined && typeof token === 'string') {
      const key = cacheKey(token);
      const entry = cache.get(key);
      if (
        entry !== undefined &&
        entry.raw === token &&
        entry.tokenUse === options.tokenUse &&
        entry.nonce === options.nonce
      ) {
        const now = this.#clock();
        if (!this.#issuer.keys?.needsRevalidation(now)) {
          try {
            checkTimes(entry.token.claims, Math.floor(now / 1000), this.#issuer.claims.toleranceSeconds);
          } catch (e) {
            cache.delete(key);
            throw e as AuthError;
          }
          return entry.token;
        }
      }
    }
    return undefined;
  }

  /** Parse and checks up to the signature, then the rest: synchronous unless a JWKS fetch is needed. */
  #verifyUncached(token: string, options: VerifyOptions): VerifiedToken | Promise<VerifiedToken> {
    const issuer = this.#issuer;
    const parsed = parseCompactJws(token, issuer.maxTokenBytes, this.#headers);
    const header = this.#checkHeader(parsed.header);
    const claims = checkClaimTypes(parsed.payload);
    checkIssuer(claims, issuer.claims.issuer);
    const pending = issuer.verifySignature(parsed, header);
    if (pending) return pending.then(() => this.#afterSignature(token, header, claims, options));
    return this.#afterSignature(token, header, claims, options);
  }

  /** `checkHeader`, skipped when the header is the very object checked last time (same memo entry). */
  #checkHeader(raw: JsonObject): VerifiedHeader {
    if (raw === this.#lastHeader && this.#lastChecked !== undefined) return this.#lastChecked;
    const checked = checkHeader(raw, this.#issuer.header);
    if (Object.isFrozen(raw)) {
      this.#lastHeader = raw;
      this.#lastChecked = Object.freeze(checked);
    }
    return checked;
  }

  #afterSignature(
    token: string,
    header: VerifiedHeader,
    claims: JwtClaims,
    options: VerifyOptions,
  ): VerifiedToken {
    const issuer = this.#issuer;
    checkTimes(claims, nowSeconds(this.#clock), issuer.claims.toleranceSeconds);
    const verified = toVerifiedToken(header, claims, issuer.claims, options);
    // Admission on second sight: a token verified once is only remembered by a fingerprint, so a stream of
    // distinct tokens (each verified once) costs no entry, no freezing and no old-space garbage; a token
    // that comes back within the cache's capacity of other verifications is admitted and served from the
    // cache from its third use on; one that comes back later counts as seen once again (see Doorkeeper).
    const cache = this.#cache;
    if (globalThis.EDGEWARD_TOKEN_CACHE !== false && cache !== undefined) {
      const key = cacheKey(token);
      if (this.#seen!.secondSight(key)) {
        freezeResult(verified);
        cache.set(key, {
          // Its own copy (a verified token is ASCII: the round trip is exact, and an entry that differed
          // would only never be hit): the token passed in is usually a slice of the request's string — the
          // whole `Cookie` header (4–9 KB with analytics cookies) for a cookie — and V8 keeps a slice's
          // parent alive as long as the slice. Only on admission, never per request.
          raw: Buffer.from(token).toString(),
          token: verified,
          tokenUse: options.tokenUse,
          nonce: options.nonce,
        });
      }
    }
    return verified;
  }
}
