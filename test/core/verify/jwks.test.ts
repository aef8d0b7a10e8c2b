/**
 * JWKS behaviour with a real JWKS server on 127.0.0.1 and a pinned, movable clock: baked keys mean zero
 * network; kid rotation is accepted after one refetch, at once after a load (cold start, baked keys, TTL
 * re-validation); unknown kids cause at most one fetch per cool-down, one at a time (concurrent callers
 * share it), also in a storm of 30,000; stale-if-error; TTL re-validation drops removed keys; cold verifier with
 * the server down fails closed with `jwks_unavailable`; the fetch timeout is honoured.
 */
import { randomBytes } from 'node:crypto';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { CognitoIssuerConfig, JwksPolicy } from '../../../packages/edgeward/src/core/config.js';
import { type LogRecord, silentLogger } from '../../../packages/edgeward/src/core/runtime.js';
import { createVerifier } from '../../../packages/edgeward/src/core/verify/index.js';
import { authErrorCode } from '../../helpers/auth-errors.js';
import { cognitoIssuer } from '../../helpers/issuers.js';
import {
  accessClaims,
  FIXED_NOW,
  FIXED_NOW_MS,
  type JwksServer,
  makeKey,
  signToken,
  startJwksServer,
  type TestKey,
} from '../../helpers/keys.js';
import { countingFetch, type MutableClock, mutableClock } from '../../helpers/tokens.js';

let k1: TestKey;
let k2: TestKey;
let server: JwksServer;

beforeAll(async () => {
  k1 = await makeKey('k1');
  k2 = await makeKey('k2');
  server = await startJwksServer([k1.publicJwk]);
});
afterAll(() => server.close());
afterEach(() => {
  server.setKeys([k1.publicJwk]);
  server.setAvailable(true);
  server.setDelayMs(0);
});

function setup(
  overrides: Partial<CognitoIssuerConfig> = {},
  policy: JwksPolicy = {},
): {
  verify: (token: string) => Promise<unknown>;
  clock: MutableClock;
  calls: () => number;
  logs: LogRecord[];
} {
  const clock = mutableClock(FIXED_NOW_MS);
  const counting = countingFetch();
  const logs: LogRecord[] = [];
  const verifier = createVerifier(
    cognitoIssuer({
      jwksUri: server.url,
      jwksPolicy: { allowHttp: true, ...policy },
      cacheSize: 0,
      ...overrides,
    }),
    { clock, fetch: counting.fetch, logger: (r) => logs.push(r) },
  );
  return { verify: (t) => verifier.verify(t), clock, calls: counting.calls, logs };
}

const randomKid = () => randomBytes(8).toString('hex');

describe('JWKS', () => {
  it('baked keys verify with zero network', async () => {
    const { verify, calls } = setup({ jwks: { keys: [k1.publicJwk as never] } });
    await verify(await signToken(k1, accessClaims()));
    expect(calls()).toBe(0);
  });

  it('fetched keys: one fetch on first use, then none; a rotated kid is accepted after one refetch', async () => {
    const { verify, calls } = setup();
    await verify(await signToken(k1, accessClaims()));
    await verify(await signToken(k1, accessClaims({ jti: 'again' })));
    expect(calls()).toBe(1);
    server.setKeys([k1.publicJwk, k2.publicJwk]);
    // At the same instant as the cold load: loading keys does not start the unknown-kid cool-down.
    await expect(verify(await signToken(k2, accessClaims()))).resolves.toBeDefined();
    expect(calls()).toBe(2);
  });

  it('a key added right after warm-up is accepted at once; later unknown kids wait for the cool-down', async () => {
    const { verify, calls, clock } = setup({}, { cooldownSeconds: 30 });
    await verify(await signToken(k1, accessClaims()));
    expect(calls()).toBe(1);
    clock.advanceSeconds(1);
    server.setKeys([k1.publicJwk, k2.publicJwk]);
    await expect(verify(await signToken(k2, accessClaims()))).resolves.toBeDefined();
    expect(calls()).toBe(2);
    // That refetch started the window: another unknown kid within it causes no fetch…
    const k3 = await makeKey('k3');
    server.setKeys([k1.publicJwk, k2.publicJwk, k3.publicJwk]);
    clock.advanceSeconds(29);
    expect(await authErrorCode(verify(await signToken(k3, accessClaims())))).toBe('kid_unknown');
    expect(calls()).toBe(2);
    // …and the first one after it refetches.
    clock.advanceSeconds(1);
    await expect(verify(await signToken(k3, accessClaims()))).resolves.toBeDefined();
    expect(calls()).toBe(3);
  });

  it('after a TTL re-validation the first unknown kid refetches at once', async () => {
    const { verify, calls, clock } = setup({}, { cooldownSeconds: 30, ttlSeconds: 600 });
    await verify(await signToken(k1, accessClaims({ exp: FIXED_NOW + 7200 })));
    clock.advanceSeconds(10);
    expect(await authErrorCode(verify(await signToken({ ...k1, kid: randomKid() }, accessClaims())))).toBe(
      'kid_unknown',
    );
    expect(calls()).toBe(2);
    clock.advanceSeconds(600);
    await verify(await signToken(k1, accessClaims({ exp: FIXED_NOW + 7200 }))); // re-validates
    expect(calls()).toBe(3);
    server.setKeys([k1.publicJwk, k2.publicJwk]);
    clock.advanceSeconds(1);
    await expect(verify(await signToken(k2, accessClaims({ exp: FIXED_NOW + 7200 })))).resolves.toBeDefined();
    expect(calls()).toBe(4);
  });

  it('a failed fetch starts the cool-down: the next unknown kid does not retry within it', async () => {
    const { verify, calls, clock } = setup({}, { cooldownSeconds: 30 });
    await verify(await signToken(k1, accessClaims()));
    server.setAvailable(false);
    clock.advanceSeconds(1);
    expect(await authErrorCode(verify(await signToken(k2, accessClaims())))).toBe('jwks_unavailable');
    expect(calls()).toBe(2);
    server.setAvailable(true);
    server.setKeys([k1.publicJwk, k2.publicJwk]);
    clock.advanceSeconds(29);
    expect(await authErrorCode(verify(await signToken(k2, accessClaims())))).toBe('kid_unknown');
    expect(calls()).toBe(2);
    clock.advanceSeconds(1);
    await expect(verify(await signToken(k2, accessClaims()))).resolves.toBeDefined();
    expect(calls()).toBe(3);
  });

  it('a storm of 30,000 unknown kids over 10 minutes causes one fetch per cool-down, one at a time', async () => {
    server.setDelayMs(5);
    const clock = mutableClock(FIXED_NOW_MS);
    let fetches = 0;
    let inFlight = 0;
    let maxInFlight = 0;
    const verifier = createVerifier(
      cognitoIssuer({
        jwksUri: server.url,
        jwksPolicy: { allowHttp: true, cooldownSeconds: 30 },
        cacheSize: 0,
      }),
      {
        clock,
        logger: silentLogger,
        fetch: async (input, init) => {
          fetches++;
          maxInFlight = Math.max(maxInFlight, ++inFlight);
          try {
            return await fetch(input, init);
          } finally {
            inFlight--;
          }
        },
      },
    );
    const valid = await signToken(k1, accessClaims({ exp: FIXED_NOW + 3600 }));
    await verifier.verify(valid);
    expect(fetches).toBe(1);
    // Each unknown kid: a header naming it, the valid token's payload and signature (never reached).
    const [, payload, signature] = valid.split('.');
    const withKid = (kid: string) =>
      `${Buffer.from(JSON.stringify({ alg: 'RS256', kid })).toString('base64url')}.${payload}.${signature}`;
    const codes = new Set<string>();
    let n = 0;
    // 600 one-second steps of 50 concurrent tokens, each with a kid never seen before.
    for (let second = 0; second < 600; second++) {
      const batch = Array.from({ length: 50 }, () => withKid(`storm-${n++}`));
      for (const code of await Promise.all(batch.map((t) => authErrorCode(verifier.verify(t)))))
        codes.add(code);
      clock.advanceSeconds(1);
    }
    expect(n).toBe(30_000);
    expect(codes).toEqual(new Set(['kid_unknown']));
    // The cold load, then one refetch at 0 s, 30 s, …, 570 s.
    expect(fetches).toBe(1 + 20);
    expect(maxInFlight).toBe(1);
    await expect(verifier.verify(valid)).resolves.toBeDefined();
  }, 60_000);

  it('concurrent cold-start verifications share one fetch', async () => {
    const { verify, calls } = setup();
    server.setDelayMs(50);
    const token = await signToken(k1, accessClaims());
    await Promise.all(Array.from({ length: 20 }, () => verify(token)));
    expect(calls()).toBe(1);
  });

  it('100 random unknown kids cause at most one fetch per cool-down window', async () => {
    const { verify, calls, clock } = setup({}, { cooldownSeconds: 30 });
    await verify(await signToken(k1, accessClaims()));
    expect(calls()).toBe(1);
    const tokens = await Promise.all(
      Array.from({ length: 100 }, () => signToken({ ...k1, kid: randomKid() }, accessClaims())),
    );
    const concurrent = await Promise.all(tokens.slice(0, 50).map((t) => authErrorCode(verify(t))));
    const sequential: string[] = [];
    for (const t of tokens.slice(50)) sequential.push(await authErrorCode(verify(t)));
    expect(new Set([...concurrent, ...sequential])).toEqual(new Set(['kid_unknown']));
    expect(calls()).toBe(2);
    clock.advanceSeconds(29);
    expect(await authErrorCode(verify(tokens[0] as string))).toBe('kid_unknown');
    expect(calls()).toBe(2);
    clock.advanceSeconds(1);
    expect(await authErrorCode(verify(tokens[1] as string))).toBe('kid_unknown');
    expect(calls()).toBe(3);
  });

  it('server down: cached keys keep working past the TTL (stale-if-error), with one attempt per cool-down', async () => {
    const { verify, calls, clock, logs } = setup({}, { ttlSeconds: 600 });
    const token = await signToken(k1, accessClaims({ exp: FIXED_NOW + 7200 }));
    await verify(token);
    server.setAvailable(false);
    clock.advanceSeconds(601);
    await expect(verify(token)).resolves.toBeDefined();
    expect(calls()).toBe(2);
    await expect(verify(token)).resolves.toBeDefined();
    expect(calls()).toBe(2);
    expect(logs.some((r) => r.event === 'jwks_fetch_failed' && r.code === 'jwks_unavailable')).toBe(true);
    expect(JSON.stringify(logs)).not.toContain(token.split('.')[1]);
  });

  it('cold verifier with the server down fails closed with jwks_unavailable, without hammering it', async () => {
    server.setAvailable(false);
    const { verify, calls, clock } = setup();
    const token = await signToken(k1, accessClaims());
    expect(await authErrorCode(verify(token))).toBe('jwks_unavailable');
    expect(await authErrorCode(verify(token))).toBe('jwks_unavailable');
    expect(calls()).toBe(1);
    server.setAvailable(true);
    clock.advanceSeconds(30);
    await expect(verify(token)).resolves.toBeDefined();
    expect(calls()).toBe(2);
  });

  it('a slow JWKS endpoint is cut off at timeoutMs', async () => {
    server.setDelayMs(3000);
    const { verify } = setup({}, { timeoutMs: 200 });
    const started = performance.now();
    expect(await authErrorCode(verify(await signToken(k1, accessClaims())))).toBe('jwks_unavailable');
    // Cut off before the server would have answered (3000 ms); no tighter wall-clock assumption.
    expect(performance.now() - started).toBeLessThan(3000);
  });

  it('after the TTL a key removed by the issuer stops being trusted (also from the token cache)', async () => {
    server.setKeys([k1.publicJwk, k2.publicJwk]);
    const { verify, clock, calls } = setup({ cacheSize: 100 }, { ttlSeconds: 3600 });
    const token = await signToken(k2, accessClaims({ exp: FIXED_NOW + 7200 }));
    await verify(token);
    await verify(token);
    expect(calls()).toBe(1);
    server.setKeys([k1.publicJwk]);
    clock.advanceSeconds(3599);
    await expect(verify(token)).resolves.toBeDefined();
    clock.advanceSeconds(1);
    expect(await authErrorCode(verify(token))).toBe('kid_unknown');
    expect(calls()).toBe(2);
  });

  it('a baked key removed by the issuer stops being trusted after the TTL', async () => {
    server.setKeys([k1.publicJwk]);
    const { verify, clock } = setup({ jwks: { keys: [k1.publicJwk as never, k2.publicJwk as never] } });
    const token = await signToken(k2, accessClaims({ exp: FIXED_NOW + 7200 }));
    await expect(verify(token)).resolves.toBeDefined();
    clock.advanceSeconds(3600);
    expect(await authErrorCode(verify(token))).toBe('kid_unknown');
  });

  it('a JWKS document that is not JSON is jwks_invalid for a cold verifier', async () => {
    const verifier = createVerifier(
      { kind: 'oidc', issuer: 'https://idp.example', jwksUri: 'https://idp.example/jwks' },
      {
        fetch: async () => new Response('<html>', { status: 200 }),
        clock: () => FIXED_NOW_MS,
        logger: silentLogger,
      },
    );
    const token = await signToken(k1, { iss: 'https://idp.example', exp: FIXED_NOW + 60 });
    expect(await authErrorCode(verifier.verify(token))).toBe('jwks_invalid');
  });

  it('keys that are not usable signature keys are skipped, so their kid is unknown', async () => {
    server.setKeys([
      { ...k1.publicJwk, use: 'enc' },
      { kty: 'oct', kid: 'k2', k: 'c2VjcmV0' },
    ]);
    const { verify } = setup();
    expect(await authErrorCode(verify(await signToken(k1, accessClaims())))).toBe('kid_unknown');
    expect(await authErrorCode(verify(await signToken(k2, accessClaims())))).toBe('kid_unknown');
  });

  it('a foreign iss causes no fetch', async () => {
    const { verify, calls } = setup();
    const token = await signToken({ ...k1, kid: randomKid() }, accessClaims({ iss: 'https://evil.example' }));
    expect(await authErrorCode(verify(token))).toBe('token_issuer_invalid');
    expect(calls()).toBe(0);
  });
});
