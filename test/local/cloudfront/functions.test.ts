/**
 * CloudFront Functions at viewer-request in the emulator: the code runs in its own context with the
 * CloudFront Functions event; a returned request goes to the origin (URI, query string, headers and cookies
 * as the function left them; the behavior stays the one chosen for the original URI), a returned response
 * is answered; a throwing function is 503 FunctionExecutionError, an invalid result 502
 * FunctionValidationError. The directory-index function ProtectedSite deploys runs here unchanged.
 */
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { directoryIndexFunctionCode } from '../../../packages/cdk/src/directory-index.js';
import {
  type CloudFrontEmulator,
  startCloudFrontEmulator,
} from '../../../packages/cli/src/local/cloudfront/emulator.js';
import { loadCloudFrontFunction } from '../../../packages/cli/src/local/cloudfront/functions.js';
import { LocalStackError } from '../../../packages/cli/src/local/errors.js';
import { headerValues, rawRequest } from '../helpers.js';

let bucket: string;
let cf: CloudFrontEmulator;
let seen: unknown;

// Echoes what it received into a response, so the test reads the event the function got.
const ECHO = `
function handler(event) {
  var r = event.request;
  return {
    statusCode: 200,
    statusDescription: 'OK',
    headers: { 'content-type': { value: 'application/json' } },
    body: JSON.stringify({ version: event.version, type: event.context.eventType, ip: event.viewer.ip,
      method: r.method, uri: r.uri, querystring: r.querystring, host: r.headers.host, cookies: r.cookies }),
  };
}`;

const REWRITE = `
async function handler(event) {
  var r = event.request;
  r.uri = '/docs/index.html';
  r.querystring = { v: { value: '2' } };
  r.headers['x-added'] = { value: 'yes' };
  return r;
}`;

beforeAll(async () => {
  bucket = await mkdtemp(join(tmpdir(), 'edgeward-cff-'));
  await mkdir(join(bucket, 'docs'), { recursive: true });
  await writeFile(join(bucket, 'docs', 'index.html'), '<h1>docs</h1>');
  const origin = { kind: 'folder' as const, root: bucket };
  cf = await startCloudFrontEmulator({
    behaviors: [
      { pathPattern: '/echo/*', origin, viewerRequestFunction: loadCloudFrontFunction(ECHO, 'echo') },
      {
        pathPattern: '/rewrite/*',
        origin,
        viewerRequestFunction: loadCloudFrontFunction(REWRITE, 'rewrite'),
      },
      {
        pathPattern: '/throws/*',
        origin,
        viewerRequestFunction: loadCloudFrontFunction('function handler() { throw new Error("x"); }', 't'),
      },
      {
        pathPattern: '/invalid/*',
        origin,
        viewerRequestFunction: loadCloudFrontFunction('function handler() { return { uri: 42 }; }', 'i'),
      },
    ],
    defaultBehavior: {
      origin,
      viewerRequestFunction: loadCloudFrontFunction(directoryIndexFunctionCode('index.html'), 'index'),
    },
  });
});

afterAll(async () => {
  await cf.close();
  await rm(bucket, { recursive: true, force: true });
});

describe('CloudFront Functions (viewer-request)', () => {
  it('get the CloudFront Functions event: values as { value }, repeated ones with multiValue', async () => {
    const res = await rawRequest(cf.url, 'GET', '/echo/x?a=1&b=2&b=3', [['Cookie', 'k=v; m=1; m=2']]);
    expect(res.status).toBe(200);
    seen = JSON.parse(res.body);
    expect(seen).toMatchObject({
      version: '1.0',
      type: 'viewer-request',
      method: 'GET',
      uri: '/echo/x',
      querystring: {
        a: { value: '1' },
        b: { value: '2', multiValue: [{ value: '2' }, { value: '3' }] },
      },
      host: { value: expect.stringMatching(/^(localhost|127\.0\.0\.1):\d+$/) },
      cookies: { k: { value: 'v' }, m: { value: '1', multiValue: [{ value: '1' }, { value: '2' }] } },
    });
  });

  it('forward the request as the function changed it (async handlers too)', async () => {
    const res = await rawRequest(cf.url, 'GET', '/rewrite/anything');
    expect(res.status).toBe(200);
    expect(res.body).toBe('<h1>docs</h1>');
  });

  it('run the directory-index function ProtectedSite deploys: a directory URL gets its index object', async () => {
    const res = await rawRequest(cf.url, 'GET', '/docs/');
    expect(res.status).toBe(200);
    expect(res.body).toBe('<h1>docs</h1>');
  });

  it('answer 503 FunctionExecutionError for a throwing function, 502 FunctionValidationError for a bad result', async () => {
    const thrown = await rawRequest(cf.url, 'GET', '/throws/x');
    expect(thrown.status).toBe(503);
    expect(headerValues(thrown, 'x-cache')).toEqual(['FunctionExecutionError from cloudfront']);
    const invalid = await rawRequest(cf.url, 'GET', '/invalid/x');
    expect(invalid.status).toBe(502);
    expect(headerValues(invalid, 'x-cache')).toEqual(['FunctionValidationError from cloudfront']);
  });

  it('refuse code without a handler, or that does not compile, when loaded', () => {
    expect(() => loadCloudFrontFunction('var x = 1;', 'none')).toThrow(LocalStackError);
    expect(() => loadCloudFrontFunction('function handler( {', 'broken')).toThrow(/does not load/);
  });
});
