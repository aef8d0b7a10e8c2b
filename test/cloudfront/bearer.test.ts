/**
 * Bearer mode (scenario C) and robustness: malformed events, bad configuration, JWKS down, cookie and
 * Bearer modes together.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { CloudFrontRequestEvent } from 'aws-lambda';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createViewerRequestHandler } from '../../packages/edgeward/src/cloudfront/index.js';
import type { LogRecord } from '../../packages/edgeward/src/core/runtime.js';
import {
  AWS_VIEWER_REQUEST_EXAMPLE,
  FETCH,
  HOST,
  NAVIGATION,
  viewerRequest,
} from '../fixtures/cloudfront/viewer-request.js';
import {
  accessClaims,
  CLIENT_ID,
  FIXED_NOW,
  fixedClock,
  idClaims,
  makeKey,
  signToken,
} from '../helpers/keys.js';
import { assertValidViewerRequestResult } from './contract.js';
import { asRequest, asResponse, harness, header, navigate, siteConfig } from './harness.js';
import { startTokenEndpoint, type TokenEndpoint } from './token-endpoint.js';

let idp: TokenEndpoint;
beforeAll(async () => {
  idp = await startTokenEndpoint();
});
afterAll(async () => idp.close());

const bearerOnly = () => siteConfig(idp, { cookieLogin: false, bearer: true });
const access = (claims = {}) => signToken(idp.key, accessClaims(claims));

describe('Bearer mode', () => {
  it('forwards a valid access token without the Authorization header, with identity headers', async () => {
    const h = harness(bearerOnly());
    const token = await access();
    const req = asRequest(
      await h.handle({
        uri: '/docs/a',
        headers: { authorization: `Bearer ${token}`, 'x-edgeward-sub': 'forged' },
      }),
    );
    expect(req.headers['authorization']).toBeUndefined();
    expect(req.headers['x-edgeward-sub']?.[0]?.value).toBe('aaaaaaaa-bbbb-cccc-dddd-eeeeeeeeeeee');
    expect(req.headers['x-edgeward-scopes']?.[0]?.value).toBe('openid email');
    expect(req.headers['x-edgeward-client-id']?.[0]?.value).toBe(CLIENT_ID);
    expect(JSON.stringify(h.logs)).not.toContain(token.slice(0, 30));
  });

  it('accepts the scheme in any case', async () => {
    const h = harness(bearerOnly());
    asRequest(await h.handle({ uri: '/docs/a', headers: { authorization: `bEaReR ${await access()}` } }));
  });

  it.each([
    ['two Authorization headers', async () => [`Bearer ${await access()}`, `Bearer ${await access()}`]],
    ['another scheme', async () => `Basic ${Buffer.from('a:b').toString('base64')}`],
    ['no token', async () => 'Bearer '],
    ['two tokens', async () => `Bearer ${await access()} ${await access()}`],
    ['a token with forbidden characters', async () => 'Bearer abc,def'],
  ])('answers 401 invalid_request for %s', async (_name, value) => {
    const h = harness(bearerOnly());
    const res = asResponse(await h.handle({ uri: '/docs/a', headers: { authorization: await value() } }));
    expect(res.status).toBe('401');
    expect(header(res, 'www-authenticate')).toEqual([`Bearer realm="${HOST}", error="invalid_request"`]);
  });

  it.each([
    ['an expired token', () => access({ exp: FIXED_NOW - 1 })],
    ['an id token', () => signToken(idp.key, idClaims())],
    ['a token for another client', () => access({ client_id: 'someone-else' })],
    [
      'a token signed by an unknown key',
      async () => signToken(await makeKey('token-endpoint-key'), accessClaims()),
    ],
    ['garbage', async () => 'not.a.jwt'],
  ])('answers 401 invalid_token (RFC 6750 §3.1) for %s', async (_name, make) => {
    const h = harness(bearerOnly());
    const res = asResponse(
      await h.handle({ uri: '/docs/a', headers: { authorization: `Bearer ${await make()}` } }),
    );
    expect(res.status).toBe('401');
    expect(header(res, 'www-authenticate')).toEqual([`Bearer realm="${HOST}", error="invalid_token"`]);
    expect(JSON.parse(res.body!)).toEqual({ error: 'invalid_token' });
  });

  it('answers 403 insufficient_scope when the rules refuse the verified token', async () => {
    const h = harness(bearerOnly());
    const res = asResponse(
      await h.handle({ uri: '/admin/x', headers: { authorization: `Bearer ${await access()}` } }),
    );
    expect(res.status).toBe('403');
    expect(header(res, 'www-authenticate')).toEqual([`Bearer realm="${HOST}", error="insufficient_scope"`]);
  });

  it('answers 401 without an error code when there are no credentials (RFC 6750 §3.1)', async () => {
    const h = harness(bearerOnly());
    const res = asResponse(await navigate(h, '/docs/a'));
    expect(res.status).toBe('401');
    expect(header(res, 'www-authenticate')).toEqual([`Bearer realm="${HOST}"`]);
  });

  it('lets public paths through and still removes the Authorization header', async () => {
    const h = harness(bearerOnly());
    const req = asRequest(
      await h.handle({ uri: '/public/a', headers: { authorization: 'Bearer whatever' } }),
    );
    expect(req.headers['authorization']).toBeUndefined();
  });
});

describe('cookie and Bearer modes together', () => {
  it('uses Bearer when Authorization is present (even with session cookies) and the cookie session otherwise', async () => {
    const h = harness(siteConfig(idp, { bearer: true }));
    const token = await access();
    const bad = asResponse(
      await h.handle({
        uri: '/docs/a',
        headers: { ...NAVIGATION, authorization: 'Bearer nope.nope.nope' },
        cookies: [`edgeward.access=${token}`],
      }),
    );
    expect(bad.status).toBe('401');
    expect(header(bad, 'www-authenticate')[0]).toContain('invalid_token');
    asRequest(await navigate(h, '/docs/a', [`edgeward.access=${token}`]));
    const login = asResponse(await navigate(h, '/docs/a'));
    expect(login.status).toBe('302');
  });
});

describe('robustness', () => {
  const collect = () => {
    const logs: LogRecord[] = [];
    return { logs, logger: (r: LogRecord) => void logs.push(r) };
  };

  it('answers the documented example event (default rule: authenticated) with a deliberate 401', async () => {
    const { logs, logger } = collect();
    const handler = createViewerRequestHandler(bearerOnly(), { clock: fixedClock, logger });
    const result = await handler(structuredClone(AWS_VIEWER_REQUEST_EXAMPLE));
    assertValidViewerRequestResult(result);
    expect(asResponse(result).status).toBe('401');
    expect(logs).toHaveLength(1);
    expect(logs[0]).toMatchObject({
      event: 'token_missing',
      requestId: '4TyzHTaYWb1GX1qTfsHhEqV6HUDd_BzoBZnwfnvQc_1oF26ClkoUSEQ==',
    });
  });

  it.each([
    ['an empty object', {}],
    ['no request', { Records: [{ cf: { config: {} } }] }],
    [
      'no Host header',
      (() => {
        const e = viewerRequest();
        delete e.Records[0]!.cf.request.headers['host'];
        return e;
      })(),
    ],
    ['null', null],
  ])('answers 400 event_invalid to a malformed event (%s) without throwing', async (_name, event) => {
    const { logs, logger } = collect();
    const handler = createViewerRequestHandler(bearerOnly(), { clock: fixedClock, logger });
    const result = await handler(event as unknown as CloudFrontRequestEvent);
    assertValidViewerRequestResult(result);
    expect(asResponse(result).status).toBe('400');
    expect(logs[0]?.event).toBe('event_invalid');
  });

  it('answers every request 502 config_invalid when the configuration is unusable, without throwing at construction', async () => {
    const { logs, logger } = collect();
    const handler = createViewerRequestHandler(
      { ...bearerOnly(), stateSecret: 'short' },
      { clock: fixedClock, logger },
    );
    const result = await handler(viewerRequest({ headers: NAVIGATION }));
    assertValidViewerRequestResult(result);
    expect(asResponse(result).status).toBe('502');
    expect(logs[0]).toMatchObject({ event: 'config_invalid', level: 'error' });
    expect(JSON.stringify(logs)).not.toContain('short');
  });

  it('answers 502 when the JWKS is unreachable, for Bearer and cookie sessions', async () => {
    const dead: Server = createServer((_req, res) => res.writeHead(503).end());
    await new Promise<void>((r) => dead.listen(0, '127.0.0.1', r));
    const { port } = dead.address() as AddressInfo;
    try {
      const issuer = { ...siteConfig(idp).issuer, jwksUri: `http://127.0.0.1:${port}/.well-known/jwks.json` };
      const h = harness(siteConfig(idp, { issuer, bearer: true }));
      const token = await access();
      const viaBearer = asResponse(
        await h.handle({ uri: '/docs/a', headers: { authorization: `Bearer ${token}` } }),
      );
      expect(viaBearer.status).toBe('502');
      const viaCookie = asResponse(await navigate(h, '/docs/a', [`edgeward.access=${token}`]));
      expect(viaCookie.status).toBe('502');
      expect(header(viaCookie, 'set-cookie')).toEqual([]);
      expect(h.logs.filter((l) => l.level === 'error').length).toBeGreaterThanOrEqual(2);
    } finally {
      dead.closeAllConnections();
      await new Promise<void>((r) => dead.close(() => r()));
    }
  });

  it('keeps a failing logger from turning a response into a thrown error', async () => {
    const handler = createViewerRequestHandler(bearerOnly(), {
      clock: fixedClock,
      logger: () => {
        throw new Error('logger down');
      },
    });
    const result = await handler(viewerRequest({ headers: FETCH }));
    assertValidViewerRequestResult(result);
    expect(asResponse(result).status).toBe('401');
  });
});
