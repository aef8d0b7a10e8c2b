/**
 * The CLI against the real local identity provider. `edgeward login`: InitiateAuth USER_PASSWORD_AUTH through
 * the AWS SDK client pointed at the IdP's Cognito JSON API. `edgeward token --local`: tokens signed with the running local identity provider's key, with its issuer
 * and client id, verify with edgeward's own Cognito verifier against the IdP's JWKS served over HTTP.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type LocalIdp, startIdentityProvider } from '../../packages/cli/src/local/idp/index.js';
import { LOCAL_STACK_FILE, writeLocalStackFile } from '../../packages/cli/src/local-stack-file.js';
import { createVerifier } from '../../packages/edgeward/src/core/verify/index.js';
import { fixedClock } from '../helpers/keys.js';
import { runCli } from './helpers.js';

const CLIENT = 'local-demo-client';
let idp: LocalIdp;
let dir: string;

beforeAll(async () => {
  idp = await startIdentityProvider({
    region: 'eu-west-1',
    userPoolId: 'eu-west-1_LocalPool',
    users: [{ username: 'alice', password: 'pw-alice-demo-only', sub: 'sub-alice', groups: ['admins'] }],
    clients: [{ clientId: CLIENT, redirectUris: ['http://localhost/cb'] }],
  });
  dir = mkdtempSync(join(tmpdir(), 'edgeward-local-'));
  writeLocalStackFile(join(dir, LOCAL_STACK_FILE), {
    issuer: idp.issuer,
    clientId: CLIENT,
    privateKeyJwk: idp.privateKeyJwk,
    urls: { idp: idp.baseUrl },
  });
});

afterAll(async () => {
  await idp.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('edgeward token --local', () => {
  it('mints an access token the local issuer’s JWKS verifies, with its iss and client_id', async () => {
    const res = await runCli(['token', '--local', '--username', 'alice', '--groups', 'admins'], { cwd: dir });
    expect(res.stderr).toBe('');
    expect(res.code).toBe(0);
    const verifier = createVerifier(
      {
        kind: 'cognito',
        region: 'eu-west-1',
        userPoolId: 'eu-west-1_LocalPool',
        clientIds: [CLIENT],
        jwksUri: idp.jwksUri,
        jwksPolicy: { allowHttp: true },
      },
      { clock: fixedClock },
    );
    const verified = await verifier.verify(res.stdout.trim(), { tokenUse: 'access' });
    expect(verified.claims.iss).toBe(idp.issuer);
    expect(verified.clientId).toBe(CLIENT);
    expect(verified.username).toBe('alice');
    expect(verified.groups).toEqual(['admins']);
  });

  it('fails with a clear message when the local stack is not running', async () => {
    const empty = mkdtempSync(join(tmpdir(), 'edgeward-nolocal-'));
    try {
      const res = await runCli(['token', '--local'], { cwd: empty });
      expect(res.code).toBe(1);
      expect(res.stderr).toContain('start the local stack first');
    } finally {
      rmSync(empty, { recursive: true, force: true });
    }
  });
});

describe('edgeward login against the local identity provider', () => {
  const argv = () => [
    'login',
    '--region',
    'eu-west-1',
    '--client-id',
    CLIENT,
    '-u',
    'alice',
    '--password-stdin',
    '--endpoint',
    idp.cognitoApiEndpoint,
  ];

  it('prints real tokens for the right password, verifiable against the IdP JWKS', async () => {
    const res = await runCli(argv(), {
      stdin: 'pw-alice-demo-only\n',
      env: { AWS_ACCESS_KEY_ID: 'x', AWS_SECRET_ACCESS_KEY: 'x' },
    });
    expect(res.code, res.stderr).toBe(0);
    const access = /access_token: (\S+)/.exec(res.stdout)?.[1];
    expect(access).toBeDefined();
    const verifier = createVerifier({
      kind: 'cognito',
      region: 'eu-west-1',
      userPoolId: 'eu-west-1_LocalPool',
      clientIds: [CLIENT],
      jwksUri: idp.jwksUri,
      jwksPolicy: { allowHttp: true },
    });
    const verified = await verifier.verify(access!, { tokenUse: 'access' });
    expect(verified.username).toBe('alice');
  });

  it('fails with exit code 1 and no token for a wrong password', async () => {
    const res = await runCli(argv(), { stdin: 'wrong-password\n' });
    expect(res.code).toBe(1);
    expect(res.stdout).not.toContain('access_token');
    expect(res.stderr).toMatch(/NotAuthorized|Incorrect/i);
    expect(res.stderr).not.toContain('wrong-password');
  });
});
