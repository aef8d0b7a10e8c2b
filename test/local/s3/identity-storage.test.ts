/**
 * The local identity pool (`GetId`, `GetCredentialsForIdentity` on the local identity provider) and the
 * local S3 emulator: credentials from a real id token; requests signed with them by the SDK's signer
 * (`@smithy/signature-v4`, as `@aws-sdk/client-s3` signs); the identity-pool role's policy decides.
 *
 * Contracts: https://docs.aws.amazon.com/cognitoidentity/latest/APIReference/API_GetId.html,
 * https://docs.aws.amazon.com/cognitoidentity/latest/APIReference/API_GetCredentialsForIdentity.html,
 * https://docs.aws.amazon.com/AmazonS3/latest/API/sig-v4-header-based-auth.html,
 * https://docs.aws.amazon.com/AmazonS3/latest/userguide/cors.html
 */
import { Sha256 } from '@aws-crypto/sha256-js';
import { SignatureV4 } from '@smithy/signature-v4';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLocalCredentialStore } from '../../../packages/cli/src/local/aws-credentials.js';
import type { LocalIdp } from '../../../packages/cli/src/local/idp/index.js';
import { type S3Emulator, startS3Emulator } from '../../../packages/cli/src/local/s3/server.js';
import { identityStorageStatements } from '../../../packages/edgeward/src/core/identity-pool/storage-policy.js';
import { FIXED_NOW_MS, REGION } from '../../helpers/keys.js';
import { startTestIdp } from '../idp/flow.js';

const CLIENT = 'edgeward-test-files';
const POOL = `${REGION}:0f6c1c4e-0000-4000-8000-000000000000`;
const BUCKET = 'user-files';
const SITE = 'http://localhost:4310';

let now = FIXED_NOW_MS;
const store = createLocalCredentialStore({ clock: () => now, ttlSeconds: 900 });
let idp: LocalIdp;
let s3: S3Emulator;

beforeAll(async () => {
  idp = await startTestIdp([{ clientId: CLIENT }], {
    identityPool: { identityPoolId: POOL, credentials: store },
  });
  s3 = await startS3Emulator({
    credentials: store,
    buckets: {
      [BUCKET]: {
        policy: identityStorageStatements(`arn:aws:s3:::${BUCKET}`, { sharedReadPrefix: 'shared/' }),
        cors: [
          {
            allowedOrigins: [SITE],
            allowedMethods: ['GET', 'PUT', 'DELETE', 'HEAD'],
            allowedHeaders: ['*'],
            exposeHeaders: ['ETag'],
            maxAgeSeconds: 600,
          },
        ],
      },
    },
  });
});

afterAll(async () => {
  await s3?.close();
  await idp?.close();
});

async function api(
  target: string,
  body: unknown,
): Promise<{ status: number; json: Record<string, unknown> }> {
  const res = await fetch(idp.cognitoApiEndpoint, {
    method: 'POST',
    headers: { 'content-type': 'application/x-amz-json-1.1', 'x-amz-target': target },
    body: JSON.stringify(body),
  });
  return { status: res.status, json: (await res.json()) as Record<string, unknown> };
}

async function idToken(username: string): Promise<string> {
  const { json } = await api('AWSCognitoIdentityProviderService.InitiateAuth', {
    AuthFlow: 'USER_PASSWORD_AUTH',
    ClientId: CLIENT,
    AuthParameters: { USERNAME: username, PASSWORD: `${username}-demo-password` },
  });
  return (json['AuthenticationResult'] as { IdToken: string }).IdToken;
}

const logins = (token: string) => ({ [idp.issuer.replace('https://', '')]: token });

interface Creds {
  identityId: string;
  accessKeyId: string;
  secretAccessKey: string;
  sessionToken: string;
}

async function credentialsOf(username: string): Promise<Creds> {
  const token = await idToken(username);
  const id = await api('AWSCognitoIdentityService.GetId', { IdentityPoolId: POOL, Logins: logins(token) });
  expect(id.status).toBe(200);
  const identityId = id.json['IdentityId'] as string;
  const got = await api('AWSCognitoIdentityService.GetCredentialsForIdentity', {
    IdentityId: identityId,
    Logins: logins(token),
  });
  expect(got.status).toBe(200);
  const c = got.json['Credentials'] as Record<string, string>;
  return {
    identityId,
    accessKeyId: c['AccessKeyId']!,
    secretAccessKey: c['SecretKey']!,
    sessionToken: c['SessionToken']!,
  };
}

/** Signs and sends an S3 request with the SDK's signer, as `@aws-sdk/client-s3` would. */
async function s3Request(
  creds: Creds,
  method: string,
  key: string,
  options: {
    body?: string;
    query?: Record<string, string>;
    tamper?: (h: Record<string, string>) => void;
  } = {},
): Promise<Response> {
  const url = new URL(s3.url);
  const path = `/${BUCKET}/${key.split('/').map(encodeURIComponent).join('/')}`.replace(
    /\/$/,
    key === '' ? '' : '/',
  );
  const signer = new SignatureV4({
    credentials: creds,
    region: REGION,
    service: 's3',
    sha256: Sha256,
    uriEscapePath: false,
    applyChecksum: true,
  });
  const signed = await signer.sign(
    {
      method,
      protocol: 'http:',
      hostname: url.hostname,
      port: Number(url.port),
      path,
      query: options.query ?? {},
      headers: { host: url.host, ...(options.body === undefined ? {} : { 'content-type': 'text/plain' }) },
      ...(options.body === undefined ? {} : { body: options.body }),
    },
    { signingDate: new Date(now) },
  );
  const headers = { ...(signed.headers as Record<string, string>) };
  options.tamper?.(headers);
  delete headers['host'];
  const qs = new URLSearchParams(options.query ?? {}).toString();
  return fetch(`${s3.url}${path}${qs === '' ? '' : `?${qs}`}`, {
    method,
    headers,
    ...(options.body === undefined ? {} : { body: options.body }),
  });
}

const errorCode = async (res: Response) => /<Code>([^<]+)<\/Code>/.exec(await res.text())?.[1];

describe('the local identity pool', () => {
  it('gives each user one stable identity and clearly fake, expiring credentials', async () => {
    const a1 = await credentialsOf('alice');
    const a2 = await credentialsOf('alice');
    const b = await credentialsOf('bob');
    expect(a1.identityId).toMatch(new RegExp(`^${REGION}:[0-9a-f-]{36}$`));
    expect(a2.identityId).toBe(a1.identityId);
    expect(b.identityId).not.toBe(a1.identityId);
    expect(a1.accessKeyId).toMatch(/^ASIALOCAL/);
    expect(a1.secretAccessKey).toMatch(/^edgeward-local-fake-/);
    expect(a1.accessKeyId).not.toBe(a2.accessKeyId);
  });

  it('refuses a tampered id token, another pool, an access token and an identity of someone else', async () => {
    const token = await idToken('alice');
    const [head, payload, sig] = token.split('.') as [string, string, string];
    const bytes = Buffer.from(sig, 'base64url');
    bytes[0]! ^= 0x01;
    const tampered = `${head}.${payload}.${bytes.toString('base64url')}`;
    const bad = await api('AWSCognitoIdentityService.GetId', {
      IdentityPoolId: POOL,
      Logins: logins(tampered),
    });
    expect([bad.status, bad.json['__type']]).toEqual([400, 'NotAuthorizedException']);
    const other = await api('AWSCognitoIdentityService.GetId', {
      IdentityPoolId: `${REGION}:00000000-0000-4000-8000-000000000000`,
      Logins: logins(token),
    });
    expect(other.json['__type']).toBe('ResourceNotFoundException');
    const guest = await api('AWSCognitoIdentityService.GetId', { IdentityPoolId: POOL });
    expect(guest.json['__type']).toBe('NotAuthorizedException');
    const bob = await credentialsOf('bob');
    const stolen = await api('AWSCognitoIdentityService.GetCredentialsForIdentity', {
      IdentityId: bob.identityId,
      Logins: logins(token),
    });
    expect([stolen.status, stolen.json['__type']]).toEqual([400, 'NotAuthorizedException']);
  });
});

describe('the local S3 emulator', () => {
  it('lets an identity write, read, list and delete under its own prefix only', async () => {
    const alice = await credentialsOf('alice');
    const bob = await credentialsOf('bob');
    const key = `private/${alice.identityId}/notes.txt`;
    expect((await s3Request(alice, 'PUT', key, { body: 'hello' })).status).toBe(200);
    const read = await s3Request(alice, 'GET', key);
    expect([read.status, await read.text()]).toEqual([200, 'hello']);
    const list = await s3Request(alice, 'GET', '', {
      query: { 'list-type': '2', prefix: `private/${alice.identityId}/` },
    });
    expect(list.status).toBe(200);
    expect(await list.text()).toContain(`<Key>${key}</Key>`);
    // Bob: not alice's object, not her listing, not a bucket-wide listing, not a write into her prefix.
    expect(await errorCode(await s3Request(bob, 'GET', key))).toBe('AccessDenied');
    const snoop = await s3Request(bob, 'GET', '', {
      query: { 'list-type': '2', prefix: `private/${alice.identityId}/` },
    });
    expect(snoop.status).toBe(403);
    expect((await s3Request(bob, 'GET', '', { query: { 'list-type': '2' } })).status).toBe(403);
    expect((await s3Request(bob, 'PUT', key, { body: 'overwritten' })).status).toBe(403);
    // A missing object of one's own prefix: 403, as S3 answers without an unconditional s3:ListBucket.
    expect((await s3Request(alice, 'GET', `private/${alice.identityId}/none.txt`)).status).toBe(403);
    expect((await s3Request(alice, 'DELETE', key)).status).toBe(204);
  });

  it('lets every identity read the shared prefix but not write it', async () => {
    const bob = await credentialsOf('bob');
    expect((await s3Request(bob, 'PUT', 'shared/x.txt', { body: 'x' })).status).toBe(403);
    expect((await s3Request(bob, 'GET', '', { query: { 'list-type': '2', prefix: 'shared/' } })).status).toBe(
      200,
    );
  });

  it('refuses a flipped signature bit, a changed body, a wrong session token, an unknown key', async () => {
    const alice = await credentialsOf('alice');
    const key = `private/${alice.identityId}/a.txt`;
    const flip = (h: Record<string, string>) => {
      const auth = h['authorization']!;
      const last = auth.at(-1)!;
      h['authorization'] = `${auth.slice(0, -1)}${(Number.parseInt(last, 16) ^ 1).toString(16)}`;
    };
    expect(await errorCode(await s3Request(alice, 'PUT', key, { body: 'a', tamper: flip }))).toBe(
      'SignatureDoesNotMatch',
    );
    const otherBody = (h: Record<string, string>) => {
      h['x-amz-content-sha256'] = 'b'.repeat(64);
    };
    expect(await errorCode(await s3Request(alice, 'PUT', key, { body: 'a', tamper: otherBody }))).toBe(
      'XAmzContentSHA256Mismatch',
    );
    const token = (h: Record<string, string>) => {
      h['x-amz-security-token'] = `${h['x-amz-security-token']}x`;
    };
    expect(await errorCode(await s3Request(alice, 'GET', key, { tamper: token }))).toBe('InvalidToken');
    const unknown = { ...alice, accessKeyId: 'ASIALOCALUNKNOWN0000' };
    expect(await errorCode(await s3Request(unknown, 'GET', key))).toBe('InvalidAccessKeyId');
    const secret = { ...alice, secretAccessKey: `${alice.secretAccessKey}x` };
    expect(await errorCode(await s3Request(secret, 'GET', key))).toBe('SignatureDoesNotMatch');
    expect(await errorCode(await fetch(`${s3.url}/${BUCKET}/${key}`))).toBe('AccessDenied');
  });

  it('refuses expired credentials (pinned clock)', async () => {
    const alice = await credentialsOf('alice');
    now += 901_000;
    try {
      expect(await errorCode(await s3Request(alice, 'GET', `private/${alice.identityId}/a.txt`))).toBe(
        'ExpiredToken',
      );
    } finally {
      now -= 901_000;
    }
  });

  it('answers CORS preflights from the configured origin only, and exposes ETag', async () => {
    const preflight = (origin: string, method = 'PUT') =>
      fetch(`${s3.url}/${BUCKET}/private/x`, {
        method: 'OPTIONS',
        headers: {
          origin,
          'access-control-request-method': method,
          'access-control-request-headers': 'authorization,x-amz-date,x-amz-security-token',
        },
      });
    const ok = await preflight(SITE);
    expect(ok.status).toBe(200);
    expect(ok.headers.get('access-control-allow-origin')).toBe(SITE);
    expect(ok.headers.get('access-control-allow-methods')).toContain('PUT');
    expect(ok.headers.get('access-control-max-age')).toBe('600');
    expect((await preflight('https://evil.example')).status).toBe(403);
    expect((await preflight(SITE, 'POST')).status).toBe(403);
    const alice = await credentialsOf('alice');
    const put = await s3Request(alice, 'PUT', `private/${alice.identityId}/c.txt`, {
      body: 'c',
      tamper: (h) => {
        h['origin'] = SITE;
      },
    });
    expect(put.headers.get('access-control-allow-origin')).toBe(SITE);
    expect(put.headers.get('access-control-expose-headers')).toBe('ETag');
  });
});
