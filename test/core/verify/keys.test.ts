/**
 * JWKS keys and the signature check on `node:crypto` (keys.ts, jws.ts): which keys are usable, and that
 * a token's `alg` must be one its key can serve (key type, curve, the JWK's own `alg`) — the rules
 * aws-jwt-verify applied before, plus the RSA key size (RFC 7518 §3.3) and `key_ops` (RFC 7517 §4.3).
 * Real keys and real signatures (node:crypto signs the hand-built tokens), pinned clock, no network.
 */
import { generateKeyPairSync, type JsonWebKey, KeyObject, sign } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AuthErrorCode } from '../../../packages/edgeward/src/core/errors.js';
import type { LogRecord } from '../../../packages/edgeward/src/core/runtime.js';
import { createVerifier } from '../../../packages/edgeward/src/core/verify/index.js';
import { importSignatureKey, MIN_RSA_MODULUS_BITS } from '../../../packages/edgeward/src/core/verify/keys.js';
import { quietDeps } from '../../helpers/issuers.js';
import {
  FIXED_NOW,
  fixedClock,
  type JwksServer,
  makeKey,
  signToken,
  startJwksServer,
  type TestKey,
} from '../../helpers/keys.js';
import { b64url, withSignatureBytes } from '../../helpers/tokens.js';

const ISS = 'https://idp.example';
const claims = { iss: ISS, sub: 'user-1', aud: 'app', exp: FIXED_NOW + 60 };

/** A compact JWS of `header` and {@link claims} signed with `privateKey` (`ec` → `r‖s`). */
function signWith(privateKey: KeyObject, header: object, digest: string | null, ec = false): string {
  const input = `${b64url(JSON.stringify(header))}.${b64url(JSON.stringify(claims))}`;
  const key = ec ? { key: privateKey, dsaEncoding: 'ieee-p1363' as const } : privateKey;
  return `${input}.${b64url(sign(digest, Buffer.from(input), key))}`;
}

/** An OIDC verifier with `jwks` baked in (an unknown kid refetches from a JWKS server on 127.0.0.1). */
function oidc(jwks: readonly object[], algorithms: string[], logs?: LogRecord[]) {
  return createVerifier(
    {
      kind: 'oidc',
      issuer: ISS,
      jwksUri: server.url,
      jwksPolicy: { allowHttp: true },
      audience: ['app'],
      algorithms,
      jwks: { keys: jwks as never },
    },
    logs ? { clock: fixedClock, logger: (r) => logs.push(r) } : quietDeps,
  );
}

async function codeOf(p: Promise<unknown>): Promise<AuthErrorCode | 'ok'> {
  try {
    await p;
    return 'ok';
  } catch (e) {
    return (e as { code: AuthErrorCode }).code;
  }
}

function jwkOf(key: KeyObject, extra: object): object {
  return { ...(key.export({ format: 'jwk' }) as JsonWebKey), ...extra };
}

let rsa: TestKey;
let ec: TestKey;
let server: JwksServer;

beforeAll(async () => {
  rsa = await makeKey('rsa-1');
  ec = await makeKey('ec-1', 'ES256');
  server = await startJwksServer([]);
});
afterAll(() => server.close());

describe('usable keys', () => {
  it('imports RSA, EC and OKP keys with the algorithms they serve', () => {
    expect([...importSignatureKey(rsa.publicJwk).algorithms]).toEqual(['RS256']); // the JWK names RS256
    const { alg: _rsaAlg, ...rsaAny } = rsa.publicJwk;
    expect([...importSignatureKey(rsaAny).algorithms]).toEqual(['RS256', 'RS384', 'RS512']);
    expect(importSignatureKey(rsaAny).signatureBytes).toBe(256);
    expect([...importSignatureKey(ec.publicJwk).algorithms]).toEqual(['ES256']);
    const p384 = generateKeyPairSync('ec', { namedCurve: 'P-384' }).publicKey;
    expect([...importSignatureKey(jwkOf(p384, { kid: 'p384' })).algorithms]).toEqual(['ES384']);
    const ed = generateKeyPairSync('ed25519').publicKey;
    expect([...importSignatureKey(jwkOf(ed, { kid: 'ed' })).algorithms]).toEqual(['EdDSA']);
    // an alg the key cannot serve leaves none
    expect(importSignatureKey({ ...ec.publicJwk, alg: 'RS256' }).algorithms.size).toBe(0);
  });

  it(`skips RSA keys under ${MIN_RSA_MODULUS_BITS} bits, encryption keys and keys without verify in key_ops`, async () => {
    const small = generateKeyPairSync('rsa', { modulusLength: 1024 });
    const logs: LogRecord[] = [];
    const keys = [
      jwkOf(small.publicKey, { kid: 'small', alg: 'RS256' }),
      { ...rsa.publicJwk, kid: 'ops', key_ops: ['encrypt'] },
      { ...rsa.publicJwk, kid: 'enc', use: 'enc' },
    ];
    server.setKeys(keys as never);
    const verifier = oidc(keys, ['RS256'], logs);
    const reasons = logs.filter((r) => r.event === 'jwks_key_skipped').map((r) => r['reason']);
    expect(reasons.slice(0, 3)).toEqual([
      'RSA key under 2048 bits',
      'key_ops does not include verify',
      'JWK use is not sig',
    ]);
    const smallToken = signWith(small.privateKey, { alg: 'RS256', kid: 'small' }, 'sha256');
    expect(await codeOf(verifier.verify(smallToken))).toBe('kid_unknown');
    const opsToken = await signToken({ ...rsa, kid: 'ops' }, claims);
    expect(await codeOf(verifier.verify(opsToken))).toBe('kid_unknown');
    const enc = await signToken({ ...rsa, kid: 'enc' }, claims);
    expect(await codeOf(verifier.verify(enc))).toBe('kid_unknown');
  });

  it('in an RSA-only bundle (EDGEWARD_NON_RSA_KEYS false): EC/OKP keys kept with no algorithm, unsupported curves skipped as everywhere', () => {
    const k1 = jwkOf(generateKeyPairSync('ec', { namedCurve: 'secp256k1' }).publicKey, { kid: 'k1' });
    const ed = jwkOf(generateKeyPairSync('ed25519').publicKey, { kid: 'ed' });
    globalThis.EDGEWARD_NON_RSA_KEYS = false;
    try {
      expect(importSignatureKey(ec.publicJwk).algorithms.size).toBe(0);
      expect(importSignatureKey(ed).algorithms.size).toBe(0);
      // skipped, so it cannot hide an RSA key of the same kid listed after it
      expect(() => importSignatureKey(k1)).toThrow('unsupported EC curve');
      expect([...importSignatureKey(rsa.publicJwk).algorithms]).toEqual(['RS256']);
    } finally {
      globalThis.EDGEWARD_NON_RSA_KEYS = undefined;
    }
    expect(() => importSignatureKey(k1)).toThrow('unsupported EC curve');
  });

  it('accepts key_ops that include verify', async () => {
    const verifier = oidc([{ ...rsa.publicJwk, key_ops: ['verify'] }], ['RS256']);
    expect(await codeOf(verifier.verify(await signToken(rsa, claims)))).toBe('ok');
  });
});

describe('alg ↔ key compatibility', () => {
  it('refuses a token whose alg is not the JWK alg (the JWK says RS256, the token RS384)', async () => {
    const verifier = oidc([rsa.publicJwk], ['RS256', 'RS384']);
    const token = signWith(KeyObject.from(rsa.privateKey), { alg: 'RS384', kid: 'rsa-1' }, 'sha384');
    expect(await codeOf(verifier.verify(token))).toBe('token_alg_not_allowed');
  });

  it('verifies RS384 with an RSA key whose JWK has no alg', async () => {
    const { alg: _alg, ...jwk } = rsa.publicJwk;
    const verifier = oidc([jwk], ['RS384']);
    const token = signWith(KeyObject.from(rsa.privateKey), { alg: 'RS384', kid: 'rsa-1' }, 'sha384');
    expect(await codeOf(verifier.verify(token))).toBe('ok');
  });

  it('refuses an EC key for an RS256 token and an RSA key for an ES256 token (kty confusion)', async () => {
    const { alg: _e, ...ecAny } = ec.publicJwk;
    const { alg: _r, ...rsaAny } = rsa.publicJwk;
    const verifier = oidc([ecAny, rsaAny], ['RS256', 'ES256']);
    // a genuine ECDSA signature labelled RS256: node:crypto would check it as ECDSA if the key decided
    const ecAsRs = signWith(KeyObject.from(ec.privateKey), { alg: 'RS256', kid: 'ec-1' }, 'sha256', true);
    expect(await codeOf(verifier.verify(ecAsRs))).toBe('token_alg_not_allowed');
    const rsAsEc = signWith(KeyObject.from(rsa.privateKey), { alg: 'ES256', kid: 'rsa-1' }, 'sha256');
    expect(await codeOf(verifier.verify(rsAsEc))).toBe('token_alg_not_allowed');
  });

  it('refuses an ES384 token for a P-256 key', async () => {
    const { alg: _e, ...ecAny } = ec.publicJwk;
    const verifier = oidc([ecAny], ['ES384']);
    const token = signWith(KeyObject.from(ec.privateKey), { alg: 'ES384', kid: 'ec-1' }, 'sha384', true);
    expect(await codeOf(verifier.verify(token))).toBe('token_alg_not_allowed');
  });

  it('verifies EdDSA (Ed25519) and refuses a DER-encoded ES256 signature (wrong length)', async () => {
    const ed = generateKeyPairSync('ed25519');
    const edVerifier = oidc([jwkOf(ed.publicKey, { kid: 'ed' })], ['EdDSA']);
    expect(await codeOf(edVerifier.verify(signWith(ed.privateKey, { alg: 'EdDSA', kid: 'ed' }, null)))).toBe(
      'ok',
    );
    const ecVerifier = oidc([ec.publicJwk], ['ES256']);
    const der = signWith(KeyObject.from(ec.privateKey), { alg: 'ES256', kid: 'ec-1' }, 'sha256');
    expect(await codeOf(ecVerifier.verify(der))).toBe('token_signature_invalid');
    const good = await signToken(ec, claims);
    expect(await codeOf(ecVerifier.verify(good))).toBe('ok');
    const flipped = withSignatureBytes(good, (s) => {
      s[5] = (s[5] ?? 0) ^ 1;
      return s;
    });
    expect(await codeOf(ecVerifier.verify(flipped))).toBe('token_signature_invalid');
  });
});
