/**
 * The local stack's plumbing: ports that fall back to free ones when taken (so `npm start` never clashes),
 * servers that answer when their handler fails, request targets, identity sources, and Lambda invocation
 * semantics (promise and callback handlers, errors, timeouts, module loading).
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createServer } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  HTTP_IDENTITY_SOURCES,
  parseIdentitySource,
  REST_IDENTITY_SOURCES,
} from '../../packages/cli/src/local/apigateway/identity-source.js';
import {
  closeServer,
  listen,
  reservePort,
  splitTarget,
  startServer,
} from '../../packages/cli/src/local/http.js';
import {
  invokeHandler,
  invokeLambda,
  type LambdaHandler,
  loadHandler,
} from '../../packages/cli/src/local/lambda.js';

describe('ports', () => {
  it('falls back to a free port when the preferred one is taken, unless told not to', async () => {
    const holder = createServer();
    const taken = await listen(holder, 0, '127.0.0.1');
    try {
      const other = await reservePort(taken);
      expect(other).not.toBe(taken);
      expect(other).toBeGreaterThan(0);
      await expect(listen(createServer(), taken, '127.0.0.1', false)).rejects.toMatchObject({
        code: 'EADDRINUSE',
      });
    } finally {
      await closeServer(holder);
    }
  });

  it('keeps the preferred port when it is free', async () => {
    const probe = createServer();
    const free = await listen(probe, 0, '127.0.0.1');
    await closeServer(probe);
    expect(await reservePort(free)).toBe(free);
  });
});

describe('invokeLambda', () => {
  // Far above what any of these handlers take, even on a loaded machine; the timeout case sets its own.
  const options = { timeoutMs: 10_000 };

  it('returns what a promise handler resolves and what a callback handler passes', async () => {
    expect(await invokeLambda(async () => 42, {}, options)).toEqual({ ok: true, result: 42 });
    const callback: LambdaHandler = (_e, _c, cb) => setTimeout(() => cb(null, 'later'), 5);
    expect(await invokeLambda(callback, {}, options)).toEqual({ ok: true, result: 'later' });
  });

  it('reports throws, rejections, callback errors and timeouts as failures', async () => {
    const boom = new Error('boom');
    const cases: LambdaHandler[] = [
      () => {
        throw boom;
      },
      async () => Promise.reject(boom),
      (_e, _c, cb) => cb(boom),
    ];
    for (const handler of cases) {
      expect(await invokeLambda(handler, {}, options)).toEqual({
        ok: false,
        failure: { kind: 'error', error: boom },
      });
    }
    // A handler that never settles: only the timeout can end the invocation.
    const hanging: LambdaHandler = () => new Promise(() => {});
    expect(await invokeLambda(hanging, {}, { timeoutMs: 20 })).toEqual({
      ok: false,
      failure: { kind: 'timeout' },
    });
  });

  it('gives the handler a context whose remaining time counts down from the timeout', async () => {
    let now = 1_700_000_000_000;
    const outcome = await invokeLambda(
      async (_e, context) => {
        const atStart = context.getRemainingTimeInMillis();
        now += 1234;
        const later = context.getRemainingTimeInMillis();
        now += 10_000;
        return [atStart, later, context.getRemainingTimeInMillis()];
      },
      {},
      { timeoutMs: 5000, clock: () => now },
    );
    expect(outcome).toEqual({ ok: true, result: [5000, 3766, 0] });
  });
});

describe('loadHandler', () => {
  it('loads the handler export of a bundle and refuses a module without one', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'edgeward-lambda-'));
    try {
      await writeFile(join(dir, 'ok.mjs'), 'export const handler = async () => "ok";\n');
      await writeFile(join(dir, 'none.mjs'), 'export const other = 1;\n');
      const handler = await loadHandler(join(dir, 'ok.mjs'));
      expect(await invokeLambda(handler, {}, { timeoutMs: 10_000 })).toEqual({ ok: true, result: 'ok' });
      await expect(loadHandler(join(dir, 'none.mjs'))).rejects.toThrow(/exports no handler/);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});

describe('invokeHandler', () => {
  it('invokes a function or a bundle path, and reports a bundle that cannot load as a function error', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'edgeward-lambda-'));
    try {
      await writeFile(join(dir, 'ok.mjs'), 'export const handler = async (event) => event.n + 1;\n');
      expect(await invokeHandler(async () => 'fn', {}, { timeoutMs: 10_000 })).toEqual({
        ok: true,
        result: 'fn',
      });
      expect(await invokeHandler(join(dir, 'ok.mjs'), { n: 1 }, { timeoutMs: 10_000 })).toEqual({
        ok: true,
        result: 2,
      });
      const missing = await invokeHandler(join(dir, 'missing.mjs'), {}, { timeoutMs: 10_000 });
      expect(missing.ok).toBe(false);
      expect(!missing.ok && missing.failure.kind).toBe('error');
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});

describe('startServer', () => {
  it('serves with the handler and answers with onUnhandled when the handler rejects', async () => {
    const server = await startServer(
      async (req, res) => {
        if (req.url === '/fail') throw new Error('boom');
        res.end('ok');
      },
      (res) => {
        res.writeHead(500);
        res.end('handled');
      },
    );
    try {
      expect(server.host).toBe('127.0.0.1');
      const ok = await fetch(`http://127.0.0.1:${server.port}/`);
      expect([ok.status, await ok.text()]).toEqual([200, 'ok']);
      const failed = await fetch(`http://127.0.0.1:${server.port}/fail`);
      expect([failed.status, await failed.text()]).toEqual([500, 'handled']);
    } finally {
      await server.close();
    }
  });
});

describe('splitTarget', () => {
  it.each([
    ['/a/b', { path: '/a/b', query: '' }],
    ['/a?x=1&y=%20', { path: '/a', query: 'x=1&y=%20' }],
    ['/a?', { path: '/a', query: '' }],
    ['/a?b?c', { path: '/a', query: 'b?c' }],
  ])('%s', (target, parts) => {
    expect(splitTarget(target)).toEqual(parts);
  });
});

describe('parseIdentitySource', () => {
  it.each([
    [' method.request.header.X-Api-Key ', REST_IDENTITY_SOURCES, { from: 'header', name: 'X-Api-Key' }],
    ['method.request.querystring.tenant', REST_IDENTITY_SOURCES, { from: 'query', name: 'tenant' }],
    ['$request.header.authorization', HTTP_IDENTITY_SOURCES, { from: 'header', name: 'authorization' }],
    ['$request.querystring.tenant', HTTP_IDENTITY_SOURCES, { from: 'query', name: 'tenant' }],
  ])('%s', (source, syntax, parsed) => {
    expect(parseIdentitySource(source, syntax)).toEqual(parsed);
  });

  it('refuses a source of the other API flavour or another kind', () => {
    expect(() => parseIdentitySource('$request.header.a', REST_IDENTITY_SOURCES)).toThrow(/unsupported/);
    expect(() => parseIdentitySource('method.request.header.a', HTTP_IDENTITY_SOURCES)).toThrow(
      /unsupported/,
    );
    expect(() => parseIdentitySource('$context.identity.sourceIp', HTTP_IDENTITY_SOURCES)).toThrow(
      /unsupported/,
    );
  });
});
