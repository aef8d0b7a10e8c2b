/**
 * `InitiateAuth` (Cognito user pools JSON API) driven by the real AWS SDK v3 client pointed at the local
 * identity provider with the `endpoint` option and dummy credentials, as `edgeward login` does.
 *
 * Contract: https://docs.aws.amazon.com/cognito-user-identity-pools/latest/APIReference/API_InitiateAuth.html
 * (AuthenticationResult, NotAuthorizedException) and SECRET_HASH from
 * https://docs.aws.amazon.com/cognito/latest/developerguide/signing-up-users-in-your-app.html#cognito-user-pools-computing-secret-hash
 */
import {
  CognitoIdentityProviderClient,
  InitiateAuthCommand,
  type InitiateAuthCommandInput,
} from '@aws-sdk/client-cognito-identity-provider';
import { createRemoteJWKSet, jwtVerify } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type LocalIdp, secretHash } from '../../../packages/cli/src/local/idp/index.js';
import { ISSUER, REGION } from '../../helpers/keys.js';
import { startTestIdp } from './flow.js';

const CLI_CLIENT = 'edgeward-test-cli';
const SECRET_CLIENT = 'edgeward-test-secret';
const NARROW_CLIENT = 'edgeward-test-openid-only';
const SECRET = 'initiate-auth-secret-0123456789';

let idp: LocalIdp;
let client: CognitoIdentityProviderClient;
let jwks: ReturnType<typeof createRemoteJWKSet>;

beforeAll(async () => {
  idp = await startTestIdp([
    { clientId: CLI_CLIENT },
    { clientId: SECRET_CLIENT, clientSecret: SECRET },
    { clientId: NARROW_CLIENT, scopes: ['openid'] },
  ]);
  client = new CognitoIdentityProviderClient({
    region: REGION,
    endpoint: idp.cognitoApiEndpoint,
    credentials: { accessKeyId: 'AKIDLOCALONLY', secretAccessKey: 'local-only' },
    maxAttempts: 1,
  });
  jwks = createRemoteJWKSet(new URL(idp.jwksUri));
});

afterAll(async () => {
  client?.destroy();
  await idp?.close();
});

const send = (input: InitiateAuthCommandInput) => client.send(new InitiateAuthCommand(input));

/** `USER_PASSWORD_AUTH` input: the user's credentials, plus `extra` parameters (`SECRET_HASH`). */
function password(
  ClientId: string,
  USERNAME: string,
  PASSWORD: string,
  extra: Record<string, string> = {},
): InitiateAuthCommandInput {
  return { AuthFlow: 'USER_PASSWORD_AUTH', ClientId, AuthParameters: { USERNAME, PASSWORD, ...extra } };
}

/** `REFRESH_TOKEN_AUTH` input: the refresh token, plus `extra` parameters (`SECRET_HASH`). */
function refresh(
  ClientId: string,
  REFRESH_TOKEN: string,
  extra: Record<string, string> = {},
): InitiateAuthCommandInput {
  return { AuthFlow: 'REFRESH_TOKEN_AUTH', ClientId, AuthParameters: { REFRESH_TOKEN, ...extra } };
}

/** The Cognito error name and HTTP status of a rejected call. */
async function failure(input: InitiateAuthCommandInput): Promise<{ name: string; status?: number }> {
  try {
    await send(input);
  } catch (e) {
    const error = e as { name: string; $metadata?: { httpStatusCode?: number } };
    return { name: error.name, status: error.$metadata?.httpStatusCode };
  }
  throw new Error('expected the call to fail');
}

describe('InitiateAuth USER_PASSWORD_AUTH', () => {
  it('returns Cognito-shaped tokens for a public client', async () => {
    const out = await send(password(CLI_CLIENT, 'bob', 'bob-demo-password'));
    const result = out.AuthenticationResult;
    expect(result).toMatchObject({ TokenType: 'Bearer', ExpiresIn: 3600 });
    expect(out.ChallengeName).toBeUndefined();
    expect(typeof result?.RefreshToken).toBe('string');

    const access = await jwtVerify(result?.AccessToken ?? '', jwks, { issuer: ISSUER });
    expect(access.protectedHeader).toEqual({ alg: 'RS256', kid: idp.privateKeyJwk.kid });
    expect(access.payload).toMatchObject({
      token_use: 'access',
      client_id: CLI_CLIENT,
      username: 'bob',
      scope: 'aws.cognito.signin.user.admin',
      'cognito:groups': ['members'],
    });
    expect(access.payload).not.toHaveProperty('aud');
    expect(typeof access.payload.auth_time).toBe('number');

    const id = await jwtVerify(result?.IdToken ?? '', jwks, { issuer: ISSUER, audience: CLI_CLIENT });
    expect(id.payload).toMatchObject({
      token_use: 'id',
      'cognito:username': 'bob',
      email: 'bob@example.com',
      'cognito:groups': ['members'],
      auth_time: access.payload.auth_time,
    });
  });

  it('issues the reserved aws.cognito.signin.user.admin scope whatever OAuth scopes the client allows', async () => {
    const out = await send(password(NARROW_CLIENT, 'bob', 'bob-demo-password'));
    const { payload } = await jwtVerify(out.AuthenticationResult?.AccessToken ?? '', jwks, {
      issuer: ISSUER,
    });
    expect(payload.scope).toBe('aws.cognito.signin.user.admin');
  });

  it('checks SECRET_HASH for a client with a secret', async () => {
    const ok = await send(
      password(SECRET_CLIENT, 'alice', 'alice-demo-password', {
        SECRET_HASH: secretHash(SECRET, 'alice', SECRET_CLIENT),
      }),
    );
    const { payload } = await jwtVerify(ok.AuthenticationResult?.AccessToken ?? '', jwks, { issuer: ISSUER });
    expect(payload.client_id).toBe(SECRET_CLIENT);

    for (const hash of [
      undefined,
      secretHash('wrong-secret', 'alice', SECRET_CLIENT),
      secretHash(SECRET, 'bob', SECRET_CLIENT),
    ]) {
      expect(
        await failure(
          password(SECRET_CLIENT, 'alice', 'alice-demo-password', hash ? { SECRET_HASH: hash } : {}),
        ),
      ).toEqual({ name: 'NotAuthorizedException', status: 400 });
    }
  });

  it('answers NotAuthorizedException for a wrong password or an unknown user', async () => {
    for (const [USERNAME, PASSWORD] of [
      ['alice', 'wrong'],
      ['nobody', 'alice-demo-password'],
    ] as const) {
      expect(await failure(password(CLI_CLIENT, USERNAME, PASSWORD))).toEqual({
        name: 'NotAuthorizedException',
        status: 400,
      });
    }
  });

  it('answers ResourceNotFoundException for an unknown client and InvalidParameterException for bad input', async () => {
    expect(await failure(password('no-such-client', 'alice', 'alice-demo-password'))).toEqual({
      name: 'ResourceNotFoundException',
      status: 400,
    });
    expect(
      await failure({
        AuthFlow: 'USER_PASSWORD_AUTH',
        ClientId: CLI_CLIENT,
        AuthParameters: { PASSWORD: 'x' },
      }),
    ).toEqual({ name: 'InvalidParameterException', status: 400 });
    expect(
      await failure({ AuthFlow: 'CUSTOM_AUTH', ClientId: CLI_CLIENT, AuthParameters: { USERNAME: 'alice' } }),
    ).toEqual({ name: 'InvalidParameterException', status: 400 });
  });
});

describe('InitiateAuth REFRESH_TOKEN_AUTH', () => {
  it('returns new access and id tokens without a new refresh token', async () => {
    const login = await send(password(CLI_CLIENT, 'alice', 'alice-demo-password'));
    const refreshed = await send(refresh(CLI_CLIENT, login.AuthenticationResult?.RefreshToken ?? ''));
    const result = refreshed.AuthenticationResult;
    expect(result?.RefreshToken).toBeUndefined();
    expect(result?.TokenType).toBe('Bearer');
    const before = await jwtVerify(login.AuthenticationResult?.AccessToken ?? '', jwks, { issuer: ISSUER });
    const after = await jwtVerify(result?.AccessToken ?? '', jwks, { issuer: ISSUER });
    expect(after.payload).toMatchObject({
      token_use: 'access',
      username: 'alice',
      scope: 'aws.cognito.signin.user.admin',
    });
    expect(after.payload.jti).not.toBe(before.payload.jti);
    await expect(
      jwtVerify(result?.IdToken ?? '', jwks, { issuer: ISSUER, audience: CLI_CLIENT }),
    ).resolves.toBeDefined();
  });

  it('with a client secret, accepts SECRET_HASH over the username or the sub and refuses a wrong one', async () => {
    const login = await send(
      password(SECRET_CLIENT, 'bob', 'bob-demo-password', {
        SECRET_HASH: secretHash(SECRET, 'bob', SECRET_CLIENT),
      }),
    );
    const REFRESH_TOKEN = login.AuthenticationResult?.RefreshToken ?? '';
    for (const name of ['bob', '7d1b3f0e-1c2a-4e5b-9f60-b0b000000002']) {
      const out = await send(
        refresh(SECRET_CLIENT, REFRESH_TOKEN, { SECRET_HASH: secretHash(SECRET, name, SECRET_CLIENT) }),
      );
      expect(typeof out.AuthenticationResult?.AccessToken).toBe('string');
    }
    expect(
      await failure(
        refresh(SECRET_CLIENT, REFRESH_TOKEN, { SECRET_HASH: secretHash(SECRET, 'alice', SECRET_CLIENT) }),
      ),
    ).toEqual({ name: 'NotAuthorizedException', status: 400 });
  });

  it('answers NotAuthorizedException for an unknown refresh token or one of another client', async () => {
    expect(await failure(refresh(CLI_CLIENT, 'not-a-token'))).toEqual({
      name: 'NotAuthorizedException',
      status: 400,
    });
    const login = await send(
      password(SECRET_CLIENT, 'bob', 'bob-demo-password', {
        SECRET_HASH: secretHash(SECRET, 'bob', SECRET_CLIENT),
      }),
    );
    expect(await failure(refresh(CLI_CLIENT, login.AuthenticationResult?.RefreshToken ?? ''))).toEqual({
      name: 'NotAuthorizedException',
      status: 400,
    });
  });
});

describe('Cognito JSON API wire format', () => {
  it('answers errors with __type, message and x-amzn-ErrorType, and unknown operations with UnknownOperationException', async () => {
    const post = (target: string, body: string) =>
      fetch(idp.cognitoApiEndpoint, {
        method: 'POST',
        headers: { 'x-amz-target': target, 'content-type': 'application/x-amz-json-1.1' },
        body,
      });
    const wrong = await post(
      'AWSCognitoIdentityProviderService.InitiateAuth',
      JSON.stringify(password(CLI_CLIENT, 'alice', 'x')),
    );
    expect(wrong.status).toBe(400);
    expect(wrong.headers.get('content-type')).toMatch(/^application\/x-amz-json-1\.1/);
    expect(wrong.headers.get('x-amzn-errortype')).toBe('NotAuthorizedException:');
    expect(await wrong.json()).toEqual({
      __type: 'NotAuthorizedException',
      message: 'Incorrect username or password.',
    });

    const unknown = await post('AWSCognitoIdentityProviderService.SignUp', '{}');
    expect(unknown.status).toBe(400);
    expect(((await unknown.json()) as { __type: string }).__type).toBe('UnknownOperationException');

    const garbage = await post('AWSCognitoIdentityProviderService.InitiateAuth', '{not json');
    expect(((await garbage.json()) as { __type: string }).__type).toBe('SerializationException');
  });
});
