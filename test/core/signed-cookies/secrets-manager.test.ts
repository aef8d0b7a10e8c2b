/**
 * The Secrets Manager key provider against a local HTTP double of the GetSecretValue JSON API on 127.0.0.1
 * (see `secrets-double.ts`, SDK `endpoint` override, dummy credentials): never calls AWS.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { AuthError } from '../../../packages/edgeward/src/core/errors.js';
import type { LogRecord } from '../../../packages/edgeward/src/core/runtime.js';
import { createSignedCookieIssuer } from '../../../packages/edgeward/src/core/signed-cookies/index.js';
import {
  createSecretStringProvider,
  createSecretsManagerPrivateKeyProvider,
  secretsManagerKeyProviderFor,
} from '../../../packages/edgeward/src/core/signed-cookies/secrets-manager.js';
import { verifySignedCookies } from '../../../packages/edgeward/src/core/signed-cookies/verify.js';
import { FIXED_NOW, fixedClock } from '../../helpers/keys.js';
import { cookieJar, makeKeyPair, parseSetCookies, type TestKeyPair } from './fixtures.js';
import { DUMMY_CREDENTIALS, type SecretsDouble, startSecretsDouble } from './secrets-double.js';

let double: SecretsDouble;
let key: TestKeyPair;
const credentials = DUMMY_CREDENTIALS;
const silent = () => {};

beforeAll(async () => {
  double = await startSecretsDouble();
  key = makeKeyPair('ec');
});
afterAll(() => double.close());
afterEach(() => {
  double.requests.length = 0;
  double.secret = undefined;
  double.delayMs = 0;
  double.fail = false;
});

const base = () => ({
  secretId: 'cf-signing-key',
  region: 'us-east-1',
  endpoint: double.endpoint,
  credentials,
  logger: silent,
});

async function expectAuthError(p: Promise<unknown>, code: string): Promise<AuthError> {
  const e = await p.then(
    () => {
      throw new Error(`expected AuthError ${code}`);
    },
    (err: unknown) => err as AuthError,
  );
  expect(e.name).toBe('AuthError');
  expect(e.code).toBe(code);
  return e;
}

describe('createSecretStringProvider', () => {
  it('calls GetSecretValue once, signed, and shares one fetch between concurrent cold callers', async () => {
    double.secret = key.privatePem;
    const get = createSecretStringProvider(base());
    const results = await Promise.all([get(), get(), get(), get()]);
    expect(results.every((r) => r === key.privatePem)).toBe(true);
    expect(await get()).toBe(key.privatePem);
    expect(double.requests).toHaveLength(1);
    expect(double.requests[0]).toMatchObject({
      target: 'secretsmanager.GetSecretValue',
      contentType: 'application/x-amz-json-1.1',
      body: { SecretId: 'cf-signing-key' },
    });
    expect(double.requests[0]!.authorization).toMatch(
      /^AWS4-HMAC-SHA256 Credential=AKIAIOSFODNN7EXAMPLE\/\d{8}\/us-east-1\/secretsmanager\//,
    );
  });

  it('times out after timeoutMs', async () => {
    double.secret = key.privatePem;
    double.delayMs = 1000;
    const get = createSecretStringProvider({ ...base(), timeoutMs: 100 });
    const start = performance.now();
    const e = await expectAuthError(get(), 'internal_error');
    expect(e.message).toContain('100 ms');
    // Cut off before the double would have answered (1000 ms); no tighter wall-clock assumption.
    expect(performance.now() - start).toBeLessThan(1000);
  });

  it('remembers a failure only for the cooldown, then fetches again', async () => {
    let now = FIXED_NOW * 1000;
    const records: LogRecord[] = [];
    const get = createSecretStringProvider({
      ...base(),
      clock: () => now,
      failureCooldownMs: 5000,
      logger: (r) => records.push(r),
    });
    double.fail = true;
    await expectAuthError(get(), 'internal_error');
    expect(double.requests).toHaveLength(1);
    expect(records).toEqual([
      expect.objectContaining({ event: 'secret_fetch_failed', secretId: 'cf-signing-key' }),
    ]);

    double.fail = false;
    double.secret = key.privatePem;
    now += 4999;
    await expectAuthError(get(), 'internal_error');
    expect(double.requests).toHaveLength(1);

    now += 1;
    expect(await get()).toBe(key.privatePem);
    expect(double.requests).toHaveLength(2);
    expect(JSON.stringify(records)).not.toContain('PRIVATE KEY');
  });
});

describe('createSecretsManagerPrivateKeyProvider', () => {
  it('accepts the PEM itself or JSON with privateKey', async () => {
    double.secret = JSON.stringify({ privateKey: key.privatePem, note: 'CloudFront key group cf-app' });
    expect(await createSecretsManagerPrivateKeyProvider(base())()).toBe(key.privatePem.trim());
  });

  it('refuses a secret without a PEM', async () => {
    double.secret = JSON.stringify({ other: 'x' });
    await expectAuthError(createSecretsManagerPrivateKeyProvider(base())(), 'config_invalid');
  });
});

describe('signed cookies with the key in Secrets Manager (end to end on 127.0.0.1)', () => {
  it('issues cookies CloudFront accepts, fetching the key once', async () => {
    double.secret = key.privatePem;
    const config = {
      keyPairId: 'K2JCJMDEHXQW5F',
      privateKey: { secretsManager: { secretId: 'cf-signing-key', region: 'us-east-1', timeoutMs: 1500 } },
      hashAlgorithm: 'SHA256' as const,
      resource: 'https://app.example.com/private/app/*',
      issuePath: '/private/login',
      appPath: '/private/app/index.html',
    };
    const issuer = createSignedCookieIssuer(config, {
      clock: fixedClock,
      logger: silent,
      privateKey: secretsManagerKeyProviderFor(config, {
        endpoint: double.endpoint,
        credentials,
        logger: silent,
      }),
    });
    const input = { tokenExp: FIXED_NOW + 300, host: 'app.example.com', clientIp: '192.0.2.1' };
    const [first] = await Promise.all([issuer.issue(input), issuer.issue(input)]);
    await issuer.issue(input);
    expect(double.requests).toHaveLength(1);
    const jar = cookieJar(parseSetCookies(first!));
    expect(
      verifySignedCookies(jar, {
        url: 'https://app.example.com/private/app/index.html',
        clientIp: '192.0.2.1',
        nowSeconds: FIXED_NOW,
        publicKeys: { K2JCJMDEHXQW5F: key.publicPem },
      }),
    ).toEqual({ ok: true });
  });

  it('refuses a baked-key configuration', () => {
    expect(() =>
      secretsManagerKeyProviderFor({
        keyPairId: 'K1',
        privateKey: { pem: key.privatePem },
        resource: 'https://x/*',
        issuePath: '/l',
        appPath: '/a',
      }),
    ).toThrow('not a secretsManager source');
  });
});
