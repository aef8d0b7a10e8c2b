/**
 * Hostile-token suite (issue #2): every case is a real token (real keys, real signatures) that must be
 * rejected with one exact AuthError code, and no error message may echo token contents.
 *
 * Targets: a Cognito verifier (baked JWKS with `rsa-1`, refetch from a JWKS server on 127.0.0.1) and an
 * HS256 verifier (issuer `partner`). Clock pinned at FIXED_NOW.
 */
import { randomBytes } from 'node:crypto';
import { exportJWK, exportSPKI } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AuthErrorCode } from '../../../packages/edgeward/src/core/errors.js';
import { AuthError } from '../../../packages/edgeward/src/core/errors.js';
import { createVerifier } from '../../../packages/edgeward/src/core/verify/index.js';
import type { TokenVerifier, VerifyOptions } from '../../../packages/edgeward/src/core/verify/types.js';
import { bakedJwks, cognitoIssuer, quietDeps as deps, servedJwks } from '../../helpers/issuers.js';
import {
  accessClaims,
  CLIENT_ID,
  FIXED_NOW,
  ISSUER,
  idClaims,
  type JwksServer,
  makeKey,
  signHs256,
  signToken,
  startJwksServer,
  type TestKey,
  USER_POOL_ID,
} from '../../helpers/keys.js';
import { b64url, parts, signRaw, signRawHs256, unsecured, withSignatureBytes } from '../../helpers/tokens.js';

let rsa: TestKey;
let impostor: TestKey; // same kid as rsa, different key material (not in the JWKS)
let evil: TestKey; // kid not in the JWKS
let ec: TestKey;
let server: JwksServer;
let cognito: TokenVerifier;
let hs256: TokenVerifier;
const secret = new Uint8Array(randomBytes(32));

beforeAll(async () => {
  rsa = await makeKey('rsa-1');
  impostor = await makeKey('rsa-1');
  evil = await makeKey('evil');
  ec = await makeKey('ec-1', 'ES256');
  server = await startJwksServer([rsa.publicJwk]);
  cognito = createVerifier(
    cognitoIssuer({ jwks: bakedJwks(rsa), ...servedJwks(server.url), cacheSize: 0 }),
    deps,
  );
  hs256 = createVerifier({ kind: 'hs256', secret: { base64url: b64url(secret) }, issuer: 'partner' }, deps);
});
afterAll(() => server.close());

const header = (extra: Record<string, unknown> = {}) => ({ alg: 'RS256', kid: 'rsa-1', ...extra });
const access = (overrides: Record<string, unknown> = {}) => accessClaims(overrides);
const rawAccess = (over: Record<string, unknown> = {}) => JSON.stringify(access(over));
const hsClaims = { iss: 'partner', sub: 'svc', exp: FIXED_NOW + 60 };

interface HostileCase {
  readonly name: string;
  readonly code: AuthErrorCode;
  readonly make: () => string | Promise<string>;
  readonly target?: 'cognito' | 'hs256';
  readonly options?: VerifyOptions;
}

const signed = (claims: Record<string, unknown>, extraHeader: Record<string, unknown> = {}) =>
  signRaw(rsa, JSON.stringify(header(extraHeader)), JSON.stringify(claims));

const cases: HostileCase[] = [
  // alg none and algorithm confusion
  ...['none', 'None', 'NONE', 'nOnE'].map(
    (alg): HostileCase => ({
      name: `alg "${alg}", empty signature`,
      code: 'token_alg_not_allowed',
      make: () => unsecured(alg, access()),
    }),
  ),
  {
    name: 'alg none with a signature',
    code: 'token_alg_not_allowed',
    make: () => unsecured('none', access(), 'c2ln'),
  },
  {
    name: 'alg none to the HS256 verifier',
    code: 'token_alg_not_allowed',
    target: 'hs256',
    make: () => unsecured('none', hsClaims),
  },
  {
    name: 'HS256 signed with the RSA public key (PEM)',
    code: 'token_alg_not_allowed',
    make: async () =>
      signRawHs256(
        await exportSPKI(rsa.publicKey),
        JSON.stringify({ alg: 'HS256', kid: 'rsa-1' }),
        rawAccess(),
      ),
  },
  {
    name: 'HS256 signed with the RSA public key (JWK)',
    code: 'token_alg_not_allowed',
    make: async () =>
      signRawHs256(
        JSON.stringify(await exportJWK(rsa.publicKey)),
        JSON.stringify({ alg: 'HS256', kid: 'rsa-1' }),
        rawAccess(),
      ),
  },
  {
    name: 'HS256 verifier: token HMAC-ed with the RSA public key PEM',
    code: 'token_signature_invalid',
    target: 'hs256',
    make: async () =>
      signRawHs256(
        await exportSPKI(rsa.publicKey),
        JSON.stringify({ alg: 'HS256' }),
        JSON.stringify(hsClaims),
      ),
  },
  {
    name: 'RS256 token to the HS256 verifier',
    code: 'token_alg_not_allowed',
    target: 'hs256',
    make: () => signToken(rsa, hsClaims),
  },
  {
    name: 'ES256 token to the RS256-pinned Cognito verifier',
    code: 'token_alg_not_allowed',
    make: () => signToken(ec, access()),
  },
  {
    name: 'RS512 header on an RS256-pinned issuer',
    code: 'token_alg_not_allowed',
    make: () => signed(access(), { alg: 'RS512' }),
  },
  {
    name: 'alg missing',
    code: 'token_header_invalid',
    make: () => signRaw(rsa, JSON.stringify({ kid: 'rsa-1' }), rawAccess()),
  },
  { name: 'alg not a string', code: 'token_header_invalid', make: () => signed(access(), { alg: 256 }) },
  // kid
  {
    name: 'kid missing',
    code: 'kid_missing',
    make: () => signRaw(rsa, JSON.stringify({ alg: 'RS256' }), rawAccess()),
  },
  { name: 'kid empty', code: 'kid_missing', make: () => signed(access(), { kid: '' }) },
  { name: 'kid not a string', code: 'token_header_invalid', make: () => signed(access(), { kid: 1 }) },
  { name: 'kid unknown', code: 'kid_unknown', make: () => signToken(evil, access()) },
  {
    name: 'kid path traversal',
    code: 'kid_unknown',
    make: () => signed(access(), { kid: '../../../../etc/passwd' }),
  },
  { name: 'kid SQL injection', code: 'kid_unknown', make: () => signed(access(), { kid: "' OR '1'='1" }) },
  { name: 'kid __proto__', code: 'kid_unknown', make: () => signed(access(), { kid: '__proto__' }) },
  {
    name: 'kid over 256 characters',
    code: 'token_header_invalid',
    make: () => signed(access(), { kid: 'k'.repeat(300) }),
  },
  // keys and processing chosen by the token
  {
    name: 'embedded jku',
    code: 'token_header_invalid',
    make: () => signed(access(), { jku: 'https://evil.example/jwks.json' }),
  },
  {
    name: 'embedded x5u',
    code: 'token_header_invalid',
    make: () => signed(access(), { x5u: 'https://evil.example/cert.pem' }),
  },
  {
    name: 'embedded jwk (attacker key, attacker signature)',
    code: 'token_header_invalid',
    make: () =>
      signRaw(evil, JSON.stringify({ alg: 'RS256', kid: 'rsa-1', jwk: evil.publicJwk }), rawAccess()),
  },
  {
    name: 'embedded x5c',
    code: 'token_header_invalid',
    make: () => signed(access(), { x5c: ['MIIBIjANBgkq'] }),
  },
  {
    name: 'unknown crit',
    code: 'token_crit_unsupported',
    make: () => signed(access(), { crit: ['exp'], exp: 1 }),
  },
  { name: 'empty crit', code: 'token_crit_unsupported', make: () => signed(access(), { crit: [] }) },
  {
    name: 'b64:false with crit',
    code: 'token_crit_unsupported',
    make: () => signed(access(), { b64: false, crit: ['b64'] }),
  },
  {
    name: 'b64:false without crit',
    code: 'token_header_invalid',
    make: () => signed(access(), { b64: false }),
  },
  {
    name: 'JWE enc member in a 3-part token',
    code: 'token_header_invalid',
    make: () => signed(access(), { enc: 'A256GCM' }),
  },
  // exp / nbf / iat
  {
    name: 'exp missing',
    code: 'token_claim_missing',
    make: () => {
      const { exp: _exp, ...claims } = access();
      return signed(claims);
    },
  },
  { name: 'exp in the past', code: 'token_expired', make: () => signed(access({ exp: FIXED_NOW - 1 })) },
  { name: 'exp equal to now', code: 'token_expired', make: () => signed(access({ exp: FIXED_NOW })) },
  {
    name: 'exp as a string',
    code: 'token_claim_invalid',
    make: () => signed(access({ exp: String(FIXED_NOW + 3600) })),
  },
  { name: 'exp null', code: 'token_claim_invalid', make: () => signed(access({ exp: null })) },
  {
    name: 'nbf in the future',
    code: 'token_not_yet_valid',
    make: () => signed(access({ nbf: FIXED_NOW + 1 })),
  },
  { name: 'nbf as a string', code: 'token_claim_invalid', make: () => signed(access({ nbf: 'yesterday' })) },
  {
    name: 'iat in the future',
    code: 'token_issued_in_future',
    make: () => signed(access({ iat: FIXED_NOW + 1 })),
  },
  // issuer look-alikes
  ...(
    [
      ['prefix', ISSUER.slice(0, -1)],
      ['suffix', `${ISSUER}X`],
      ['trailing slash', `${ISSUER}/`],
      ['other region', `https://cognito-idp.us-east-1.amazonaws.com/${USER_POOL_ID}`],
      ['http scheme', ISSUER.replace('https:', 'http:')],
      ['upper-case host', ISSUER.replace('cognito-idp', 'COGNITO-IDP')],
      ['global issuer format', ISSUER.replace('https://cognito-idp', 'https://issuer-cognito-idp')],
    ] as const
  ).map(
    ([label, iss]): HostileCase => ({
      name: `iss look-alike: ${label}`,
      code: 'token_issuer_invalid',
      make: () => signed(access({ iss })),
    }),
  ),
  {
    name: 'iss missing',
    code: 'token_issuer_invalid',
    make: () => {
      const { iss: _iss, ...claims } = access();
      return signed(claims);
    },
  },
  { name: 'iss not a string', code: 'token_claim_invalid', make: () => signed(access({ iss: ['x'] })) },
  {
    name: 'HS256 iss other than configured',
    code: 'token_issuer_invalid',
    target: 'hs256',
    make: () => signHs256(secret, { ...hsClaims, iss: 'partner2' }),
  },
  // app clients and token_use
  {
    name: 'client_id of another app client',
    code: 'token_client_invalid',
    make: () => signed(access({ client_id: 'other-client' })),
  },
  {
    name: 'client_id missing',
    code: 'token_client_invalid',
    make: () => {
      const { client_id: _c, ...claims } = access();
      return signed(claims);
    },
  },
  {
    name: 'id token aud of another app client',
    code: 'token_audience_invalid',
    options: { tokenUse: 'id' },
    make: () => signed(idClaims({ aud: 'other' })),
  },
  {
    name: 'id token aud array with an allowed client and an untrusted one (OIDC Core §3.1.3.7)',
    code: 'token_audience_invalid',
    options: { tokenUse: 'id' },
    make: () => signed(idClaims({ aud: [CLIENT_ID, 'untrusted-client'] })),
  },
  {
    name: 'id token aud empty array',
    code: 'token_audience_invalid',
    options: { tokenUse: 'id' },
    make: () => signed(idClaims({ aud: [] })),
  },
  {
    name: 'payload JSON broken around a claim value (no cause quoting it)',
    code: 'token_malformed',
    // JSON.parse's SyntaxError quotes the text around the fault (here: alice).
    make: () => signRaw(rsa, JSON.stringify(header()), '{"sub":alice}'),
  },
  {
    name: 'header JSON broken around a value (no cause quoting it)',
    code: 'token_malformed',
    make: () => signRaw(rsa, '{"alg":"RS256","kid":alice}', rawAccess()),
  },
  {
    name: 'id token presented as access token',
    code: 'token_use_invalid',
    make: () => signToken(rsa, idClaims()),
  },
  {
    name: 'access token presented as id token',
    code: 'token_use_invalid',
    options: { tokenUse: 'id' },
    make: () => signToken(rsa, access()),
  },
  {
    name: 'token_use missing',
    code: 'token_use_invalid',
    make: () => {
      const { token_use: _t, ...claims } = access();
      return signed(claims);
    },
  },
  {
    name: 'token_use refresh',
    code: 'token_use_invalid',
    make: () => signed(access({ token_use: 'refresh' })),
  },
  {
    name: 'nonce mismatch',
    code: 'token_nonce_invalid',
    options: { tokenUse: 'id', nonce: 'n-1' },
    make: () => signed(idClaims({ nonce: 'n-2' })),
  },
  {
    name: 'nonce missing',
    code: 'token_nonce_invalid',
    options: { tokenUse: 'id', nonce: 'n-1' },
    make: () => signed(idClaims()),
  },
  // refresh tokens and shape
  {
    name: 'Cognito refresh token (5-part JWE)',
    code: 'token_malformed',
    make: () =>
      [
        b64url(JSON.stringify({ cty: 'JWT', enc: 'A256GCM', alg: 'RSA-OAEP' })),
        b64url(randomBytes(256)),
        b64url(randomBytes(12)),
        b64url(randomBytes(600)),
        b64url(randomBytes(16)),
      ].join('.'),
  },
  {
    name: 'two parts',
    code: 'token_malformed',
    make: async () =>
      parts(await signToken(rsa, access()))
        .slice(0, 2)
        .join('.'),
  },
  { name: 'four parts', code: 'token_malformed', make: async () => `${await signToken(rsa, access())}.AAAA` },
  { name: 'empty string', code: 'token_malformed', make: () => '' },
  {
    name: 'Bearer prefix left on',
    code: 'token_malformed',
    make: async () => `Bearer ${await signToken(rsa, access())}`,
  },
  {
    name: 'trailing newline',
    code: 'token_malformed',
    make: async () => `${await signToken(rsa, access())}\n`,
  },
  // signatures
  {
    name: 'signature from a key not in the JWKS (same kid)',
    code: 'token_signature_invalid',
    make: () => signToken(impostor, access()),
  },
  {
    name: 'bit-flipped signature',
    code: 'token_signature_invalid',
    make: async () =>
      withSignatureBytes(await signToken(rsa, access()), (s) => {
        s[10] = (s[10] ?? 0) ^ 1;
        return s;
      }),
  },
  {
    name: 'truncated signature',
    code: 'token_signature_invalid',
    make: async () => withSignatureBytes(await signToken(rsa, access()), (s) => s.subarray(0, s.length - 3)),
  },
  {
    name: 'extended signature',
    code: 'token_signature_invalid',
    make: async () =>
      withSignatureBytes(await signToken(rsa, access()), (s) => Buffer.concat([s, Buffer.from([0, 0, 0])])),
  },
  {
    name: 'empty signature on RS256',
    code: 'token_signature_invalid',
    make: async () =>
      `${parts(await signToken(rsa, access()))
        .slice(0, 2)
        .join('.')}.`,
  },
  {
    name: 'claims swapped under a valid signature',
    code: 'token_signature_invalid',
    make: async () => {
      const [h, , s] = parts(await signToken(rsa, access()));
      return `${h}.${b64url(rawAccess({ 'cognito:groups': ['admins'] }))}.${s}`;
    },
  },
  {
    name: 'HS256 bit-flipped signature',
    code: 'token_signature_invalid',
    target: 'hs256',
    make: async () =>
      withSignatureBytes(await signHs256(secret, hsClaims), (s) => {
        s[0] = (s[0] ?? 0) ^ 0x80;
        return s;
      }),
  },
  {
    name: 'HS256 truncated signature',
    code: 'token_signature_invalid',
    target: 'hs256',
    make: async () => withSignatureBytes(await signHs256(secret, hsClaims), (s) => s.subarray(0, 16)),
  },
  // base64 alphabet and padding
  {
    name: 'standard-alphabet signature',
    code: 'token_malformed',
    make: async () => {
      for (;;) {
        const [h, p, s] = parts(await signToken(rsa, access({ jti: b64url(randomBytes(6)) })));
        if (/[-_]/.test(s))
          return `${h}.${p}.${Buffer.from(s, 'base64url').toString('base64').replace(/=+$/, '')}`;
      }
    },
  },
  {
    name: 'padded signature',
    code: 'token_malformed',
    make: async () => `${await signToken(rsa, access())}==`,
  },
  {
    name: 'padded header',
    code: 'token_malformed',
    make: async () => {
      const [h, p, s] = parts(await signToken(rsa, access()));
      return `${h}=.${p}.${s}`;
    },
  },
  {
    name: 'payload with standard alphabet',
    code: 'token_malformed',
    make: async () => {
      const [h, , s] = parts(await signToken(rsa, access()));
      return `${h}.${Buffer.from(rawAccess({ x: '???>>>' })).toString('base64')}.${s}`;
    },
  },
  {
    name: 'non-canonical trailing bits in the signature',
    code: 'token_malformed',
    make: async () => {
      const token = await signToken(rsa, access());
      const last = token.charAt(token.length - 1);
      const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
      return token.slice(0, -1) + alphabet.charAt(alphabet.indexOf(last) + 1);
    },
  },
  // JSON
  {
    name: 'duplicate claim names',
    code: 'token_malformed',
    make: () => signRaw(rsa, JSON.stringify(header()), `${rawAccess().slice(0, -1)},"sub":"admin"}`),
  },
  {
    name: 'duplicate header names',
    code: 'token_malformed',
    make: () => signRaw(rsa, '{"alg":"RS256","kid":"rsa-1","alg":"none"}', rawAccess()),
  },
  {
    name: 'duplicate claim names via escapes',
    code: 'token_malformed',
    make: () => signRaw(rsa, JSON.stringify(header()), `${rawAccess().slice(0, -1)},"s\\u0075b":"admin"}`),
  },
  {
    name: 'duplicate names in a nested object',
    code: 'token_malformed',
    make: () => signRaw(rsa, JSON.stringify(header()), `${rawAccess().slice(0, -1)},"ext":{"a":1,"a":2}}`),
  },
  ...(['[1,2]', '"claims"', '42', 'null', 'true'] as const).map(
    (payload): HostileCase => ({
      name: `non-object payload ${payload}`,
      code: 'token_malformed',
      make: () => signRaw(rsa, JSON.stringify(header()), payload),
    }),
  ),
  { name: 'array header', code: 'token_malformed', make: () => signRaw(rsa, '["RS256"]', rawAccess()) },
  {
    name: 'payload not JSON',
    code: 'token_malformed',
    make: () => signRaw(rsa, JSON.stringify(header()), '{"sub":'),
  },
  {
    name: 'payload not UTF-8',
    code: 'token_malformed',
    make: () => {
      const input = `${b64url(JSON.stringify(header()))}.${b64url(Buffer.from([0x7b, 0x22, 0xff, 0x22, 0x3a, 0x31, 0x7d]))}`;
      return `${input}.AAAA`;
    },
  },
  {
    name: 'header with a byte-order mark',
    code: 'token_malformed',
    make: () => signRaw(rsa, `\uFEFF${JSON.stringify(header())}`, rawAccess()),
  },
  // size
  {
    name: '100 KB token',
    code: 'token_too_large',
    make: () => signed(access({ pad: 'x'.repeat(100 * 1024) })),
  },
  {
    name: 'one byte over the 8 KB cap',
    code: 'token_too_large',
    make: async () => {
      const base = await signToken(rsa, access());
      return `${base}${'A'.repeat(8193 - base.length)}`;
    },
  },
  // typed claims
  {
    name: 'cognito:groups as a string',
    code: 'token_claim_invalid',
    make: () => signed(access({ 'cognito:groups': 'admins' })),
  },
  {
    name: 'cognito:groups with a non-string member',
    code: 'token_claim_invalid',
    make: () => signed(access({ 'cognito:groups': ['admins', 7] })),
  },
  {
    name: 'scope as an array',
    code: 'token_claim_invalid',
    make: () => signed(access({ scope: ['admin'] })),
  },
  { name: 'sub not a string', code: 'token_claim_invalid', make: () => signed(access({ sub: 1 })) },
  {
    name: 'aud not a string',
    code: 'token_claim_invalid',
    options: { tokenUse: 'id' },
    make: () => signed(idClaims({ aud: 5 as never })),
  },
];

describe('hostile tokens', () => {
  it('accepts an id token whose aud array holds only allowed app clients', async () => {
    const verifier = createVerifier(
      cognitoIssuer({ jwks: bakedJwks(rsa), clientIds: [CLIENT_ID, 'second-client'], cacheSize: 0 }),
      deps,
    );
    const token = signed(idClaims({ aud: ['second-client', CLIENT_ID] }));
    await expect(verifier.verify(token, { tokenUse: 'id' })).resolves.toMatchObject({
      clientId: 'second-client',
    });
  });

  it('has at least 50 cases', () => {
    expect(cases.length).toBeGreaterThanOrEqual(50);
  });

  it.each(cases)('$name → $code', async ({ make, code, target, options }) => {
    const token = await make();
    const verifier = target === 'hs256' ? hs256 : cognito;
    let error: unknown;
    try {
      await verifier.verify(token, options);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(AuthError);
    expect((error as AuthError).code).toBe(code);
    // The message and every `cause` below it: a logged error prints its cause chain.
    let message = '';
    for (let e: unknown = error; e instanceof Error; e = e.cause) message += `${e.message}\n`;
    for (const secretish of [
      ...token.split('.'),
      'alice',
      'aaaaaaaa-bbbb',
      USER_POOL_ID,
      'evil.example',
      'etc/passwd',
    ]) {
      if (secretish.length >= 4) expect(message).not.toContain(secretish);
    }
  });
});
