/**
 * The verifier's happy paths and the core checks for the three profiles (cognito, oidc, hs256), with
 * real keys, real signatures (jose) and a pinned clock.
 */
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type {
  CognitoIssuerConfig,
  Hs256IssuerConfig,
  OidcIssuerConfig,
} from '../../../packages/edgeward/src/core/config.js';
import {
  cognitoIssuerUrl,
  createVerifier,
  resolveSecret,
} from '../../../packages/edgeward/src/core/verify/index.js';
import { createIssuerVerifier } from '../../../packages/edgeward/src/core/verify/prevalidated.js';
import { decodeSecretText } from '../../../packages/edgeward/src/core/verify/secret.js';
import type { VerifiedToken } from '../../../packages/edgeward/src/core/verify/types.js';
import { authErrorCode, thrownCode } from '../../helpers/auth-errors.js';
import { bakedJwks, cognitoIssuer, quietDeps as deps, servedJwks } from '../../helpers/issuers.js';
import {
  accessClaims,
  CLIENT_ID,
  FIXED_NOW,
  ISSUER,
  idClaims,
  type JwksServer,
  makeKey,
  REGION,
  signHs256,
  signToken,
  startJwksServer,
  type TestKey,
  USER_POOL_ID,
} from '../../helpers/keys.js';
import { withSignatureBytes } from '../../helpers/tokens.js';

let rsa: TestKey;
let ec: TestKey;
let server: JwksServer;

beforeAll(async () => {
  rsa = await makeKey('rsa-1');
  ec = await makeKey('ec-1', 'ES256');
  server = await startJwksServer([rsa.publicJwk, ec.publicJwk]);
});
afterAll(() => server.close());

/** The test user pool with `rsa` baked in. */
const cognito = (overrides: Partial<CognitoIssuerConfig> = {}) =>
  cognitoIssuer({ jwks: bakedJwks(rsa), ...overrides });

describe('cognito profile', () => {
  it('verifies an access token with a baked JWKS and types the result', async () => {
    const verifier = createVerifier(cognito(), deps);
    const token = await signToken(rsa, accessClaims({ 'cognito:groups': ['admins', 'members'] }));
    const result = await verifier.verify(token);
    expect(result.sub).toBe('aaaaaaaa-bbbb-cccc-dddd-eeeeeeeeeeee');
    expect(result.tokenUse).toBe('access');
    expect(result.clientId).toBe(CLIENT_ID);
    expect(result.username).toBe('alice');
    expect(result.groups).toEqual(['admins', 'members']);
    expect(result.scopes).toEqual(['openid', 'email']);
    expect(result.exp).toBe(FIXED_NOW + 3600);
    expect(result.header).toEqual({ alg: 'RS256', kid: 'rsa-1' });
  });

  it('verifies an id token when tokenUse is id, and matches aud against the app clients', async () => {
    const verifier = createVerifier(cognito(), deps);
    const token = await signToken(rsa, idClaims());
    const result = await verifier.verify(token, { tokenUse: 'id' });
    expect(result.tokenUse).toBe('id');
    expect(result.clientId).toBe(CLIENT_ID);
    expect(result.username).toBe('alice');
    expect(await authErrorCode(verifier.verify(token))).toBe('token_use_invalid');
  });

  it('fetches the JWKS from jwksUri when nothing is baked (http allowed explicitly)', async () => {
    const before = server.hits();
    const verifier = createVerifier(cognito({ jwks: undefined, ...servedJwks(server.url) }), deps);
    const result = await verifier.verify(await signToken(rsa, accessClaims()));
    expect(result.sub).not.toBe('');
    expect(server.hits()).toBe(before + 1);
  });

  it('refuses an http: JWKS URI unless allowHttp is set', () => {
    expect(() => createVerifier(cognito({ jwksUri: server.url }), deps)).toThrow(
      expect.objectContaining({ code: 'config_invalid' }),
    );
  });

  it('checks client_id and expiry with the injected clock', async () => {
    const token = await signToken(rsa, accessClaims({ client_id: 'someone-else' }));
    expect(await authErrorCode(createVerifier(cognito(), deps).verify(token))).toBe('token_client_invalid');
    const fresh = await signToken(rsa, accessClaims());
    const later = createVerifier(cognito(), { ...deps, clock: () => (FIXED_NOW + 3600) * 1000 });
    expect(await authErrorCode(later.verify(fresh))).toBe('token_expired');
    const tolerant = createVerifier(cognito({ clockToleranceSeconds: 5 }), {
      ...deps,
      clock: () => (FIXED_NOW + 3604) * 1000,
    });
    await expect(tolerant.verify(fresh)).resolves.toBeDefined();
  });
});

describe('oidc profile', () => {
  const oidc = (overrides: Partial<OidcIssuerConfig> = {}): OidcIssuerConfig => ({
    kind: 'oidc',
    issuer: 'https://idp.example.com',
    ...servedJwks(server.url),
    algorithms: ['ES256'],
    audience: ['api://orders'],
    ...overrides,
  });

  it('verifies an ES256 token with aud and pins the algorithm list', async () => {
    const verifier = createVerifier(oidc(), deps);
    const claims = { iss: 'https://idp.example.com', aud: 'api://orders', sub: 'u1', exp: FIXED_NOW + 60 };
    const result = await verifier.verify(await signToken(ec, claims));
    expect(result.sub).toBe('u1');
    expect(result.clientId).toBe('api://orders');
    expect(await authErrorCode(verifier.verify(await signToken(rsa, claims)))).toBe('token_alg_not_allowed');
    const other = await signToken(ec, { ...claims, aud: 'api://billing' });
    expect(await authErrorCode(verifier.verify(other))).toBe('token_audience_invalid');
  });

  it('an id token (login callback) must not list an audience the client does not trust', async () => {
    const verifier = createVerifier(oidc({ audience: undefined, clientIds: ['web-client'] }), deps);
    const claims = { iss: 'https://idp.example.com', sub: 'u1', exp: FIXED_NOW + 60 };
    const both = await signToken(ec, { ...claims, aud: ['web-client', 'evil-client'] });
    expect(await authErrorCode(verifier.verify(both, { tokenUse: 'id' }))).toBe('token_audience_invalid');
    // as an access token (RFC 9068 allows several audiences) the same token is accepted
    expect((await verifier.verify(both)).clientId).toBe('web-client');
    const single = await signToken(ec, { ...claims, aud: ['web-client'] });
    expect((await verifier.verify(single, { tokenUse: 'id' })).clientId).toBe('web-client');
  });

  it('refuses symmetric or unknown algorithms in the configuration', () => {
    for (const alg of ['HS256', 'none', 'PS256']) {
      expect(() => createVerifier(oidc({ algorithms: [alg] }), deps)).toThrow(
        expect.objectContaining({ code: 'config_invalid' }),
      );
    }
  });
});

describe('hs256 profile', () => {
  const secret = new Uint8Array(randomBytes(32));
  const hs = (overrides: Partial<Hs256IssuerConfig> = {}): Hs256IssuerConfig => ({
    kind: 'hs256',
    secret: { base64url: Buffer.from(secret).toString('base64url') },
    issuer: 'partner',
    ...overrides,
  });

  it('verifies with the baked secret and with deps.secret', async () => {
    const token = await signHs256(secret, { iss: 'partner', sub: 's', exp: FIXED_NOW + 10 });
    expect((await createVerifier(hs(), deps).verify(token)).sub).toBe('s');
    const other = new Uint8Array(randomBytes(32));
    const viaDeps = createVerifier(hs(), { ...deps, secret: other });
    expect(await authErrorCode(viaDeps.verify(token))).toBe('token_signature_invalid');
  });

  it('refuses RS256 tokens and secrets under 32 bytes', async () => {
    const rsToken = await signToken(rsa, { iss: 'partner', exp: FIXED_NOW + 10 });
    expect(await authErrorCode(createVerifier(hs(), deps).verify(rsToken))).toBe('token_alg_not_allowed');
    const short = Buffer.from(randomBytes(31)).toString('base64url');
    expect(() => createVerifier(hs({ secret: { base64url: short } }), deps)).toThrow(/at least 32 bytes/);
  });
});

describe('resolveSecret and cognitoIssuerUrl', () => {
  it('resolves base64url and env sources and names the problem', () => {
    const value = Buffer.from(randomBytes(40)).toString('base64url');
    expect(resolveSecret({ base64url: value }).byteLength).toBe(40);
    process.env.EDGEWARD_TEST_SECRET = value;
    expect(resolveSecret({ env: 'EDGEWARD_TEST_SECRET' }).byteLength).toBe(40);
    delete process.env.EDGEWARD_TEST_SECRET;
    expect(() => resolveSecret({ env: 'EDGEWARD_TEST_SECRET' })).toThrow(/EDGEWARD_TEST_SECRET.*not set/);
    expect(() => resolveSecret({ base64url: `${value}=` })).toThrow(
      expect.objectContaining({ code: 'config_invalid' }),
    );
    expect(() => resolveSecret({ secretsManager: { secretId: 'x', region: 'eu-west-1' } })).toThrow(
      expect.objectContaining({ code: 'config_invalid' }),
    );
  });

  it('reads standard base64 (padded or not, as `openssl rand -base64 32` prints) and base64url', () => {
    const bytes = new Uint8Array(33).map((_, i) => 0xf8 + (i % 8)); // encodes with '+', '/' and '-', '_'
    const base64 = Buffer.from(bytes).toString('base64');
    const base64url = Buffer.from(bytes).toString('base64url');
    expect(base64).toMatch(/[+/]/);
    expect(base64url).toMatch(/[-_]/);
    const padded32 = Buffer.alloc(32, 0xfb).toString('base64');
    expect(padded32).toMatch(/=$/);
    for (const text of [base64, base64url, `${base64}\n`, `  ${base64url} `]) {
      expect(decodeSecretText(text, 'x')).toEqual(bytes);
    }
    expect(decodeSecretText(padded32, 'x')).toEqual(new Uint8Array(32).fill(0xfb));
    expect(decodeSecretText(padded32.replace(/=+$/, ''), 'x')).toEqual(new Uint8Array(32).fill(0xfb));
    const url32 = Buffer.alloc(32, 0xfb).toString('base64url');
    expect(decodeSecretText(`${url32}=`, 'x')).toEqual(new Uint8Array(32).fill(0xfb));
    process.env.EDGEWARD_TEST_SECRET = `${padded32}\n`;
    expect(resolveSecret({ env: 'EDGEWARD_TEST_SECRET' })).toEqual(new Uint8Array(32).fill(0xfb));
    delete process.env.EDGEWARD_TEST_SECRET;
  });

  it.each([
    ['empty', '   '],
    ['both alphabets', `${Buffer.alloc(33, 0xfb).toString('base64')}-`],
    ['wrong padding', `${Buffer.alloc(32, 0xfb).toString('base64')}=`],
    ['padding in the middle', `AAAA=${Buffer.alloc(32, 1).toString('base64')}`],
    ['non-zero trailing bits', `${Buffer.alloc(32, 0).toString('base64url').slice(0, -1)}B`],
    ['JSON', '{"secret":"AAAA"}'],
  ])('refuses secret text that is %s, naming the source but never the value', (_name, text) => {
    let error: unknown;
    try {
      decodeSecretText(text, 'environment variable JWT_SECRET');
    } catch (e) {
      error = e;
    }
    expect(error).toMatchObject({ code: 'config_invalid' });
    expect((error as Error).message).toMatch(/^environment variable JWT_SECRET is not/);
    if (text.trim().length > 4) expect((error as Error).message).not.toContain(text.trim());
  });

  it('builds the regional Cognito issuer URL and validates its parts', () => {
    expect(cognitoIssuerUrl(REGION, USER_POOL_ID)).toBe(ISSUER);
    expect(() => cognitoIssuerUrl('eu-west-1', 'us-east-1_Abc')).toThrow(
      expect.objectContaining({ code: 'config_invalid' }),
    );
    expect(() => cognitoIssuerUrl('EU', 'EU_x')).toThrow(expect.objectContaining({ code: 'config_invalid' }));
  });
});

describe('configuration and contract edges', () => {
  const invalid = expect.objectContaining({ code: 'config_invalid' });
  /** An OIDC issuer with `rsa` baked in (its jwksUri is never fetched). */
  const bakedOidc = (overrides: Partial<OidcIssuerConfig>): OidcIssuerConfig => ({
    kind: 'oidc',
    issuer: 'https://idp.example.com',
    jwksUri: 'https://idp.example.com/jwks',
    jwks: bakedJwks(rsa),
    ...overrides,
  });

  it('validates limits and lists at construction', () => {
    expect(() => createVerifier(cognito({ clockToleranceSeconds: 301 }), deps)).toThrow(invalid);
    expect(() => createVerifier(cognito({ clockToleranceSeconds: -1 }), deps)).toThrow(invalid);
    expect(() => createVerifier(cognito({ cacheSize: -1 }), deps)).toThrow(invalid);
    expect(() => createVerifier(cognito({ maxTokenBytes: 1.5 }), deps)).toThrow(invalid);
    expect(() => createVerifier(cognito({ clientIds: [] }), deps)).toThrow(invalid);
    expect(() => createVerifier(cognito({ jwksUri: 'ftp://example.com/jwks' }), deps)).toThrow(invalid);
    expect(() => createVerifier(cognito({ jwksPolicy: { timeoutMs: 0 } }), deps)).toThrow(invalid);
    expect(() => createVerifier({ kind: 'saml' } as never, deps)).toThrow(invalid);
    expect(() => createVerifier(cognito({ clockToleranceSeconds: 300 }), deps)).not.toThrow();
  });

  it('accepts an HS256 secret KeyObject of 32 bytes and refuses shorter or asymmetric keys', async () => {
    const { createSecretKey, KeyObject } = await import('node:crypto');
    const secret = randomBytes(32);
    const config: Hs256IssuerConfig = { kind: 'hs256', secret: { env: 'UNUSED_WHEN_DEPS_SECRET' } };
    const verifier = createVerifier(config, { ...deps, secret: createSecretKey(secret) });
    const token = await signHs256(new Uint8Array(secret), { exp: FIXED_NOW + 5 });
    await expect(verifier.verify(token)).resolves.toBeDefined();
    expect(() => createVerifier(config, { ...deps, secret: createSecretKey(randomBytes(16)) })).toThrow(
      invalid,
    );
    expect(() => createVerifier(config, { ...deps, secret: KeyObject.from(rsa.publicKey) })).toThrow(invalid);
  });

  it('rejects non-string input with token_malformed instead of throwing a TypeError', async () => {
    const verifier = createVerifier(cognito(), deps);
    for (const input of [undefined, null, 42, {}]) {
      expect(await authErrorCode(verifier.verify(input as never))).toBe('token_malformed');
    }
  });

  it('oidc clientIds: client_id when present, else aud', async () => {
    const verifier = createVerifier(bakedOidc({ clientIds: ['app-1'] }), deps);
    const base = { iss: 'https://idp.example.com', exp: FIXED_NOW + 60 };
    expect((await verifier.verify(await signToken(rsa, { ...base, client_id: 'app-1' }))).clientId).toBe(
      'app-1',
    );
    expect((await verifier.verify(await signToken(rsa, { ...base, aud: ['x', 'app-1'] }))).clientId).toBe(
      'app-1',
    );
    expect(
      await authErrorCode(
        verifier.verify(await signToken(rsa, { ...base, client_id: 'app-2', aud: 'app-1' })),
      ),
    ).toBe('token_client_invalid');
    expect(await authErrorCode(verifier.verify(await signToken(rsa, base)))).toBe('token_client_invalid');
  });

  it('requiredClaims, custom groups claim and scp arrays are typed on the result', async () => {
    const verifier = createVerifier(bakedOidc({ requiredClaims: ['email'], groupsClaim: 'roles' }), deps);
    const base = { iss: 'https://idp.example.com', exp: FIXED_NOW + 60, roles: ['r1'], scp: ['a', 'b'] };
    const result = await verifier.verify(await signToken(rsa, { ...base, email: 'e@example.com' }));
    expect(result.groups).toEqual(['r1']);
    expect(result.scopes).toEqual(['a', 'b']);
    expect(result.sub).toBe('');
    expect(await authErrorCode(verifier.verify(await signToken(rsa, base)))).toBe('token_claim_missing');
    expect(
      await authErrorCode(verifier.verify(await signToken(rsa, { ...base, email: 'e', roles: 'r1' }))),
    ).toBe('token_claim_invalid');
  });
});

describe('check: the request path without a promise when nothing waits', () => {
  it('returns the token itself with a held key, throws the AuthError itself, and a promise only while the JWKS is fetched', async () => {
    const held = createIssuerVerifier(cognito(), deps);
    const token = await signToken(rsa, accessClaims());
    const result = held.check(token);
    expect(result).not.toBeInstanceOf(Promise);
    expect((result as VerifiedToken).sub).toBe('aaaaaaaa-bbbb-cccc-dddd-eeeeeeeeeeee');

    // flip one bit of the signature: refused synchronously, as an AuthError with the check's code
    const tampered = withSignatureBytes(token, (sig) => {
      sig[0] = sig[0]! ^ 1;
      return sig;
    });
    expect(thrownCode(() => held.check(tampered))).toBe('token_signature_invalid');

    const issuer = 'https://idp.example.com';
    const fetching = createIssuerVerifier(
      { kind: 'oidc', issuer, audience: ['app'], ...servedJwks(server.url) },
      deps,
    );
    const oidcToken = await signToken(rsa, { iss: issuer, sub: 'user-1', aud: 'app', exp: FIXED_NOW + 60 });
    const pending = fetching.check(oidcToken);
    expect(pending).toBeInstanceOf(Promise);
    expect((await pending).sub).toBe('user-1');
    expect(fetching.check(oidcToken)).not.toBeInstanceOf(Promise); // the key is held now
  });
});
