/**
 * `edgeward token` and `edgeward decode`: golden outputs at the pinned clock, tokens checked with jose (an
 * implementation independent of the CLI's signer).
 */
import { mkdtemp, readFile, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createLocalJWKSet, decodeProtectedHeader, jwtVerify } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FIXED_NOW } from '../helpers/keys.js';
import { runCli } from './helpers.js';

const SECRET = new Uint8Array(32).fill(7);
const GOLDEN_HS256 =
  'eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJpc3MiOiJodHRwczovL2F1dGguZXhhbXBsZS5jb20iLCJzdWIiOiJ1c2VyLTEiLCJ0b2tlbl91c2UiOiJhY2Nlc3MiLCJjbGllbnRfaWQiOiJjbGllbnQtMSIsInVzZXJuYW1lIjoiYWxpY2UiLCJzY29wZSI6Im9wZW5pZCBlbWFpbCIsImNvZ25pdG86Z3JvdXBzIjpbImFkbWlucyIsIm1lbWJlcnMiXSwiaWF0IjoxNzY3MjI1NjAwLCJleHAiOjE3NjcyMjY1MDB9.-8_kOkw41HJd3K4JAKBGxsupHjz6MpHuidgfUTPPVLY';
const HS256_ARGS = [
  'token',
  '--secret-file',
  'test/cli/fixtures/hs256.secret',
  '--iss',
  'https://auth.example.com',
  '--sub',
  'user-1',
  '--username',
  'alice',
  '--groups',
  'admins,members',
  '--scopes',
  'openid email',
  '--client-id',
  'client-1',
  '--ttl',
  '15m',
];

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'edgeward-token-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('edgeward token', () => {
  it('mints the golden HS256 access token at the pinned clock, valid for jose', async () => {
    const r = await runCli(HS256_ARGS);
    expect(r).toEqual({ code: 0, stdout: `${GOLDEN_HS256}\n`, stderr: '' });
    const { payload } = await jwtVerify(GOLDEN_HS256, SECRET, { currentDate: new Date(FIXED_NOW * 1000) });
    expect(payload).toMatchObject({
      exp: FIXED_NOW + 900,
      'cognito:groups': ['admins', 'members'],
      token_use: 'access',
    });
  });

  it('reads the HS256 secret from an environment variable (never argv) and prints a curl line', async () => {
    const env = { MY_SECRET: Buffer.from(SECRET).toString('base64url') };
    const args = HS256_ARGS.filter((a, i) => a !== '--secret-file' && HS256_ARGS[i - 1] !== '--secret-file');
    const r = await runCli([...args, '--secret-env', 'MY_SECRET', '--curl', 'https://api.example.com/pets'], {
      env,
    });
    expect(r.stdout).toBe(`curl -H 'Authorization: Bearer ${GOLDEN_HS256}' 'https://api.example.com/pets'\n`);
  });

  it('creates an RS256 key with --create-key, writes its public JWKS, and signs id tokens verifiable with it', async () => {
    const keyPath = join(dir, 'dev-key.pem');
    const r = await runCli([
      'token',
      '--key',
      keyPath,
      '--create-key',
      '--token-use',
      'id',
      '--sub',
      's1',
      '--username',
      'bob',
      '--client-id',
      'c1',
    ]);
    expect(r.code).toBe(0);
    expect(r.stderr).toContain('dev-key.jwks.json');
    expect((await stat(keyPath)).mode & 0o777).toBe(0o600);
    const jwks = JSON.parse(await readFile(join(dir, 'dev-key.jwks.json'), 'utf8'));
    expect(jwks.keys[0]).not.toHaveProperty('d');
    const token = r.stdout.trim();
    const { payload } = await jwtVerify(token, createLocalJWKSet(jwks), {
      currentDate: new Date(FIXED_NOW * 1000),
    });
    expect(payload).toMatchObject({ token_use: 'id', aud: 'c1', 'cognito:username': 'bob', sub: 's1' });
    expect(decodeProtectedHeader(token)).toEqual({ alg: 'RS256', typ: 'JWT', kid: jwks.keys[0].kid });
    // The existing key is reused: same kid, and RS256 signatures are deterministic.
    const again = await runCli([
      'token',
      '--key',
      keyPath,
      '--token-use',
      'id',
      '--sub',
      's1',
      '--username',
      'bob',
      '--client-id',
      'c1',
    ]);
    expect(again.stdout).toBe(r.stdout);
  });

  it('takes iss, client id and groups claim defaults from a configured issuer', async () => {
    const r = await runCli([
      'token',
      '--config',
      'examples/rest-authorizer/edgeward.config.json',
      '--secret-file',
      'test/cli/fixtures/hs256.secret',
      '--sub',
      'x',
      '--json',
    ]);
    const out = JSON.parse(r.stdout);
    expect(out.claims).toEqual({
      iss: 'https://cognito-idp.eu-west-1.amazonaws.com/eu-west-1_EXAMPLE12',
      sub: 'x',
      token_use: 'access',
      client_id: '1example23456789clientid',
      scope: 'openid',
      iat: FIXED_NOW,
      exp: FIXED_NOW + 3600,
    });
  });

  it('refuses to run without a key, with usage exit code 2', async () => {
    const r = await runCli(['token', '--sub', 'x']);
    expect(r.code).toBe(2);
    expect(r.stderr).toBe(
      'edgeward: choose a signing key: --key FILE (add --create-key to generate one), --secret-file FILE or --secret-env NAME\n',
    );
  });

  it('rejects a short HS256 secret and a bad --ttl', async () => {
    const short = await runCli(['token', '--secret-env', 'S'], { env: { S: 'c2hvcnQ' } });
    expect(short.code).toBe(1);
    expect(short.stderr).toBe(
      'edgeward: --secret-env S: HS256 secret is 5 bytes; at least 32 bytes are required\n',
    );
    const ttl = await runCli([...HS256_ARGS.slice(0, 3), '--ttl', 'soon']);
    expect(ttl).toMatchObject({
      code: 2,
      stderr: 'edgeward: --ttl: expected a positive duration such as 3600, 15m, 1h or 1d, got "soon"\n',
    });
  });
});

describe('edgeward decode', () => {
  it('prints the golden UNVERIFIED header, claims and times from stdin', async () => {
    const r = await runCli(['decode'], { stdin: `${GOLDEN_HS256}\n` });
    expect(r.code).toBe(0);
    expect(r.stdout).toBe(
      [
        'UNVERIFIED — decoded only: the signature and claims have NOT been checked (use `edgeward explain`).',
        '',
        'header:',
        '{\n  "alg": "HS256",\n  "typ": "JWT"\n}',
        '',
        'claims:',
        JSON.stringify(
          {
            iss: 'https://auth.example.com',
            sub: 'user-1',
            token_use: 'access',
            client_id: 'client-1',
            username: 'alice',
            scope: 'openid email',
            'cognito:groups': ['admins', 'members'],
            iat: 1767225600,
            exp: 1767226500,
          },
          null,
          2,
        ),
        '',
        'times (now 2026-01-01T00:00:00Z):',
        '  exp       1767226500  2026-01-01T00:15:00Z  (in 900 s)',
        '  iat       1767225600  2026-01-01T00:00:00Z  (now)',
        '',
      ].join('\n'),
    );
  });

  it('marks --json output verified:false and refuses a JWE (Cognito refresh token shape)', async () => {
    const r = await runCli(['decode', GOLDEN_HS256, '--json']);
    expect(JSON.parse(r.stdout)).toMatchObject({ verified: false, header: { alg: 'HS256' } });
    const jwe = await runCli(['decode', 'a.b.c.d.e']);
    expect(jwe).toMatchObject({
      code: 1,
      stderr:
        'edgeward: cannot decode: this is a JWE (five parts), e.g. a Cognito refresh token: it cannot be decoded\n',
    });
  });
});
