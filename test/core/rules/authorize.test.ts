import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { RulesConfig } from '../../../packages/edgeward/src/core/config.js';
import { AuthError } from '../../../packages/edgeward/src/core/errors.js';
import {
  type AccessRequest,
  authorize,
  type CompiledRules,
  compileRules,
  createAuthorizer,
  evaluateRequirements,
  type RuleDecision,
} from '../../../packages/edgeward/src/core/rules/index.js';
import type { VerifiedToken } from '../../../packages/edgeward/src/core/verify/types.js';
import { verifiedToken } from './tokens.js';

const get = (path: string, method = 'GET'): AccessRequest => ({ path, method });

/** The scenario A/C site: public assets, an admin area, per-user and per-team folders. */
const site: RulesConfig = {
  rules: [
    { path: '/public/*', access: 'public' },
    { path: '/admin/*', groups: ['admins'] },
    { path: '/users/{sub}/*' },
    { path: '/teams/{cognito:groups}/*' },
    { path: '/internal/*', access: 'deny' },
  ],
  defaultAccess: 'public',
};
const rules = compileRules(site);

const alice = verifiedToken({ sub: 'alice-sub', 'cognito:groups': ['members', 'red'] });
const admin = verifiedToken({ sub: 'root-sub', 'cognito:groups': ['admins'] });

const pick = (d: RuleDecision) => [d.outcome, d.reason, d.ruleIndex] as const;

/** `[outcome, reason, ruleIndex]` of authorizing `method path` (default GET) with `token`. */
const decide = (r: RulesConfig | CompiledRules, path: string, token?: VerifiedToken, method = 'GET') =>
  pick(authorize(r, get(path, method), token));

describe('authorize: the bypasses of issue #3 never reach a weaker rule', () => {
  it.each([
    '/public/../admin/x',
    '/public/%2e%2e/admin/x',
    '/public/%2E%2E/admin/x',
    '//admin/x',
    '/admin%2fx',
    '/public/x%2f..%2f..%2fadmin/x',
    '/public%5c..%5cadmin/x',
    '/admin/x%00.css',
    '/public/x\\..\\admin',
  ])('%j is a bad request, never matched (with or without a token)', (path) => {
    for (const token of [undefined, alice, admin]) {
      expect(decide(rules, path, token)).toEqual(['bad_request', 'path_invalid', -1]);
    }
  });

  it('"/%61dmin/x" is decoded and matched as "/admin/x" (as S3 decodes the key)', () => {
    expect(decide(rules, '/%61dmin/x')).toEqual(['unauthenticated', 'credentials_required', 1]);
    expect(decide(rules, '/%61dmin/x', alice)).toEqual(['forbidden', 'group_missing', 1]);
    expect(decide(rules, '/%61dmin/x', admin)).toEqual(['allow', 'rule_requirements_met', 1]);
  });

  it('"/admin/x;jsessionid=1" is still under "/admin/*" (";" is literal)', () => {
    expect(decide(rules, '/admin/x;jsessionid=1')).toEqual(['unauthenticated', 'credentials_required', 1]);
    expect(decide(rules, '/admin/x;jsessionid=1', alice)).toEqual(['forbidden', 'group_missing', 1]);
  });

  it('"/Admin/x" is not "/admin/x": matching is case-sensitive like CloudFront and S3', () => {
    // S3 keys are case-sensitive, so "/Admin/x" is a different object; it falls to the default here.
    expect(decide(rules, '/Admin/x')).toEqual(['allow', 'default_public', -1]);
    const strict = compileRules({ rules: [{ path: '/admin/*', groups: ['admins'] }] });
    expect(decide(strict, '/Admin/x')).toEqual(['unauthenticated', 'credentials_required', -1]);
  });
});

describe('authorize: outcomes', () => {
  it('public rules allow without a token', () => {
    expect(decide(rules, '/public/app.js')).toEqual(['allow', 'rule_public', 0]);
    expect(decide(rules, '/public/app.js', alice)).toEqual(['allow', 'rule_public', 0]);
  });

  it('deny rules are forbidden with and without a token', () => {
    expect(decide(rules, '/internal/x')).toEqual(['forbidden', 'rule_denied', 4]);
    expect(decide(rules, '/internal/x', admin)).toEqual(['forbidden', 'rule_denied', 4]);
  });

  it('requirements: no token → unauthenticated; unmet → forbidden; met → allow', () => {
    expect(decide(rules, '/admin/x')).toEqual(['unauthenticated', 'credentials_required', 1]);
    expect(decide(rules, '/admin/x', alice)).toEqual(['forbidden', 'group_missing', 1]);
    expect(decide(rules, '/admin/x', admin)).toEqual(['allow', 'rule_requirements_met', 1]);
  });

  it('the default applies when no rule matches', () => {
    expect(decide(rules, '/index.html')).toEqual(['allow', 'default_public', -1]);
    const auth = compileRules({ rules: [] });
    expect(decide(auth, '/x')).toEqual(['unauthenticated', 'credentials_required', -1]);
    expect(decide(auth, '/x', alice)).toEqual(['allow', 'default_authenticated', -1]);
    const deny = compileRules({ rules: [], defaultAccess: 'deny' });
    expect(decide(deny, '/x', admin)).toEqual(['forbidden', 'rule_denied', -1]);
    expect(decide(deny, '/x')).toEqual(['forbidden', 'rule_denied', -1]);
  });

  it('details explain the decision without token contents', () => {
    const d = authorize(
      rules,
      get('/admin/x'),
      verifiedToken({ sub: 'secret-sub', 'cognito:groups': ['g-secret'] }),
    );
    expect(d.detail).toBe('rule 1 (path "/admin/*"): requires one of groups [admins]');
    expect(d.detail).not.toMatch(/secret/);
    expect(authorize(rules, get('/nothing')).detail).toBe('no rule matched; default access public: public');
    expect(authorize(rules, get('/a/../b')).detail).toMatch(
      /^path rejected before rule matching: .*dot-segment/,
    );
  });

  it('returns shared frozen decisions', () => {
    const a = authorize(rules, get('/admin/x'), admin);
    expect(authorize(rules, get('/admin/y'), admin)).toBe(a);
    expect(Object.isFrozen(a)).toBe(true);
  });
});

describe('authorize: ordering — the first matching rule decides', () => {
  it('an earlier rule wins over a later one', () => {
    const first = compileRules({
      rules: [
        { path: '/docs/private/*', access: 'deny' },
        { path: '/docs/*', access: 'public' },
      ],
    });
    expect(decide(first, '/docs/private/a')).toEqual(['forbidden', 'rule_denied', 0]);
    expect(decide(first, '/docs/a')).toEqual(['allow', 'rule_public', 1]);
    const reversed = compileRules({
      rules: [
        { path: '/docs/*', access: 'public' },
        { path: '/docs/private/*', access: 'deny' },
      ],
    });
    expect(decide(reversed, '/docs/private/a')).toEqual(['allow', 'rule_public', 0]);
  });

  it('a failing requirement does not fall through to a later rule', () => {
    const r = compileRules({
      rules: [
        { path: '/a/*', groups: ['x'] },
        { path: '/a/*', access: 'public' },
      ],
    });
    expect(decide(r, '/a/b', alice)).toEqual(['forbidden', 'group_missing', 0]);
  });
});

describe('authorize: methods', () => {
  const r = compileRules({
    rules: [
      { path: '/api/*', methods: ['GET', 'HEAD'], access: 'public' },
      { path: '/api/*', methods: ['DELETE'], groups: ['admins'] },
      { path: '/api/*', access: 'deny' },
    ],
  });

  it('a rule applies only to its methods', () => {
    expect(decide(r, '/api/x', undefined, 'GET')).toEqual(['allow', 'rule_public', 0]);
    expect(decide(r, '/api/x', undefined, 'HEAD')).toEqual(['allow', 'rule_public', 0]);
    expect(decide(r, '/api/x', admin, 'DELETE')).toEqual(['allow', 'rule_requirements_met', 1]);
    expect(decide(r, '/api/x', alice, 'DELETE')).toEqual(['forbidden', 'group_missing', 1]);
    expect(decide(r, '/api/x', admin, 'POST')).toEqual(['forbidden', 'rule_denied', 2]);
  });

  it('compares methods in upper case (a lower-case method cannot step around a rule)', () => {
    expect(decide(r, '/api/x', alice, 'delete')).toEqual(['forbidden', 'group_missing', 1]);
  });

  it('mentions the methods in details', () => {
    expect(authorize(r, get('/api/x', 'POST')).detail).toBe('rule 2 (path "/api/*"): access denied');
    expect(authorize(r, get('/api/x', 'DELETE'), alice).detail).toMatch(
      /^rule 1 \(path "\/api\/\*", DELETE\)/,
    );
  });
});

describe('authorize: claim interpolation', () => {
  it('a user reaches their own folder only', () => {
    expect(decide(rules, '/users/alice-sub/a.pdf', alice)).toEqual(['allow', 'rule_authenticated', 2]);
    // Someone else's folder: the rule does not match, so later rules / the default decide.
    expect(decide(rules, '/users/bob-sub/a.pdf', alice)).toEqual(['allow', 'default_public', -1]);
    const strict = compileRules({
      rules: [{ path: '/users/{sub}/*' }, { path: '/users/*', access: 'deny' }],
    });
    expect(decide(strict, '/users/bob-sub/a.pdf', alice)).toEqual(['forbidden', 'rule_denied', 1]);
    expect(decide(strict, '/users/alice-sub/a.pdf', alice)).toEqual(['allow', 'rule_authenticated', 0]);
  });

  it('without a token, any request the rule could match needs authentication', () => {
    expect(decide(rules, '/users/bob-sub/a.pdf')).toEqual(['unauthenticated', 'credentials_required', 2]);
    expect(authorize(rules, get('/users/bob-sub/a.pdf')).detail).toMatch(/interpolates claim\(s\) sub/);
    // "/users/x" has no segment after the placeholder: the rule could not match, the default decides.
    expect(decide(rules, '/users/x')).toEqual(['allow', 'default_public', -1]);
  });

  it('any one of the groups opens the team folder', () => {
    expect(decide(rules, '/teams/red/plan.md', alice)).toEqual(['allow', 'rule_authenticated', 3]);
    expect(decide(rules, '/teams/members/plan.md', alice)).toEqual(['allow', 'rule_authenticated', 3]);
    expect(decide(rules, '/teams/blue/plan.md', alice)).toEqual(['allow', 'default_public', -1]);
  });

  it.each(['*', 'a*', '?', '..', '.', 'a/b', '{sub}', '%2e%2e', '', 'a\\b'])(
    'a claim holding %j never widens the rule',
    (value) => {
      const strict = compileRules({ rules: [{ path: '/users/{sub}/*' }], defaultAccess: 'deny' });
      const t = verifiedToken({ sub: value, 'cognito:groups': [value] });
      for (const path of [
        '/users/x/y',
        '/users/*/y',
        `/users/${encodeURIComponent(value)}/y`,
        '/users/%2A/y',
      ]) {
        const d = authorize(strict, get(path), t);
        expect(d.outcome === 'allow').toBe(false);
      }
    },
  );

  it('property: a claim containing a wildcard or separator never yields an allow from the interpolated rule', () => {
    const strict = compileRules({
      rules: [{ path: '/u/{sub}/*' }, { path: '/t/{cognito:groups}' }],
      defaultAccess: 'deny',
    });
    const bad = fc
      .tuple(
        fc.string({ maxLength: 4 }),
        fc.constantFrom('*', '?', '/', '\\', '{', '}', '%', '\u0000'),
        fc.string({ maxLength: 4 }),
      )
      .map(([a, c, b]) => a + c + b);
    const unsafe = fc.oneof(bad, fc.constantFrom('', '.', '..'));
    const segment = fc.oneof(
      unsafe.map((v) => encodeURIComponent(v)),
      unsafe,
      fc.constantFrom('a', '*', '%2A', '%3F'),
    );
    fc.assert(
      fc.property(unsafe, segment, fc.constantFrom('/u/', '/t/'), (value, seg, prefix) => {
        const t = verifiedToken({ sub: value, 'cognito:groups': [value] });
        const d = authorize(strict, get(`${prefix}${seg}${prefix === '/u/' ? '/x' : ''}`), t);
        expect(d.outcome).not.toBe('allow');
      }),
      { numRuns: 3000 },
    );
  });

  it('placeholders in deny or public rules are refused at compile time', () => {
    expect(() => compileRules({ rules: [{ path: '/u/{sub}/*', access: 'deny' }] })).toThrowError(/deny rule/);
    expect(() => compileRules({ rules: [{ path: '/u/{sub}/*', access: 'public' }] })).toThrowError(
      /public rule/,
    );
  });
});

describe('authorize: requirements', () => {
  const r = compileRules({
    rules: [
      { path: '/any/*', groups: ['a', 'b'] },
      { path: '/all/*', allGroups: ['a', 'b'] },
      { path: '/scopes/*', scopes: ['pets/read', 'pets/write'] },
      { path: '/claims/*', claims: { 'custom:tenant': 'acme', email_verified: 'true', level: ['3', '4'] } },
      { path: '/mixed/*', groups: ['a'], scopes: ['s'] },
    ],
    defaultAccess: 'deny',
  });
  const tok = (claims: Record<string, unknown>) => verifiedToken(claims);

  it('groups: any-of', () => {
    expect(authorize(r, get('/any/x'), tok({ 'cognito:groups': ['b'] })).outcome).toBe('allow');
    expect(decide(r, '/any/x', tok({ 'cognito:groups': ['c'] }))).toEqual(['forbidden', 'group_missing', 0]);
    expect(decide(r, '/any/x', tok({}))).toEqual(['forbidden', 'group_missing', 0]);
  });

  it('allGroups: all-of, naming the missing group', () => {
    expect(authorize(r, get('/all/x'), tok({ 'cognito:groups': ['b', 'a', 'c'] })).outcome).toBe('allow');
    const d = authorize(r, get('/all/x'), tok({ 'cognito:groups': ['a'] }));
    expect(pick(d)).toEqual(['forbidden', 'group_missing', 1]);
    expect(d.detail).toMatch(/requires group "b"/);
  });

  it('scopes: all of them', () => {
    expect(authorize(r, get('/scopes/x'), tok({ scope: 'openid pets/write pets/read' })).outcome).toBe(
      'allow',
    );
    const d = authorize(r, get('/scopes/x'), tok({ scope: 'pets/read' }));
    expect(pick(d)).toEqual(['forbidden', 'scope_missing', 2]);
    expect(d.detail).toMatch(/requires scope "pets\/write"/);
  });

  it('claims: equals / in-list, compared as strings, arrays by any element', () => {
    const ok = { 'custom:tenant': 'acme', email_verified: true, level: 3 };
    expect(authorize(r, get('/claims/x'), tok(ok)).outcome).toBe('allow');
    expect(authorize(r, get('/claims/x'), tok({ ...ok, level: '4' })).outcome).toBe('allow');
    expect(authorize(r, get('/claims/x'), tok({ ...ok, 'custom:tenant': ['other', 'acme'] })).outcome).toBe(
      'allow',
    );
    for (const bad of [
      { ...ok, 'custom:tenant': 'ACME' },
      { ...ok, 'custom:tenant': undefined },
      { ...ok, 'custom:tenant': { acme: true } },
      { ...ok, 'custom:tenant': [['acme']] },
      { ...ok, 'custom:tenant': null },
      { ...ok, email_verified: false },
      { ...ok, level: 5 },
    ]) {
      expect(decide(r, '/claims/x', tok(bad))).toEqual(['forbidden', 'claim_mismatch', 3]);
    }
  });

  it('checks groups before scopes', () => {
    expect(authorize(r, get('/mixed/x'), tok({ scope: '' })).reason).toBe('group_missing');
    expect(authorize(r, get('/mixed/x'), tok({ 'cognito:groups': ['a'], scope: '' })).reason).toBe(
      'scope_missing',
    );
  });

  it('requirements on a public rule are refused (validateRules) rather than silently ignored', () => {
    expect(() => compileRules({ rules: [{ path: '/p/*', access: 'public', groups: ['a'] }] })).toThrowError(
      /rules\[0\]\.access: "public" with requirements/,
    );
  });

  it('evaluateRequirements works on compiled rules and on plain rule configs', () => {
    const t = tok({ 'cognito:groups': ['a'] });
    expect(evaluateRequirements(r.rules[0]!, t)).toEqual({ ok: true });
    expect(evaluateRequirements({ path: '/x', allGroups: ['a', 'z'] }, t)).toMatchObject({
      ok: false,
      reason: 'group_missing',
    });
    expect(evaluateRequirements({ path: '/x', claims: { tenant: 'acme' } }, t)).toMatchObject({
      ok: false,
      reason: 'claim_mismatch',
    });
    expect(evaluateRequirements({ path: '/x' }, t)).toEqual({ ok: true });
  });
});

describe('compiled and uncompiled rules decide alike', () => {
  it('authorize accepts a RulesConfig (compiled once, cached) and createAuthorizer binds rules', () => {
    const fast = createAuthorizer(site);
    for (const [path, token] of [
      ['/admin/x', admin],
      ['/users/alice-sub/x', alice],
      ['/x', undefined],
    ] as const) {
      expect(authorize(site, get(path), token)).toEqual(authorize(rules, get(path), token));
      expect(fast(get(path), token)).toEqual(authorize(rules, get(path), token));
    }
  });

  it('invalid rules are refused with config_invalid', () => {
    expect(() => compileRules({ rules: [{ path: '/a/{b' }] })).toThrowError(AuthError);
    try {
      compileRules({
        rules: [
          { path: '/a', resource: '/b' },
          { path: '/x', methods: ['get'] },
        ],
      });
      expect.unreachable();
    } catch (e) {
      expect((e as AuthError).code).toBe('config_invalid');
      expect((e as AuthError).message).toMatch(/rules\[0\]: set exactly one/);
      expect((e as AuthError).message).toMatch(/rules\[1\]\.methods\[0\]/);
    }
    expect(() => authorize({ rules: [{ resource: 'nope' }] }, get('/x'))).toThrowError(
      /config_invalid|resource/,
    );
  });
});
