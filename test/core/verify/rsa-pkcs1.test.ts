/**
 * RSASSA-PKCS1-v1_5 verification by RSAVP1 and a whole-encoding comparison (rsa-pkcs1.ts), held to
 * `crypto.verify` (OpenSSL's `RSA_verify`): the same signatures must pass and fail. Real keys, real
 * signatures; the hostile encodings are made with the private key's raw operation (`privateEncrypt`
 * without padding), so they are genuine RSA signatures of a malformed encoded message — the forgeries a
 * lenient parser of the encoding would accept.
 */
import {
  constants,
  createHash,
  generateKeyPairSync,
  type KeyObject,
  privateEncrypt,
  sign,
  verify,
} from 'node:crypto';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { AuthError } from '../../../packages/edgeward/src/core/errors.js';
import { verifyJwsSignature } from '../../../packages/edgeward/src/core/verify/jws.js';
import { importSignatureKey } from '../../../packages/edgeward/src/core/verify/keys.js';
import { parseCompactJws } from '../../../packages/edgeward/src/core/verify/parse.js';
import {
  isValidRsaPkcs1Signature,
  rsaPkcs1Verifier,
} from '../../../packages/edgeward/src/core/verify/rsa-pkcs1.js';
import { b64url } from '../../helpers/tokens.js';

const DIGESTS = { RS256: 'sha256', RS384: 'sha384', RS512: 'sha512' } as const;
type Alg = keyof typeof DIGESTS;
const ALGS = Object.keys(DIGESTS) as Alg[];

const pair2048 = generateKeyPairSync('rsa', { modulusLength: 2048 });
const pair3072 = generateKeyPairSync('rsa', { modulusLength: 3072 });

function verifierOf(publicKey: KeyObject, alg: Alg) {
  const k = (publicKey.asymmetricKeyDetails?.modulusLength as number) / 8;
  const v = rsaPkcs1Verifier(publicKey, k, alg);
  if (v === undefined) throw new Error('no verifier');
  return v;
}

/** A signing input of a JWS with `alg` and `claims` (canonical base64url, ASCII). */
function inputOf(alg: string, claims: object): string {
  return `${b64url(JSON.stringify({ alg, kid: 'k' }))}.${b64url(JSON.stringify(claims))}`;
}

/** The raw RSA private-key operation on `encoded` (exactly k bytes): a signature of that encoded message. */
function rawSign(privateKey: KeyObject, encoded: Buffer): Buffer {
  return privateEncrypt({ key: privateKey, padding: constants.RSA_NO_PADDING }, encoded);
}

/** EMSA-PKCS1-v1_5 built by hand with parts that may be wrong (RFC 8017 §9.2). */
function encode(
  k: number,
  parts: { digestInfo: Buffer; hash: Buffer; psLength?: number; tail?: Buffer },
): Buffer {
  const t = Buffer.concat([parts.digestInfo, parts.hash, parts.tail ?? Buffer.alloc(0)]);
  const ps = parts.psLength ?? k - t.length - 3;
  const em = Buffer.concat([Buffer.from([0, 1]), Buffer.alloc(ps, 0xff), Buffer.from([0]), t]);
  if (em.length !== k) throw new Error(`encoded message of ${em.length} bytes, not ${k}`);
  return em;
}

const SHA256_INFO = Buffer.from('3031300d060960864801650304020105000420', 'hex');

describe('RSASSA-PKCS1-v1_5 by RSAVP1 and comparison', () => {
  it.each(ALGS)(
    'accepts a genuine %s signature and refuses it under another hash or another input',
    (alg) => {
      for (const { publicKey, privateKey } of [pair2048, pair3072]) {
        const input = inputOf(alg, { sub: 'user-1' });
        const signature = sign(DIGESTS[alg], Buffer.from(input), privateKey);
        expect(isValidRsaPkcs1Signature(verifierOf(publicKey, alg), input, signature)).toBe(true);
        for (const other of ALGS.filter((a) => a !== alg)) {
          expect(isValidRsaPkcs1Signature(verifierOf(publicKey, other), input, signature)).toBe(false);
        }
        expect(isValidRsaPkcs1Signature(verifierOf(publicKey, alg), `${input}A`, signature)).toBe(false);
      }
    },
  );

  it('agrees with crypto.verify on every single-bit flip of a signature and of its input (sampled)', () => {
    const { publicKey, privateKey } = pair2048;
    fc.assert(
      fc.property(
        fc.constantFrom(...ALGS),
        fc.string({ maxLength: 40 }),
        fc.nat(),
        fc.boolean(),
        (alg, sub, bit, flipInput) => {
          const input = inputOf(alg, { sub });
          const signature = sign(DIGESTS[alg], Buffer.from(input), privateKey);
          let data = Buffer.from(input);
          const sig = Buffer.from(signature);
          if (flipInput) {
            data = Buffer.from(data);
            data[(bit >>> 3) % data.length]! ^= 1 << (bit & 7);
          } else sig[(bit >>> 3) % sig.length]! ^= 1 << (bit & 7);
          const expected = (() => {
            try {
              return verify(DIGESTS[alg], data, publicKey, sig);
            } catch {
              return false;
            }
          })();
          const actual = (() => {
            try {
              return isValidRsaPkcs1Signature(verifierOf(publicKey, alg), data.toString('latin1'), sig);
            } catch {
              return false;
            }
          })();
          expect(actual).toBe(expected);
          expect(actual).toBe(false);
        },
      ),
      { numRuns: 300, seed: 1207 },
    );
  });

  it('refuses genuine signatures of malformed encodings that crypto.verify refuses too', () => {
    const { publicKey, privateKey } = pair2048;
    const k = 256;
    const input = inputOf('RS256', { sub: 'user-1' });
    const h = createHash('sha256').update(input).digest();
    const good = encode(k, { digestInfo: SHA256_INFO, hash: h });
    // the exact encoding passes both (the hand-built encoder is right)
    expect(verify('sha256', Buffer.from(input), publicKey, rawSign(privateKey, good))).toBe(true);
    expect(isValidRsaPkcs1Signature(verifierOf(publicKey, 'RS256'), input, rawSign(privateKey, good))).toBe(
      true,
    );
    const malformed: Record<string, Buffer> = {
      // Bleichenbacher 2006: short padding and garbage after the hash, for parsers that stop at the hash
      'garbage after the hash': encode(k, {
        digestInfo: SHA256_INFO,
        hash: h,
        psLength: 8,
        tail: Buffer.alloc(k - 3 - 8 - 51, 0x42),
      }),
      // DigestInfo without the NULL parameters (some parsers accept both forms)
      'DigestInfo without NULL': encode(k, {
        digestInfo: Buffer.from('302f300b06096086480165030402010420', 'hex'),
        hash: h,
      }),
      'block type 2': (() => {
        const em = Buffer.from(good);
        em[1] = 2;
        return em;
      })(),
      'a 0x00 inside the padding': (() => {
        const em = Buffer.from(good);
        em[5] = 0;
        return em;
      })(),
      'no 0x00 after the padding': (() => {
        const em = Buffer.from(good);
        em[k - 52] = 0xff;
        return em;
      })(),
      'leading byte 0x01': (() => {
        const em = Buffer.from(good);
        em[0] = 1;
        return em;
      })(),
      'SHA-384 DigestInfo with the SHA-256 hash padded': encode(k, {
        digestInfo: Buffer.from('3041300d060960864801650304020205000430', 'hex'),
        hash: Buffer.concat([h, Buffer.alloc(16)]),
      }),
    };
    for (const [name, em] of Object.entries(malformed)) {
      const signature = rawSign(privateKey, em);
      expect([name, verify('sha256', Buffer.from(input), publicKey, signature)]).toEqual([name, false]);
      expect([name, isValidRsaPkcs1Signature(verifierOf(publicKey, 'RS256'), input, signature)]).toEqual([
        name,
        false,
      ]);
    }
  });

  it('throws (an invalid signature to the caller) for a signature representative not below the modulus', () => {
    const { publicKey } = pair2048;
    const n = Buffer.from((publicKey.export({ format: 'jwk' }) as { n: string }).n, 'base64url');
    const input = inputOf('RS256', { sub: 'user-1' });
    expect(() => isValidRsaPkcs1Signature(verifierOf(publicKey, 'RS256'), input, n)).toThrow();
    expect(() =>
      isValidRsaPkcs1Signature(verifierOf(publicKey, 'RS256'), input, Buffer.alloc(256, 0xff)),
    ).toThrow();
  });

  it('has no verifier for another algorithm or a modulus too short for the encoding', () => {
    expect(rsaPkcs1Verifier(pair2048.publicKey, 256, 'PS256')).toBeUndefined();
    expect(rsaPkcs1Verifier(pair2048.publicKey, 256, 'ES256')).toBeUndefined();
    // RS512: 19 + 64 + 3 = 86 bytes; RFC 8017 §9.2 needs at least 8 bytes of padding
    expect(rsaPkcs1Verifier(pair2048.publicKey, 93, 'RS512')).toBeUndefined();
    expect(rsaPkcs1Verifier(pair2048.publicKey, 94, 'RS512')).toBeDefined();
  });
});

describe('verifyJwsSignature on an RSA JWK', () => {
  const jwk = { ...(pair2048.publicKey.export({ format: 'jwk' }) as { n: string }), kid: 'k' };
  const key = importSignatureKey(jwk);

  function jws(alg: Alg, signature: Buffer | ((input: string) => Buffer)) {
    const input = inputOf(alg, { sub: 'user-1' });
    const sig = typeof signature === 'function' ? signature(input) : signature;
    return parseCompactJws(`${input}.${b64url(sig)}`, 16384);
  }

  it('uses the RSASSA-PKCS1-v1_5 verifier of every algorithm the key serves', () => {
    expect(Object.keys(key.rsaPkcs1 ?? {}).sort()).toEqual(['RS256', 'RS384', 'RS512']);
    const narrowed = importSignatureKey({ ...jwk, alg: 'RS384' });
    expect(Object.keys(narrowed.rsaPkcs1 ?? {})).toEqual(['RS384']);
  });

  it.each(ALGS)(
    '%s: a genuine signature passes; a flipped bit, the modulus itself and a short signature fail',
    (alg) => {
      const signed = (input: string) => sign(DIGESTS[alg], Buffer.from(input), pair2048.privateKey);
      expect(verifyJwsSignature(jws(alg, signed), alg, key)).toBeUndefined();
      const flipped = (input: string) => {
        const s = signed(input);
        s[100]! ^= 0x10;
        return s;
      };
      const n = Buffer.from(jwk.n, 'base64url');
      for (const bad of [flipped, n, (input: string) => signed(input).subarray(1)]) {
        let code: string | undefined;
        try {
          verifyJwsSignature(jws(alg, bad), alg, key);
        } catch (e) {
          code = e instanceof AuthError ? e.code : 'not an AuthError';
        }
        expect(code).toBe('token_signature_invalid');
      }
    },
  );
});
