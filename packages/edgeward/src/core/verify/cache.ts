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
 * The admission filter in front of the verified-token cache (a "doorkeeper", as in TinyLFU): a fixed
 * table of 32-bit fingerprints of tokens seen once. {@link secondSight} answers whether the token was
 * seen before (and records it otherwise), so only tokens used at least twice are stored.
 *
 * Fingerprints come from characters of the token's end (its signature, uniformly distributed for a
 * genuine token). A collision only admits a token one use early and a lost slot one use late: the cache
 * holds the whole token and compares it exactly, so admission never changes a verification result.
 *
 * @see [TinyLFU: A Highly Efficient Cache Admission Policy (TinyLFU, section 3.4.2: the doorkeeper)](https://arxiv.org/abs/1512.00727)
 */
export class Doorkeeper {
  readonly #slots: Int32Array;
  readonly #mask: number;

  /**
   * @param capacity - the cache's capacity; the table has the next power of two ≥ capacity slots, so a
   *   token is admitted when it comes back within about as many other tokens as the cache holds (one
   *   that comes back later would have been evicted before its next use anyway)
   */
  constructor(capacity: number) {
    let size = 16;
    while (size < capacity && size < 1 << 20) size <<= 1;
    this.#slots = new Int32Array(size);
    this.#mask = size - 1;
  }

  /** True when `token` was recorded before (then forgotten); otherwise records it and returns false. */
  secondSight(token: string): boolean {
    const n = token.length;
    if (n < 12) return true;
    let slot = 0;
    let print = 1; // never 0: an empty slot holds 0
    for (let i = n - 12; i < n - 6; i++) slot = (slot << 5) ^ (slot >>> 27) ^ token.charCodeAt(i);
    for (let i = n - 6; i < n; i++) print = Math.imul(print ^ token.charCodeAt(i), 0x01000193) | 1;
    const at = (slot ^ (slot >>> 13)) & this.#mask;
    if (this.#slots[at] === print) {
      this.#slots[at] = 0;
      return true;
    }
    this.#slots[at] = print;
    return false;
  }
}
