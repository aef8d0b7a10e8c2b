/**
 * The Secrets Manager entry point, against a local HTTP double of the GetSecretValue API (AWS JSON 1.1)
 * on 127.0.0.1 reached by the real SDK client through an endpoint override — never AWS.
 *
 * @see https://docs.aws.amazon.com/secretsmanager/latest/apireference/API_GetSecretValue.html
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTokenAuthorizer } from '../../packages/edgeward/src/apigateway/index.js';
import {
  fetchHs256Secret,
  withSecretsManagerSecret,
} from '../../packages/edgeward/src/apigateway/secrets-manager.js';
import type { Hs256IssuerConfig } from '../../packages/edgeward/src/core/config.js';
import { tokenEvent } from '../fixtures/apigateway/events.js';
import { FIXED_NOW, fixedClock, signHs256 } from '../helpers/keys.js';
import { captureLogger, expectNotLogged, run } from './helpers.js';

const SECRET = new Uint8Array(48).map((_, i) => (i * 7 + 3) & 0xff);
const secrets: Record<string, object> = {
  'hs256/string': { SecretString: Buffer.from(SECRET).toString('base64url') },
  'hs256/binary': { SecretBinary: Buffer.from(SECRET).toString('base64') },
  'hs256/short': { SecretString: Buffer.from(new Uint8Array(8)).toString('base64url') },
  'hs256/base64': { SecretString: `${Buffer.from(SECRET).toString('base64')}\n` },
  'hs256/json': { SecretString: JSON.stringify({ secret: Buffer.from(SECRET).toString('base64url') }) },
};

let server: Server;
let endpoint: string;
let calls = 0;
let available = true;

beforeAll(async () => {
  server = createServer((req, res) => {
    let body = '';
    req.on('data', (c) => {
      body += c;
    });
    req.on('end', () => {
      calls++;
      const target = req.headers['x-amz-target'];
      const { SecretId } = JSON.parse(body) as { SecretId: string };
      const found = secrets[SecretId];
      if (!available || target !== 'secretsmanager.GetSecretValue') {
        res
          .writeHead(500, { 'content-type': 'application/x-amz-json-1.1' })
          .end(JSON.stringify({ __type: 'InternalServiceError' }));
        return;
      }
      if (found === undefined) {
        res
          .writeHead(400, { 'content-type': 'application/x-amz-json-1.1' })
          .end(JSON.stringify({ __type: 'ResourceNotFoundException', message: 'not found' }));
        return;
      }
      res.writeHead(200, { 'content-type': 'application/x-amz-json-1.1' }).end(
        JSON.stringify({
          ARN: `arn:aws:secretsmanager:eu-west-1:123456789012:secret:${SecretId}`,
          Name: SecretId,
          ...found,
        }),
      );
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  endpoint = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(async () => {
  server.closeAllConnections();
  await new Promise<void>((resolve) => server.close(() => resolve()));
});

function options() {
  return {
    clientConfig: {
      endpoint,
      credentials: { accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'local-double-only' },
      maxAttempts: 1,
    },
  };
}
const source = (secretId: string) => ({ secretId, region: 'eu-west-1' });

describe('fetchHs256Secret', () => {
  it('decodes SecretString (base64url) and SecretBinary', async () => {
    expect(await fetchHs256Secret(source('hs256/string'), options())).toEqual(SECRET);
    expect(await fetchHs256Secret(source('hs256/binary'), options())).toEqual(SECRET);
  });

  it('refuses a short secret (config_invalid) and reports a failed call (internal_error)', async () => {
    await expect(fetchHs256Secret(source('hs256/short'), options())).rejects.toMatchObject({
      code: 'config_invalid',
    });
    await expect(fetchHs256Secret(source('missing'), options())).rejects.toMatchObject({
      code: 'internal_error',
    });
  });
});

describe('withSecretsManagerSecret', () => {
  const issuer: Hs256IssuerConfig = { kind: 'hs256', secret: { secretsManager: source('hs256/string') } };
  const claims = { sub: 'svc-1', iat: FIXED_NOW, exp: FIXED_NOW + 60 };
  const arn = 'arn:aws:execute-api:eu-west-1:123456789012:abc/prod/GET/x';
  /** A TOKEN authorizer whose HS256 secret comes from the Secrets Manager double, logging to `log`. */
  const tokenAuthorizer = (log: ReturnType<typeof captureLogger>) =>
    withSecretsManagerSecret(
      createTokenAuthorizer,
      { issuer },
      { clock: fixedClock, logger: log.logger },
      options(),
    );

  it('fetches the secret once per container and authorizes with it', async () => {
    const log = captureLogger();
    const handler = tokenAuthorizer(log);
    const before = calls;
    const token = await signHs256(SECRET, claims);
    for (let i = 0; i < 3; i++) {
      expect(await run('rest', handler(tokenEvent(`Bearer ${token}`, arn)))).toMatchObject({
        result: { principalId: 'svc-1' },
      });
    }
    expect(calls - before).toBe(1);
    expectNotLogged(log.records, Buffer.from(SECRET).toString('base64url'));
  });

  it('answers Unauthorized while Secrets Manager fails, then recovers', async () => {
    const log = captureLogger();
    const handler = tokenAuthorizer(log);
    const token = await signHs256(SECRET, claims);
    available = false;
    try {
      expect((await run('rest', handler(tokenEvent(`Bearer ${token}`, arn)))).kind).toBe('unauthorized');
    } finally {
      available = true;
    }
    expect(log.records).toContainEqual(expect.objectContaining({ level: 'error', event: 'internal_error' }));
    expect((await run('rest', handler(tokenEvent(`Bearer ${token}`, arn)))).kind).toBe('result');
  });

  it('answers Unauthorized for a non-Secrets-Manager issuer, never throwing at construction', async () => {
    const log = captureLogger();
    const handler = withSecretsManagerSecret(
      createTokenAuthorizer,
      { issuer: { kind: 'hs256', secret: { env: 'X' } } },
      { clock: fixedClock, logger: log.logger },
      options(),
    );
    const before = calls;
    const token = await signHs256(SECRET, claims);
    expect((await run('rest', handler(tokenEvent(`Bearer ${token}`, arn)))).kind).toBe('unauthorized');
    expect(calls).toBe(before);
    expect(log.records).toEqual([
      expect.objectContaining({ level: 'error', event: 'config_invalid', outcome: 'error' }),
    ]);
  });

  it.each([
    ['a JSON document instead of the secret', 'hs256/json', 'config_invalid'],
    ['too short', 'hs256/short', 'config_invalid'],
    ['missing', 'missing', 'internal_error'],
  ])('answers Unauthorized with one error line for a secret that is %s', async (_name, secretId, event) => {
    const log = captureLogger();
    const handler = withSecretsManagerSecret(
      createTokenAuthorizer,
      { issuer: { kind: 'hs256', secret: { secretsManager: source(secretId) } } },
      { clock: fixedClock, logger: log.logger },
      options(),
    );
    const token = await signHs256(SECRET, claims);
    expect((await run('rest', handler(tokenEvent(`Bearer ${token}`, arn)))).kind).toBe('unauthorized');
    expect(log.records).toEqual([expect.objectContaining({ level: 'error', event, outcome: 'error' })]);
  });

  it('accepts SecretString in standard base64 with padding', async () => {
    const handler = withSecretsManagerSecret(
      createTokenAuthorizer,
      { issuer: { kind: 'hs256', secret: { secretsManager: source('hs256/base64') } } },
      { clock: fixedClock, logger: captureLogger().logger },
      options(),
    );
    const token = await signHs256(SECRET, claims);
    expect((await run('rest', handler(tokenEvent(`Bearer ${token}`, arn)))).kind).toBe('result');
  });
});
