/**
 * Differential test: edgeward's JWK shape checks (`jwk-shape.ts`) accept and refuse exactly what
 * aws-jwt-verify's `isJwk` and `assertIsSignatureJwk` do, on real public JWKs (jose) and hostile variants.
 */
import * as awsJwk from 'aws-jwt-verify/jwk';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { assertIsSignatureJwk, isJwk } from '../../../packages/edgeward/src/core/verify/jwk-shape.js';
import { makeKey } from '../../helpers/keys.js';

const accepts = (f: (jwk: awsJwk.Jwk) => void, jwk: unknown): boolean => {
  try {
    f(jwk as awsJwk.Jwk);
    return true;
  } catch {
    return false;
  }
};

/** Both checks in sequence, as `keys.ts` runs them. */
const ours = (v: unknown) => isJwk(v) && accepts(assertIsSignatureJwk, v);
const theirs = (v: unknown) => awsJwk.isJwk(v as awsJwk.Jwk) && accepts(awsJwk.assertIsSignatureJwk, v);

describe('JWK shape checks', () => {
  it('match aws-jwt-verify on real keys and hand-written hostile variants', async () => {
    const rsa = (await makeKey('rsa-1')).publicJwk as Record<string, unknown>;
    const base = [
      rsa,
      { kty: 'EC', crv: 'P-256', x: 'AA', y: 'BB', kid: 'e' },
      { kty: 'OKP', crv: 'Ed25519', x: 'AA' },
    ];
    const variants: unknown[] = [
      null,
      [],
      'jwk',
      1,
      {},
      { kty: 1 },
      { kty: 'oct', k: 'AA' },
      { kty: 'toString' },
    ];
    for (const jwk of base) {
      variants.push(
        jwk,
        { ...jwk, use: 'sig' },
        { ...jwk, use: 'enc' },
        { ...jwk, use: '' },
        { ...jwk, kid: 7 },
      );
      for (const m of ['n', 'e', 'x', 'y', 'crv', 'alg'])
        variants.push({ ...jwk, [m]: '' }, { ...jwk, [m]: 5 });
      for (const m of Object.keys(jwk)) {
        const { [m]: _dropped, ...rest } = jwk;
        variants.push(rest);
      }
    }
    expect(variants.filter(ours).length).toBeGreaterThan(3);
    for (const v of variants) expect(ours(v), JSON.stringify(v)).toBe(theirs(v));
  });

  it('match aws-jwt-verify on generated objects', () => {
    const value = fc.oneof(
      fc.constant(undefined),
      fc.string(),
      fc.integer(),
      fc.constantFrom('', 'sig', 'enc'),
    );
    const jwk = fc.record(
      {
        kty: fc.oneof(fc.constantFrom('RSA', 'EC', 'OKP', 'oct', '__proto__', 'constructor'), fc.integer()),
        use: value,
        alg: value,
        kid: value,
        n: value,
        e: value,
        x: value,
        y: value,
        crv: value,
      },
      { requiredKeys: [] },
    );
    fc.assert(
      fc.property(jwk, (v) => ours(v) === theirs(v)),
      { numRuns: 2000 },
    );
  });
});
