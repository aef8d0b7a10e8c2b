/**
 * Property tests (fast-check): any single-character change of a valid token is rejected; valid tokens of
 * random claims round-trip; the node:crypto HS256 verifier agrees with jose (the reference) on random
 * valid and tampered tokens; the strict JSON and base64url helpers against Node's own encoders.
 */
import { randomBytes } from 'node:crypto';
import fc from 'fast-check';
import { jwtVerify } from 'jose';
import { beforeAll, describe, expect, it } from 'vitest';
import { AuthError } from '../../../packages/edgeward/src/core/errors.js';
import { createVerifier } from '../../../packages/edgeward/src/core/verify/index.js';
import { hasDuplicateMemberNames } from '../../../packages/edgeward/src/core/verify/json.js';
import { isCanonicalBase64url } from '../../../packages/edgeward/src/core/verify/parse.js';
import type { TokenVerifier } from '../../../packages/edgeward/src/core/verify/types.js';
import { bakedJwks, cognitoIssuer, quietDeps } from '../../helpers/issuers.js';
import {
  accessClaims,
  FIXED_NOW,
  FIXED_NOW_MS,
  makeKey,
  signHs256,
  signToken,
  type TestKey,
} from '../../helpers/keys.js';
import { b64url, withSignatureBytes } from '../../helpers/tokens.js';

const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
const RESERVED = new Set([
  'iss',
  'exp',
  'nbf',
  'iat',
  'token_use',
  'client_id',
  'scope',
  'sub',
  'aud',
  'jti',
  'nonce',
  'username',
  'scp',
  'cognito:groups',
  '__proto__',
]);

let rsa: TestKey;
let cognito: TokenVerifier;
let hs256: TokenVerifier;
const secret = new Uint8Array(randomBytes(32));
/** Any JWKS refetch (a changed kid) fails fast: no network in property runs. */
const noNetwork = async (): Promise<Response> => new Response('', { status: 503 });

beforeAll(async () => {
  rsa = await makeKey('rsa-1');
  const deps = { ...quietDeps, fetch: noNetwork };
  cognito = createVerifier(cognitoIssuer({ jwks: bakedJwks(rsa), cacheSize: 0 }), deps);
  hs256 = createVerifier({ kind: 'hs256', secret: { base64url: b64url(secret) }, cacheSize: 0 }, deps);
});

async function rejects(verifier: TokenVerifier, token: string): Promise<boolean> {
  try {
    await verifier.verify(token);
    return false;
  } catch (e) {
    expect(e).toBeInstanceOf(AuthError);
    return true;
  }
}

/** Arbitrary: a position in `token` and a different character (base64url, separator, padding or other). */
const change = (token: string) =>
  fc
    .tuple(fc.nat({ max: token.length - 1 }), fc.constantFrom(...`${ALPHABET}.=+/ \u00e9`))
    .filter(([i, c]) => token.charAt(i) !== c);

describe('single-character changes', () => {
  it('any single-character change of a valid RS256 token is rejected', async () => {
    const token = await signToken(rsa, accessClaims());
    await expect(cognito.verify(token)).resolves.toBeDefined();
    await fc.assert(
      fc.asyncProperty(change(token), async ([i, c]) => {
        expect(await rejects(cognito, token.slice(0, i) + c + token.slice(i + 1))).toBe(true);
      }),
      { numRuns: 400 },
    );
  });

  it('any single-character change of a valid HS256 token is rejected', async () => {
    const token = await signHs256(secret, { sub: 's', exp: FIXED_NOW + 60 });
    await expect(hs256.verify(token)).resolves.toBeDefined();
    await fc.assert(
      fc.asyncProperty(change(token), async ([i, c]) => {
        expect(await rejects(hs256, token.slice(0, i) + c + token.slice(i + 1))).toBe(true);
      }),
      { numRuns: 400 },
    );
  });

  it('every deletion or insertion of one character is rejected', async () => {
    const token = await signToken(rsa, accessClaims());
    await fc.assert(
      fc.asyncProperty(fc.nat({ max: token.length - 1 }), fc.constantFrom(...ALPHABET), async (i, c) => {
        expect(await rejects(cognito, token.slice(0, i) + token.slice(i + 1))).toBe(true);
        expect(await rejects(cognito, token.slice(0, i) + c + token.slice(i))).toBe(true);
      }),
      { numRuns: 200 },
    );
  });
});

const claimName = fc.string({ minLength: 1, maxLength: 12 }).filter((k) => !RESERVED.has(k));
const groups = fc.array(fc.string({ maxLength: 16 }), { maxLength: 5 });
const scopes = fc.uniqueArray(fc.stringMatching(/^[a-z][a-z0-9:/.]{0,15}$/), { maxLength: 5 });

describe('round trips', () => {
  it('valid Cognito tokens of random claims round-trip', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.dictionary(claimName, fc.jsonValue({ maxDepth: 2 }), { maxKeys: 6 }),
        groups,
        scopes,
        fc.string({ maxLength: 40 }),
        fc.integer({ min: 1, max: 86_400 }),
        async (extra, groupList, scopeList, sub, lifetime) => {
          const claims = accessClaims({
            ...extra,
            sub,
            exp: FIXED_NOW + lifetime,
            scope: scopeList.join(' '),
            'cognito:groups': groupList,
          });
          const token = await signToken(rsa, claims);
          const result = await cognito.verify(token);
          expect(result.claims).toEqual(JSON.parse(JSON.stringify(claims)));
          expect(result.sub).toBe(sub);
          expect(result.groups).toEqual(groupList);
          expect(result.scopes).toEqual(scopeList);
          expect(result.exp).toBe(FIXED_NOW + lifetime);
        },
      ),
      { numRuns: 60 },
    );
  });
});

describe('HS256 against jose (reference)', () => {
  async function joseAccepts(token: string): Promise<boolean> {
    try {
      await jwtVerify(token, secret, { algorithms: ['HS256'], currentDate: new Date(FIXED_NOW_MS) });
      return true;
    } catch {
      return false;
    }
  }

  it('accepts exactly what jose accepts for valid, re-signed and tampered tokens', async () => {
    const other = new Uint8Array(randomBytes(32));
    await fc.assert(
      fc.asyncProperty(
        fc.dictionary(claimName, fc.jsonValue({ maxDepth: 2 }), { maxKeys: 5 }),
        fc.constantFrom('valid', 'other-secret', 'flip', 'truncate'),
        fc.nat({ max: 31 }),
        async (extra, variant, at) => {
          const claims = { ...extra, exp: FIXED_NOW + 60 };
          let token = await signHs256(variant === 'other-secret' ? other : secret, claims);
          if (variant === 'flip')
            token = withSignatureBytes(token, (s) => {
              s[at] = (s[at] ?? 0) ^ 1;
              return s;
            });
          if (variant === 'truncate') token = withSignatureBytes(token, (s) => s.subarray(0, at));
          const ours = !(await rejects(hs256, token));
          expect(ours).toBe(await joseAccepts(token));
          expect(ours).toBe(variant === 'valid');
        },
      ),
      { numRuns: 150 },
    );
  });
});

describe('strict parsing helpers', () => {
  it('JSON.stringify output never has duplicate names; an appended repeat always does', () => {
    fc.assert(
      fc.property(fc.dictionary(fc.string(), fc.jsonValue({ maxDepth: 3 })), fc.string(), (obj, name) => {
        const text = JSON.stringify(obj);
        expect(hasDuplicateMemberNames(text)).toBe(false);
        const dup = `{${JSON.stringify(name)}:1,${JSON.stringify(name)}:2}`;
        expect(hasDuplicateMemberNames(dup)).toBe(true);
        expect(hasDuplicateMemberNames(`[${text},{"nested":${dup}}]`)).toBe(true);
      }),
    );
  });

  it('stays exact when something made a property of Object.prototype enumerable', () => {
    // the parsed objects' names are counted with for…in, which would count an inherited enumerable
    // property too: one such property per object would hide one duplicate per object
    Object.defineProperty(Object.prototype, 'polluted', {
      value: 1,
      enumerable: true,
      configurable: true,
      writable: true,
    });
    try {
      expect(hasDuplicateMemberNames('{"a":1,"b":{"c":2}}')).toBe(false);
      expect(hasDuplicateMemberNames('{"a":1,"a":2}')).toBe(true);
      expect(hasDuplicateMemberNames('{"a":1,"b":{"c":2,"c":3}}')).toBe(true);
    } finally {
      delete (Object.prototype as { polluted?: number }).polluted;
    }
    expect(hasDuplicateMemberNames('{"a":1,"b":{"c":2}}')).toBe(false);
  });

  it('the canonical base64url check accepts exactly what re-encoding gives back (property)', () => {
    // decodeCanonicalBase64url checks length, `+`/`/` and the trailing bits instead of re-encoding; this
    // holds it equal to the round-trip definition on strings of the characters Node's decoder treats
    // specially (the other alphabet, padding, whitespace, non-ASCII) and of valid ones.
    const roundTrip = (part: string) => Buffer.from(part, 'base64url').toString('base64url') === part;
    const chars = fc.constantFrom('A', 'Q', 'g', 'w', '0', '-', '_', '+', '/', '=', ' ', '\n', '.', 'é', 'Ł');
    fc.assert(
      fc.property(fc.array(chars, { maxLength: 24 }), (list) => {
        const part = list.join('');
        expect(isCanonicalBase64url(part)).toBe(roundTrip(part));
      }),
      { numRuns: 20_000 },
    );
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 48 }), fc.nat(), fc.nat(63), (bytes, at, value) => {
        const encoded = Buffer.from(bytes).toString('base64url');
        if (encoded.length === 0) return;
        const i = at % encoded.length;
        const changed = encoded.slice(0, i) + ALPHABET.charAt(value) + encoded.slice(i + 1);
        expect(isCanonicalBase64url(changed)).toBe(roundTrip(changed));
      }),
      { numRuns: 20_000 },
    );
  });

  it('Node base64url output is canonical; setting unused trailing bits is not', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 64 }), (bytes) => {
        const encoded = Buffer.from(bytes).toString('base64url');
        expect(isCanonicalBase64url(encoded)).toBe(true);
        if (encoded.length % 4 !== 0) {
          const last = ALPHABET.indexOf(encoded.charAt(encoded.length - 1));
          const tweaked = encoded.slice(0, -1) + ALPHABET.charAt(last | 1);
          expect(isCanonicalBase64url(tweaked)).toBe(false);
        }
        expect(isCanonicalBase64url(`${encoded}=`)).toBe(false);
      }),
    );
  });
});
