/**
 * The CloudFront emulator: viewer-request events as CloudFront builds them, results applied as CloudFront
 * applies them, and the Lambda@Edge contract enforced (throw → 503, invalid result → 502, timeout → 503),
 * CloudFront's size limits, S3-behind-OAC folder origins and behavior precedence.
 *
 * Event shape reproduced from "Lambda@Edge event structure — Viewer request example":
 * https://docs.aws.amazon.com/AmazonCloudFront/latest/DeveloperGuide/lambda-event-structure.html#example-viewer-request
 */
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { CloudFrontRequestEvent } from 'aws-lambda';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  type CacheBehavior,
  type CloudFrontEmulator,
  startCloudFrontEmulator,
} from '../../../packages/cli/src/local/cloudfront/emulator.js';
import type { LambdaHandler } from '../../../packages/cli/src/local/lambda.js';
import {
  type EchoedRequest,
  type EchoOrigin,
  headerValues,
  rawRequest,
  startEchoOrigin,
} from '../helpers.js';

let bucket: string;
let echo: EchoOrigin;
let cf: CloudFrontEmulator;

/** Returns the received event as a JSON generated response, so tests can inspect it. */
const echoEvent: LambdaHandler = async (event: CloudFrontRequestEvent) => ({
  status: '200',
  headers: { 'content-type': [{ key: 'Content-Type', value: 'application/json' }] },
  body: JSON.stringify(event),
});

/** A handler that returns `result` whatever the event. */
const returning =
  (result: unknown): LambdaHandler =>
  async () =>
    result;

/** Forwards the request after applying `change`. */
const modifying =
  (change: (request: Record<string, unknown>) => void): LambdaHandler =>
  async (event: CloudFrontRequestEvent) => {
    const request = event.Records[0]!.cf.request as unknown as Record<string, unknown>;
    change(request);
    return request;
  };

const routes: Record<string, LambdaHandler> = {
  echo: echoEvent,
  throws: () => {
    throw new Error('boom');
  },
  rejects: async () => Promise.reject(new Error('boom')),
  callbackError: (_e, _c, callback) => callback(new Error('boom')),
  callbackOk: (event: CloudFrontRequestEvent, _c, callback) => callback(null, event.Records[0]!.cf.request),
  slow: () => new Promise((resolve) => setTimeout(() => resolve({ status: '200' }), 1000)),
  nothing: returning(null),
  badStatus: returning({ status: '99' }),
  statusText: returning({ status: 'ok' }),
  bigBody: returning({ status: '200', body: 'x'.repeat(41 * 1024) }),
  okBody: returning({ status: '200', body: 'x'.repeat(39 * 1024) }),
  disallowedResponse: returning({
    status: '200',
    headers: { 'x-cache': [{ key: 'X-Cache', value: 'Hit' }] },
  }),
  malformedHeaders: returning({
    status: '200',
    headers: { 'content-type': { key: 'Content-Type', value: 'x' } },
  }),
  mismatchedKey: returning({ status: '200', headers: { 'content-type': [{ key: 'Location', value: 'x' }] } }),
  upperCaseName: returning({ status: '200', headers: { Location: [{ key: 'Location', value: '/' }] } }),
  nonTokenName: returning({ status: '200', headers: { 'x y': [{ key: 'X y', value: '1' }] } }),
  readOnlyResponse: returning({ status: '200', headers: { via: [{ key: 'Via', value: '1.1 x' }] } }),
  badBase64: returning({ status: '200', body: 'not base64!', bodyEncoding: 'base64' }),
  bigHeaders: returning({
    status: '200',
    headers: { 'x-big': [{ key: 'X-Big', value: 'h'.repeat(2 * 1024) }] },
    body: 'x'.repeat(39 * 1024),
  }),
  numericStatus: returning({ status: 204 }),
  redirect: returning({
    status: '302',
    statusDescription: 'Found',
    headers: {
      location: [{ key: 'Location', value: '/login?x=1' }],
      'set-cookie': [
        { key: 'Set-Cookie', value: 'a=1; Path=/; HttpOnly' },
        { key: 'Set-Cookie', value: 'b=2; Path=/; HttpOnly' },
      ],
    },
  }),
  hostChanged: modifying((r) => {
    (r['headers'] as Record<string, unknown>)['host'] = [{ key: 'Host', value: 'evil.example' }];
  }),
  viaAdded: modifying((r) => {
    (r['headers'] as Record<string, unknown>)['via'] = [{ key: 'Via', value: '1.1 x' }];
  }),
  disallowedAdded: modifying((r) => {
    (r['headers'] as Record<string, unknown>)['x-forwarded-proto'] = [
      { key: 'X-Forwarded-Proto', value: 'https' },
    ];
  }),
  methodChanged: modifying((r) => {
    r['method'] = 'POST';
  }),
  badQuery: modifying((r) => {
    r['querystring'] = 'a=1#frag';
  }),
  rewrite: modifying((r) => {
    r['uri'] = '/rewritten/path';
    r['querystring'] = 'added=1&x=%20y';
    const headers = r['headers'] as Record<string, unknown>;
    delete headers['authorization'];
    headers['x-edgeward-user'] = [{ key: 'X-Edgeward-User', value: 'alice' }];
  }),
};

beforeAll(async () => {
  bucket = await mkdtemp(join(tmpdir(), 'edgeward-bucket-'));
  await mkdir(join(bucket, 'docs'), { recursive: true });
  await writeFile(join(bucket, 'index.html'), '<h1>home</h1>');
  await writeFile(join(bucket, 'docs', 'index.html'), '<h1>docs</h1>');
  await writeFile(join(bucket, 'docs', 'app.js'), 'console.log(1)');
  await writeFile(join(bucket, 'style.css'), 'body{}');
  await writeFile(join(bucket, 'data.bin'), Buffer.from([1, 2, 3]));
  await writeFile(join(bucket, 'café.txt'), 'accent');
  echo = await startEchoOrigin();
  const behaviors: CacheBehavior[] = Object.entries(routes).map(([name, viewerRequest]) => ({
    pathPattern: `/fn/${name}*`,
    origin: { kind: 'http', url: echo.url },
    viewerRequest,
  }));
  behaviors.push(
    { pathPattern: '/API/*', origin: { kind: 'folder', root: bucket }, viewerRequest: routes['throws'] },
    { pathPattern: '/api/*', origin: { kind: 'http', url: echo.url } },
    { pathPattern: '/api/special', origin: { kind: 'folder', root: bucket } },
    { pathPattern: '/img?.png', origin: { kind: 'http', url: echo.url }, viewerRequest: routes['throws'] },
    {
      pathPattern: '/headers/*',
      origin: { kind: 'http', url: echo.url },
      responseHeaders: [
        { header: 'X-Origin', value: 'policy', override: false },
        { header: 'Content-Type', value: 'text/plain', override: true },
        { header: 'Cache-Control', value: 'private, no-cache', override: true },
      ],
    },
    {
      pathPattern: '/docs/*',
      origin: { kind: 'folder', root: bucket },
      responseHeaders: [{ header: 'Cache-Control', value: 'no-cache', override: true }],
    },
  );
  cf = await startCloudFrontEmulator({
    behaviors,
    defaultBehavior: { origin: { kind: 'folder', root: bucket } },
    defaultRootObject: 'index.html',
    functionTimeoutMs: 200,
  });
});

afterAll(async () => {
  await cf.close();
  await echo.close();
  await rm(bucket, { recursive: true, force: true });
});

describe('viewer-request event', () => {
  it('is built exactly as CloudFront builds it', async () => {
    const res = await rawRequest(cf.url, 'GET', '/fn/echo/a%20b?x=1&y=%2F&x=2', [
      ['User-Agent', 'curl/8.0'],
      ['Cookie', 'a=1'],
      ['cookie', 'b=2; c=3'],
      ['X-Forwarded-Proto', 'https'],
      ['Accept', '*/*'],
    ]);
    expect(res.status).toBe(200);
    const event = JSON.parse(res.body) as CloudFrontRequestEvent;
    expect(event.Records).toHaveLength(1);
    const { config, request } = event.Records[0]!.cf;
    expect(config).toEqual({
      distributionDomainName: 'd111111abcdef8.cloudfront.net',
      distributionId: 'EDFDVBD6EXAMPLE',
      eventType: 'viewer-request',
      requestId: expect.stringMatching(/^[A-Za-z0-9_-]{50,}==$/),
    });
    expect(request.clientIp).toBe('127.0.0.1');
    expect(request.method).toBe('GET');
    expect(request.uri).toBe('/fn/echo/a%20b');
    expect(request.querystring).toBe('x=1&y=%2F&x=2');
    expect(request.headers['user-agent']).toEqual([{ key: 'User-Agent', value: 'curl/8.0' }]);
    expect(request.headers['cookie']).toEqual([
      { key: 'Cookie', value: 'a=1' },
      { key: 'cookie', value: 'b=2; c=3' },
    ]);
    expect(request.headers['host']).toEqual([{ key: 'Host', value: new URL(cf.url).host }]);
    // Disallowed headers are never exposed to functions.
    expect(request.headers['x-forwarded-proto']).toBeUndefined();
    expect(request.headers['connection']).toBeUndefined();
    expect(Object.keys(request.headers).every((k) => k === k.toLowerCase())).toBe(true);
  });

  it('names the requestId the viewer sees in x-amz-cf-id', async () => {
    const res = await rawRequest(cf.url, 'GET', '/fn/echo');
    const event = JSON.parse(res.body) as CloudFrontRequestEvent;
    expect(headerValues(res, 'x-amz-cf-id')).toEqual([event.Records[0]!.cf.config.requestId]);
  });
});

describe('applying the function result', () => {
  it('forwards the modified request (uri, querystring, headers) to the origin', async () => {
    const res = await rawRequest(
      cf.url,
      'POST',
      '/fn/rewrite?q=1',
      [['Authorization', 'Bearer abc']],
      'payload',
    );
    expect(res.status).toBe(200);
    expect(headerValues(res, 'x-cache')).toEqual(['Miss from cloudfront']);
    const echoed = JSON.parse(res.body) as EchoedRequest;
    expect(echoed.method).toBe('POST');
    expect(echoed.url).toBe('/rewritten/path?added=1&x=%20y');
    expect(echoed.body).toBe('payload');
    const names = echoed.rawHeaders.filter((_, i) => i % 2 === 0).map((h) => h.toLowerCase());
    expect(echoed.rawHeaders[echoed.rawHeaders.indexOf('x-edgeward-user') + 1]).toBe('alice');
    expect(names).not.toContain('authorization');
    expect(names).toContain('x-forwarded-for');
    // CloudFront sends the origin's own Host (the viewer's only when an origin request policy forwards it).
    expect(echoed.rawHeaders[echoed.rawHeaders.findIndex((h) => h.toLowerCase() === 'host') + 1]).toBe(
      new URL(echo.url).host,
    );
  });

  it('supports callback-style handlers', async () => {
    const res = await rawRequest(cf.url, 'GET', '/fn/callbackOk/x');
    expect(res.status).toBe(200);
    expect((JSON.parse(res.body) as EchoedRequest).url).toBe('/fn/callbackOk/x');
  });

  it('sends a generated response with repeated headers and CloudFront headers', async () => {
    const res = await rawRequest(cf.url, 'GET', '/fn/redirect');
    expect(res.status).toBe(302);
    expect(headerValues(res, 'location')).toEqual(['/login?x=1']);
    expect(headerValues(res, 'set-cookie')).toEqual(['a=1; Path=/; HttpOnly', 'b=2; Path=/; HttpOnly']);
    expect(headerValues(res, 'x-cache')).toEqual(['LambdaGeneratedResponse from cloudfront']);
    expect(headerValues(res, 'via')[0]).toMatch(/CloudFront/);
  });

  it('accepts a status given as a number as well as a numeric string', async () => {
    const res = await rawRequest(cf.url, 'GET', '/fn/numericStatus');
    expect(res.status).toBe(204);
    expect(headerValues(res, 'x-cache')).toEqual(['LambdaGeneratedResponse from cloudfront']);
  });

  it('accepts a generated response just under 40 KB', async () => {
    const res = await rawRequest(cf.url, 'GET', '/fn/okBody');
    expect(res.status).toBe(200);
    expect(res.body).toHaveLength(39 * 1024);
  });
});

describe('Lambda@Edge contract', () => {
  it.each(['throws', 'rejects', 'callbackError'])('%s → 503 LambdaExecutionError', async (name) => {
    const res = await rawRequest(cf.url, 'GET', `/fn/${name}`);
    expect(res.status).toBe(503);
    expect(headerValues(res, 'x-cache')).toEqual(['LambdaExecutionError from cloudfront']);
    expect(res.body).toContain('The request could not be satisfied');
  });

  it('a function running past the timeout → 503', async () => {
    const started = Date.now();
    const res = await rawRequest(cf.url, 'GET', '/fn/slow');
    expect(res.status).toBe(503);
    // Before the function would have returned 200 (1000 ms); no tighter wall-clock assumption.
    expect(Date.now() - started).toBeLessThan(1000);
  });

  it.each([
    ['nothing', 'neither a request nor a response'],
    ['badStatus', 'status'],
    ['statusText', 'status'],
    ['bigBody', '40 KB'],
    ['disallowedResponse', 'x-cache'],
    ['malformedHeaders', 'must be a non-empty array'],
    ['mismatchedKey', 'key does not match'],
    ['upperCaseName', 'is not lower case'],
    ['nonTokenName', 'not a lower-case token'],
    ['readOnlyResponse', 'header via is read-only'],
    ['badBase64', 'not valid base64'],
    ['bigHeaders', 'generated response exceeds 40 KB'],
    ['hostChanged', 'read-only header host was changed'],
    ['viaAdded', 'read-only header via was changed'],
    ['disallowedAdded', 'x-forwarded-proto'],
    ['methodChanged', 'method'],
    ['badQuery', 'querystring'],
  ])('%s → 502 LambdaValidationError', async (name, reason) => {
    const res = await rawRequest(cf.url, 'GET', `/fn/${name}`);
    expect(res.status).toBe(502);
    expect(headerValues(res, 'x-cache')).toEqual(['LambdaValidationError from cloudfront']);
    expect(res.body).toContain(reason);
  });
});

describe('CloudFront request limits', () => {
  it('request line + headers over 20,480 bytes → 494, before any function runs', async () => {
    const res = await rawRequest(cf.url, 'GET', '/fn/echo', [['Cookie', `big=${'a'.repeat(20_400)}`]]);
    expect(res.status).toBe(494);
  });

  it('headers just under the limit pass', async () => {
    const res = await rawRequest(cf.url, 'GET', '/fn/echo', [['Cookie', `big=${'a'.repeat(20_000)}`]]);
    expect(res.status).toBe(200);
  });

  it('a URL over 8,192 bytes → 414', async () => {
    const res = await rawRequest(cf.url, 'GET', `/fn/echo?q=${'a'.repeat(8200)}`);
    expect(res.status).toBe(414);
  });
});

describe('folder origin (S3 behind origin access control)', () => {
  it('serves an object with its content type and ETag, and 304 on If-None-Match', async () => {
    const res = await rawRequest(cf.url, 'GET', '/style.css');
    expect(res.status).toBe(200);
    expect(headerValues(res, 'content-type')).toEqual(['text/css']);
    expect(headerValues(res, 'server')).toEqual(['AmazonS3']);
    expect(res.body).toBe('body{}');
    const etag = headerValues(res, 'etag')[0]!;
    const again = await rawRequest(cf.url, 'GET', '/style.css', [['If-None-Match', etag]]);
    expect(again.status).toBe(304);
  });

  it.each([
    ['/docs/app.js', 'text/javascript'],
    ['/data.bin', 'binary/octet-stream'],
    ['/caf%C3%A9.txt', 'text/plain'],
  ])('%s has content type %s', async (path, type) => {
    const res = await rawRequest(cf.url, 'GET', path);
    expect(res.status).toBe(200);
    expect(headerValues(res, 'content-type')).toEqual([type]);
  });

  it('serves the default root object for / only', async () => {
    const root = await rawRequest(cf.url, 'GET', '/');
    expect(root.status).toBe(200);
    expect(root.body).toBe('<h1>home</h1>');
    // The S3 REST endpoint has no index documents: /docs/ is the key "docs/", which does not exist.
    const dir = await rawRequest(cf.url, 'GET', '/docs/');
    expect(dir.status).toBe(403);
    const noSlash = await rawRequest(cf.url, 'GET', '/docs');
    expect(noSlash.status).toBe(403);
  });

  it.each([
    '/missing.html',
    '/%2e%2e/etc/passwd',
    '/docs/../index.html',
    '/docs/%2E%2E/index.html',
    '/..%2Findex.html',
    '/%E0%A4%A',
    '/docs//app.js',
  ])('%s → 403 AccessDenied', async (path) => {
    const res = await rawRequest(cf.url, 'GET', path);
    expect(res.status).toBe(403);
    expect(res.body).toContain('<Code>AccessDenied</Code>');
    expect(headerValues(res, 'x-cache')).toEqual(['Error from cloudfront']);
  });

  it('refuses writes with 403', async () => {
    const res = await rawRequest(cf.url, 'PUT', '/new.html', [], 'x');
    expect(res.status).toBe(403);
  });

  it('answers HEAD without a body', async () => {
    const res = await rawRequest(cf.url, 'HEAD', '/index.html');
    expect(res.status).toBe(200);
    expect(res.body).toBe('');
    expect(headerValues(res, 'content-length')).toEqual(['13']);
  });
});

describe('response headers policy (custom headers)', () => {
  it('adds headers, overriding the origin only where asked', async () => {
    const res = await rawRequest(cf.url, 'GET', '/headers/x');
    expect(res.status).toBe(200);
    expect(headerValues(res, 'x-origin')).toEqual(['echo']);
    expect(headerValues(res, 'content-type')).toEqual(['text/plain']);
    expect(headerValues(res, 'cache-control')).toEqual(['private, no-cache']);
  });

  it('applies to folder origin answers, errors and 304s included, and only on its behavior', async () => {
    const ok = await rawRequest(cf.url, 'GET', '/docs/app.js');
    expect(headerValues(ok, 'cache-control')).toEqual(['no-cache']);
    const etag = headerValues(ok, 'etag')[0]!;
    const again = await rawRequest(cf.url, 'GET', '/docs/app.js', [['If-None-Match', etag]]);
    expect(again.status).toBe(304);
    expect(headerValues(again, 'cache-control')).toEqual(['no-cache']);
    const missing = await rawRequest(cf.url, 'GET', '/docs/missing.js');
    expect(missing.status).toBe(403);
    expect(headerValues(missing, 'cache-control')).toEqual(['no-cache']);
    expect(headerValues(await rawRequest(cf.url, 'GET', '/style.css'), 'cache-control')).toEqual([]);
  });
});

describe('behavior precedence', () => {
  it('the first matching pattern wins, case-sensitively', async () => {
    // '/api/*' precedes '/api/special': the echo origin answers.
    const special = await rawRequest(cf.url, 'GET', '/api/special');
    expect(headerValues(special, 'x-origin')).toEqual(['echo']);
    // '/API/*' is another behavior (a throwing function), '/Api/x' falls to the default (bucket → 403).
    expect((await rawRequest(cf.url, 'GET', '/API/x')).status).toBe(503);
    expect((await rawRequest(cf.url, 'GET', '/Api/x')).status).toBe(403);
  });

  it('? matches exactly one character', async () => {
    expect((await rawRequest(cf.url, 'GET', '/img1.png')).status).toBe(503);
    expect((await rawRequest(cf.url, 'GET', '/img12.png')).status).toBe(403);
  });
});

describe('loading a built bundle', () => {
  it('imports the module at a path and calls its handler export', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'edgeward-bundle-'));
    const entry = join(dir, 'index.mjs');
    await writeFile(
      entry,
      "export const handler = async (event) => ({ status: '418', body: event.Records[0].cf.request.uri });\n",
    );
    const missing = join(dir, 'nope.mjs');
    const local = await startCloudFrontEmulator({
      behaviors: [{ pathPattern: '/missing', origin: { kind: 'folder', root: dir }, viewerRequest: missing }],
      defaultBehavior: { origin: { kind: 'folder', root: dir }, viewerRequest: entry },
    });
    try {
      const res = await rawRequest(local.url, 'GET', '/teapot');
      expect(res.status).toBe(418);
      expect(res.body).toBe('/teapot');
      // A bundle that cannot be loaded fails like a function that cannot initialise: 503.
      expect((await rawRequest(local.url, 'GET', '/missing')).status).toBe(503);
    } finally {
      await local.close();
      await rm(dir, { recursive: true, force: true });
    }
  });
});
