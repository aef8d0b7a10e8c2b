/**
 * Verification benchmark (issue #2): edgeward's verifier uncached and on a cache hit, aws-jwt-verify alone
 * and jose alone, all on the same Cognito-shaped RS256 access token, against a raw `node:crypto` verify
 * with a pre-imported KeyObject; and HS256 (edgeward, jose) against a raw HMAC.
 *
 * Real time (`Date.now`) is used here: the library baselines read the wall clock themselves.
 */
import { createSecretKey, randomBytes } from 'node:crypto';
import { CognitoJwtVerifier } from 'aws-jwt-verify';
import { importJWK, jwtVerify } from 'jose';
import { silentLogger } from '../packages/edgeward/src/core/runtime.js';
import { createVerifier, VERIFY_DEFAULTS } from '../packages/edgeward/src/core/verify/index.js';
import { CLIENT_ID, ISSUER, signHs256, USER_POOL_ID } from '../test/helpers/keys.js';
import {
  againstRawRs256,
  type BenchOptions,
  type BenchSection,
  interleaved,
  rawHmacVerify,
  rs256Fixture,
  toRows,
} from './lib.js';

async function rs256(options: BenchOptions) {
  const { key, token, raw, issuer } = await rs256Fixture('bench-rsa');
  const uncached = createVerifier(issuer(0), { logger: silentLogger });
  const cached = createVerifier(issuer(VERIFY_DEFAULTS.cacheSize), { logger: silentLogger });
  const library = CognitoJwtVerifier.create({
    userPoolId: USER_POOL_ID,
    tokenUse: 'access',
    clientId: CLIENT_ID,
  });
  library.cacheJwks({ keys: [key.publicJwk as never] });
  const joseKey = await importJWK(key.publicJwk, 'RS256');
  // Every case must succeed once before it is timed.
  await uncached.verify(token);
  await cached.verify(token);
  await library.verify(token);
  await jwtVerify(token, joseKey, { issuer: ISSUER, algorithms: ['RS256'] });
  const rows = await againstRawRs256(
    raw,
    [
      { name: 'edgeward verify, uncached', fn: () => uncached.verify(token), target: 0.6 },
      { name: 'edgeward verify, cache hit', fn: () => cached.verify(token), target: 5 },
      { name: 'aws-jwt-verify alone', fn: () => library.verify(token) },
      {
        name: 'jose alone (jwtVerify)',
        fn: () => jwtVerify(token, joseKey, { issuer: ISSUER, algorithms: ['RS256'] }),
      },
    ],
    options,
  );
  return { rows, tokenBytes: token.length };
}

async function hs256(options: BenchOptions) {
  const secret = new Uint8Array(randomBytes(32));
  const now = Math.floor(Date.now() / 1000);
  const token = await signHs256(secret, {
    iss: 'partner',
    sub: 'service-a',
    iat: now,
    exp: now + 3600,
    scope: 'orders:read',
  });
  const uncached = createVerifier(
    {
      kind: 'hs256',
      secret: { base64url: Buffer.from(secret).toString('base64url') },
      issuer: 'partner',
      cacheSize: 0,
    },
    { logger: silentLogger },
  );
  const raw = rawHmacVerify(createSecretKey(secret));
  if (!raw(token)) throw new Error('raw HMAC failed');
  await uncached.verify(token);
  await jwtVerify(token, secret, { issuer: 'partner', algorithms: ['HS256'] });
  const results = await interleaved(
    [
      { name: 'raw node:crypto HMAC-SHA-256', fn: () => raw(token) },
      { name: 'edgeward HS256 verify, uncached', fn: () => uncached.verify(token) },
      {
        name: 'jose HS256 (jwtVerify)',
        fn: () => jwtVerify(token, secret, { issuer: 'partner', algorithms: ['HS256'] }),
      },
    ],
    options,
  );
  return toRows(results, 'raw node:crypto HMAC-SHA-256');
}

const section: BenchSection = {
  title: 'JWT verification',
  async run(options) {
    const rs = await rs256(options);
    const hs = await hs256(options);
    return {
      title: 'JWT verification',
      rows: [...rs.rows, ...hs],
      notes: [
        `RS256: RSA-2048, Cognito-shaped access token of ${rs.tokenBytes} bytes, baked JWKS; ratios are to the raw RS256 verify.`,
        'HS256: 32-byte secret; ratios are to the raw HMAC. edgeward uses node:crypto createHmac + timingSafeEqual (see docs/verification.md).',
        "jose verifies through WebCrypto, whose work runs on libuv's threadpool: its CPU-time figure includes that hand-off, so compare it with care (a wall-clock run put jose RS256 near 0.9× raw).",
      ],
    };
  },
};

export default section;
