/**
 * Pins the claims of docs/rules.md ("From rules to an IAM policy"): for the orderings said to translate
 * exactly, a policy built from ruleEffect + ruleResourceGlobs decides every route of an example API like
 * authorize does; for the orderings said not to, the difference is the documented one. The IAM evaluation
 * here is the minimal one (explicit Deny wins, then any Allow, else implicit deny; `*`/`?` wildcards).
 */
import { describe, expect, it } from 'vitest';
import type { RulesConfig } from '../../../packages/edgeward/src/core/config.js';
import {
  authorize,
  compileGlob,
  compileRules,
  matchGlob,
  ruleEffect,
  ruleResourceGlobs,
} from '../../../packages/edgeward/src/core/rules/index.js';
import type { VerifiedToken } from '../../../packages/edgeward/src/core/verify/types.js';
import { verifiedToken } from './tokens.js';

interface Statement {
  readonly effect: 'Allow' | 'Deny';
  readonly resource: string;
}

/** The recipe of docs/rules.md. Resources are `{VERB}/{path}` (the tail of a method ARN). */
function policyFor(config: RulesConfig, token: VerifiedToken): Statement[] {
  const compiled = compileRules(config);
  const effects = compiled.rules.map((r) => ruleEffect(r, token));
  const defaultAllows = compiled.defaultAccess === 'public' || compiled.defaultAccess === 'authenticated';
  const out: Statement[] = [];
  compiled.rules.forEach((rule, i) => {
    const effect = effects[i]!;
    // With a refusing default, implicit deny covers a Deny rule unless an Allow statement could reach
    // into it: a later Allow rule, or an earlier Allow rule whose globs are wider than the rule.
    const widerAllowBefore = compiled.rules
      .slice(0, i)
      .some((r, k) => effects[k] === 'Allow' && !r.globsExact);
    if (effect === 'Deny' && !defaultAllows && !widerAllowBefore && !effects.slice(i + 1).includes('Allow'))
      return;
    for (const glob of ruleResourceGlobs(rule, token)) {
      for (const m of rule.methods ?? ['*']) out.push({ effect, resource: `${m}/${glob}` });
    }
  });
  if (defaultAllows) out.push({ effect: 'Allow', resource: '*' });
  return out;
}

function iamAllows(policy: Statement[], method: string, path: string): boolean {
  const target = `${method}/${path.slice(1)}`;
  const hit = (s: Statement) => matchGlob(compileGlob(s.resource), target);
  if (policy.some((s) => s.effect === 'Deny' && hit(s))) return false;
  return policy.some((s) => s.effect === 'Allow' && hit(s));
}

const ROUTES: readonly (readonly [string, string])[] = [
  ['GET', '/'],
  ['GET', '/pets'],
  ['POST', '/pets'],
  ['GET', '/pets/1'],
  ['DELETE', '/pets/1'],
  ['GET', '/admin/users'],
  ['POST', '/admin/users/7/disable'],
  ['GET', '/users/alice-sub/profile'],
  ['GET', '/users/bob-sub/profile'],
  ['GET', '/internal/metrics'],
];

const TOKENS = {
  alice: verifiedToken({ sub: 'alice-sub', scope: 'pets/read', 'cognito:groups': ['members'] }),
  admin: verifiedToken({ sub: 'root-sub', scope: 'pets/read pets/write', 'cognito:groups': ['admins'] }),
  nobody: verifiedToken({ sub: 'n-sub', scope: '' }),
};

function disagreements(config: RulesConfig, routes = ROUTES): string[] {
  const out: string[] = [];
  for (const [name, token] of Object.entries(TOKENS)) {
    const policy = policyFor(config, token);
    for (const [method, path] of routes) {
      const rules = authorize(config, { path, method }, token).outcome === 'allow';
      if (rules !== iamAllows(policy, method, path)) out.push(`${name} ${method} ${path}: rules ${rules}`);
    }
  }
  return out;
}

describe('rules → IAM policy', () => {
  it('translates exactly when deny rules come first and the default refuses', () => {
    expect(
      disagreements({
        rules: [
          { path: '/internal/*', access: 'deny' },
          { resource: '/admin/{proxy+}', groups: ['admins'] },
          { resource: '/pets', methods: ['GET'], access: 'public' },
          { resource: '/pets', methods: ['POST'], scopes: ['pets/write'] },
          { resource: '/pets/{id}', methods: ['GET'], scopes: ['pets/read'] },
          { resource: '/pets/{id}', methods: ['DELETE'], groups: ['admins'] },
          { path: '/users/{sub}/*' },
        ],
        defaultAccess: 'deny',
      }),
    ).toEqual([]);
  });

  it('translates exactly with an allowing default when no allow rule precedes an overlapping deny', () => {
    expect(
      disagreements({
        rules: [
          { path: '/internal/*', access: 'deny' },
          { path: '/admin/*', groups: ['admins'] },
          { resource: '/pets/{id}', methods: ['DELETE'], groups: ['admins'] },
        ],
        defaultAccess: 'authenticated',
      }),
    ).toEqual([]);
  });

  it('an allow rule before an overlapping deny rule is stricter in IAM (documented, fail-safe)', () => {
    const d = disagreements({
      rules: [
        { path: '/internal/metrics', access: 'public' },
        { path: '/internal/*', access: 'deny' },
      ],
      defaultAccess: 'authenticated',
    });
    expect(d).toEqual([
      'alice GET /internal/metrics: rules true',
      'admin GET /internal/metrics: rules true',
      'nobody GET /internal/metrics: rules true',
    ]);
  });

  it('with a refusing default, an exception before a trailing deny translates exactly', () => {
    expect(
      disagreements({
        rules: [
          { path: '/internal/metrics', access: 'public' },
          { path: '/internal/*', access: 'deny' },
        ],
        defaultAccess: 'deny',
      }),
    ).toEqual([]);
  });

  it('a deny rule after a parameter rule keeps deeper routes denied', () => {
    const routes = [...ROUTES, ['GET', '/pets/1/photos'] as const];
    expect(
      disagreements(
        {
          rules: [
            { resource: '/pets/{id}', methods: ['GET'], access: 'public' },
            { resource: '/pets/{id}/photos', access: 'deny' },
          ],
          defaultAccess: 'deny',
        },
        routes,
      ),
    ).toEqual([]);
  });

  it('{id} becomes * in IAM, which also covers deeper paths (why globsExact is false)', () => {
    const config: RulesConfig = {
      rules: [{ resource: '/pets/{id}', access: 'public' }],
      defaultAccess: 'deny',
    };
    const policy = policyFor(config, TOKENS.alice);
    expect(authorize(config, { path: '/pets/1/photos', method: 'GET' }, TOKENS.alice).outcome).toBe(
      'forbidden',
    );
    expect(iamAllows(policy, 'GET', '/pets/1/photos')).toBe(true);
  });
});
