import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  compileGlob,
  compilePathPattern,
  compileRules,
  MAX_GLOBS_PER_RULE,
  matchGlob,
  normalizePath,
  ruleEffect,
  ruleResourceGlobs,
} from '../../../packages/edgeward/src/core/rules/index.js';
import { verifiedToken } from './tokens.js';

describe('ruleResourceGlobs', () => {
  const alice = verifiedToken({ sub: 'alice-sub', 'cognito:groups': ['red', 'blue', 'bad*', '..'] });

  it('maps API Gateway resources: {name} and {name+} become *', () => {
    expect(ruleResourceGlobs({ resource: '/pets/{id}' })).toEqual(['pets/*']);
    expect(ruleResourceGlobs({ resource: '/pets/{id}/photos' })).toEqual(['pets/*/photos']);
    expect(ruleResourceGlobs({ resource: '/files/{proxy+}' })).toEqual(['files/*']);
    expect(ruleResourceGlobs({ resource: '/{proxy+}' })).toEqual(['*']);
    expect(ruleResourceGlobs({ resource: '/' })).toEqual(['']);
    expect(ruleResourceGlobs({ resource: '/pets' })).toEqual(['pets']);
  });

  it('keeps CloudFront * and ? and drops the leading /', () => {
    expect(ruleResourceGlobs({ path: '/admin/*' })).toEqual(['admin/*']);
    expect(ruleResourceGlobs({ path: 'admin/*' })).toEqual(['admin/*']);
    expect(ruleResourceGlobs({ path: '*.jpg' })).toEqual(['*.jpg']);
    expect(ruleResourceGlobs({ path: '/v?/items' })).toEqual(['v?/items']);
  });

  it('interpolates claims literally, one glob per safe value, skipping unsafe values', () => {
    expect(ruleResourceGlobs({ path: '/users/{sub}/*' }, alice)).toEqual(['users/alice-sub/*']);
    expect(ruleResourceGlobs({ path: '/teams/{cognito:groups}/*' }, alice)).toEqual([
      'teams/red/*',
      'teams/blue/*',
    ]);
    expect(ruleResourceGlobs({ path: '/t/{cognito:groups}/u/{sub}' }, alice)).toEqual([
      't/red/u/alice-sub',
      't/blue/u/alice-sub',
    ]);
  });

  it('returns [] when interpolation fails or there is no token', () => {
    expect(ruleResourceGlobs({ path: '/users/{sub}/*' })).toEqual([]);
    expect(ruleResourceGlobs({ path: '/users/{sub}/*' }, verifiedToken({ sub: '*' }))).toEqual([]);
    expect(ruleResourceGlobs({ path: '/users/{sub}/*' }, verifiedToken({ sub: 'a/b' }))).toEqual([]);
    expect(ruleResourceGlobs({ path: '/users/{sub}/*' }, verifiedToken({ sub: '..' }))).toEqual([]);
    expect(ruleResourceGlobs({ path: '/users/{sub}/*' }, verifiedToken({ sub: 'x?' }))).toEqual([]);
    expect(ruleResourceGlobs({ path: '/users/{nope}/*' }, alice)).toEqual([]);
    expect(
      ruleResourceGlobs({ path: '/t/{cognito:groups}/*' }, verifiedToken({ 'cognito:groups': ['*', 'a/b'] })),
    ).toEqual([]);
  });

  it('a placeholder in a deny rule becomes * (wider, never narrower)', () => {
    expect(ruleResourceGlobs({ path: '/t/{cognito:groups}/*', access: 'deny' }, alice)).toEqual(['t/*/*']);
    expect(ruleResourceGlobs({ path: '/t/{cognito:groups}/*', access: 'deny' })).toEqual(['t/*/*']);
  });

  it('caps the number of globs', () => {
    const many = verifiedToken({ 'cognito:groups': Array.from({ length: 30 }, (_, i) => `g${i}`) });
    expect(ruleResourceGlobs({ path: '/a/{cognito:groups}/b/{cognito:groups}' }, many)).toHaveLength(
      MAX_GLOBS_PER_RULE,
    );
  });

  it('reports which rules translate exactly', () => {
    const c = compileRules({
      rules: [{ path: '/a/*' }, { path: '/u/{sub}/*' }, { resource: '/pets/{id}' }, { resource: '/pets' }],
    });
    expect(c.rules.map((r) => r.globsExact)).toEqual([true, true, false, true]);
  });

  it('property: for path rules the IAM glob matches exactly the paths the rule matches', () => {
    const patternArb = fc
      .array(fc.constantFrom('a', 'b', '/', '*', '?', '.', 'x'), { minLength: 1, maxLength: 8 })
      .map((a) => a.join(''));
    const pathArb = fc
      .array(fc.constantFrom('a', 'b', '/', 'x', '.'), { maxLength: 10 })
      .map((a) => `/${a.join('')}`);
    fc.assert(
      fc.property(patternArb, pathArb, (pattern, raw) => {
        const normalized = normalizePath(raw);
        fc.pre(normalized.ok);
        if (!normalized.ok) return;
        const compiled = compilePathPattern(pattern);
        if (!compiled.ok) throw new Error(compiled.problem.kind);
        const [glob] = ruleResourceGlobs({ path: pattern });
        expect(matchGlob(compileGlob(glob!), normalized.path.slice(1))).toBe(
          matchGlob(compiled.glob, normalized.path),
        );
      }),
      { numRuns: 3000 },
    );
  });
});

describe('ruleEffect', () => {
  const member = verifiedToken({ 'cognito:groups': ['members'], scope: 'pets/read' });
  it.each([
    [{ path: '/x', access: 'deny' as const }, member, 'Deny'],
    [{ path: '/x', access: 'public' as const }, undefined, 'Allow'],
    [{ path: '/x' }, member, 'Allow'],
    [{ path: '/x' }, undefined, 'Deny'],
    [{ path: '/x', groups: ['members'] }, member, 'Allow'],
    [{ path: '/x', groups: ['admins'] }, member, 'Deny'],
    [{ resource: '/pets', scopes: ['pets/read'] }, member, 'Allow'],
    [{ resource: '/pets', scopes: ['pets/write'] }, member, 'Deny'],
  ])('%j → %s', (rule, token, effect) => {
    expect(ruleEffect(rule, token)).toBe(effect);
  });

  it('accepts compiled rules', () => {
    const c = compileRules({ rules: [{ path: '/a/*', groups: ['members'] }] });
    expect(ruleEffect(c.rules[0]!, member)).toBe('Allow');
    expect(ruleEffect(c.rules[0]!, verifiedToken({}))).toBe('Deny');
  });
});
