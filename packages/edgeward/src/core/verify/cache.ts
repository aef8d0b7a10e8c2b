/**
 * A bounded map with least-recently-used eviction by the second-chance (CLOCK) approximation: a hit only
 * marks its entry as used — no map mutation on the hot path — and eviction walks from the oldest entry,
 * giving each marked entry a second chance (unmarked and moved to the newest end) and evicting the first
 * unmarked one. An entry read since it was last passed over is never evicted before one that was not.
 *
 * @see https://en.wikipedia.org/wiki/Page_replacement_algorithm#Second-chance
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
