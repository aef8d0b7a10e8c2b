/**
 * `edgeward login` with the real AWS SDK v3 client against a node:http double of Cognito's InitiateAuth
 * (JSON 1.1 protocol) on 127.0.0.1.
 *
 * @see https://docs.aws.amazon.com/cognito-user-identity-pools/latest/APIReference/API_InitiateAuth.html
 */
import { createHmac } from 'node:crypto';
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from './helpers.js';

interface Seen {
  headers: IncomingHttpHeaders;
  // biome-ignore lint/suspicious/noExplicitAny: the request body is inspected as JSON
  body: Record<string, any>;
}

const USERS: Record<string, string> = { alice: 'correct horse battery staple' };
const CLIENT_SECRET = 'client-secret-value';
let server: Server;
let endpoint: string;
const seen: Seen[] = [];

beforeAll(async () => {
  server = createServer((req, res) => {
    let raw = '';
    req.on('data', (c) => (raw += c));
    req.on('end', () => {
      const body = JSON.parse(raw);
      seen.push({ headers: req.headers, body });
      const reply = (status: number, data: unknown, type?: string) => {
        res.writeHead(status, {
          'content-type': 'application/x-amz-json-1.1',
          ...(type ? { 'x-amzn-errortype': type } : {}),
        });
        res.end(JSON.stringify(data));
      };
      if (
        req.headers['x-amz-target'] !== 'AWSCognitoIdentityProviderService.InitiateAuth' ||
        body.AuthFlow !== 'USER_PASSWORD_AUTH'
      ) {
        return reply(
          400,
          { __type: 'InvalidParameterException', message: 'unexpected call' },
          'InvalidParameterException',
        );
      }
      const { USERNAME, PASSWORD, SECRET_HASH } = body.AuthParameters;
      if (body.ClientId === 'with-secret') {
        const expected = createHmac('sha256', CLIENT_SECRET)
          .update(USERNAME + body.ClientId)
          .digest('base64');
        if (SECRET_HASH !== expected) {
          return reply(
            400,
            { __type: 'NotAuthorizedException', message: 'Unable to verify secret hash for client' },
            'NotAuthorizedException',
          );
        }
      }
      if (USERS[USERNAME] !== PASSWORD) {
        return reply(
          400,
          { __type: 'NotAuthorizedException', message: 'Incorrect username or password.' },
          'NotAuthorizedException',
        );
      }
      return reply(200, {
        AuthenticationResult: {
          AccessToken: 'access.token.value',
          IdToken: 'id.token.value',
          RefreshToken: 'refresh-opaque',
          ExpiresIn: 3600,
          TokenType: 'Bearer',
        },
        ChallengeParameters: {},
      });
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  endpoint = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(async () => {
  server.closeAllConnections();
  await new Promise((r) => server.close(r));
});

const base = () => ['login', '--region', 'eu-west-1', '--endpoint', endpoint, '-u', 'alice'];

describe('edgeward login', () => {
  it('signs in with the password from stdin and prints the tokens', async () => {
    const r = await runCli([...base(), '--client-id', 'plain', '--password-stdin'], {
      stdin: `${USERS['alice']}\n`,
    });
    expect(r.code).toBe(0);
    expect(r.stdout).toBe('id_token: id.token.value\naccess_token: access.token.value\nexpires_in: 3600 s\n');
    const call = seen.at(-1)!;
    expect(call.headers['x-amz-target']).toBe('AWSCognitoIdentityProviderService.InitiateAuth');
    expect(call.body).toEqual({
      AuthFlow: 'USER_PASSWORD_AUTH',
      ClientId: 'plain',
      AuthParameters: { USERNAME: 'alice', PASSWORD: USERS['alice'] },
    });
  });

  it('adds SECRET_HASH when the client has a secret (from an environment variable)', async () => {
    const r = await runCli(
      [...base(), '--client-id', 'with-secret', '--client-secret-env', 'CS', '--print', 'access'],
      {
        prompt: USERS['alice'],
        env: { CS: CLIENT_SECRET },
      },
    );
    expect(r).toMatchObject({ code: 0, stdout: 'access.token.value\n' });
    expect(seen.at(-1)!.body.AuthParameters.SECRET_HASH).toBe(
      createHmac('sha256', CLIENT_SECRET).update('alicewith-secret').digest('base64'),
    );
  });

  it('prints the refresh token only with --print json', async () => {
    const r = await runCli([...base(), '--client-id', 'plain', '--password-stdin', '--print', 'json'], {
      stdin: USERS['alice'],
    });
    expect(JSON.parse(r.stdout)).toEqual({
      idToken: 'id.token.value',
      accessToken: 'access.token.value',
      refreshToken: 'refresh-opaque',
      expiresIn: 3600,
      tokenType: 'Bearer',
    });
  });

  it('reports a wrong password with exit code 1 and no stack trace', async () => {
    const r = await runCli([...base(), '--client-id', 'plain', '--password-stdin'], { stdin: 'wrong' });
    expect(r).toEqual({
      code: 1,
      stdout: '',
      stderr: 'edgeward: InitiateAuth failed: NotAuthorizedException: Incorrect username or password.\n',
    });
  });

  it('never takes the password from argv: without a terminal or --password-stdin it is a usage error', async () => {
    const r = await runCli([...base(), '--client-id', 'plain']);
    expect(r).toMatchObject({
      code: 2,
      stderr: 'edgeward: no terminal to prompt for the password: pipe it with --password-stdin\n',
    });
    expect((await runCli([...base(), '--client-id', 'plain', '--password', 'x'])).code).toBe(2);
  });
});
