/**
 * A configuration that cannot work is never a Lambda init error (issue 13, item 4): the BUILT bundles are
 * loaded in a fresh Node process, as Lambda does, with a bad HS256 secret in the environment or a Secrets
 * Manager secret that is missing, refused or of the wrong shape, and every invocation answers the deliberate
 * failure — authorizers throw exactly `Unauthorized` and log one error line with the reason (never the
 * secret); the site answers its 502 page. Secrets Manager is a local double on 127.0.0.1 reached by the
 * bundle's own SDK client through `AWS_ENDPOINT_URL_SECRETS_MANAGER` — never AWS.
 */
import { rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type BuiltFunction, buildFunctions } from '../../packages/cli/src/build/index.js';
import type { EdgewardConfig } from '../../packages/cli/src/config/types.js';
import {
  DUMMY_CREDENTIALS,
  type SecretsDouble,
  startSecretsDouble,
} from '../core/signed-cookies/secrets-double.js';
import { accessClaims, FIXED_NOW, makeKey, signHs256, signToken, type TestKey } from '../helpers/keys.js';
import { repoWorkDir } from '../helpers/work-dir.js';
import { type Invocation, invokeWithLogs, tokenEvent, viewerRequest } from './bundles.js';

const HS256_ISSUER = 'https://auth.example.com';
const COGNITO_ISSUER = 'https://cognito-idp.eu-west-1.amazonaws.com/eu-west-1_EXAMPLE12';
const SECRET_ID = 'edgeward/jwt-secret';

/** A TOKEN authorizer whose HS256 secret lives in Secrets Manager. */
const SECRETS_MANAGER_AUTHORIZER: EdgewardConfig = {
  issuers: {
    shared: {
      kind: 'hs256',
      secret: { secretsManager: { secretId: SECRET_ID, region: 'eu-west-1' } },
      issuer: HS256_ISSUER,
    },
  },
  functions: {
    api: {
      type: 'rest-token-authorizer',
      issuer: 'shared',
      rules: { rules: [], defaultAccess: 'authenticated' },
    },
  },
} as EdgewardConfig;

let work: string;
let key: TestKey;
let secrets: SecretsDouble;
const built = new Map<string, BuiltFunction>();

beforeAll(async () => {
  work = repoWorkDir('bad-config-test-');
  key = await makeKey('bad-config-key');
  const jwksFile = join(work, 'jwks.json');
  await writeFile(jwksFile, JSON.stringify({ keys: [key.publicJwk] }));
  const configs: [string, string | EdgewardConfig][] = [
    ['hs256-env', 'examples/hs256-authorizer/edgeward.config.json'],
    ['hs256-secrets-manager', SECRETS_MANAGER_AUTHORIZER],
    ['site-secrets-manager', 'examples/signed-cookies/edgeward.config.json'],
  ];
  for (const [name, config] of configs) {
    const [fn] = await buildFunctions({
      config,
      outDir: join(work, name),
      jwksFile,
      allowExampleSecrets: true, // the examples' stateSecret is published: never deploy these bundles
    });
    built.set(name, fn!);
  }
  secrets = await startSecretsDouble();
}, 120_000);

afterAll(async () => {
  await secrets?.close();
  await rm(work, { recursive: true, force: true });
});

/** The environment of a Lambda whose SDK reaches the local Secrets Manager double. */
const secretsEnv = () => ({
  AWS_ENDPOINT_URL_SECRETS_MANAGER: secrets.endpoint,
  AWS_ACCESS_KEY_ID: DUMMY_CREDENTIALS.accessKeyId,
  AWS_SECRET_ACCESS_KEY: DUMMY_CREDENTIALS.secretAccessKey,
  AWS_REGION: 'eu-west-1',
  AWS_MAX_ATTEMPTS: '1',
});

const hs256Token = (secret: Uint8Array) =>
  signHs256(secret, { iss: HS256_ISSUER, sub: 'svc', iat: FIXED_NOW, exp: FIXED_NOW + 60 });

/** Asserts the authorizer's deliberate failure: `Unauthorized`, one error line with `event`, no secret. */
function expectRefused(run: Invocation, event: string, detail: RegExp, secretTexts: readonly string[]): void {
  expect(run.outcome).toEqual({ ok: false, error: 'Unauthorized' });
  const errors = run.logs.filter((l) => l['level'] === 'error');
  expect(errors).toHaveLength(1);
  expect(errors[0]).toMatchObject({ event, outcome: 'error' });
  expect(String(errors[0]!['detail'])).toMatch(detail);
  for (const text of secretTexts) if (text !== '') expect(run.stderr).not.toContain(text);
}

describe('HS256 secret from the environment (examples/hs256-authorizer)', () => {
  const secret = new Uint8Array(32).fill(0xfb); // base64 "+/v7…=": both '+' and '/' and padding

  it.each([
    ['standard base64 with padding (openssl rand -base64 32)', Buffer.from(secret).toString('base64')],
    ['standard base64 with a trailing newline', `${Buffer.from(secret).toString('base64')}\n`],
    ['standard base64 without padding', Buffer.from(secret).toString('base64').replace(/=+$/, '')],
    ['base64url without padding', Buffer.from(secret).toString('base64url')],
    ['base64url with padding', `${Buffer.from(secret).toString('base64url')}=`],
  ])('accepts %s', async (_name, value) => {
    const run = await invokeWithLogs(
      built.get('hs256-env')!,
      tokenEvent(await hs256Token(secret), 'GET', '/orders'),
      { JWT_SECRET: value },
    );
    expect(run.outcome.ok).toBe(true);
    expect(run.outcome.result.principalId).toBe('svc');
  });

  it.each([
    ['missing', undefined, /JWT_SECRET.*not set/],
    ['empty', '', /JWT_SECRET.*not set/],
    ['shorter than 32 bytes', Buffer.alloc(31, 7).toString('base64'), /31 bytes; at least 32/],
    ['not base64 at all', 'correct horse battery staple!', /JWT_SECRET is not base64 or base64url/],
    [
      'mixing base64 and base64url alphabets',
      `${Buffer.alloc(33, 0xfb).toString('base64')}-_`,
      /not base64 or base64url/,
    ],
    [
      'with broken padding',
      `${Buffer.alloc(32, 7).toString('base64').replace(/=+$/, '')}==`,
      /not canonical/,
    ],
  ])(
    'answers Unauthorized on every invocation for a secret %s (no init error)',
    async (_name, value, detail) => {
      const env: Record<string, string> = value === undefined ? {} : { JWT_SECRET: value };
      const token = await hs256Token(secret);
      for (let i = 0; i < 2; i++) {
        const run = await invokeWithLogs(built.get('hs256-env')!, tokenEvent(token, 'GET', '/orders'), env);
        expectRefused(run, 'config_invalid', detail, [value?.trim() ?? '']);
      }
    },
  );
});

describe('HS256 secret from Secrets Manager (rest-token-authorizer bundle)', () => {
  const secret = new Uint8Array(48).map((_, i) => (i * 37 + 11) & 0xff);

  it('accepts SecretString in standard base64 with padding, and SecretBinary', async () => {
    const token = await hs256Token(secret);
    for (const answer of [
      { SecretString: Buffer.from(secret).toString('base64') },
      { SecretBinary: secret },
    ]) {
      secrets.byId.set(SECRET_ID, answer);
      const run = await invokeWithLogs(
        built.get('hs256-secrets-manager')!,
        tokenEvent(token, 'GET', '/orders'),
        secretsEnv(),
      );
      expect(run.outcome.ok).toBe(true);
      expect(run.outcome.result.principalId).toBe('svc');
    }
  });

  it.each([
    ['missing', { error: 'ResourceNotFoundException' }, 'internal_error', /could not be read/],
    [
      'not readable (access denied)',
      { error: 'AccessDeniedException' },
      'internal_error',
      /could not be read/,
    ],
    [
      'of the wrong JSON shape',
      { SecretString: JSON.stringify({ jwtSecret: 'x'.repeat(48) }) },
      'config_invalid',
      /not base64/,
    ],
    ['too short', { SecretBinary: new Uint8Array(16).fill(3) }, 'config_invalid', /16 bytes; at least 32/],
  ] as const)(
    'answers Unauthorized for a secret %s (no init error)',
    async (_name, answer, event, detail) => {
      secrets.byId.set(SECRET_ID, answer);
      const run = await invokeWithLogs(
        built.get('hs256-secrets-manager')!,
        tokenEvent(await hs256Token(secret), 'GET', '/orders'),
        secretsEnv(),
      );
      expectRefused(run, event, detail, ['xxxxxxxxxxxxxxxx']);
    },
  );
});

describe('signed-cookie key from Secrets Manager (examples/signed-cookies site)', () => {
  const accessToken = () => signToken(key, accessClaims({ iss: COGNITO_ISSUER }));

  it.each([
    ['missing', { error: 'ResourceNotFoundException' }],
    ['not readable (access denied)', { error: 'AccessDeniedException' }],
    ['of the wrong JSON shape (no "privateKey")', { SecretString: JSON.stringify({ key: 'not a PEM' }) }],
    ['not a usable key', { SecretString: '-----BEGIN PRIVATE KEY-----\nAAAA\n-----END PRIVATE KEY-----\n' }],
  ] as const)('answers the 502 page to a signed-in navigation when the key is %s', async (_name, answer) => {
    secrets.byId.set('edgeward/cloudfront-signing-key', answer);
    const asked = secrets.requests.length;
    const run = await invokeWithLogs(
      built.get('site-secrets-manager')!,
      viewerRequest('/private/login', {
        Accept: 'text/html',
        'Sec-Fetch-Mode': 'navigate',
        Cookie: `edgeward.access=${await accessToken()}`,
      }),
      secretsEnv(),
    );
    expect(run.outcome.ok).toBe(true);
    expect(run.outcome.result.status).toBe('502');
    expect(run.outcome.result.headers['content-type'][0].value).toMatch(/^text\/html/);
    expect(run.outcome.result.body).toContain('<h1>Something went wrong</h1>');
    expect(run.outcome.result.headers['set-cookie']).toBeUndefined();
    expect(run.logs).toContainEqual(expect.objectContaining({ level: 'error', status: 502 }));
    expect(secrets.requests.length).toBe(asked + 1);
  });
});
