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
import type { AuthError } from '../errors.js';
import { type Clock, nowSeconds } from '../runtime.js';
import { LruCache } from './cache.js';
import { checkClaimTypes, checkIssuer, checkTimes, deepFreeze, toVerifiedToken } from './claims.js';
import { checkHeader } from './header.js';
import type { ResolvedIssuer } from './issuer.js';
import type { JsonObject } from './json.js';
import { toAuthError } from './library-errors.js';
import { parseCompactJws } from './parse.js';
import type { TokenVerifier, VerifiedToken, VerifyOptions } from './types.js';

interface CacheEntry {
  readonly token: VerifiedToken;
  readonly tokenUse: VerifyOptions['tokenUse'];
  readonly nonce: VerifyOptions['nonce'];
}

const NO_OPTIONS: VerifyOptions = {};
const HEADER_MEMO_SIZE = 16;

/** {@link TokenVerifier} for one resolved issuer. */
export class IssuerVerifier implements TokenVerifier {
  readonly #issuer: ResolvedIssuer;
  readonly #clock: Clock;
  readonly #cache: LruCache<string, CacheEntry> | undefined;
  /** Decoded headers by their base64url text: an issuer's tokens share a handful of headers. */
  readonly #headers = new LruCache<string, JsonObject>(HEADER_MEMO_SIZE);

  constructor(issuer: ResolvedIssuer, clock: Clock) {
    this.#issuer = issuer;
    this.#clock = clock;
    if (issuer.cacheSize > 0) {
      const cache = new LruCache<string, CacheEntry>(issuer.cacheSize);
      this.#cache = cache;
      // A new key set may have removed a key: results verified with it must not be served any more.
      const keys = issuer.keys;
      if (keys) {
        const previous = keys.onReplace;
        keys.onReplace = (jwks) => {
          previous?.(jwks);
          cache.clear();
        };
      }
    }
  }

  /**
   * Verifies `token` (a compact JWS) and returns the typed result.
   *
   * @param token - the compact JWS, without any `Bearer ` prefix
   * @param options - expected `token_use` (Cognito default `access`) and `nonce`
   * @returns the verified token; results come from the cache when the same token was verified with the
   *   same options, with `exp`/`nbf`/`iat` re-checked on every hit
   * @throws AuthError — always an `AuthError`, whose `code` names the failed check
   */
  async verify(token: string, options: VerifyOptions = NO_OPTIONS): Promise<VerifiedToken> {
    try {
      const cached = this.#fromCache(token, options);
      if (cached) return cached;
      return await this.#verifyUncached(token, options);
    } catch (e) {
      throw toAuthError(e);
    }
  }

  #fromCache(token: string, options: VerifyOptions): VerifiedToken | undefined {
    const cache = this.#cache;
    if (cache === undefined || typeof token !== 'string') return undefined;
    const entry = cache.get(token);
    if (entry === undefined || entry.tokenUse !== options.tokenUse || entry.nonce !== options.nonce)
      return undefined;
    const now = this.#clock();
    if (this.#issuer.keys?.needsRevalidation(now)) return undefined;
    try {
      checkTimes(entry.token.claims, Math.floor(now / 1000), this.#issuer.claims.toleranceSeconds);
    } catch (e) {
      cache.delete(token);
      throw e as AuthError;
    }
    return entry.token;
  }

  async #verifyUncached(token: string, options: VerifyOptions): Promise<VerifiedToken> {
    const issuer = this.#issuer;
    const parsed = parseCompactJws(token, issuer.maxTokenBytes, this.#headers);
    const header = checkHeader(parsed.header, issuer.header);
    const claims = checkClaimTypes(parsed.payload);
    checkIssuer(claims, issuer.claims.issuer);
    const pending = issuer.verifySignature(parsed, header.kid);
    if (pending) await pending;
    checkTimes(claims, nowSeconds(this.#clock), issuer.claims.toleranceSeconds);
    const verified = toVerifiedToken(header, claims, issuer.claims, options);
    if (this.#cache) {
      deepFreeze(verified);
      this.#cache.set(token, { token: verified, tokenUse: options.tokenUse, nonce: options.nonce });
    }
    return verified;
  }
}
