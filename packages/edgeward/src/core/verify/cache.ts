/**
 * A bounded map with least-recently-used eviction by the second-chance (CLOCK) approximation: a hit only
 * marks its entry as used — no map mutation on the hot path — and eviction walks from the oldest entry,
 * giving each marked entry a second chance (unmarked and moved to the newest end) and evicting the first
 * unmarked one. An entry read since it was last passed over is never evicted before one that was not.
 *
 * @see [Page replacement algorithm, second-chance](https://en.wikipedia.org/wiki/Page_replacement_algorithm#Second-chance)
 * @module
 */

interface Slot<V> {
  value: V;
  used: boolean;
}

/** Bounded map with (approximately) least-recently-used eviction. A capacity of 0 stores nothing. */
export class LruCache<K, V> {
  readonly #entries = new Map<K, Slot<V>>();
  readonly #capacity: number;

  /** @param capacity - maximum number of entries (≥ 0) */
  constructor(capacity: number) {
    this.#capacity = capacity;
  }

  /** Number of entries held. */
  get size(): number {
    return this.#entries.size;
  }

  /** Returns the value and marks it used (it survives the next eviction pass). */
  get(key: K): V | undefined {
    const slot = this.#entries.get(key);
    if (slot === undefined) return undefined;
    slot.used = true;
    return slot.value;
  }

  /** Stores `value` as the newest entry, evicting one entry when full. */
  set(key: K, value: V): void {
    if (this.#capacity <= 0) return;
    this.#entries.delete(key);
    if (this.#entries.size >= this.#capacity) this.#evictOne();
    this.#entries.set(key, { value, used: false });
  }

  /** Removes one entry. */
  delete(key: K): void {
    this.#entries.delete(key);
  }

  /** Removes every entry. */
  clear(): void {
    this.#entries.clear();
  }

  /** Evicts the oldest entry not used since it was last passed over (terminates: marks are cleared). */
  #evictOne(): void {
    const entries = this.#entries;
    for (const [key, slot] of entries) {
      entries.delete(key);
      if (!slot.used) return;
      slot.used = false;
      entries.set(key, slot); // second chance: visited again at the end of this walk if all are used
    }
  }
}

/**
 * Characters of a token's end that key the verified-token cache (the end of its signature, uniformly
 * distributed for a genuine token).
 */
const CACHE_KEY_CHARS = 16;

/**
 * The verified-token cache key: a 30-bit FNV-1a hash of the token's last {@link CACHE_KEY_CHARS}
 * characters, a small integer (a Smi) that V8's `Map` looks up without hashing a string. A token read from
 * a cookie or a header is a new string on every request whose hash V8 has not cached: keying by the
 * ~1,000-character token cost more than the rest of a cache hit together, and even a 43-character tail
 * had to be sliced and hashed. A shared key is harmless: the entry holds the whole token, compared
 * exactly, so another token with the same key is a miss, verified in full (and then replaces the entry).
 */
export function cacheKey(token: string): number {
  let h = 0x811c9dc5;
  for (let i = Math.max(0, token.length - CACHE_KEY_CHARS); i < token.length; i++) {
    h = Math.imul(h ^ token.charCodeAt(i), 0x01000193);
  }
  return h >>> 2;
}

/**
 * The admission filter in front of the verified-token cache (a "doorkeeper", as in TinyLFU): a fixed
 * table of the {@link cacheKey}s of tokens seen once, each with the tick (a count of
 * {@link Doorkeeper.secondSight} calls) at which it was recorded. {@link Doorkeeper.secondSight} answers
 * whether the token was seen within the last `window` calls (and records it otherwise), so only tokens
 * used at least twice within that window are stored.
 *
 * The window is what bounds admission, not the table's size: a direct-mapped table alone admitted a
 * token coming back after many more others whenever no other token had landed in its slot — in a
 * rotation of 4,000 distinct tokens in front of a 1,000-entry cache, about 2 % of them: entries, frozen
 * results and old-space garbage for tokens that come back only after 3,999 others, which is not what the
 * cache is for (docs/verification.md, with the measured figures). The table has 4
 * slots per entry, so that a token coming back within the window usually still finds its record (about
 * 75 % of tokens after `window` others, 85 % after half as many; otherwise it is admitted on a later use).
 *
 * A shared key only admits a token one use early and a lost slot one use late: the cache holds the whole
 * token and compares it exactly, so admission never changes a verification result.
 *
 * @see [TinyLFU: A Highly Efficient Cache Admission Policy (TinyLFU, section 3.4.2: the doorkeeper)](https://arxiv.org/abs/1512.00727)
 */
export class Doorkeeper {
  /** Two words per slot: the key + 1 (0 = empty) and the tick at which it was recorded. */
  readonly #slots: Int32Array;
  readonly #mask: number;
  readonly #window: number;
  #tick = 0;

  /**
   * @param window - the cache's capacity: a token is admitted when it comes back within this many
   *   calls for other tokens (one that comes back later is treated as seen once); the table has the
   *   next power of two ≥ 4 × `window` slots, at most 2²⁰ (8 MB)
   */
  constructor(window: number) {
    let size = 16;
    while (size < window * 4 && size < 1 << 20) size <<= 1;
    this.#slots = new Int32Array(size * 2);
    this.#mask = size - 1;
    this.#window = window;
  }

  /**
   * True when the token of `key` was recorded within the last `window` calls (the record is then
   * forgotten); otherwise records it and returns false.
   *
   * @param key - the token's {@link cacheKey} (30 bits)
   */
  secondSight(key: number): boolean {
    const at = (key & this.#mask) << 1;
    const slots = this.#slots;
    // stored as 32-bit integers: `>>> 0` takes the difference modulo 2³², right across the wrap
    const tick = ++this.#tick;
    if (slots[at] === key + 1 && (tick - (slots[at + 1] as number)) >>> 0 <= this.#window) {
      slots[at] = 0;
      return true;
    }
    slots[at] = key + 1;
    slots[at + 1] = tick;
    return false;
  }
}
