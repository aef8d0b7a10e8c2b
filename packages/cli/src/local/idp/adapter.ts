/**
 * An in-memory storage adapter for oidc-provider, one store per identity provider instance (the
 * built-in quick-start adapter is a process-wide LRU and warns on every start). Entries expire after
 * the lifetime oidc-provider gives them; everything is lost when the process ends, as intended for a
 * local stack.
 *
 * @see https://github.com/panva/node-oidc-provider/blob/main/example/my_adapter.js
 * @module
 */

/** Number of writes between two sweeps of expired entries. */
const SWEEP_EVERY_WRITES = 256;

type Payload = Record<string, unknown> & { grantId?: string; uid?: string; userCode?: string };

interface Entry {
  readonly payload: Payload;
  /** Expiry in ms since epoch; Infinity when oidc-provider gave no lifetime. */
  readonly expiresAt: number;
}

/** The adapter interface oidc-provider calls for one model (`Session`, `AccessToken`, …). */
export interface OidcAdapter {
  upsert(id: string, payload: Payload, expiresIn?: number): Promise<void>;
  find(id: string): Promise<Payload | undefined>;
  findByUid(uid: string): Promise<Payload | undefined>;
  findByUserCode(userCode: string): Promise<Payload | undefined>;
  consume(id: string): Promise<void>;
  destroy(id: string): Promise<void>;
  revokeByGrantId(grantId: string): Promise<void>;
}

/**
 * Returns an adapter factory (oidc-provider's `adapter` option) whose models share one private store.
 * `expiresIn` is in seconds.
 */
export function createMemoryAdapterFactory(): (model: string) => OidcAdapter {
  const entries = new Map<string, Entry>();
  const byGrant = new Map<string, Set<string>>();
  const byIndex = new Map<string, string>();

  const live = (key: string): Payload | undefined => {
    const entry = entries.get(key);
    if (!entry) return undefined;
    if (entry.expiresAt <= Date.now()) {
      remove(key);
      return undefined;
    }
    return entry.payload;
  };
  const remove = (key: string): void => {
    const entry = entries.get(key);
    if (!entry) return;
    entries.delete(key);
    const { grantId, uid, userCode } = entry.payload;
    if (grantId !== undefined) byGrant.get(grantId)?.delete(key);
    if (uid !== undefined && byIndex.get(`uid:${uid}`) === key) byIndex.delete(`uid:${uid}`);
    if (userCode !== undefined && byIndex.get(`userCode:${userCode}`) === key) {
      byIndex.delete(`userCode:${userCode}`);
    }
  };

  // Expired entries are dropped when read; a periodic sweep bounds memory for entries never read again.
  let writes = 0;
  const sweep = (): void => {
    const now = Date.now();
    for (const [key, entry] of entries) if (entry.expiresAt <= now) remove(key);
    for (const [grantId, members] of byGrant) if (members.size === 0) byGrant.delete(grantId);
  };

  return (model) => {
    const keyOf = (id: string) => `${model}:${id}`;
    const findIndexed = async (index: string) => {
      const key = byIndex.get(index);
      return key === undefined ? undefined : live(key);
    };
    return {
      async upsert(id, payload, expiresIn) {
        if (++writes % SWEEP_EVERY_WRITES === 0) sweep();
        const key = keyOf(id);
        remove(key);
        const expiresAt =
          typeof expiresIn === 'number' ? Date.now() + expiresIn * 1000 : Number.POSITIVE_INFINITY;
        entries.set(key, { payload, expiresAt });
        if (payload.grantId !== undefined && model !== 'Grant') {
          const members = byGrant.get(payload.grantId) ?? new Set<string>();
          members.add(key);
          byGrant.set(payload.grantId, members);
        }
        if (model === 'Session' && payload.uid !== undefined) byIndex.set(`uid:${payload.uid}`, key);
        if (payload.userCode !== undefined) byIndex.set(`userCode:${payload.userCode}`, key);
      },
      find: async (id) => live(keyOf(id)),
      findByUid: (uid) => findIndexed(`uid:${uid}`),
      findByUserCode: (userCode) => findIndexed(`userCode:${userCode}`),
      async consume(id) {
        const payload = live(keyOf(id));
        if (payload) payload.consumed = Math.floor(Date.now() / 1000);
      },
      destroy: async (id) => remove(keyOf(id)),
      async revokeByGrantId(grantId) {
        const members = byGrant.get(grantId);
        if (!members) return;
        for (const key of [...members]) if (key.startsWith(`${model}:`)) remove(key);
        if (members.size === 0) byGrant.delete(grantId);
      },
    };
  };
}
