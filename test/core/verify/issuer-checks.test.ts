/**
 * The issuer validator and the lean verifier factories: `validateIssuer` raises exactly the errors
 * `createVerifier` raises (it is what `createVerifier` runs), and the lean factories used by bundles skip
 * only the configuration checks — never a token check.
 */
import { describe, expect, it } from 'vitest';
import type { CognitoIssuerConfig, IssuerConfig } from '../../../packages/edgeward/src/core/config.js';
import { AuthError } from '../../../packages/edgeward/src/core/errors.js';
import {
  createIssuerVerifier,
  createJwksVerifier,
  createVerifier,
  validateIssuer,
} from '../../../packages/edgeward/src/core/verify/index.js';
import { FIXED_NOW, FIXED_NOW_MS, makeKey, signToken } from '../../helpers/keys.js';

const pool = {
  kind: 'cognito',
  region: 'eu-west-1',
  userPoolId: 'eu-west-1_Abc123',
  clientIds: ['c1'],
} as const;
const SECRET = 'ZXhhbXBsZS1vbmx5LXN0YXRlLWtleS1kby1ub3QtZGVwbG95';

const invalid: ReadonlyArray<[string, unknown, RegExp]> = [
  ['not an object', null, /issuer config must be an object/],
  ['unknown kind', { kind: 'saml' }, /issuer kind must be cognito, oidc or hs256/],
  ['region', { ...pool, region: 'europe' }, /region is not an AWS region/],
  ['pool id of another region', { ...pool, userPoolId: 'us-east-1_Abc123' }, /userPoolId must look like/],
  ['no client ids', { ...pool, clientIds: [] }, /clientIds must be a non-empty array/],
  ['http JWKS', { ...pool, jwksUri: 'http://idp.example.com/jwks' }, /jwksUri must use https:/],
  ['JWKS URI not a URL', { ...pool, jwksUri: 'not a url' }, /jwksUri is not a URL/],
  ['baked JWKS shape', { ...pool, jwks: { keys: 'x' } }, /jwks must be a JWKS object/],
  ['TTL', { ...pool, jwksPolicy: { ttlSeconds: 0 } }, /jwksPolicy.ttlSeconds must be a number from 1/],
  [
    'tolerance',
    { ...pool, clockToleranceSeconds: 301 },
    /clockToleranceSeconds must be a number from 0 to 300/,
  ],
  ['token size', { ...pool, maxTokenBytes: 16.5 }, /maxTokenBytes must be an integer/],
  ['groups claim', { ...pool, groupsClaim: '' }, /groupsClaim must be a non-empty string/],
  [
    'oidc algorithms',
    {
      kind: 'oidc',
      issuer: 'https://idp.example.com',
      jwksUri: 'https://idp.example.com/jwks',
      algorithms: ['HS256'],
    },
    /algorithms may only contain RS256/,
  ],
  ['oidc without jwksUri', { kind: 'oidc', issuer: 'https://idp.example.com' }, /jwksUri is required/],
  ['hs256 without secret', { kind: 'hs256' }, /secret is required for hs256/],
  [
    'hs256 short baked secret',
    { kind: 'hs256', secret: { base64url: 'c2hvcnQ' } },
    /HS256 secret is 5 bytes/,
  ],
];

describe('validateIssuer', () => {
  it.each(invalid)('refuses %s with the same error as createVerifier', (_name, config, message) => {
    let viaValidator: unknown;
    let viaFactory: unknown;
    try {
      validateIssuer(config as IssuerConfig);
    } catch (e) {
      viaValidator = e;
    }
    try {
      createVerifier(config as IssuerConfig);
    } catch (e) {
      viaFactory = e;
    }
    expect(viaValidator).toBeInstanceOf(AuthError);
    expect((viaValidator as AuthError).code).toBe('config_invalid');
    expect((viaValidator as AuthError).message).toMatch(message);
    expect((viaFactory as AuthError).message).toBe((viaValidator as AuthError).message);
  });

  it('accepts valid issuers, and an HS256 issuer whose secret is provided or read from the environment', () => {
    expect(() => validateIssuer(pool)).not.toThrow();
    expect(() => validateIssuer({ kind: 'hs256', secret: { base64url: SECRET } })).not.toThrow();
    expect(() => validateIssuer({ kind: 'hs256', secret: { env: 'UNSET_AT_BUILD_TIME' } })).not.toThrow();
    expect(() =>
      validateIssuer({ kind: 'hs256' } as IssuerConfig, { secret: new Uint8Array(32) }),
    ).not.toThrow();
  });
});

describe('lean verifier factories', () => {
  it('skip the configuration checks but keep every token check', async () => {
    const key = await makeKey('lean-1');
    const iss = 'https://cognito-idp.eu-west-1.amazonaws.com/eu-west-1_Abc123';
    // Refused by validateIssuer (http: without allowHttp), built anyway by the lean factories.
    const config = {
      ...pool,
      jwksUri: 'http://127.0.0.1:9/jwks',
      jwks: { keys: [key.publicJwk] },
    } as CognitoIssuerConfig;
    const deps = { clock: () => FIXED_NOW_MS };
    for (const verifier of [createJwksVerifier(config, deps), createIssuerVerifier(config, deps)]) {
      const claims = {
        iss,
        sub: 'u1',
        client_id: 'c1',
        token_use: 'access',
        iat: FIXED_NOW,
        exp: FIXED_NOW + 60,
      };
      await expect(verifier.verify(await signToken(key, claims))).resolves.toMatchObject({ sub: 'u1' });
      await expect(
        verifier.verify(await signToken(key, { ...claims, client_id: 'other' })),
      ).rejects.toMatchObject({
        code: 'token_client_invalid',
      });
      await expect(
        verifier.verify(await signToken(key, { ...claims, exp: FIXED_NOW - 1 })),
      ).rejects.toMatchObject({
        code: 'token_expired',
      });
    }
  });

  it('still refuse an unusable HS256 secret (a runtime input)', () => {
    expect(() => createIssuerVerifier({ kind: 'hs256', secret: { env: 'EDGEWARD_UNSET_SECRET' } })).toThrow(
      /environment variable EDGEWARD_UNSET_SECRET/,
    );
    expect(() =>
      createIssuerVerifier({ kind: 'hs256' } as IssuerConfig, { secret: new Uint8Array(31) }),
    ).toThrow(/HS256 secret is 31 bytes/);
  });
});
