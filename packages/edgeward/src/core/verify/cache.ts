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

/** Table slots per cache entry: the fewer, the more often a returning token finds its slot overwritten. */
const SLOTS_PER_ENTRY = 4;
/** The largest table (slots; two 32-bit words each, 8 MB). */
const MAX_SLOTS = 1 << 20;

/**
 * The admission filter in front of the verified-token cache (a "doorkeeper", as in TinyLFU): a fixed
 * table of 32-bit fingerprints of tokens seen once, each with the tick (a count of
 * {@link Doorkeeper.secondSight} calls) at which it was recorded. {@link Doorkeeper.secondSight} answers
 * whether the token was seen within the last `window` verifications (and records it otherwise), so only
 * tokens used at least twice within that window are stored.
 *
 * The window is what bounds admission, not the table's size: a direct-mapped table alone admitted a
 * token coming back after many more others whenever no other fingerprint had landed in its slot — in a
 * rotation of 4,000 distinct tokens in front of a 1,000-entry cache, about 2 % of them, whose frozen
 * cached results then reached the request path among the unfrozen results of every other request and
 * made that stream slower with the cache on than off (figures in docs/verification.md). The table has
 * {@link SLOTS_PER_ENTRY} slots per entry, so that a token coming back within the window usually still
 * finds its fingerprint (at least ≈ 78 % after `window` others, ≈ 88 % after half as many; otherwise it
 * is admitted on a later use).
 *
 * Fingerprints come from characters of the token's end (its signature, uniformly distributed for a
 * genuine token). A collision only admits a token one use early and a lost slot one use late: the cache
 * holds the whole token and compares it exactly, so admission never changes a verification result.
 *
 * @see [TinyLFU: A Highly Efficient Cache Admission Policy (TinyLFU, section 3.4.2: the doorkeeper)](https://arxiv.org/abs/1512.00727)
 */
export class Doorkeeper {
  /** Two words per slot: the fingerprint (0 = empty) and the tick at which it was recorded. */
  readonly #slots: Int32Array;
  readonly #mask: number;
  readonly #window: number;
  #tick = 0;

  /**
   * @param window - the cache's capacity: a token is admitted when it comes back within this many
   *   verifications of other tokens' misses (one that comes back later is treated as seen once)
   */
  constructor(window: number) {
    let size = 16;
    while (size < window * SLOTS_PER_ENTRY && size < MAX_SLOTS) size <<= 1;
    this.#slots = new Int32Array(size * 2);
    this.#mask = size - 1;
    this.#window = window;
  }

  /**
   * True when `token` was recorded within the last `window` calls (the record is then forgotten);
   * otherwise records it and returns false.
   */
  secondSight(token: string): boolean {
    const n = token.length;
    if (n < 12) return true;
    let slot = 0;
    let print = 1; // never 0: an empty slot holds 0
    for (let i = n - 12; i < n - 6; i++) slot = (slot << 5) ^ (slot >>> 27) ^ token.charCodeAt(i);
    for (let i = n - 6; i < n; i++) print = Math.imul(print ^ token.charCodeAt(i), 0x01000193) | 1;
    const at = ((slot ^ (slot >>> 13)) & this.#mask) << 1;
    const slots = this.#slots;
    const tick = (this.#tick + 1) | 0;
    this.#tick = tick;
    // ticks wrap at 2^32; `>>> 0` keeps the age right across the wrap
    if (slots[at] === print && (tick - (slots[at + 1] as number)) >>> 0 <= this.#window) {
      slots[at] = 0;
      return true;
    }
    slots[at] = print;
    slots[at + 1] = tick;
    return false;
  }
}
