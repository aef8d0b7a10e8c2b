/**
 * The identity-pool credentials route: same-origin only, session and id token verified, Cognito
 * Identity `GetId` + `GetCredentialsForIdentity` (a double on 127.0.0.1 answering the documented shapes),
 * deliberate 502/503 JSON for every Cognito failure, nothing sensitive logged.
 *
 * Contracts: https://docs.aws.amazon.com/cognitoidentity/latest/APIReference/API_GetId.html and
 * https://docs.aws.amazon.com/cognitoidentity/latest/APIReference/API_GetCredentialsForIdentity.html
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { CloudFrontRequestResult } from 'aws-lambda';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { SiteConfig } from '../../packages/edgeward/src/cloudfront/config.js';
import { createSiteHandler } from '../../packages/edgeward/src/cloudfront/handler.js';
import { createViewerRequestHandler } from '../../packages/edgeward/src/cloudfront/index.js';
import type { FetchLike, LogRecord } from '../../packages/edgeward/src/core/runtime.js';
import { FETCH, HOST, viewerRequest } from '../fixtures/cloudfront/viewer-request.js';
import { FIXED_NOW_MS, ISSUER } from '../helpers/keys.js';
import { assertValidViewerRequestResult } from './contract.js';
import { asResponse, harness, header, type Jar, logIn, siteConfig } from './harness.js';
import { startTokenEndpoint, type TokenEndpoint } from './token-endpoint.js';

const POOL = 'us-east-1:0f6c1c4e-0000-4000-8000-000000000000';
const IDENTITY = 'us-east-1:11111111-2222-4333-8444-555555555555';
const SECRET = 'double-secret-key-value';
const SESSION_TOKEN = 'double-session-token-value';

/** What the Cognito Identity double answers next. */
type Mode = 'ok' | 'throttled' | 'not-authorized' | 'down' | 'malformed' | 'identity-gone';

let idp: TokenEndpoint;
let cognito: Server;
let endpoint: string;
let mode: Mode = 'ok';
const calls: { target: string; body: Record<string, unknown> }[] = [];

beforeAll(async () => {
  idp = await startTokenEndpoint();
  cognito = createServer((req, res) => {
    let text = '';
    req.on('data', (c) => {
      text += c;
    });
    req.on('end', () => {
      const target = String(req.headers['x-amz-target']);
      calls.push({ target, body: JSON.parse(text) });
      const reply = (status: number, body: unknown) => {
        res.writeHead(status, { 'content-type': 'application/x-amz-json-1.1' }).end(JSON.stringify(body));
      };
      if (req.headers['content-type'] !== 'application/x-amz-json-1.1')
        return reply(400, { __type: 'SerializationException' });
      if (mode === 'down') return reply(500, { __type: 'InternalErrorException', message: 'x' });
      if (mode === 'throttled')
        return reply(400, { __type: 'TooManyRequestsException', message: 'slow down' });
      if (mode === 'not-authorized') {
        return reply(400, {
          __type: 'com.amazonaws#NotAuthorizedException',
          message: 'Invalid login token. eyJ',
        });
      }
      if (target === 'AWSCognitoIdentityService.GetId') return reply(200, { IdentityId: IDENTITY });
      if (mode === 'identity-gone') {
        return reply(400, { __type: 'ResourceNotFoundException', message: 'Identity not found' });
      }
      if (mode === 'malformed')
        return reply(200, { IdentityId: IDENTITY, Credentials: { AccessKeyId: 'A' } });
      return reply(200, {
        IdentityId: IDENTITY,
        Credentials: {
          AccessKeyId: 'ASIADOUBLE',
          SecretKey: SECRET,
          SessionToken: SESSION_TOKEN,
          Expiration: FIXED_NOW_MS / 1000 + 3600.5,
        },
      });
    });
  });
  await new Promise<void>((r) => cognito.listen(0, '127.0.0.1', r));
  endpoint = `http://127.0.0.1:${(cognito.address() as AddressInfo).port}/`;
});

afterAll(async () => {
  await idp.close();
  await new Promise((r) => cognito.close(r));
});

beforeEach(() => {
  mode = 'ok';
  calls.length = 0;
});

const config = (overrides: Partial<SiteConfig> = {}) =>
  siteConfig(idp, { identityPool: { identityPoolId: POOL, endpoint }, ...overrides });

/** A signed-in browser: the jar after a hosted-UI login. */
async function signedIn(h: ReturnType<typeof harness>): Promise<Jar> {
  const { res, jar } = await logIn(h, idp, '/docs/page');
  return jar.apply(res);
}

const SAME_ORIGIN = { ...FETCH, 'sec-fetch-site': 'same-origin' };
const body = (res: CloudFrontRequestResult) =>
  JSON.parse(asResponse(res).body ?? '{}') as Record<string, string>;

describe('GET /_edgeward/credentials', () => {
  it('answers the identity’s credentials as JSON, no-store, to a same-origin fetch', async () => {
    const h = harness(config());
    const jar = await signedIn(h);
    const res = asResponse(
      await h.handle({ uri: '/_edgeward/credentials', headers: SAME_ORIGIN, cookies: jar.entries() }),
    );
    expect(res.status).toBe('200');
    expect(header(res, 'cache-control')).toEqual(['no-store']);
    expect(header(res, 'content-type')).toEqual(['application/json']);
    expect(body(res)).toEqual({
      identityId: IDENTITY,
      accessKeyId: 'ASIADOUBLE',
      secretAccessKey: SECRET,
      sessionToken: SESSION_TOKEN,
      expiration: new Date(FIXED_NOW_MS + 3_600_500).toISOString(),
    });
    // Both calls carry the session's id token as the user pool's login.
    const idToken = jar.cookies.get('edgeward.id');
    expect(calls.map((c) => c.target)).toEqual([
      'AWSCognitoIdentityService.GetId',
      'AWSCognitoIdentityService.GetCredentialsForIdentity',
    ]);
    expect(calls[0]!.body).toEqual({
      IdentityPoolId: POOL,
      Logins: { [ISSUER.replace('https://', '')]: idToken },
    });
    expect(calls[1]!.body).toEqual({
      IdentityId: IDENTITY,
      Logins: { [ISSUER.replace('https://', '')]: idToken },
    });
    const logged = JSON.stringify(h.logs);
    for (const secret of [SECRET, SESSION_TOKEN, idToken!.slice(0, 40)]) expect(logged).not.toContain(secret);
    // The identity id is remembered: the next request makes one call.
    await h.handle({ uri: '/_edgeward/credentials', headers: SAME_ORIGIN, cookies: jar.entries() });
    expect(calls.map((c) => c.target).slice(2)).toEqual([
      'AWSCognitoIdentityService.GetCredentialsForIdentity',
    ]);
  });

  it('accepts a matching Origin from a browser without Fetch Metadata', async () => {
    const h = harness(config());
    const jar = await signedIn(h);
    const res = await h.handle({
      uri: '/_edgeward/credentials',
      headers: { origin: `https://${HOST}` },
      cookies: jar.entries(),
    });
    expect(asResponse(res).status).toBe('200');
  });

  it.each([
    ['another site', { ...FETCH, 'sec-fetch-site': 'cross-site', origin: 'https://evil.example' }],
    ['a same-site subdomain', { ...FETCH, 'sec-fetch-site': 'same-site' }],
    ['a navigation typed in the address bar', { 'sec-fetch-site': 'none', 'sec-fetch-mode': 'navigate' }],
    ['a foreign Origin without Fetch Metadata', { origin: 'https://evil.example' }],
    ['the http origin of the same host', { origin: `http://${HOST}` }],
    ['no Fetch Metadata and no Origin', {}],
  ])('refuses %s with 403 cross_origin_refused, before reading the session', async (_name, headers) => {
    const h = harness(config());
    const jar = await signedIn(h);
    const res = asResponse(
      await h.handle({ uri: '/_edgeward/credentials', headers, cookies: jar.entries() }),
    );
    expect([res.status, body(res).error]).toEqual(['403', 'cross_origin_refused']);
    expect(calls).toEqual([]);
  });

  it('answers 405 to anything but GET', async () => {
    const h = harness(config());
    const res = asResponse(
      await h.handle({ uri: '/_edgeward/credentials', method: 'POST', headers: SAME_ORIGIN }),
    );
    expect([res.status, header(res, 'allow')]).toEqual(['405', ['GET']]);
  });

  it('answers 401 JSON without a session', async () => {
    const h = harness(config());
    const res = asResponse(await h.handle({ uri: '/_edgeward/credentials', headers: SAME_ORIGIN }));
    expect([res.status, body(res).error]).toEqual(['401', 'credentials_required']);
    expect(calls).toEqual([]);
  });

  it('follows the rules on its path (a deny rule closes it)', async () => {
    const rules = { rules: [{ path: '/_edgeward/credentials', access: 'deny' as const }] };
    const h = harness(config({ rules }));
    const jar = await signedIn(h);
    const res = asResponse(
      await h.handle({ uri: '/_edgeward/credentials', headers: SAME_ORIGIN, cookies: jar.entries() }),
    );
    expect(res.status).toBe('403');
    expect(calls).toEqual([]);
  });

  it('refuses a session whose id token was tampered with (one bit flipped)', async () => {
    const h = harness(config());
    const jar = await signedIn(h);
    const id = jar.cookies.get('edgeward.id')!;
    const [head, payload, sig] = id.split('.') as [string, string, string];
    const bytes = Buffer.from(sig, 'base64url');
    bytes[3]! ^= 0x10;
    jar.cookies.set('edgeward.id', `${head}.${payload}.${bytes.toString('base64url')}`);
    const res = asResponse(
      await h.handle({ uri: '/_edgeward/credentials', headers: SAME_ORIGIN, cookies: jar.entries() }),
    );
    expect([res.status, body(res).error]).toEqual(['401', 'token_signature_invalid']);
    expect(calls).toEqual([]);
  });

  it.each([
    ['throttled', '503', 'identity_pool_unavailable'],
    ['down', '503', 'identity_pool_unavailable'],
    ['not-authorized', '502', 'identity_pool_error'],
    ['malformed', '502', 'identity_pool_error'],
  ] as const)(
    'maps a Cognito answer “%s” to %s %s, logging only the error type',
    async (m, status, error) => {
      const h = harness(config());
      const jar = await signedIn(h);
      mode = m;
      const res = asResponse(
        await h.handle({ uri: '/_edgeward/credentials', headers: SAME_ORIGIN, cookies: jar.entries() }),
      );
      expect([res.status, body(res)]).toEqual([status, { error }]);
      expect(JSON.stringify(h.logs)).not.toContain('Invalid login token');
    },
  );

  it('asks GetId again after Cognito refused the remembered identity (deleted or merged)', async () => {
    const h = harness(config());
    const jar = await signedIn(h);
    const ask = async () =>
      asResponse(
        await h.handle({ uri: '/_edgeward/credentials', headers: SAME_ORIGIN, cookies: jar.entries() }),
      ).status;
    expect(await ask()).toBe('200');
    mode = 'identity-gone';
    expect(await ask()).toBe('502');
    mode = 'ok';
    calls.length = 0;
    expect(await ask()).toBe('200');
    // Without forgetting the identity, this request would go straight to GetCredentialsForIdentity.
    expect(calls.map((c) => c.target)).toEqual([
      'AWSCognitoIdentityService.GetId',
      'AWSCognitoIdentityService.GetCredentialsForIdentity',
    ]);
  });

  it('maps a timeout to 503 and never throws', async () => {
    const logs: LogRecord[] = [];
    const timingOut: FetchLike = (input, init) =>
      String(input) === endpoint
        ? Promise.reject(new DOMException('The operation was aborted due to timeout', 'TimeoutError'))
        : fetch(input, init);
    const cfg = config();
    const h = harness(cfg);
    const jar = await signedIn(h);
    const handler = createViewerRequestHandler(cfg, {
      clock: () => FIXED_NOW_MS,
      fetch: timingOut,
      logger: (r) => logs.push(r),
    });
    const event = viewerRequest({
      uri: '/_edgeward/credentials',
      headers: SAME_ORIGIN,
      cookies: jar.entries(),
    });
    const res = await handler(event);
    assertValidViewerRequestResult(res, event);
    expect([asResponse(res).status, body(res)]).toEqual(['503', { error: 'identity_pool_unavailable' }]);
    expect(logs.find((l) => l.event === 'identity_pool_unavailable')?.['detail']).toBe(
      'Cognito Identity GetId timed out',
    );
  });
});

describe('identityPool configuration', () => {
  it.each([
    [{ identityPoolId: 'us-east-1_notapool' }, 'identityPool.identityPoolId'],
    [{ identityPoolId: POOL, region: 'eu-west-1' }, 'identityPool.region'],
    [{ identityPoolId: POOL, endpoint: 'http://cognito.example/' }, 'identityPool.endpoint'],
    [{ identityPoolId: POOL, timeoutMs: 10_000 }, 'identityPool.timeoutMs'],
    [{ identityPoolId: POOL, path: '/_edgeward/callback' }, 'identityPool.path'],
  ])('refuses %j (%s): every request is answered 502 config_invalid', async (identityPool, field) => {
    const logs: LogRecord[] = [];
    const handler = createViewerRequestHandler(siteConfig(idp, { identityPool }), {
      logger: (r) => logs.push(r),
    });
    const res = asResponse(await handler(viewerRequest({ uri: '/_edgeward/credentials' })));
    expect(res.status).toBe('502');
    expect(String(logs[0]?.['detail'])).toContain(field);
  });

  it('a bundle built without the route refuses identityPool (config_invalid) instead of ignoring it', async () => {
    globalThis.EDGEWARD_IDENTITY_POOL = false;
    try {
      const logs: LogRecord[] = [];
      const handler = createViewerRequestHandler(
        siteConfig(idp, { identityPool: { identityPoolId: POOL } }),
        {
          logger: (r) => logs.push(r),
        },
      );
      const res = asResponse(await handler(viewerRequest({ uri: '/_edgeward/credentials' })));
      expect(res.status).toBe('502');
      expect(String(logs[0]?.['detail'])).toContain('identityPool: not in this bundle');
    } finally {
      globalThis.EDGEWARD_IDENTITY_POOL = undefined;
    }
  });

  it('needs cookie login', async () => {
    const logs: LogRecord[] = [];
    const handler = createViewerRequestHandler(
      siteConfig(idp, { cookieLogin: false, bearer: true, identityPool: { identityPoolId: POOL } }),
      { logger: (r) => logs.push(r) },
    );
    expect(asResponse(await handler(viewerRequest({}))).status).toBe('502');
    expect(String(logs[0]?.['detail'])).toContain('identityPool needs cookieLogin');
  });

  it('answers 502 config_invalid without cookie login even in a bundle built without the validator', async () => {
    const logs: LogRecord[] = [];
    // What `edgeward build` bakes: createSiteHandler without `validate` (the build ran the checks).
    const handler = createSiteHandler(
      siteConfig(idp, { cookieLogin: false, bearer: true, identityPool: { identityPoolId: POOL } }),
      { logger: (r) => logs.push(r) },
      {
        loadLoginPath: () => import('../../packages/edgeward/src/cloudfront/login-path.js'),
        loadCredentialsRoute: () => import('../../packages/edgeward/src/cloudfront/credentials.js'),
      },
    );
    const event = viewerRequest({ uri: '/_edgeward/credentials', headers: SAME_ORIGIN });
    const res = await handler(event);
    assertValidViewerRequestResult(res, event);
    expect([asResponse(res).status, body(res)]).toEqual(['502', { error: 'config_invalid' }]);
    expect(logs.map((l) => [l.event, l['detail']])).toEqual([
      ['config_invalid', 'identityPool needs cookie login'],
    ]);
    expect(calls).toEqual([]);
  });
});
