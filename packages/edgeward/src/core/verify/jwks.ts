/**
 * The JWKS key store of one issuer. Fetching, the clock, the refetch cool-down and the TTL are edgeward's,
 * and keys are imported once per key set into `KeyObject`s (`keys.ts`):
 *
 * - a baked JWKS (from config) is installed at construction: zero network on a cold start;
 * - an unknown `kid` while keys are held triggers a refetch at once when no refetch for an unknown `kid`
 *   happened within the cool-down, else none (so a key added after warm-up is picked up by its first
 *   token, and a storm of unknown kids costs at most one fetch per cool-down window); loading keys (cold
 *   start, TTL re-validation) does not start that window; a failed fetch does (no retry within it);
 *   concurrent callers share the one fetch in flight;
 * - every fetch goes through the injected `fetch` with a timeout;
 * - keys are kept when a later fetch fails (stale-if-error);
 * - after the TTL the keys are re-validated, so a key the issuer removed stops being trusted;
 * - all time comes from the injected clock (**milliseconds**).
 *
 * @see [RFC 7517 - JSON Web Key, section 5](https://www.rfc-editor.org/rfc/rfc7517.html#section-5)
 * @see [Amazon Cognito Developer Guide - Verifying a JSON Web Token](https://docs.aws.amazon.com/cognito/latest/developerguide/amazon-cognito-user-pools-using-tokens-verifying-a-jwt.html)
 * @module
 */
import type { Jwks } from '../config.js';
import { AuthError, UnusableKeyError } from '../errors.js';
import { isRecord } from '../record.js';
import type { Clock, FetchLike, Logger } from '../runtime.js';
import { importSignatureKey, type SignatureKey } from './keys.js';

/** Resolved JWKS behaviour (times in **milliseconds**). */
export interface JwksStoreOptions {
  /** The JWKS URI (already checked for `https:`). */
  readonly uri: string;
  /** A JWKS baked into config; installed at construction without any network. */
  readonly baked?: Jwks;
  readonly fetch: FetchLike;
  readonly clock: Clock;
  readonly logger: Logger;
  /** Minimum time between two fetches, ms. */
  readonly cooldownMs: number;
  /** Age after which keys are re-validated against the URI, ms. */
  readonly ttlMs: number;
  /** Timeout of one fetch (including the body), ms. */
  readonly timeoutMs: number;
}

/**
 * Imports the usable signature keys of a JWKS (see `keys.ts`), logging each skipped one. The first key
 * wins when a `kid` repeats.
 */
function usableKeys(jwks: unknown, logger: Logger): Map<string, SignatureKey> {
  const keys = new Map<string, SignatureKey>();
  const list = isRecord(jwks) && Array.isArray(jwks.keys) ? (jwks.keys as unknown[]) : [];
  for (const candidate of list) {
    try {
      const key = importSignatureKey(candidate);
      if (!keys.has(key.kid)) keys.set(key.kid, key);
    } catch (e) {
      const reason = e instanceof UnusableKeyError ? e.message : 'not a usable signature key';
      logger({ level: 'warn', event: 'jwks_key_skipped', reason });
    }
  }
  return keys;
}

/** The JWKS store of one issuer. */
export class JwksStore {
  readonly #options: JwksStoreOptions;
  #keys = new Map<string, SignatureKey>();
  /** When the current keys were installed (ms); undefined until the first install. */
  #loadedAt: number | undefined;
  /** When the last fetch started (ms). */
  #lastAttemptAt: number | undefined;
  /** When the last fetch made for an unknown `kid` while keys were held started (ms). */
  #lastKidRefetchAt: number | undefined;
  #lastError: AuthError | undefined;
  #inflight: Promise<boolean> | undefined;
  #fetches = 0;

  /** Called after a new key set is installed (the verifier drops derived caches). */
  onReplace: (() => void) | undefined;

  constructor(options: JwksStoreOptions) {
    this.#options = options;
    if (options.baked) this.#install(options.baked);
  }

  /** The JWKS URI. */
  get uri(): string {
    return this.#options.uri;
  }

  /** Number of fetches started so far (diagnostics and tests). */
  get fetchCount(): number {
    return this.#fetches;
  }

  /** True when the keys are older than the TTL and a fetch is allowed now (cache hits then re-verify). */
  needsRevalidation(nowMs: number): boolean {
    return (
      this.#loadedAt !== undefined && nowMs - this.#loadedAt >= this.#options.ttlMs && this.#mayFetch(nowMs)
    );
  }

  /**
   * The key for `kid` when it is held and the keys need no re-validation now (the synchronous hot path);
   * `undefined` means: call {@link resolve}.
   */
  fresh(kid: string): SignatureKey | undefined {
    const key = this.#keys.get(kid);
    return key !== undefined && !this.needsRevalidation(this.#options.clock()) ? key : undefined;
  }

  /**
   * The key for `kid`: from memory when known and fresh; otherwise after at most one fetch: for an unknown
   * `kid` while keys are held, one per cool-down window (the first one at once).
   *
   * @throws AuthError `kid_unknown`; `jwks_unavailable` / `jwks_invalid` when no key set could be loaded
   *   or the fetch made for this `kid` failed
   */
  async resolve(kid: string): Promise<SignatureKey> {
    const now = this.#options.clock();
    const revalidated = this.needsRevalidation(now);
    if (revalidated) await this.#refresh(now);
    const known = this.#keys.get(kid);
    if (known) return known;
    if (revalidated) {
      // The keys were just fetched for this kid: that was its refetch.
      this.#lastKidRefetchAt = now;
      throw new AuthError('kid_unknown', 'JWT kid is not in the JWKS');
    }
    const loaded = this.#loadedAt !== undefined;
    if (!(loaded ? this.#mayRefetchForKid(now) : this.#mayFetch(now))) {
      if (!loaded) throw this.#lastError ?? new AuthError('jwks_unavailable', 'JWKS not loaded yet');
      throw new AuthError('kid_unknown', 'JWT kid is not in the JWKS (refetch cool-down in effect)');
    }
    if (loaded && this.#inflight === undefined) this.#lastKidRefetchAt = now;
    const ok = await this.#refresh(now);
    const fetched = this.#keys.get(kid);
    if (fetched) return fetched;
    if (!ok && this.#lastError) throw this.#lastError;
    throw new AuthError('kid_unknown', 'JWT kid is not in the JWKS');
  }

  /** Any fetch: one in flight is shared; otherwise none within the cool-down of the last attempt. */
  #mayFetch(nowMs: number): boolean {
    return (
      this.#inflight !== undefined ||
      this.#lastAttemptAt === undefined ||
      nowMs - this.#lastAttemptAt >= this.#options.cooldownMs
    );
  }

  /**
   * A refetch for an unknown `kid` while keys are held: one in flight is shared; otherwise none within the
   * cool-down of the last such refetch, nor within the cool-down of a failed fetch. A successful load
   * (cold start, TTL re-validation) does not count, so the first unknown `kid` after it refetches at once.
   */
  #mayRefetchForKid(nowMs: number): boolean {
    if (this.#inflight !== undefined) return true;
    const { cooldownMs } = this.#options;
    if (this.#lastKidRefetchAt !== undefined && nowMs - this.#lastKidRefetchAt < cooldownMs) return false;
    return !(
      this.#lastError !== undefined &&
      this.#lastAttemptAt !== undefined &&
      nowMs - this.#lastAttemptAt < cooldownMs
    );
  }

  #install(jwks: unknown): void {
    this.#keys = usableKeys(jwks, this.#options.logger);
    this.#loadedAt = this.#options.clock();
    this.onReplace?.();
  }

  /** Fetches and installs; resolves false (keeping the old keys) on failure. Never rejects. */
  #refresh(nowMs: number): Promise<boolean> {
    if (this.#inflight) return this.#inflight;
    this.#lastAttemptAt = nowMs;
    this.#fetches++;
    const attempt = this.#fetchJwks().then(
      (jwks) => {
        this.#lastError = undefined;
        this.#install(jwks);
        return true;
      },
      (e: unknown) => {
        const error =
          e instanceof AuthError ? e : new AuthError('jwks_unavailable', 'JWKS fetch failed', { cause: e });
        this.#lastError = error;
        this.#options.logger({
          level: 'warn',
          event: 'jwks_fetch_failed',
          code: error.code,
          reason: error.message,
          jwksUri: this.#options.uri,
          keptKeys: this.#keys.size,
        });
        return false;
      },
    );
    this.#inflight = attempt.finally(() => {
      this.#inflight = undefined;
    });
    return this.#inflight;
  }

  async #fetchJwks(): Promise<Jwks> {
    // Loaded on the first fetch (`jwks-fetch.ts`): a cold start with baked keys, and every request whose
    // key is known, never runs it, so a bundle loads it with its lazily loaded code (`edgeward build`
    // points this import there). A failed import is a failed fetch.
    const { fetchJwksDocument } = await import('./jwks-fetch.js');
    return fetchJwksDocument(this.#options);
  }
}
