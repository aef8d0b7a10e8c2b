/**
 * Custom error responses in the CloudFront emulator: a status listed in the distribution's
 * `CustomErrorResponses` is answered with the page fetched from the origin of the behavior matching its
 * path — for origin errors and for responses a viewer-request function generated — with `ResponseCode`;
 * a missing page leaves the viewer with the error-page origin's status.
 */
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  type CloudFrontEmulator,
  startCloudFrontEmulator,
} from '../../../packages/cli/src/local/cloudfront/emulator.js';
import type { LambdaHandler } from '../../../packages/cli/src/local/lambda.js';
import { headerValues, rawRequest } from '../helpers.js';

let bucket: string;
let cf: CloudFrontEmulator;

const generated =
  (status: string): LambdaHandler =>
  async () => ({
    status,
    headers: { 'content-type': [{ key: 'Content-Type', value: 'text/html' }] },
    body: `<p>function ${status}</p>`,
  });

beforeAll(async () => {
  bucket = await mkdtemp(join(tmpdir(), 'edgeward-errors-'));
  await mkdir(join(bucket, 'errors'));
  await writeFile(join(bucket, 'errors', '403.html'), '<h1>our 403 page</h1>');
  cf = await startCloudFrontEmulator({
    behaviors: [
      { pathPattern: '/denied/*', origin: { kind: 'folder', root: bucket }, viewerRequest: generated('403') },
      { pathPattern: '/broken/*', origin: { kind: 'folder', root: bucket }, viewerRequest: generated('502') },
      { pathPattern: '/bad/*', origin: { kind: 'folder', root: bucket }, viewerRequest: generated('400') },
    ],
    defaultBehavior: { origin: { kind: 'folder', root: bucket } },
    customErrorResponses: [
      { errorCode: 403, responsePagePath: '/errors/403.html', responseCode: 403 },
      { errorCode: 502, responsePagePath: '/errors/missing.html', responseCode: 502 },
    ],
  });
});

afterAll(async () => {
  await cf.close();
  await rm(bucket, { recursive: true, force: true });
});

describe('custom error responses', () => {
  it('replace a function-generated 403 with the origin page, keeping the status', async () => {
    const res = await rawRequest(cf.url, 'GET', '/denied/x');
    expect(res.status).toBe(403);
    expect(res.body).toBe('<h1>our 403 page</h1>');
    expect(headerValues(res, 'content-type')).toEqual(['text/html']);
  });

  it('replace an origin 403 (S3 AccessDenied for a missing key) the same way', async () => {
    const res = await rawRequest(cf.url, 'GET', '/nothing-here.html');
    expect(res.status).toBe(403);
    expect(res.body).toBe('<h1>our 403 page</h1>');
  });

  it('leave other statuses alone', async () => {
    const res = await rawRequest(cf.url, 'GET', '/bad/x');
    expect(res.status).toBe(400);
    expect(res.body).toBe('<p>function 400</p>');
  });

  it('answer the error-page origin status when the page is missing', async () => {
    const res = await rawRequest(cf.url, 'GET', '/broken/x');
    // S3 answers a missing key 403 AccessDenied; CloudFront does not apply the 403 entry to it in turn.
    expect(res.status).toBe(403);
    expect(res.body).toContain('<Code>AccessDenied</Code>');
  });
});
