/**
 * The verified-token cache: bounded LRU keyed by the full token (and the verify options), exp/nbf
 * re-checked on every hit, off with cacheSize 0; admission on second sight within the cache's capacity
 * of other verifications (the doorkeeper), and entries that do not keep the request's strings alive.
 */
import { createHash } from 'node:crypto';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { beforeAll, describe, expect, it } from 'vitest';
import { silentLogger } from '../../../packages/edgeward/src/core/runtime.js';
import { cacheKey, Doorkeeper, LruCache } from '../../../packages/edgeward/src/core/verify/cache.js';
import { createVerifier } from '../../../packages/edgeward/src/core/verify/index.js';
import { authErrorCode } from '../../helpers/auth-errors.js';
import { bakedJwks, cognitoIssuer } from '../../helpers/issuers.js';
import {
  accessClaims,
  FIXED_NOW,
  FIXED_NOW_MS,
  idClaims,
  makeKey,
  signToken,
  type TestKey,
} from '../../helpers/keys.js';
import { mutableClock } from '../../helpers/tokens.js';

let rsa: TestKey;
beforeAll(async () => {
  rsa = await makeKey('rsa-1');
});

function verifierWith(cacheSize: number | undefined, clock = mutableClock(FIXED_NOW_MS)) {
  const config = cognitoIssuer({
    jwks: bakedJwks(rsa),
    ...(cacheSize === undefined ? {} : { cacheSize }),
  });
  return { verifier: createVerifier(config, { clock, logger: silentLogger }), clock };
}

describe('verified-token cache', () => {
  it('admits a token on second sight and serves it as the same frozen result (default size 1000)', async () => {
    const { verifier } = verifierWith(undefined);
    const token = await signToken(rsa, accessClaims());
    const once = await verifier.verify(token);
    expect(Object.isFrozen(once)).toBe(false); // seen once: not stored, not frozen
    const first = await verifier.verify(token);
    expect(first).not.toBe(once);
    expect(await verifier.verify(token)).toBe(first);
    for (const part of [first, first.claims, first.groups, first.scopes, first.header]) {
      expect(Object.isFrozen(part)).toBe(true);
    }
  });

  it('a bundle built without the cache refuses a cacheSize (config_invalid) and verifies without one', async () => {
    globalThis.EDGEWARD_TOKEN_CACHE = false;
    try {
      expect(() => verifierWith(undefined)).toThrow(
        'cacheSize: the verified-token cache is not in this bundle',
      );
      const { verifier } = verifierWith(0);
      const token = await signToken(rsa, accessClaims());
      const results = [
        await verifier.verify(token),
        await verifier.verify(token),
        await verifier.verify(token),
      ];
      expect(results[2]).not.toBe(results[1]); // verified each time, never served from a cache
      expect(results[2]).toEqual(results[1]);
    } finally {
      globalThis.EDGEWARD_TOKEN_CACHE = undefined;
    }
  });

  it('stores nothing for tokens verified once each', async () => {
    const { verifier } = verifierWith(10);
    const tokens = await Promise.all(
      Array.from({ length: 5 }, (_, i) => signToken(rsa, accessClaims({ jti: `once-${i}` }))),
    );
    const results = [];
    for (const t of tokens) results.push(await verifier.verify(t));
    for (const r of results) expect(Object.isFrozen(r)).toBe(false);
    // a use right after the first admits the token, and the next one is a hit
    for (const t of tokens) {
      await verifier.verify(t);
      const admitted = await verifier.verify(t);
      expect(Object.isFrozen(admitted)).toBe(true);
      expect(await verifier.verify(t)).toBe(admitted);
    }
  });

  it('re-checks exp and nbf on every hit with the injected clock', async () => {
    const { verifier, clock } = verifierWith(10);
    const token = await signToken(rsa, accessClaims({ exp: FIXED_NOW + 60 }));
    await verifier.verify(token);
    await verifier.verify(token);
    clock.advanceSeconds(59);
    await expect(verifier.verify(token)).resolves.toBeDefined();
    clock.advanceSeconds(1);
    expect(await authErrorCode(verifier.verify(token))).toBe('token_expired');
    clock.advanceSeconds(-60);
    const notYet = await signToken(rsa, accessClaims({ nbf: FIXED_NOW }));
    await verifier.verify(notYet);
    await verifier.verify(notYet);
    clock.advanceSeconds(-1);
    expect(await authErrorCode(verifier.verify(notYet))).toBe('token_not_yet_valid');
  });

  it('keys on the verify options: a cached access token is not an id token', async () => {
    const { verifier } = verifierWith(10);
    const access = await signToken(rsa, accessClaims());
    await verifier.verify(access);
    await verifier.verify(access);
    expect(await authErrorCode(verifier.verify(access, { tokenUse: 'id' }))).toBe('token_use_invalid');
    const id = await signToken(rsa, idClaims({ nonce: 'n1' }));
    await verifier.verify(id, { tokenUse: 'id', nonce: 'n1' });
    await verifier.verify(id, { tokenUse: 'id', nonce: 'n1' });
    expect(await authErrorCode(verifier.verify(id, { tokenUse: 'id', nonce: 'n2' }))).toBe(
      'token_nonce_invalid',
    );
  });

  it('is off with cacheSize 0', async () => {
    const { verifier } = verifierWith(0);
    const token = await signToken(rsa, accessClaims());
    const first = await verifier.verify(token);
    const second = await verifier.verify(token);
    expect(second).not.toBe(first);
    expect(second).toEqual(first);
  });

  it('is bounded: the least recently used entry is evicted', async () => {
    const { verifier } = verifierWith(2);
    const [a, b, c] = await Promise.all(['a', 'b', 'c'].map((jti) => signToken(rsa, accessClaims({ jti }))));
    const twice = async (t: string) => (await verifier.verify(t)) && verifier.verify(t);
    const ra = await twice(a as string);
    const rb = await twice(b as string);
    expect(await verifier.verify(a as string)).toBe(ra); // a is now most recent
    await twice(c as string); // evicts b
    expect(await verifier.verify(a as string)).toBe(ra);
    expect(await verifier.verify(b as string)).not.toBe(rb);
  });
});

describe('LruCache', () => {
  it('evicts the oldest entry, refreshes on get, and stores nothing at capacity 0', () => {
    const lru = new LruCache<string, number>(2);
    lru.set('a', 1);
    lru.set('b', 2);
    lru.get('a');
    lru.set('c', 3);
    expect([lru.get('a'), lru.get('b'), lru.get('c')]).toEqual([1, undefined, 3]);
    expect(lru.size).toBe(2);
    // every entry used since the last pass: each gets a second chance, then the oldest goes
    lru.get('a');
    lru.get('c');
    lru.set('d', 4);
    expect([lru.get('a'), lru.get('c'), lru.get('d')]).toEqual([undefined, 3, 4]);
    // a burst of new entries never evicts the one being read between them
    const hot = new LruCache<number, number>(3);
    hot.set(0, 0);
    for (let i = 1; i < 50; i++) {
      expect(hot.get(0)).toBe(0);
      hot.set(i, i);
      expect(hot.size).toBeLessThanOrEqual(3);
    }
    const none = new LruCache<string, number>(0);
    none.set('a', 1);
    expect(none.get('a')).toBeUndefined();
  });
});

/** The cache keys of `n` distinct token-like strings (a JWS-like prefix, a signature-like 43-character end). */
function tokenKeys(n: number, salt: string): number[] {
  return Array.from({ length: n }, (_, i) =>
    cacheKey(
      `eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJ4In0.${createHash('sha256').update(`${salt}-${i}`).digest('base64url')}`,
    ),
  );
}

describe('Doorkeeper', () => {
  it('never admits a token that only comes back after more other tokens than the window', () => {
    // The benchmark's "distinct tokens" stream: 4,000 tokens in rotation in front of a 1,000-entry cache.
    // A direct-mapped table without the window admitted ~2 % of them (those whose slot nobody else hit).
    const door = new Doorkeeper(1000);
    const tokens = tokenKeys(4000, 'rotation');
    let admitted = 0;
    for (let round = 0; round < 5; round++) for (const t of tokens) if (door.secondSight(t)) admitted++;
    expect(admitted).toBe(0);
  });

  it('admits most tokens that come back within the window, and every one on a use right after', () => {
    const door = new Doorkeeper(1000);
    const tokens = tokenKeys(500, 'within');
    for (const t of tokens) expect(door.secondSight(t)).toBe(false);
    const second = tokens.filter((t) => door.secondSight(t)).length;
    // ≈ 85 % with 4 slots per entry (each of the 499 others may take the slot); ≈ 61 % with 1
    expect(second).toBeGreaterThanOrEqual(400);
    for (const t of tokenKeys(50, 'twice')) {
      expect(door.secondSight(t)).toBe(false);
      expect(door.secondSight(t)).toBe(true);
      expect(door.secondSight(t)).toBe(false); // admitted: the record is forgotten
    }
  });

  it('counts the window in verifications: the same gap admits under a larger window only', () => {
    const gap = tokenKeys(20, 'gap');
    for (const [window, expected] of [
      [10, false],
      [40, true],
    ] as const) {
      const door = new Doorkeeper(window);
      const [t] = tokenKeys(1, 'returning') as [number];
      door.secondSight(t);
      for (const other of gap) door.secondSight(other);
      expect(door.secondSight(t)).toBe(expected);
    }
  });
});

describe('verified-token cache admission and retention', () => {
  it('does not admit a token that comes back after more other tokens than the cache holds', async () => {
    const { verifier } = verifierWith(4);
    const tokens = await Promise.all(
      Array.from({ length: 7 }, (_, i) => signToken(rsa, accessClaims({ jti: `gap-${i}` }))),
    );
    const [t, ...others] = tokens as [string, ...string[]];
    await verifier.verify(t);
    for (const o of others) await verifier.verify(o); // 6 other verifications > cacheSize 4
    const late = await verifier.verify(t);
    expect(Object.isFrozen(late)).toBe(false); // seen "once" again: not stored
    const soon = await verifier.verify(t); // right after: admitted
    expect(Object.isFrozen(soon)).toBe(true);
    expect(await verifier.verify(t)).toBe(soon);
  });

  it('keeps a copy of the token, not the header string it was cut from', async () => {
    setFlagsFromString('--expose-gc');
    const gc = runInNewContext('gc') as () => void;
    const { verifier } = verifierWith(200);
    const tokens = await Promise.all(
      Array.from({ length: 100 }, (_, i) => signToken(rsa, accessClaims({ jti: `slice-${i}` }))),
    );
    const padding = 'x'.repeat(256 * 1024);
    gc();
    const before = process.memoryUsage().heapUsed;
    const hits: unknown[] = [];
    for (const [i, token] of tokens.entries()) {
      // a large Cookie header each time, as a request brings it: the token is a slice of it
      const header = () => `_ga=${i}.${padding}; edgeward.access=${token}; theme=dark`;
      const cut = (h: string) => h.slice(h.indexOf('edgeward.access=') + 16, h.lastIndexOf(';'));
      await verifier.verify(cut(header()));
      const admitted = await verifier.verify(cut(header()));
      expect(Object.isFrozen(admitted)).toBe(true);
      hits.push(await verifier.verify(cut(header())));
      expect(hits[i]).toBe(admitted);
    }
    gc();
    const retained = process.memoryUsage().heapUsed - before;
    // 100 entries holding their 256 KB headers would retain ≥ 25 MB; their own tokens ≈ 0.1 MB
    expect(retained).toBeLessThan(8 * 1024 * 1024);
    expect(hits).toHaveLength(100);
  });
});
