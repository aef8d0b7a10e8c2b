import { beforeAll, describe, expect, it } from 'vitest';
import { AuthError } from '../../../packages/edgeward/src/core/errors.js';
import type { LogRecord } from '../../../packages/edgeward/src/core/runtime.js';
import {
  createSignedCookieIssuer,
  type SignedCookiesConfig,
} from '../../../packages/edgeward/src/core/signed-cookies/index.js';
import { FIXED_NOW, fixedClock } from '../../helpers/keys.js';
import { cloudFrontCheck, type KeyKind, makeKeyPair, parseSetCookies, type TestKeyPair } from './fixtures.js';

const keys = {} as Record<KeyKind, TestKeyPair>;
beforeAll(() => {
  keys.rsa = makeKeyPair('rsa');
  keys.ec = makeKeyPair('ec');
});

const silent = () => {};

function config(overrides: Partial<SignedCookiesConfig> = {}): SignedCookiesConfig {
  return {
    keyPairId: 'K2JCJMDEHXQW5F',
    privateKey: { pem: keys.rsa.privatePem },
    resource: 'https://{host}/private/app/*',
    allowedHosts: ['app.example.com'],
    maxLifetimeSeconds: 3600,
    cookiePath: '/private/app/',
    issuePath: '/private/login',
    appPath: '/private/app/index.html',
    ...overrides,
  };
}

const input = { tokenExp: FIXED_NOW + 600, host: 'app.example.com', clientIp: '192.0.2.10' };

async function expectAuthError(p: Promise<unknown> | (() => unknown), code: string): Promise<void> {
  try {
    await (typeof p === 'function' ? p() : p);
  } catch (e) {
    expect(e).toBeInstanceOf(AuthError);
    expect((e as AuthError).code).toBe(code);
    return;
  }
  throw new Error(`expected AuthError ${code}`);
}

describe('createSignedCookieIssuer: signatures CloudFront accepts', () => {
  for (const kind of ['rsa', 'ec'] as const) {
    for (const hashAlgorithm of ['SHA1', 'SHA256'] as const) {
      it(`${kind.toUpperCase()} + ${hashAlgorithm}: the policy bytes verify with the public key`, async () => {
        const issuer = createSignedCookieIssuer(
          config({ privateKey: { pem: keys[kind].privatePem }, hashAlgorithm }),
          { clock: fixedClock, logger: silent },
        );
        const cookies = parseSetCookies(await issuer.issue(input));
        expect([...cookies.keys()]).toEqual([
          'CloudFront-Policy',
          'CloudFront-Signature',
          'CloudFront-Key-Pair-Id',
          ...(hashAlgorithm === 'SHA256' ? ['CloudFront-Hash-Algorithm'] : []),
        ]);
        if (hashAlgorithm === 'SHA256')
          expect(cookies.get('CloudFront-Hash-Algorithm')!.value).toBe('SHA256');
        expect(cookies.get('CloudFront-Key-Pair-Id')!.value).toBe('K2JCJMDEHXQW5F');
        expect(cloudFrontCheck(cookies, keys[kind].publicKey)).toEqual({
          Statement: [
            {
              Resource: 'https://app.example.com/private/app/*',
              Condition: { DateLessThan: { 'AWS:EpochTime': FIXED_NOW + 600 } },
            },
          ],
        });
        // The wrong hash must not verify: the algorithm cookie is what CloudFront relies on.
        const other = new Map(cookies);
        if (hashAlgorithm === 'SHA256') other.delete('CloudFront-Hash-Algorithm');
        else
          other.set('CloudFront-Hash-Algorithm', {
            name: 'CloudFront-Hash-Algorithm',
            value: 'SHA256',
            attributes: [],
          });
        expect(() => cloudFrontCheck(other, keys[kind].publicKey)).toThrow('does not verify');
        // Another key must not verify either.
        expect(() => cloudFrontCheck(cookies, keys[kind === 'rsa' ? 'ec' : 'rsa'].publicKey)).toThrow();
      });
    }
  }

  it('signs the exact whitespace-free policy bytes', async () => {
    const issuer = createSignedCookieIssuer(config(), { clock: fixedClock, logger: silent });
    const cookies = parseSetCookies(await issuer.issue(input));
    expect(
      Buffer.from(
        cookies
          .get('CloudFront-Policy')!
          .value.replaceAll('_', '=')
          .replaceAll('-', '+')
          .replaceAll('~', '/'),
        'base64',
      ).toString(),
    ).toBe(
      `{"Statement":[{"Resource":"https://app.example.com/private/app/*","Condition":{"DateLessThan":{"AWS:EpochTime":${FIXED_NOW + 600}}}}]}`,
    );
    expect(cookies.get('CloudFront-Policy')!.value).toMatch(/^[A-Za-z0-9\-_~]+$/);
    expect(cookies.get('CloudFront-Signature')!.value).toMatch(/^[A-Za-z0-9\-_~]+$/);
  });
});

describe('createSignedCookieIssuer: policy conditions', () => {
  const dateLessThan = async (tokenExp: number, maxLifetimeSeconds: number) => {
    const issuer = createSignedCookieIssuer(config({ maxLifetimeSeconds }), {
      clock: fixedClock,
      logger: silent,
    });
    const policy = cloudFrontCheck(
      parseSetCookies(await issuer.issue({ ...input, tokenExp })),
      keys.rsa.publicKey,
    ) as {
      Statement: [{ Condition: { DateLessThan: { 'AWS:EpochTime': number } } }];
    };
    return policy.Statement[0].Condition.DateLessThan['AWS:EpochTime'];
  };

  it('binds DateLessThan to the token exp when it comes first', async () => {
    expect(await dateLessThan(FIXED_NOW + 120, 3600)).toBe(FIXED_NOW + 120);
  });

  it('binds DateLessThan to now + maxLifetimeSeconds when the token lives longer', async () => {
    expect(await dateLessThan(FIXED_NOW + 86_400, 900)).toBe(FIXED_NOW + 900);
  });

  it('refuses an expired token (exp ≤ now): no cookies', async () => {
    const issuer = createSignedCookieIssuer(config(), { clock: fixedClock, logger: silent });
    await expectAuthError(issuer.issue({ ...input, tokenExp: FIXED_NOW }), 'token_expired');
    await expectAuthError(issuer.issue({ ...input, tokenExp: FIXED_NOW - 1 }), 'token_expired');
    await expectAuthError(issuer.issue({ ...input, tokenExp: Number.NaN }), 'token_expired');
  });

  it('adds IpAddress clientIp/32 for IPv4 and /128 for IPv6 when bindClientIp is set', async () => {
    const issuer = createSignedCookieIssuer(config({ bindClientIp: true }), {
      clock: fixedClock,
      logger: silent,
    });
    const v4 = cloudFrontCheck(parseSetCookies(await issuer.issue(input)), keys.rsa.publicKey);
    expect(v4).toMatchObject({
      Statement: [{ Condition: { IpAddress: { 'AWS:SourceIp': '192.0.2.10/32' } } }],
    });
    const v6 = cloudFrontCheck(
      parseSetCookies(await issuer.issue({ ...input, clientIp: '2001:db8::1' })),
      keys.rsa.publicKey,
    );
    expect(v6).toMatchObject({
      Statement: [{ Condition: { IpAddress: { 'AWS:SourceIp': '2001:db8::1/128' } } }],
    });
    await expectAuthError(issuer.issue({ ...input, clientIp: '192.0.2.10/8' }), 'event_invalid');
  });

  it('omits IpAddress by default', async () => {
    const issuer = createSignedCookieIssuer(config(), { clock: fixedClock, logger: silent });
    const policy = cloudFrontCheck(parseSetCookies(await issuer.issue(input)), keys.rsa.publicKey);
    expect(JSON.stringify(policy)).not.toContain('IpAddress');
  });

  it('adds DateGreaterThan = now − skewSeconds when notBefore is set', async () => {
    const issuer = createSignedCookieIssuer(config({ notBefore: { skewSeconds: 10 } }), {
      clock: fixedClock,
      logger: silent,
    });
    const policy = cloudFrontCheck(parseSetCookies(await issuer.issue(input)), keys.rsa.publicKey);
    expect(policy).toMatchObject({
      Statement: [{ Condition: { DateGreaterThan: { 'AWS:EpochTime': FIXED_NOW - 10 } } }],
    });
  });
});

describe('createSignedCookieIssuer: host allow-list', () => {
  it('substitutes {host} only with an allowed host (case-insensitive, canonical lower case)', async () => {
    const issuer = createSignedCookieIssuer(
      config({ allowedHosts: ['app.example.com', 'www.example.com'] }),
      {
        clock: fixedClock,
        logger: silent,
      },
    );
    const policy = cloudFrontCheck(
      parseSetCookies(await issuer.issue({ ...input, host: 'WWW.Example.com' })),
      keys.rsa.publicKey,
    );
    expect(policy).toMatchObject({ Statement: [{ Resource: 'https://www.example.com/private/app/*' }] });
  });

  it.each(['evil.example', 'app.example.com.evil.example', 'app.example.com/*', '*', ''])(
    'refuses Host %j: no cookies',
    async (host) => {
      const issuer = createSignedCookieIssuer(config(), { clock: fixedClock, logger: silent });
      await expectAuthError(issuer.issue({ ...input, host }), 'event_invalid');
    },
  );

  it('ignores the Host header when the resource names a fixed host', async () => {
    const issuer = createSignedCookieIssuer(
      config({ resource: 'https://d111111abcdef8.cloudfront.net/private/app/*', allowedHosts: [] }),
      { clock: fixedClock, logger: silent },
    );
    const policy = cloudFrontCheck(
      parseSetCookies(await issuer.issue({ ...input, host: 'evil.example' })),
      keys.rsa.publicKey,
    );
    expect(policy).toMatchObject({
      Statement: [{ Resource: 'https://d111111abcdef8.cloudfront.net/private/app/*' }],
    });
  });
});

describe('createSignedCookieIssuer: cookie attributes', () => {
  it('sets Path, Secure, HttpOnly, SameSite=Lax and no Expires/Max-Age by default', async () => {
    const issuer = createSignedCookieIssuer(config(), { clock: fixedClock, logger: silent });
    for (const c of parseSetCookies(await issuer.issue(input)).values()) {
      expect(c.attributes).toEqual(['Path=/private/app/', 'HttpOnly', 'Secure', 'SameSite=Lax']);
    }
  });

  it('sets Domain, SameSite=Strict and Max-Age = seconds to DateLessThan when configured', async () => {
    const issuer = createSignedCookieIssuer(
      config({ cookieAttributes: { domain: 'example.com', sameSite: 'Strict', persistence: 'policy' } }),
      { clock: fixedClock, logger: silent },
    );
    for (const c of parseSetCookies(await issuer.issue(input)).values()) {
      expect(c.attributes).toEqual([
        'Max-Age=600',
        'Domain=example.com',
        'Path=/private/app/',
        'HttpOnly',
        'Secure',
        'SameSite=Strict',
      ]);
    }
  });

  it('clearCookies deletes all four cookies with the same Path', () => {
    const issuer = createSignedCookieIssuer(config(), { clock: fixedClock, logger: silent });
    const cleared = parseSetCookies(issuer.clearCookies());
    expect([...cleared.keys()]).toEqual([
      'CloudFront-Policy',
      'CloudFront-Signature',
      'CloudFront-Key-Pair-Id',
      'CloudFront-Hash-Algorithm',
    ]);
    for (const c of cleared.values()) {
      expect(c.value).toBe('');
      expect(c.attributes).toContain('Max-Age=0');
      expect(c.attributes).toContain('Path=/private/app/');
      expect(c.attributes).toContain('Expires=Thu, 01 Jan 1970 00:00:00 GMT');
    }
  });

  it('logs the issue without any cookie value', async () => {
    const records: LogRecord[] = [];
    const issuer = createSignedCookieIssuer(config(), { clock: fixedClock, logger: (r) => records.push(r) });
    const values = await issuer.issue(input);
    expect(records).toEqual([
      expect.objectContaining({
        event: 'signed_cookies_issued',
        keyPairId: 'K2JCJMDEHXQW5F',
        dateLessThan: FIXED_NOW + 600,
      }),
    ]);
    const logged = JSON.stringify(records);
    for (const c of parseSetCookies(values).values()) {
      if (c.name !== 'CloudFront-Key-Pair-Id' && c.name !== 'CloudFront-Hash-Algorithm') {
        expect(logged).not.toContain(c.value);
      }
    }
  });
});

describe('createSignedCookieIssuer: keys', () => {
  it.each([
    ['an RSA key under 2048 bits', 'rsa1024', /2048/],
    ['an ECDSA key on P-384', 'p384', /P-256/],
    ['an Ed25519 key', 'ed25519', /RSA or ECDSA/],
  ] as const)('refuses %s at construction', (_, kind, message) => {
    const weak = makeKeyPair(kind);
    expect(() => createSignedCookieIssuer(config({ privateKey: { pem: weak.privatePem } }))).toThrow(message);
    try {
      createSignedCookieIssuer(config({ privateKey: { pem: weak.privatePem } }));
    } catch (e) {
      expect((e as AuthError).code).toBe('config_invalid');
    }
  });

  it('refuses a public key or garbage as the private key', async () => {
    await expectAuthError(
      () => createSignedCookieIssuer(config({ privateKey: { pem: keys.rsa.publicPem } })),
      'config_invalid',
    );
    await expectAuthError(
      () => createSignedCookieIssuer(config({ privateKey: { pem: 'not a key' } })),
      'config_invalid',
    );
  });

  it('needs a key provider when the key lives in Secrets Manager', async () => {
    const sm = config({ privateKey: { secretsManager: { secretId: 'cf-key', region: 'us-east-1' } } });
    await expectAuthError(() => createSignedCookieIssuer(sm), 'config_invalid');
    const issuer = createSignedCookieIssuer(sm, {
      clock: fixedClock,
      logger: silent,
      privateKey: async () => keys.ec.privatePem,
    });
    expect(cloudFrontCheck(parseSetCookies(await issuer.issue(input)), keys.ec.publicKey)).toBeTruthy();
  });

  it('checks a provided key on use and maps provider failures', async () => {
    const sm = config({ privateKey: { secretsManager: { secretId: 'cf-key', region: 'us-east-1' } } });
    const weak = makeKeyPair('rsa1024').privatePem;
    const withWeak = createSignedCookieIssuer(sm, {
      clock: fixedClock,
      logger: silent,
      privateKey: async () => weak,
    });
    await expectAuthError(withWeak.issue(input), 'config_invalid');
    const failing = createSignedCookieIssuer(sm, {
      clock: fixedClock,
      logger: silent,
      privateKey: async () => {
        throw new Error('boom');
      },
    });
    await expectAuthError(failing.issue(input), 'internal_error');
  });
});

describe('createSignedCookieIssuer: configuration', () => {
  it.each([
    ['appPath', { appPath: '//evil.example/x' }],
    ['appPath', { appPath: 'https://evil.example/' }],
    ['appPath', { appPath: '/\\evil.example' }],
    ['appPath', { appPath: '/private/\r\nSet-Cookie:x' }],
    ['appPath', { appPath: '/a b' }],
    ['issuePath', { issuePath: 'private/login' }],
    ['allowedHosts', { allowedHosts: [] }],
    ['allowedHosts', { allowedHosts: ['evil.example/*'] }],
    ['resource', { resource: 'ftp://x/*' }],
    ['resource', { resource: 'https://{host}/{sub}/*' }],
    ['keyPairId', { keyPairId: 'k"1' }],
    ['maxLifetimeSeconds', { maxLifetimeSeconds: 0 }],
    ['cookiePath', { cookiePath: '/a;b' }],
    ['accept', { accept: { session: false, bearer: false } }],
    ['hashAlgorithm', { hashAlgorithm: 'MD5' as 'SHA1' }],
  ] as const)('refuses a bad %s', (field, overrides) => {
    expect(() => createSignedCookieIssuer(config(overrides as Partial<SignedCookiesConfig>))).toThrow(
      `signedCookies.${field}`,
    );
  });

  it('exposes the resolved configuration with defaults', () => {
    const issuer = createSignedCookieIssuer(config({ maxLifetimeSeconds: undefined, cookiePath: undefined }));
    expect(issuer.config).toMatchObject({
      hashAlgorithm: 'SHA1',
      maxLifetimeSeconds: 3600,
      cookiePath: '/',
      sameSite: 'Lax',
      persistence: 'session',
      mode: 'route',
      bindClientIp: false,
      notBeforeSkewSeconds: undefined,
      accept: { session: true, bearer: false, tokenUse: ['access'] },
    });
  });
});
