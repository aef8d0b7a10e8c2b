/**
 * Trusted key group behaviors: CloudFront itself checks signed cookies and answers 403 otherwise. Cookies are
 * signed with AWS's own signer (@aws-sdk/cloudfront-signer), independent of edgeward's issuer.
 *
 * @see https://docs.aws.amazon.com/AmazonCloudFront/latest/DeveloperGuide/private-content-setting-signed-cookie-custom-policy.html
 */
import { generateKeyPairSync } from 'node:crypto';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { getSignedCookies } from '@aws-sdk/cloudfront-signer';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  type CloudFrontEmulator,
  startCloudFrontEmulator,
} from '../../../packages/cli/src/local/cloudfront/emulator.js';
import { trustedKeyGroup } from '../../../packages/cli/src/local/cloudfront/key-group.js';
import { FIXED_NOW, FIXED_NOW_MS } from '../../helpers/keys.js';
import { tamperCloudFrontBase64 } from '../../helpers/tamper.js';
import { headerValues, rawRequest } from '../helpers.js';

const rsa = generateKeyPairSync('rsa', { modulusLength: 2048 });
const ec = generateKeyPairSync('ec', { namedCurve: 'P-256' });
const pem = (key: typeof rsa.privateKey) => key.export({ format: 'pem', type: 'pkcs8' }).toString();
const spki = (key: typeof rsa.publicKey) => key.export({ format: 'pem', type: 'spki' }).toString();

let now = FIXED_NOW_MS;
let bucket: string;
let cf: CloudFrontEmulator;

type Signed = Record<string, string | number | undefined>;

function cookieHeader(cookies: Signed): string {
  return Object.entries(cookies)
    .filter(([, v]) => v !== undefined)
    .map(([k, v]) => `${k}=${v}`)
    .join('; ');
}

function sign(
  resource: string,
  options: { ip?: string; ec?: boolean; sha256?: boolean; keyPairId?: string } = {},
) {
  const statement: Record<string, unknown> = {
    Resource: resource,
    Condition: {
      DateLessThan: { 'AWS:EpochTime': FIXED_NOW + 600 },
      ...(options.ip === undefined ? {} : { IpAddress: { 'AWS:SourceIp': options.ip } }),
    },
  };
  return getSignedCookies({
    keyPairId: options.keyPairId ?? (options.ec ? 'KEC' : 'KRSA'),
    privateKey: pem(options.ec ? ec.privateKey : rsa.privateKey),
    policy: JSON.stringify({ Statement: [statement] }),
    ...(options.sha256 ? { algorithm: 'SHA256' as const } : {}),
  }) as unknown as Signed;
}

beforeAll(async () => {
  bucket = await mkdtemp(join(tmpdir(), 'edgeward-private-'));
  await mkdir(join(bucket, 'private'));
  await writeFile(join(bucket, 'private', 'app.html'), 'private app');
  cf = await startCloudFrontEmulator({
    behaviors: [
      {
        pathPattern: '/private/*',
        origin: { kind: 'folder', root: bucket },
        trustedKeyGroup: trustedKeyGroup({ KRSA: spki(rsa.publicKey), KEC: spki(ec.publicKey) }),
      },
    ],
    defaultBehavior: { origin: { kind: 'folder', root: bucket } },
    clock: () => now,
  });
});

afterAll(async () => {
  await cf.close();
  await rm(bucket, { recursive: true, force: true });
});

const path = () => '/private/app.html';
const base = () => `http://${new URL(cf.url).host}`;

describe('trusted key group', () => {
  it('refuses a request without signed cookies with 403 MissingKey', async () => {
    const res = await rawRequest(cf.url, 'GET', path());
    expect(res.status).toBe(403);
    expect(res.body).toContain('<Code>MissingKey</Code>');
    expect(headerValues(res, 'x-cache')).toEqual(['Error from cloudfront']);
  });

  it.each([
    ['RSA, SHA1', {}],
    ['RSA, SHA256', { sha256: true }],
    ['ECDSA, SHA256', { ec: true, sha256: true }],
    ['ECDSA, SHA1', { ec: true }],
  ])('serves the object with valid signed cookies (%s)', async (_name, options) => {
    const cookies = sign(`${base()}/private/*`, options);
    const res = await rawRequest(cf.url, 'GET', path(), [['Cookie', cookieHeader(cookies)]]);
    expect(res.status).toBe(200);
    expect(res.body).toBe('private app');
  });

  it('finds the cookies across several Cookie headers', async () => {
    const cookies = sign(`${base()}/private/*`);
    const headers = Object.entries(cookies).map(([k, v]) => ['Cookie', `${k}=${v}`] as const);
    const res = await rawRequest(cf.url, 'GET', path(), headers);
    expect(res.status).toBe(200);
  });

  it('accepts a wildcard scheme and refuses another resource', async () => {
    const wildcard = sign(`http*://${new URL(cf.url).host}/private/*`);
    expect((await rawRequest(cf.url, 'GET', path(), [['Cookie', cookieHeader(wildcard)]])).status).toBe(200);
    const other = sign(`${base()}/elsewhere/*`);
    const res = await rawRequest(cf.url, 'GET', path(), [['Cookie', cookieHeader(other)]]);
    expect(res.status).toBe(403);
    expect(res.body).toContain('<Code>AccessDenied</Code>');
  });

  it('refuses expired cookies', async () => {
    const cookies = sign(`${base()}/private/*`);
    now = FIXED_NOW_MS + 601_000;
    try {
      expect((await rawRequest(cf.url, 'GET', path(), [['Cookie', cookieHeader(cookies)]])).status).toBe(403);
    } finally {
      now = FIXED_NOW_MS;
    }
  });

  it('refuses a tampered signature, an unknown key pair id and another IP address', async () => {
    const cookies = sign(`${base()}/private/*`);
    const signature = String(cookies['CloudFront-Signature']);
    // One bit of the signature's bytes flipped (at byte 7), re-encoded: never a no-op.
    const tampered = { ...cookies, 'CloudFront-Signature': tamperCloudFrontBase64(signature, 7) };
    const unknown = sign(`${base()}/private/*`, { keyPairId: 'KOTHER' });
    const ip = sign(`${base()}/private/*`, { ip: '203.0.113.7/32' });
    for (const c of [tampered, unknown, ip]) {
      expect((await rawRequest(cf.url, 'GET', path(), [['Cookie', cookieHeader(c)]])).status).toBe(403);
    }
    const local = sign(`${base()}/private/*`, { ip: '127.0.0.1/32' });
    expect((await rawRequest(cf.url, 'GET', path(), [['Cookie', cookieHeader(local)]])).status).toBe(200);
  });
});
