/**
 * The four authorizers end to end: real RS256 tokens against a JWKS server on 127.0.0.1 (Cognito profile),
 * real HS256 tokens, AWS documentation event fixtures, a pinned clock, and every outcome: allow, deny by
 * the rules (403), unauthorized (401), and the deliberate outcome of errors (JWKS down, malformed events).
 * Every result passes the contract validator; every throw is exactly `Error('Unauthorized')`.
 */
import type { APIGatewayAuthorizerResult } from 'aws-lambda';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTokenAuthorizer as leanTokenAuthorizer } from '../../packages/edgeward/src/apigateway/handlers.js';
import { evaluatePolicy } from '../../packages/edgeward/src/apigateway/iam-evaluator.js';
import {
  createHttpApiAuthorizer,
  createRequestAuthorizer,
  createTokenAuthorizer,
  createWebSocketAuthorizer,
  type HttpApiSimpleResult,
  type TokenAuthorizerConfig,
} from '../../packages/edgeward/src/apigateway/index.js';
import type {
  CognitoIssuerConfig,
  Hs256IssuerConfig,
  RulesConfig,
} from '../../packages/edgeward/src/core/config.js';
import { httpEvent, requestEvent, tokenEvent, websocketEvent } from '../fixtures/apigateway/events.js';
import { cognitoIssuer, servedJwks } from '../helpers/issuers.js';
import {
  accessClaims,
  CLIENT_ID,
  FIXED_NOW,
  fixedClock,
  idClaims,
  type JwksServer,
  makeKey,
  signHs256,
  signToken,
  startJwksServer,
  type TestKey,
} from '../helpers/keys.js';
import { flipBit } from '../helpers/tamper.js';
import { b64url, parts, withSignatureBytes } from '../helpers/tokens.js';
import { captureLogger, expectNotLogged, run } from './helpers.js';

let key: TestKey;
let otherKey: TestKey;
let jwks: JwksServer;

beforeAll(async () => {
  key = await makeKey('kid-1');
  otherKey = await makeKey('kid-other');
  jwks = await startJwksServer([key.publicJwk]);
});
afterAll(async () => {
  await jwks.close();
});

const ARN = 'arn:aws:execute-api:us-east-1:123456789012:s4x3opwd6i/test';
const rules: RulesConfig = {
  rules: [
    { resource: '/admin/{proxy+}', groups: ['admins'] },
    { resource: '/pets', methods: ['POST'], scopes: ['pets/write'] },
  ],
};

function cognito(): CognitoIssuerConfig {
  return cognitoIssuer(servedJwks(jwks.url));
}

function tokenAuthorizer(extra: Partial<TokenAuthorizerConfig> = {}) {
  const log = captureLogger();
  const handler = createTokenAuthorizer(
    { issuer: cognito(), rules, ...extra },
    { clock: fixedClock, logger: log.logger },
  );
  return { handler, records: log.records };
}

function effectAt(result: APIGatewayAuthorizerResult, arn: string): string {
  return evaluatePolicy(result.policyDocument, arn).effect;
}

describe('TOKEN authorizer (scenario B, Cognito access token)', () => {
  it('allows a valid access token with a cache-safe policy, principalId = sub and a flat context', async () => {
    const { handler, records } = tokenAuthorizer();
    const token = await signToken(key, accessClaims({ 'cognito:groups': ['members', 'staff'] }));
    const out = await run('rest', handler(tokenEvent(`Bearer ${token}`, `${ARN}/GET/pets/1`)));
    if (out.kind !== 'result') throw new Error('expected a result');
    const r = out.result;
    expect(r.principalId).toBe('aaaaaaaa-bbbb-cccc-dddd-eeeeeeeeeeee');
    expect(r.context).toEqual({
      sub: 'aaaaaaaa-bbbb-cccc-dddd-eeeeeeeeeeee',
      username: 'alice',
      client_id: CLIENT_ID,
      token_use: 'access',
      scope: 'openid email',
      groups: 'members,staff',
    });
    // cache-safe: the same cached policy answers the token's other routes correctly
    expect(effectAt(r, `${ARN}/GET/pets/1`)).toBe('Allow');
    expect(effectAt(r, `${ARN}/DELETE/pets/2`)).toBe('Allow');
    expect(effectAt(r, `${ARN}/GET/admin/users`)).toBe('Deny');
    expect(effectAt(r, `${ARN}/POST/pets`)).toBe('Deny');
    expect(effectAt(r, `${ARN}/GET/pets`)).toBe('Allow');
    expect(records).toContainEqual(
      expect.objectContaining({ event: 'default_authenticated', outcome: 'allow' }),
    );
    expectNotLogged(records, token);
  });

  it('answers a Deny (403) for a valid token the rules refuse, still right for its other routes', async () => {
    const { handler, records } = tokenAuthorizer();
    const token = await signToken(key, accessClaims());
    const out = await run('rest', handler(tokenEvent(`Bearer ${token}`, `${ARN}/GET/admin/users`)));
    if (out.kind !== 'result') throw new Error('expected a result');
    expect(effectAt(out.result, `${ARN}/GET/admin/users`)).toBe('Deny');
    expect(effectAt(out.result, `${ARN}/GET/pets`)).toBe('Allow');
    expect(records).toContainEqual(expect.objectContaining({ event: 'group_missing', outcome: 'deny' }));
  });

  it('never returns a policy resource over 512 characters: a long path that needs a method policy is Unauthorized', async () => {
    // found by `npm run fuzz`: API Gateway refuses such a result (500)
    const { handler, records } = tokenAuthorizer({ policy: { mode: 'method' } });
    const token = await signToken(key, accessClaims());
    const long = `/pets/${'a'.repeat(600)}`;
    const out = await run('rest', handler(tokenEvent(`Bearer ${token}`, `${ARN}/GET${long}`)));
    expect(out.kind).toBe('unauthorized');
    expect(records.at(-1)).toMatchObject({ event: 'path_invalid', outcome: 'unauthorized', level: 'info' });
    // a hygiene refusal of a long path, and a `;` path falling back to a method policy: the same
    const cacheSafe = tokenAuthorizer().handler;
    for (const path of [`${long}/%zz`, `${long};x`]) {
      expect((await run('rest', cacheSafe(tokenEvent(`Bearer ${token}`, `${ARN}/GET${path}`)))).kind).toBe(
        'unauthorized',
      );
    }
    // a short path is unaffected
    const ok = await run('rest', handler(tokenEvent(`Bearer ${token}`, `${ARN}/GET/pets/1`)));
    expect(ok.kind).toBe('result');
  });

  it('allows an admin and a writer where the rules say so', async () => {
    const { handler } = tokenAuthorizer();
    const token = await signToken(key, accessClaims({ 'cognito:groups': ['admins'], scope: 'pets/write' }));
    const out = await run('rest', handler(tokenEvent(`Bearer ${token}`, `${ARN}/POST/pets`)));
    if (out.kind !== 'result') throw new Error('expected a result');
    expect(effectAt(out.result, `${ARN}/POST/pets`)).toBe('Allow');
    expect(effectAt(out.result, `${ARN}/GET/admin/x/y`)).toBe('Allow');
  });

  it.each([
    ['no Bearer scheme', async (t: string) => t],
    ['another scheme', async (t: string) => `Basic ${t}`],
    ['an empty value', async () => ''],
    ['only the scheme', async () => 'Bearer '],
    ['two tokens', async (t: string) => `Bearer ${t}, Bearer ${t}`],
    ['an expired token', async () => `Bearer ${await signToken(key, accessClaims({ exp: FIXED_NOW - 1 }))}`],
    ['an id token (access required)', async () => `Bearer ${await signToken(key, idClaims())}`],
    [
      'another app client',
      async () => `Bearer ${await signToken(key, accessClaims({ client_id: 'other' }))}`,
    ],
    ['an unknown signing key', async () => `Bearer ${await signToken(otherKey, accessClaims())}`],
    [
      'a tampered payload (sub changed, signature kept)',
      async (t: string) => {
        const [h, , s] = parts(t);
        return `Bearer ${h}.${b64url(JSON.stringify(accessClaims({ sub: 'admin' })))}.${s}`;
      },
    ],
    [
      'a tampered signature (one bit flipped)',
      async (t: string) => `Bearer ${withSignatureBytes(t, flipBit)}`,
    ],
    ['a refresh-token-like JWE', async () => 'Bearer aaaa.bbbb.cccc.dddd.eeee'],
  ])('throws Unauthorized for %s', async (_name, make) => {
    const { handler, records } = tokenAuthorizer();
    const token = await signToken(key, accessClaims());
    const value = await make(token);
    const out = await run('rest', handler(tokenEvent(value, `${ARN}/GET/pets`)));
    expect(out.kind).toBe('unauthorized');
    expect(records).toHaveLength(1);
    expect(records[0]).toMatchObject({ level: 'info', outcome: 'unauthorized' });
    expectNotLogged(records, token);
  });

  it('throws Unauthorized when the principalId claim is missing', async () => {
    const { handler, records } = tokenAuthorizer({ principalIdClaim: 'custom:employee_id' });
    const token = await signToken(key, accessClaims());
    expect((await run('rest', handler(tokenEvent(`Bearer ${token}`, `${ARN}/GET/pets`)))).kind).toBe(
      'unauthorized',
    );
    expect(records[0]).toMatchObject({ event: 'token_claim_missing' });
  });

  it('uses a configured principalId claim, extra context claims and usageIdentifierKey', async () => {
    const { handler } = tokenAuthorizer({
      principalIdClaim: 'username',
      usageIdentifierKeyClaim: 'custom:api_key',
      context: { extraClaims: ['custom:tenant', 'custom:roles', 'custom:profile'] },
    });
    const token = await signToken(
      key,
      accessClaims({
        'custom:api_key': 'usage-key-123',
        'custom:tenant': 'acme',
        'custom:roles': ['a', 'b'],
        'custom:profile': { nested: true },
      }),
    );
    const out = await run('rest', handler(tokenEvent(`Bearer ${token}`, `${ARN}/GET/pets`)));
    if (out.kind !== 'result') throw new Error('expected a result');
    expect(out.result.principalId).toBe('alice');
    expect(out.result.usageIdentifierKey).toBe('usage-key-123');
    expect(out.result.context).toMatchObject({ custom_tenant: 'acme', custom_roles: 'a,b' });
    expect(out.result.context).not.toHaveProperty('custom_profile');
  });

  it.each([
    [
      'the console test stage "*" (a wildcard would widen the policy)',
      'arn:aws:execute-api:us-west-2:123456789012:ymy8tbxw7b/*/GET/',
    ],
    ['another service', 'arn:aws:lambda:us-east-1:123456789012:function:f'],
    ['a truncated ARN', 'arn:aws:execute-api:us-east-1:123456789012'],
    ['not a string', 42],
  ])('throws Unauthorized (logged as event_invalid) for a malformed methodArn: %s', async (_n, methodArn) => {
    const { handler, records } = tokenAuthorizer();
    const token = await signToken(key, accessClaims());
    const event = { type: 'TOKEN', authorizationToken: `Bearer ${token}`, methodArn } as never;
    expect((await run('rest', handler(event))).kind).toBe('unauthorized');
    expect(records).toEqual([
      expect.objectContaining({ level: 'error', event: 'event_invalid', outcome: 'error' }),
    ]);
  });

  it.each([
    ['null', null],
    ['a string', 'event'],
    ['a REQUEST event', requestEvent()],
    ['an empty object', {}],
  ])('throws Unauthorized for a malformed event: %s', async (_n, event) => {
    const { handler, records } = tokenAuthorizer();
    expect((await run('rest', handler(event as never))).kind).toBe('unauthorized');
    expect(records[0]).toMatchObject({ level: 'error', event: 'event_invalid' });
  });

  it('throws Unauthorized (logged as jwks_unavailable, level error) when the JWKS is unreachable', async () => {
    const down = await startJwksServer([key.publicJwk]);
    down.setAvailable(false);
    const log = captureLogger();
    const handler = createTokenAuthorizer(
      { issuer: { ...cognito(), jwksUri: down.url } },
      { clock: fixedClock, logger: log.logger },
    );
    const token = await signToken(key, accessClaims());
    try {
      expect((await run('rest', handler(tokenEvent(`Bearer ${token}`, `${ARN}/GET/pets`)))).kind).toBe(
        'unauthorized',
      );
    } finally {
      await down.close();
    }
    expect(log.records).toContainEqual(
      expect.objectContaining({ level: 'error', event: 'jwks_unavailable' }),
    );
  });

  it('answers a method-only Deny for a path refused by hygiene', async () => {
    const { handler } = tokenAuthorizer();
    const token = await signToken(key, accessClaims());
    const arn = `${ARN}/GET/pets/%2e%2e/admin`;
    const out = await run('rest', handler(tokenEvent(`Bearer ${token}`, arn)));
    if (out.kind !== 'result') throw new Error('expected a result');
    expect(out.result.policyDocument.Statement).toEqual([
      { Action: 'execute-api:Invoke', Effect: 'Deny', Resource: arn },
    ]);
  });

  it('accepts an id token when tokenUse is "id"', async () => {
    const { handler } = tokenAuthorizer({ tokenUse: 'id' });
    const token = await signToken(key, idClaims());
    const out = await run('rest', handler(tokenEvent(`Bearer ${token}`, `${ARN}/GET/pets`)));
    if (out.kind !== 'result') throw new Error('expected a result');
    expect(out.result.context).toMatchObject({ token_use: 'id', username: 'alice', client_id: CLIENT_ID });
  });
});

describe('TOKEN authorizer (scenario E, HS256 shared secret)', () => {
  const secret = new Uint8Array(32).map((_, i) => i + 1);
  const env = 'EDGEWARD_TEST_HS256_SECRET';
  const issuer: Hs256IssuerConfig = { kind: 'hs256', secret: { env }, issuer: 'https://issuer.example' };

  function hs256Authorizer() {
    process.env[env] = Buffer.from(secret).toString('base64url');
    const log = captureLogger();
    return { handler: createTokenAuthorizer({ issuer }, { clock: fixedClock, logger: log.logger }), ...log };
  }
  const claims = { sub: 'user-1', iss: 'https://issuer.example', iat: FIXED_NOW, exp: FIXED_NOW + 600 };

  it('allows a valid HS256 token (secret from the environment, resolved at construction)', async () => {
    const { handler } = hs256Authorizer();
    const token = await signHs256(secret, claims);
    const out = await run('rest', handler(tokenEvent(`Bearer ${token}`, `${ARN}/GET/anything`)));
    if (out.kind !== 'result') throw new Error('expected a result');
    expect(out.result.principalId).toBe('user-1');
    expect(effectAt(out.result, `${ARN}/POST/other`)).toBe('Allow');
  });

  it('refuses RS256 and alg "none" tokens (alg pinned) and a wrong secret', async () => {
    const { handler, records } = hs256Authorizer();
    const rs = await signToken(key, claims);
    const header = Buffer.from(JSON.stringify({ alg: 'none', typ: 'JWT' })).toString('base64url');
    const payload = Buffer.from(JSON.stringify(claims)).toString('base64url');
    const wrong = await signHs256(new Uint8Array(32).fill(9), claims);
    for (const t of [rs, `${header}.${payload}.`, wrong]) {
      expect((await run('rest', handler(tokenEvent(`Bearer ${t}`, `${ARN}/GET/x`)))).kind).toBe(
        'unauthorized',
      );
    }
    expect(records.map((r) => r['outcome'])).toEqual(['unauthorized', 'unauthorized', 'unauthorized']);
  });

  it.each([
    ['unset', undefined, /EDGEWARD_TEST_HS256_SECRET \(HS256 secret\) is not set/],
    ['shorter than 32 bytes', Buffer.from(new Uint8Array(16)).toString('base64url'), /16 bytes/],
    ['not base64', 'not a secret at all!', /not base64 or base64url/],
  ])(
    'answers Unauthorized on every invocation, never throws at construction, for a secret %s',
    async (_n, value, detail) => {
      if (value === undefined) delete process.env[env];
      else process.env[env] = value;
      const log = captureLogger();
      for (const create of [createTokenAuthorizer, leanTokenAuthorizer]) {
        const handler = create({ issuer }, { clock: fixedClock, logger: log.logger });
        const token = await signHs256(secret, claims);
        for (let i = 0; i < 2; i++) {
          expect((await run('rest', handler(tokenEvent(`Bearer ${token}`, `${ARN}/GET/x`)))).kind).toBe(
            'unauthorized',
          );
        }
      }
      expect(log.records).toHaveLength(4);
      for (const r of log.records) {
        expect(r).toMatchObject({
          level: 'error',
          event: 'config_invalid',
          authorizer: 'token',
          outcome: 'error',
        });
        expect(String(r['detail'])).toMatch(detail);
        if (value) expect(JSON.stringify(r)).not.toContain(value);
      }
    },
  );

  it('accepts the secret in standard base64 with padding (openssl rand -base64 32)', async () => {
    process.env[env] = `${Buffer.from(secret).toString('base64')}\n`;
    expect(process.env[env]).toMatch(/=\n$/);
    const handler = createTokenAuthorizer({ issuer }, { clock: fixedClock, logger: captureLogger().logger });
    const token = await signHs256(secret, claims);
    expect((await run('rest', handler(tokenEvent(`Bearer ${token}`, `${ARN}/GET/x`)))).kind).toBe('result');
  });

  it('an invalid rule is a failing handler too, not a throw at construction', async () => {
    process.env[env] = Buffer.from(secret).toString('base64url');
    const log = captureLogger();
    const rules = { rules: [{ path: '/a', access: 'sometimes' }] } as unknown as RulesConfig;
    const handler = createTokenAuthorizer({ issuer, rules }, { clock: fixedClock, logger: log.logger });
    const token = await signHs256(secret, claims);
    expect((await run('rest', handler(tokenEvent(`Bearer ${token}`, `${ARN}/GET/x`)))).kind).toBe(
      'unauthorized',
    );
    expect(log.records).toEqual([expect.objectContaining({ level: 'error', event: 'config_invalid' })]);
  });
});

describe('REQUEST authorizer', () => {
  function requestAuthorizer(tokenSource?: Parameters<typeof createRequestAuthorizer>[0]['tokenSource']) {
    const log = captureLogger();
    const handler = createRequestAuthorizer(
      { issuer: cognito(), rules, ...(tokenSource ? { tokenSource } : {}) },
      { clock: fixedClock, logger: log.logger },
    );
    return { handler, records: log.records };
  }

  it('reads Authorization: Bearer (header name case-insensitive) and allows', async () => {
    const { handler } = requestAuthorizer();
    const token = await signToken(key, accessClaims());
    const out = await run(
      'rest',
      handler(requestEvent({ headers: { authorization: `Bearer ${token}` }, path: '/pets' })),
    );
    expect(out.kind).toBe('result');
  });

  it('throws Unauthorized when the Authorization header is absent or sent twice', async () => {
    const { handler } = requestAuthorizer();
    const token = await signToken(key, accessClaims());
    expect((await run('rest', handler(requestEvent()))).kind).toBe('unauthorized');
    const twice = requestEvent({
      multiValueHeaders: { Authorization: [`Bearer ${token}`, `Bearer ${token}`] },
    });
    expect((await run('rest', handler(twice))).kind).toBe('unauthorized');
  });

  it('reads a query parameter or a cookie when configured', async () => {
    const token = await signToken(key, accessClaims());
    const byQuery = requestAuthorizer({ query: 'access_token' });
    expect((await run('rest', byQuery.handler(requestEvent({ query: { access_token: token } })))).kind).toBe(
      'result',
    );
    const byCookie = requestAuthorizer({ cookie: 'id' });
    const cookie = { Cookie: `theme=dark; id=${token}; lang=en` };
    expect((await run('rest', byCookie.handler(requestEvent({ headers: cookie })))).kind).toBe('result');
    const twoCookies = { Cookie: `id=${token}; id=${token}` };
    expect((await run('rest', byCookie.handler(requestEvent({ headers: twoCookies })))).kind).toBe(
      'unauthorized',
    );
  });

  it('reads cookies as the site does (core parseCookieHeaders): quoted form accepted, never percent-decoded', async () => {
    const token = await signToken(key, accessClaims());
    const byCookie = requestAuthorizer({ cookie: 'id' });
    const quoted = { Cookie: `id="${token}"` };
    expect((await run('rest', byCookie.handler(requestEvent({ headers: quoted })))).kind).toBe('result');
    const dot = token.indexOf('.');
    const escaped = { Cookie: `id=${token.slice(0, dot)}%2E${token.slice(dot + 1)}` };
    expect((await run('rest', byCookie.handler(requestEvent({ headers: escaped })))).kind).toBe(
      'unauthorized',
    );
    const split = { Cookie: `theme=dark; id=${token}`, cookie: `id=${token}` };
    expect((await run('rest', byCookie.handler(requestEvent({ headers: split })))).kind).toBe('unauthorized');
  });

  it('denies what the rules refuse (403), decided on the methodArn path', async () => {
    const { handler } = requestAuthorizer();
    const token = await signToken(key, accessClaims());
    const event = requestEvent({ headers: { Authorization: `Bearer ${token}` }, path: '/admin/users' });
    const out = await run('rest', handler(event));
    if (out.kind !== 'result') throw new Error('expected a result');
    expect(evaluatePolicy(out.result.policyDocument, event.methodArn).effect).toBe('Deny');
  });
});

describe('HTTP API authorizer (payload 2.0)', () => {
  const routeArn = 'arn:aws:execute-api:us-east-1:123456789012:abcdef123/test';

  it('simple responses: isAuthorized true with context, false when the rules refuse', async () => {
    const handler = createHttpApiAuthorizer(
      { issuer: cognito(), rules, response: 'simple' },
      { clock: fixedClock, logger: captureLogger().logger },
    );
    const token = await signToken(key, accessClaims());
    const headers = { authorization: `Bearer ${token}` };
    const ok = await run<HttpApiSimpleResult | APIGatewayAuthorizerResult>(
      'http-simple',
      handler(httpEvent({ headers, routeArn: `${routeArn}/GET/pets` })),
    );
    expect(ok).toMatchObject({
      kind: 'result',
      result: { isAuthorized: true, context: { username: 'alice' } },
    });
    const no = await run('http-simple', handler(httpEvent({ headers, routeArn: `${routeArn}/GET/admin/x` })));
    expect(no).toMatchObject({ kind: 'result', result: { isAuthorized: false } });
    expect((await run('http-simple', handler(httpEvent({ routeArn: `${routeArn}/GET/pets` })))).kind).toBe(
      'unauthorized',
    );
  });

  it('IAM responses (default) with a cache-safe policy on route ARNs', async () => {
    const handler = createHttpApiAuthorizer(
      { issuer: cognito(), rules },
      { clock: fixedClock, logger: captureLogger().logger },
    );
    const token = await signToken(key, accessClaims());
    const out = await run(
      'http-iam',
      handler(httpEvent({ headers: { authorization: `Bearer ${token}` }, routeArn: `${routeArn}/GET/pets` })),
    );
    if (out.kind !== 'result') throw new Error('expected a result');
    const r = out.result as APIGatewayAuthorizerResult;
    expect(evaluatePolicy(r.policyDocument, `${routeArn}/GET/pets`).effect).toBe('Allow');
    expect(evaluatePolicy(r.policyDocument, `${routeArn}/GET/admin/x`).effect).toBe('Deny');
    expect(r).not.toHaveProperty('usageIdentifierKey');
  });

  it('without a verb in the route ARN, decides on rawPath minus the named stage (no fail-open)', async () => {
    const handler = createHttpApiAuthorizer(
      { issuer: cognito(), rules, response: 'simple' },
      { clock: fixedClock, logger: captureLogger().logger },
    );
    const headers = { authorization: `Bearer ${await signToken(key, accessClaims())}` };
    const at = (rawPath: string, stage: string) =>
      run(
        'http-simple',
        handler(httpEvent({ headers, routeArn: `${routeArn}/$default`, rawPath, stage, method: 'GET' })),
      );
    expect(await at('/test/admin/x', 'test')).toMatchObject({ result: { isAuthorized: false } });
    expect(await at('/admin/x', '$default')).toMatchObject({ result: { isAuthorized: false } });
    expect(await at('/test/pets', 'test')).toMatchObject({ result: { isAuthorized: true } });
    // only a whole `/<stage>` segment is removed: `/testing/…` is not `/test/…` + `ing/…`
    expect(await at('/testing/admin/x', 'test')).toMatchObject({ result: { isAuthorized: true } });
  });

  it('reads the token from the cookies array; refuses a wrong version or routeArn', async () => {
    const handler = createHttpApiAuthorizer(
      { issuer: cognito(), tokenSource: { cookie: 'access' }, response: 'simple' },
      { clock: fixedClock, logger: captureLogger().logger },
    );
    const token = await signToken(key, accessClaims());
    const cookies = ['cookie1', `access=${token}`];
    expect(await run('http-simple', handler(httpEvent({ cookies })))).toMatchObject({
      result: { isAuthorized: true },
    });
    expect((await run('http-simple', handler(httpEvent({ cookies, version: '1.0' })))).kind).toBe(
      'unauthorized',
    );
    expect(
      (await run('http-simple', handler(httpEvent({ cookies, routeArn: 'arn:aws:s3:::bucket' })))).kind,
    ).toBe('unauthorized');
  });
});

describe('WebSocket $connect authorizer', () => {
  function wsAuthorizer(extraRules?: RulesConfig) {
    const log = captureLogger();
    const handler = createWebSocketAuthorizer(
      { issuer: cognito(), ...(extraRules ? { rules: extraRules } : {}) },
      { clock: fixedClock, logger: log.logger },
    );
    return { handler, records: log.records };
  }
  const connectArn = 'arn:aws:execute-api:us-east-1:123456789012:abcdef123/default/$connect';

  it('allows $connect with the token in the access_token query parameter (policy on the $connect ARN)', async () => {
    const { handler, records } = wsAuthorizer();
    const token = await signToken(key, accessClaims());
    const out = await run('websocket', handler(websocketEvent({ query: { access_token: token } })));
    if (out.kind !== 'result') throw new Error('expected a result');
    expect(out.result.policyDocument.Statement).toEqual([
      { Action: 'execute-api:Invoke', Effect: 'Allow', Resource: connectArn },
    ]);
    expectNotLogged(records, token);
  });

  it('throws Unauthorized without a token, and for a non-$connect ARN', async () => {
    const { handler } = wsAuthorizer();
    const token = await signToken(key, accessClaims());
    expect((await run('websocket', handler(websocketEvent()))).kind).toBe('unauthorized');
    const other = websocketEvent({
      query: { access_token: token },
      methodArn: connectArn.replace('$connect', '$default'),
    });
    expect((await run('websocket', handler(other))).kind).toBe('unauthorized');
  });

  it('denies a user the rules refuse', async () => {
    const { handler } = wsAuthorizer({ rules: [{ path: '/$connect', groups: ['chat'] }] });
    const token = await signToken(key, accessClaims());
    const out = await run('websocket', handler(websocketEvent({ query: { access_token: token } })));
    if (out.kind !== 'result') throw new Error('expected a result');
    expect(evaluatePolicy(out.result.policyDocument, connectArn).effect).toBe('Deny');
  });
});
