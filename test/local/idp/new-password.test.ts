/**
 * A user created by an administrator with a temporary password (Cognito `FORCE_CHANGE_PASSWORD`): the local
 * identity provider answers `USER_PASSWORD_AUTH` with the `NEW_PASSWORD_REQUIRED` challenge, and
 * `RespondToAuthChallenge` sets the new password; `edgeward login` answers the challenge (prompt,
 * `--new-password-env`, `--new-password-file`). Driven by the real AWS SDK v3 client.
 *
 * Contract: https://docs.aws.amazon.com/cognito-user-identity-pools/latest/APIReference/API_InitiateAuth.html
 * (ChallengeName, Session, ChallengeParameters) and
 * https://docs.aws.amazon.com/cognito-user-identity-pools/latest/APIReference/API_RespondToAuthChallenge.html
 * (NEW_PASSWORD_REQUIRED: USERNAME, NEW_PASSWORD, SECRET_HASH).
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  CognitoIdentityProviderClient,
  InitiateAuthCommand,
  RespondToAuthChallengeCommand,
} from '@aws-sdk/client-cognito-identity-provider';
import { decodeJwt } from 'jose';
import { afterAll, afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  type LocalIdp,
  type LocalUser,
  secretHash,
  startIdentityProvider,
} from '../../../packages/cli/src/local/idp/index.js';
import { runCli } from '../../cli/helpers.js';
import { REGION } from '../../helpers/keys.js';

const PUBLIC_CLIENT = 'edgeward-test-new-password';
const SECRET_CLIENT = 'edgeward-test-new-password-secret';
const SECRET = 'new-password-client-secret-0123456789';
const TEMPORARY = 'Temporary-Passw0rd!';
const CHOSEN = 'A-much-better-passw0rd';

/** Fresh per test: the new password is kept in memory by each identity provider. */
const USERS: LocalUser[] = [
  {
    username: 'dana',
    password: TEMPORARY,
    sub: '7d1b3f0e-1c2a-4e5b-9f60-da7a00000004',
    email: 'dana@example.com',
    groups: ['admins'],
    forceChangePassword: true,
  },
  { username: 'erin', password: 'erin-demo-password', sub: '7d1b3f0e-1c2a-4e5b-9f60-e41200000005' },
];

let idp: LocalIdp;
let sdk: CognitoIdentityProviderClient;
const work = mkdtempSync(join(tmpdir(), 'edgeward-new-password-'));

beforeEach(async () => {
  idp = await startIdentityProvider({
    region: REGION,
    users: USERS,
    clients: [{ clientId: PUBLIC_CLIENT }, { clientId: SECRET_CLIENT, clientSecret: SECRET }],
  });
  sdk = new CognitoIdentityProviderClient({
    region: REGION,
    endpoint: idp.cognitoApiEndpoint,
    credentials: { accessKeyId: 'AKIDLOCALONLY', secretAccessKey: 'local-only' },
    maxAttempts: 1,
  });
});

afterEach(async () => {
  sdk.destroy();
  await idp.close();
});

afterAll(() => {
  rmSync(work, { recursive: true, force: true });
});

const signIn = (username: string, password: string, clientId = PUBLIC_CLIENT, extra = {}) =>
  sdk.send(
    new InitiateAuthCommand({
      AuthFlow: 'USER_PASSWORD_AUTH',
      ClientId: clientId,
      AuthParameters: { USERNAME: username, PASSWORD: password, ...extra },
    }),
  );

const answer = (session: string | undefined, responses: Record<string, string>, clientId = PUBLIC_CLIENT) =>
  sdk.send(
    new RespondToAuthChallengeCommand({
      ChallengeName: 'NEW_PASSWORD_REQUIRED',
      ClientId: clientId,
      Session: session,
      ChallengeResponses: responses,
    }),
  );

const errorName = (p: Promise<unknown>) =>
  p.then(
    () => 'resolved',
    (e: { name?: string }) => e.name,
  );

describe('the local identity provider', () => {
  it('answers a temporary password with NEW_PASSWORD_REQUIRED, then sets the new password', async () => {
    const challenge = await signIn('dana', TEMPORARY);
    expect(challenge.AuthenticationResult).toBeUndefined();
    expect(challenge.ChallengeName).toBe('NEW_PASSWORD_REQUIRED');
    expect(challenge.Session).toMatch(/^[A-Za-z0-9+/=]{40,}$/);
    expect(challenge.ChallengeParameters).toEqual({
      USER_ID_FOR_SRP: 'dana',
      requiredAttributes: '[]',
      userAttributes: JSON.stringify({ email: 'dana@example.com', email_verified: 'true' }),
    });
    const done = await answer(challenge.Session, { USERNAME: 'dana', NEW_PASSWORD: CHOSEN });
    expect(done.ChallengeName).toBeUndefined();
    expect(decodeJwt(done.AuthenticationResult!.AccessToken!)).toMatchObject({
      username: 'dana',
      'cognito:groups': ['admins'],
      client_id: PUBLIC_CLIENT,
    });
    expect(await errorName(signIn('dana', TEMPORARY))).toBe('NotAuthorizedException');
    const again = await signIn('dana', CHOSEN);
    expect(again.ChallengeName).toBeUndefined();
    expect(again.AuthenticationResult?.AccessToken).toBeTruthy();
  });

  it('refuses a reused, foreign or missing session, a short password, and a wrong SECRET_HASH', async () => {
    const first = await signIn('dana', TEMPORARY);
    expect(await errorName(answer('bm90LWEtc2Vzc2lvbg==', { USERNAME: 'dana', NEW_PASSWORD: CHOSEN }))).toBe(
      'NotAuthorizedException',
    );
    expect(await errorName(answer(first.Session, { USERNAME: 'erin', NEW_PASSWORD: CHOSEN }))).toBe(
      'NotAuthorizedException',
    );
    expect(await errorName(answer(first.Session, { USERNAME: 'dana', NEW_PASSWORD: 'short' }))).toBe(
      'InvalidPasswordException',
    );
    // The session was for the public client: another client cannot answer it.
    const hash = secretHash(SECRET, 'dana', SECRET_CLIENT);
    expect(
      await errorName(
        answer(first.Session, { USERNAME: 'dana', NEW_PASSWORD: CHOSEN, SECRET_HASH: hash }, SECRET_CLIENT),
      ),
    ).toBe('NotAuthorizedException');
    await answer(first.Session, { USERNAME: 'dana', NEW_PASSWORD: CHOSEN });
    expect(
      await errorName(answer(first.Session, { USERNAME: 'dana', NEW_PASSWORD: 'Another-passw0rd' })),
    ).toBe('NotAuthorizedException');
  });

  it('requires SECRET_HASH in the answer for a client with a secret', async () => {
    const hash = secretHash(SECRET, 'dana', SECRET_CLIENT);
    const challenge = await signIn('dana', TEMPORARY, SECRET_CLIENT, { SECRET_HASH: hash });
    expect(
      await errorName(answer(challenge.Session, { USERNAME: 'dana', NEW_PASSWORD: CHOSEN }, SECRET_CLIENT)),
    ).toBe('NotAuthorizedException');
    const done = await answer(
      challenge.Session,
      { USERNAME: 'dana', NEW_PASSWORD: CHOSEN, SECRET_HASH: hash },
      SECRET_CLIENT,
    );
    expect(done.AuthenticationResult?.IdToken).toBeTruthy();
  });
});

describe('edgeward login', () => {
  const login = (extra: string[], options: Parameters<typeof runCli>[1] = {}) =>
    runCli(
      [
        'login',
        '--region',
        REGION,
        '--client-id',
        PUBLIC_CLIENT,
        '-u',
        'dana',
        '--endpoint',
        idp.cognitoApiEndpoint,
        '--print',
        'access',
        ...extra,
      ],
      options,
    );

  it('sets the new password from --new-password-env and prints the tokens', async () => {
    const r = await login(['--password-stdin', '--new-password-env', 'NEW_PW'], {
      stdin: `${TEMPORARY}\n`,
      env: { NEW_PW: CHOSEN },
    });
    expect(r.stderr).toContain('new password set for dana');
    expect(r.code).toBe(0);
    expect(decodeJwt(r.stdout.trim())).toMatchObject({ username: 'dana' });
    expect(r.stdout + r.stderr).not.toContain(CHOSEN);
    const next = await login(['--password-stdin'], { stdin: CHOSEN });
    expect(next.code).toBe(0);
  });

  it('reads the new password from --new-password-file', async () => {
    const file = join(work, 'new-password.txt');
    writeFileSync(file, `${CHOSEN}\n`, { mode: 0o600 });
    const r = await login(['--password-stdin', '--new-password-file', file], { stdin: TEMPORARY });
    expect(r.code).toBe(0);
    expect((await login(['--password-stdin'], { stdin: CHOSEN })).code).toBe(0);
  });

  it('asks on the terminal (twice) when there is one', async () => {
    const r = await login([], { prompt: TEMPORARY });
    expect(r.code).toBe(0);
    expect(r.stderr).toContain(
      'dana has a temporary password and must choose a new one (NEW_PASSWORD_REQUIRED)',
    );
  });

  it('without a terminal or a new-password option, says how to give one', async () => {
    const r = await login(['--password-stdin'], { stdin: TEMPORARY });
    expect(r.code).toBe(1);
    expect(r.stderr).toContain(
      'dana must set a new password (NEW_PASSWORD_REQUIRED): run in a terminal to be asked, or pass --new-password-env NAME or --new-password-file FILE',
    );
  });

  it('reports a password the pool refuses', async () => {
    const r = await login(['--password-stdin', '--new-password-env', 'NEW_PW'], {
      stdin: TEMPORARY,
      env: { NEW_PW: 'short' },
    });
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/RespondToAuthChallenge failed: InvalidPasswordException/);
  });
});
