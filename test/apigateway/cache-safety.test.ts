/**
 * The point of the cache-safe policy: API Gateway caches the authorizer's result per token (TTL 300 s)
 * and evaluates the cached policy against the method ARNs of the token's LATER requests. For an example
 * API and several users, each request in turn is the first (uncached) one; the policy it returns is then
 * evaluated with the IAM evaluator against EVERY route of the API, and must give exactly what the rules
 * (first match wins, the rules module as the oracle) give for that token and route.
 */

import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { evaluatePolicy } from '../../packages/edgeward/src/apigateway/iam-evaluator.js';
import {
  type AuthorizerConfigMessage,
  createTokenAuthorizer,
  type TokenAuthorizerConfig,
  validateAuthorizerConfig,
} from '../../packages/edgeward/src/apigateway/index.js';
import type {
  CognitoIssuerConfig,
  Hs256IssuerConfig,
  RulesConfig,
} from '../../packages/edgeward/src/core/config.js';
import { authorize } from '../../packages/edgeward/src/core/rules/index.js';
import { createVerifier } from '../../packages/edgeward/src/core/verify/index.js';
import type { VerifiedToken } from '../../packages/edgeward/src/core/verify/types.js';
import { tokenEvent } from '../fixtures/apigateway/events.js';
import { bakedJwks, cognitoIssuer } from '../helpers/issuers.js';
import {
  accessClaims,
  FIXED_NOW,
  fixedClock,
  makeKey,
  signHs256,
  signToken,
  type TestKey,
} from '../helpers/keys.js';
import { captureLogger, run } from './helpers.js';

const PREFIX = 'arn:aws:execute-api:eu-west-1:123456789012:a1b2c3d4e5/prod';

/** The example API: routes with concrete sample paths (what clients really call). */
const API: readonly { route: string; samples: readonly string[] }[] = [
  { route: 'GET /', samples: ['/'] },
  { route: 'GET /public/info', samples: ['/public/info'] },
  { route: 'GET /pets', samples: ['/pets'] },
  { route: 'POST /pets', samples: ['/pets'] },
  { route: 'GET /pets/{id}', samples: ['/pets/42', '/pets/abc'] },
  { route: 'PUT /pets/{id}', samples: ['/pets/42'] },
  { route: 'DELETE /pets/{id}', samples: ['/pets/7'] },
  { route: 'GET /pets/{id}/photos', samples: ['/pets/42/photos'] },
  { route: 'ANY /admin/{proxy+}', samples: ['/admin/users', '/admin/a/b/c'] },
  { route: 'GET /users/{userId}/profile', samples: ['/users/u-alice/profile', '/users/u-bob/profile'] },
];
const VERBS = ['GET', 'POST', 'PUT', 'DELETE'];

/** Every (method, path) a client can send to the example API. */
function requests(): { method: string; path: string }[] {
  const out: { method: string; path: string }[] = [];
  for (const { route, samples } of API) {
    const [verb] = route.split(' ') as [string];
    for (const path of samples)
      for (const method of verb === 'ANY' ? VERBS : [verb]) out.push({ method, path });
  }
  return out;
}

const USERS = {
  alice: { sub: 'u-alice', username: 'alice', 'cognito:groups': ['members', 'admins'] },
  bob: { sub: 'u-bob', username: 'bob', 'cognito:groups': ['members'] },
  carol: { sub: 'u-carol', username: 'carol', 'cognito:groups': ['staff'] },
  dave: { sub: 'u-dave', username: 'dave', 'cognito:groups': [] as string[] },
};

/** Rule mode, default authenticated: path rules where a carve-out is needed. */
const RULE_MODE: RulesConfig = {
  rules: [
    { path: '/public/*', access: 'public' },
    { resource: '/admin/{proxy+}', groups: ['admins'] },
    { resource: '/pets', methods: ['POST'], groups: ['staff', 'admins'] },
    { path: '/pets/*', methods: ['PUT', 'DELETE'], groups: ['staff'] },
    { path: '/users/*', groups: ['admins'] },
  ],
};

/** Routes mode, default deny: resource rules with `{id}` (wider IAM globs), made exact by the route list. */
const ROUTES_MODE: RulesConfig = {
  defaultAccess: 'deny',
  rules: [
    { path: '/public/*', access: 'public' },
    { resource: '/admin/{proxy+}', groups: ['admins'] },
    { resource: '/pets', methods: ['GET'] },
    { resource: '/pets', methods: ['POST'], groups: ['staff', 'admins'] },
    { resource: '/pets/{id}', methods: ['GET'] },
    { resource: '/pets/{id}', methods: ['PUT', 'DELETE'], groups: ['staff'] },
    { resource: '/pets/{id}/photos', groups: ['members'] },
    { resource: '/users/{userId}/profile', groups: ['admins'] },
  ],
};

/** Claim interpolation that cannot be carved out of a default allow: the plan must fall back. */
const NOT_EXACT: RulesConfig = {
  rules: [{ path: '/users/{sub}/*' }, { path: '/users/*', access: 'deny' }],
};

let key: TestKey;
beforeAll(async () => {
  key = await makeKey('kid-cache');
});

function issuer(): CognitoIssuerConfig {
  return cognitoIssuer({ jwks: bakedJwks(key) });
}

async function tokensFor(): Promise<Record<string, { jwt: string; verified: VerifiedToken }>> {
  const verifier = createVerifier(issuer(), { clock: fixedClock });
  const out: Record<string, { jwt: string; verified: VerifiedToken }> = {};
  for (const [name, claims] of Object.entries(USERS)) {
    const jwt = await signToken(key, accessClaims(claims));
    out[name] = { jwt, verified: await verifier.verify(jwt) };
  }
  return out;
}

/**
 * For every user and every first request: the returned policy, evaluated against every request of the
 * API, must equal the rules' decision. Returns how many policies were cache-safe.
 */
async function checkExact(config: TokenAuthorizerConfig, expectCacheSafe: boolean): Promise<number> {
  const log = captureLogger();
  const handler = createTokenAuthorizer(config, { clock: fixedClock, logger: log.logger });
  const tokens = await tokensFor();
  const all = requests();
  let cacheSafe = 0;
  for (const [user, { jwt, verified }] of Object.entries(tokens)) {
    for (const first of all) {
      const out = await run(
        'rest',
        handler(tokenEvent(`Bearer ${jwt}`, `${PREFIX}/${first.method}${first.path}`)),
      );
      if (out.kind !== 'result') throw new Error(`${user}: unexpected Unauthorized`);
      const statements = out.result.policyDocument.Statement;
      const isMethodPolicy =
        statements.length === 1 && !Array.isArray((statements[0] as { Resource?: unknown }).Resource);
      if (!isMethodPolicy) cacheSafe++;
      for (const later of all) {
        const expected = authorize(config.rules!, later, verified).outcome === 'allow' ? 'Allow' : 'Deny';
        const arn = `${PREFIX}/${later.method}${later.path}`;
        const got = evaluatePolicy(out.result.policyDocument, arn).effect;
        if (expectCacheSafe || (later.method === first.method && later.path === first.path)) {
          expect(
            got,
            `${user}: first ${first.method} ${first.path}, then ${later.method} ${later.path}`,
          ).toBe(expected);
        } else if (got === 'Allow') {
          // a method policy may refuse the token's other routes but never allow what the rules refuse
          expect(expected, `${user}: ${later.method} ${later.path}`).toBe('Allow');
        }
      }
    }
  }
  if (expectCacheSafe) expect(log.records.filter((r) => r.event === 'policy_fallback')).toEqual([]);
  return cacheSafe;
}

function errors(messages: AuthorizerConfigMessage[]) {
  return messages.filter((m) => m.severity === 'error');
}

describe('cache-safe policy: a cached result is right for every route of the token', () => {
  it('rule mode (default authenticated, Deny carve-outs): exact for every user and every first request', async () => {
    const config: TokenAuthorizerConfig = { issuer: issuer(), rules: RULE_MODE };
    expect(validateAuthorizerConfig('token', config)).toEqual([]);
    const n = await checkExact(config, true);
    expect(n).toBe(4 * requests().length);
  });

  it('routes mode (default deny, {id} resources): exact for every user and every first request', async () => {
    const config: TokenAuthorizerConfig = {
      issuer: issuer(),
      rules: ROUTES_MODE,
      policy: { routes: API.map((a) => a.route) },
    };
    expect(validateAuthorizerConfig('token', config)).toEqual([]);
    await checkExact(config, true);
  });

  it('the same rules without the route list cannot be proven exact: warned at build time, method policies', async () => {
    const config: TokenAuthorizerConfig = { issuer: issuer(), rules: ROUTES_MODE };
    const messages = validateAuthorizerConfig('token', config);
    expect(errors(messages)).toEqual([]);
    expect(messages).toEqual([
      expect.objectContaining({
        severity: 'warning',
        message: expect.stringMatching(/^policy: the cache-safe policy cannot be proven exact/),
      }),
    ]);
    await checkExact(config, false);
  });

  it('falls back (logged policy_fallback) when a refused rule overlaps an earlier allowed one; never over-allows', async () => {
    const config: TokenAuthorizerConfig = { issuer: issuer(), rules: NOT_EXACT };
    expect(validateAuthorizerConfig('token', config)).toEqual([
      expect.objectContaining({
        severity: 'warning',
        message: expect.stringContaining('rule 1 (refused) overlaps rule 0'),
      }),
    ]);
    const log = captureLogger();
    const handler = createTokenAuthorizer(config, { clock: fixedClock, logger: log.logger });
    const { alice } = await tokensFor();
    const arn = `${PREFIX}/GET/users/u-alice/profile`;
    const out = await run('rest', handler(tokenEvent(`Bearer ${alice!.jwt}`, arn)));
    expect(out).toMatchObject({
      kind: 'result',
      result: { policyDocument: { Statement: [{ Effect: 'Allow', Resource: arn }] } },
    });
    expect(log.records).toContainEqual(expect.objectContaining({ level: 'warn', event: 'policy_fallback' }));
    await checkExact(config, false);
  });

  it('routes mode falls back when a rule matches only part of a route (claim interpolation)', async () => {
    const config: TokenAuthorizerConfig = {
      issuer: issuer(),
      rules: NOT_EXACT,
      policy: { routes: API.map((a) => a.route) },
    };
    expect(validateAuthorizerConfig('token', config)).toEqual([
      expect.objectContaining({
        severity: 'warning',
        message: expect.stringContaining(
          'route "GET /users/{userId}/profile" is only partly matched by rule 0',
        ),
      }),
    ]);
    expect(await checkExact(config, false)).toBeLessThan(4 * requests().length);
  });

  it('a percent-encoded path gets a method policy, and cached policies refuse hygiene-rejected paths', async () => {
    const config: TokenAuthorizerConfig = { issuer: issuer(), rules: RULE_MODE };
    const handler = createTokenAuthorizer(config, { clock: fixedClock, logger: captureLogger().logger });
    const { bob } = await tokensFor();
    const encoded = `${PREFIX}/GET/pets/a%20b`;
    const first = await run('rest', handler(tokenEvent(`Bearer ${bob!.jwt}`, encoded)));
    expect(first).toMatchObject({
      result: { policyDocument: { Statement: [{ Effect: 'Allow', Resource: encoded }] } },
    });
    const cached = await run('rest', handler(tokenEvent(`Bearer ${bob!.jwt}`, `${PREFIX}/GET/pets`)));
    if (cached.kind !== 'result') throw new Error('expected a result');
    for (const path of [
      '/%61dmin/users',
      '/public/..%2fadmin',
      '/public/../admin/x',
      '//admin/x',
      '/pets/a\\b',
      '/x/.',
    ]) {
      expect(evaluatePolicy(cached.result.policyDocument, `${PREFIX}/GET${path}`).effect, path).toBe('Deny');
    }
  });
});

/** Issue 13: the REST authorizer allowed `;` paths directly and from cached policies. */
describe('cache-safe policy: ";" path parameters and dot-segments (issue 13, must fix 1)', () => {
  const RULES: RulesConfig = {
    rules: [
      { path: '/public/*', access: 'public' },
      { path: '/admin/*', groups: ['admins'] },
    ],
  };
  const BYPASSES = [
    '/public/..;/admin/x',
    '/public/..;/admin/secret',
    '/public/%2e%2e;/admin/secret',
    '/public/..;x=1/admin/secret',
    '/public/.;/..;/admin/secret',
    '/admin;jsessionid=0123/x',
    '/admin;/x',
    '/public/;x/admin/secret',
  ];

  it('a members-only token is refused every bypass directly, and by the cached policy of GET /public/a', async () => {
    const config: TokenAuthorizerConfig = { issuer: issuer(), rules: RULES };
    const handler = createTokenAuthorizer(config, { clock: fixedClock, logger: captureLogger().logger });
    const { bob } = await tokensFor();
    for (const path of BYPASSES) {
      const direct = await run('rest', handler(tokenEvent(`Bearer ${bob!.jwt}`, `${PREFIX}/GET${path}`)));
      if (direct.kind !== 'result') throw new Error('expected a result');
      expect(evaluatePolicy(direct.result.policyDocument, `${PREFIX}/GET${path}`).effect, path).toBe('Deny');
    }
    const cached = await run('rest', handler(tokenEvent(`Bearer ${bob!.jwt}`, `${PREFIX}/GET/public/a`)));
    if (cached.kind !== 'result') throw new Error('expected a result');
    expect(evaluatePolicy(cached.result.policyDocument, `${PREFIX}/GET/public/b`).effect).toBe('Allow');
    for (const path of BYPASSES) {
      expect(evaluatePolicy(cached.result.policyDocument, `${PREFIX}/GET${path}`).effect, path).toBe('Deny');
    }
  });

  it('an admin still reaches /admin;jsessionid=0123/x: a method policy for that request', async () => {
    const handler = createTokenAuthorizer(
      { issuer: issuer(), rules: RULES },
      { clock: fixedClock, logger: captureLogger().logger },
    );
    const { alice } = await tokensFor();
    const arn = `${PREFIX}/GET/admin;jsessionid=0123/x`;
    const out = await run('rest', handler(tokenEvent(`Bearer ${alice!.jwt}`, arn)));
    expect(out).toMatchObject({
      kind: 'result',
      result: { policyDocument: { Statement: [{ Effect: 'Allow', Resource: arn }] } },
    });
  });

  it('originPaths "iis": every policy names the current ARN only (IAM is case-sensitive), warned at build time', async () => {
    const config: TokenAuthorizerConfig = { issuer: issuer(), rules: RULES, originPaths: 'iis' };
    expect(validateAuthorizerConfig('token', config)).toEqual([
      expect.objectContaining({
        severity: 'warning',
        message: expect.stringMatching(/^originPaths: with "iis"/),
      }),
    ]);
    const log = captureLogger();
    const handler = createTokenAuthorizer(config, { clock: fixedClock, logger: log.logger });
    const { bob } = await tokensFor();
    const first = await run('rest', handler(tokenEvent(`Bearer ${bob!.jwt}`, `${PREFIX}/GET/public/a`)));
    if (first.kind !== 'result') throw new Error('expected a result');
    expect(first.result.policyDocument.Statement).toEqual([
      { Action: 'execute-api:Invoke', Effect: 'Allow', Resource: `${PREFIX}/GET/public/a` },
    ]);
    for (const path of ['/ADMIN/x', '/Admin/x', '/admin./x', '/admin/x']) {
      expect(evaluatePolicy(first.result.policyDocument, `${PREFIX}/GET${path}`).effect, path).toBe('Deny');
      const direct = await run('rest', handler(tokenEvent(`Bearer ${bob!.jwt}`, `${PREFIX}/GET${path}`)));
      if (direct.kind !== 'result') throw new Error('expected a result');
      expect(evaluatePolicy(direct.result.policyDocument, `${PREFIX}/GET${path}`).effect, path).toBe('Deny');
    }
    expect(log.records).toContainEqual(
      expect.objectContaining({
        event: 'policy_fallback',
        detail: expect.stringContaining('originPaths "iis"'),
      }),
    );
    // the same rules under "standard" let /ADMIN/x through (a different object on a case-sensitive origin)
    const standard = createTokenAuthorizer(
      { issuer: issuer(), rules: RULES },
      { clock: fixedClock, logger: captureLogger().logger },
    );
    const other = await run('rest', standard(tokenEvent(`Bearer ${bob!.jwt}`, `${PREFIX}/GET/ADMIN/x`)));
    if (other.kind !== 'result') throw new Error('expected a result');
    expect(evaluatePolicy(other.result.policyDocument, `${PREFIX}/GET/ADMIN/x`).effect).toBe('Allow');
  });
});

/** Issue 13, must fix 2: a claim with more values than a rule may name globs for. */
describe('cache-safe policy: claims with more than MAX_GLOBS_PER_RULE values (issue 13, must fix 2)', () => {
  const HS_SECRET = new Uint8Array(32).map((_, i) => 200 - i);
  const hsIssuer: Hs256IssuerConfig = {
    kind: 'hs256',
    secret: { base64url: Buffer.from(HS_SECRET).toString('base64url') },
    issuer: 'https://issuer.example',
  };
  const verifier = createVerifier(hsIssuer, { clock: fixedClock });
  const teams = (n: number) => Array.from({ length: n }, (_, i) => `team${i}`);
  async function hsToken(claims: Record<string, unknown>) {
    const jwt = await signHs256(HS_SECRET, {
      sub: 'u-many',
      iss: 'https://issuer.example',
      iat: FIXED_NOW,
      exp: FIXED_NOW + 600,
      ...claims,
    });
    return { jwt, verified: await verifier.verify(jwt) };
  }

  it('the issue reproduction: 101 groups, no "write" scope, maxResources 400 → GET /teams/team100/secret is refused by the policy of GET /other', async () => {
    const config: TokenAuthorizerConfig = {
      issuer: hsIssuer,
      rules: { rules: [{ path: '/teams/{cognito:groups}/*', scopes: ['write'] }] },
      policy: { maxResources: 400 },
    };
    const log = captureLogger();
    const handler = createTokenAuthorizer(config, { clock: fixedClock, logger: log.logger });
    const { jwt, verified } = await hsToken({ 'cognito:groups': teams(101) });
    const out = await run('rest', handler(tokenEvent(`Bearer ${jwt}`, `${PREFIX}/GET/other`)));
    if (out.kind !== 'result') throw new Error('expected a result');
    for (const t of ['team0', 'team99', 'team100']) {
      const arn = `${PREFIX}/GET/teams/${t}/secret`;
      expect(authorize(config.rules!, { method: 'GET', path: `/teams/${t}/secret` }, verified).outcome).toBe(
        'forbidden',
      );
      expect(evaluatePolicy(out.result.policyDocument, arn).effect, t).toBe('Deny');
    }
    expect(log.records).toContainEqual(
      expect.objectContaining({
        event: 'policy_fallback',
        detail: expect.stringContaining('more claim values'),
      }),
    );
  });

  it('a token with 101 groups never reuses the cached plan of a token with the same first 100', async () => {
    const config: TokenAuthorizerConfig = {
      issuer: hsIssuer,
      rules: { rules: [{ path: '/teams/{cognito:groups}/*', scopes: ['write'] }] },
      policy: { maxResources: 400 },
    };
    const handler = createTokenAuthorizer(config, { clock: fixedClock, logger: () => {} });
    const hundred = await hsToken({ 'cognito:groups': teams(100) });
    const first = await run('rest', handler(tokenEvent(`Bearer ${hundred.jwt}`, `${PREFIX}/GET/other`)));
    if (first.kind !== 'result') throw new Error('expected a result');
    expect(evaluatePolicy(first.result.policyDocument, `${PREFIX}/GET/teams/team99/x`).effect).toBe('Deny');
    expect(evaluatePolicy(first.result.policyDocument, `${PREFIX}/GET/elsewhere`).effect).toBe('Allow');
    const more = await hsToken({ 'cognito:groups': teams(101) });
    const out = await run('rest', handler(tokenEvent(`Bearer ${more.jwt}`, `${PREFIX}/GET/other`)));
    if (out.kind !== 'result') throw new Error('expected a result');
    expect(evaluatePolicy(out.result.policyDocument, `${PREFIX}/GET/teams/team100/x`).effect).toBe('Deny');
  });

  it('property: for random claim cardinalities around every limit, a policy never allows what the rules refuse', async () => {
    // One handler for all runs: its plan cache is shared by tokens whose first 100 groups agree.
    const handlers = new Map<string, ReturnType<typeof createTokenAuthorizer>>();
    const RULE_SETS: Record<string, RulesConfig> = {
      allowDefault: { rules: [{ path: '/teams/{cognito:groups}/*', scopes: ['write'] }] },
      denyDefault: {
        defaultAccess: 'deny',
        rules: [
          { path: '/teams/{cognito:groups}/*', scopes: ['write'] },
          { path: '/teams/*', access: 'authenticated' },
          { path: '/public/*', access: 'public' },
        ],
      },
      twoPlaceholders: {
        rules: [
          { path: '/t/{cognito:groups}/{custom:units}/*', scopes: ['write'] },
          { path: '/own/{sub}/*' },
        ],
      },
      allowedByClaim: {
        defaultAccess: 'deny',
        rules: [{ path: '/teams/{cognito:groups}/*' }, { path: '/public/*', access: 'public' }],
      },
    };
    const cardinality = fc.oneof(
      fc.integer({ min: 0, max: 3 }),
      fc.integer({ min: 95, max: 105 }),
      fc.integer({ min: 195, max: 205 }),
    );
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom(...Object.keys(RULE_SETS)),
        cardinality,
        fc.integer({ min: 1, max: 12 }),
        fc.constantFrom(1, 2, 50, 99, 100, 101, 102, 103, 200, 250, 400, 1000),
        fc.boolean(),
        fc.nat(),
        fc.array(fc.integer({ min: -2, max: 2 }), { minLength: 1, maxLength: 3 }),
        async (set, base, units, maxResources, write, seed, steps) => {
          const key = `${set}/${maxResources}`;
          let handler = handlers.get(key);
          if (handler === undefined) {
            handler = createTokenAuthorizer(
              { issuer: hsIssuer, rules: RULE_SETS[set]!, policy: { maxResources } },
              { clock: fixedClock, logger: () => {} },
            );
            handlers.set(key, handler);
          }
          // several tokens in a row through the same handler, their group counts a step apart
          let groups = base;
          for (const step of [0, ...steps]) {
            groups = Math.max(0, groups + step);
            const { jwt, verified } = await hsToken({
              'cognito:groups': teams(groups),
              'custom:units': Array.from({ length: units }, (_, i) => `u${i}`),
              ...(write ? { scope: 'write' } : {}),
            });
            const paths = [
              '/other',
              '/public/a',
              `/teams/team${seed % (groups + 2)}/secret`,
              `/teams/team${groups - 1}/x`,
              `/teams/team${groups}/x`,
              '/teams/team100/x',
              '/teams/team99/x',
              `/t/team${seed % (groups + 1)}/u${seed % (units + 1)}/x`,
              '/t/team100/u0/x',
              '/own/u-many/x',
              '/teams/team100;x/y',
              '/public/..;/teams/team100/x',
            ];
            const first = paths[seed % paths.length]!;
            const out = await run('rest', handler(tokenEvent(`Bearer ${jwt}`, `${PREFIX}/GET${first}`)));
            if (out.kind !== 'result') throw new Error('expected a result');
            for (const later of paths) {
              const decision = authorize(RULE_SETS[set]!, { method: 'GET', path: later }, verified);
              const got = evaluatePolicy(out.result.policyDocument, `${PREFIX}/GET${later}`).effect;
              if (got === 'Allow') {
                expect(
                  decision.outcome,
                  `${set} ${groups}×${units} max ${maxResources}: first ${first}, then ${later}`,
                ).toBe('allow');
              }
            }
          }
        },
      ),
      { numRuns: 150 },
    );
  });
});
