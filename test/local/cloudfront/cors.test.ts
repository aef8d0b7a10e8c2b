/**
 * The CORS part of a behavior's response headers policy in the local distribution: allowed origins get
 * `Access-Control-*` headers (replacing the origin's), preflights are answered from the policy, and other
 * origins or behaviors get none.
 *
 * @see https://docs.aws.amazon.com/AmazonCloudFront/latest/DeveloperGuide/understanding-response-headers-policies.html#understanding-response-headers-policies-cors
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  type CloudFrontEmulator,
  startCloudFrontEmulator,
} from '../../../packages/cli/src/local/cloudfront/emulator.js';

const APP = 'https://app.example.com';
let bucket: string;
let cf: CloudFrontEmulator;

beforeAll(async () => {
  bucket = await mkdtemp(join(tmpdir(), 'edgeward-cors-'));
  await writeFile(join(bucket, 'data.json'), '{"ok":true}');
  const origin = { kind: 'folder' as const, root: bucket, list: true };
  cf = await startCloudFrontEmulator({
    behaviors: [{ pathPattern: '/closed/*', origin }],
    defaultBehavior: {
      origin,
      cors: {
        allowedOrigins: [APP],
        allowedMethods: ['GET', 'HEAD'],
        allowedHeaders: ['x-requested-with'],
        exposeHeaders: ['ETag'],
        maxAgeSeconds: 600,
      },
    },
  });
});

afterAll(async () => {
  await cf.close();
  await rm(bucket, { recursive: true, force: true });
});

describe('a CORS response headers policy', () => {
  it('adds Access-Control-* to responses for an allowed origin only', async () => {
    const allowed = await fetch(`${cf.url}/data.json`, { headers: { origin: APP } });
    expect(allowed.headers.get('access-control-allow-origin')).toBe(APP);
    expect(allowed.headers.get('access-control-expose-headers')).toBe('ETag');
    const other = await fetch(`${cf.url}/data.json`, { headers: { origin: 'https://evil.example' } });
    expect(other.headers.get('access-control-allow-origin')).toBeNull();
    const closed = await fetch(`${cf.url}/closed/x`, { headers: { origin: APP } });
    expect(closed.headers.get('access-control-allow-origin')).toBeNull();
  });

  it('answers preflights from the policy', async () => {
    const preflight = (origin: string, method: string, headers = 'x-requested-with') =>
      fetch(`${cf.url}/data.json`, {
        method: 'OPTIONS',
        headers: {
          origin,
          'access-control-request-method': method,
          'access-control-request-headers': headers,
        },
      });
    const ok = await preflight(APP, 'GET');
    expect([
      ok.status,
      ok.headers.get('access-control-allow-origin'),
      ok.headers.get('access-control-max-age'),
    ]).toEqual([200, APP, '600']);
    expect((await preflight(APP, 'DELETE')).status).toBe(403);
    expect((await preflight(APP, 'GET', 'authorization')).status).toBe(403);
    expect((await preflight('https://evil.example', 'GET')).status).toBe(403);
  });
});
