/**
 * The rule index (rules looked up by their literal leading segments) and the resumed second decision
 * give exactly the decision of a linear first-match scan over every rule: pinned by a property over
 * random rule sets (path and resource patterns, wildcards, claim placeholders, methods, deny/public) and
 * random paths built from the same segments.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { RuleConfig } from '../../../packages/edgeward/src/core/config.js';
import {
  type AccessRequest,
  type CompiledRules,
  compileRules,
  createAuthorizer,
  normalizePath,
  type RuleDecision,
} from '../../../packages/edgeward/src/core/rules/index.js';
import type { VerifiedToken } from '../../../packages/edgeward/src/core/verify/types.js';
import { verifiedToken } from './tokens.js';

/** The reference: every rule in order, first match decides (as before the index existed). */
function linear(rules: CompiledRules, request: AccessRequest, token: VerifiedToken | undefined): number {
  const n = normalizePath(request.path);
  if (!n.ok) return -2;
  const method = request.method.toUpperCase();
  for (const rule of rules.rules) {
    if (rule.matchesMethod(method) && rule.matchesPath(n.path, token)) return rule.index;
  }
  return -1;
}

const segment = fc.constantFrom('a', 'b', 'admin', 'alice-sub', 'x.html', '');
const pathPattern = fc
  .array(fc.constantFrom('a', 'b', 'admin', '{sub}', '*', 'x*', '*.html', 'a?', 'x.html', ''), {
    minLength: 1,
    maxLength: 4,
  })
  .map((parts) => `/${parts.join('/')}`);
const resourcePattern = fc
  .array(fc.constantFrom('a', 'b', 'admin', '{id}', '{proxy+}'), { maxLength: 3 })
  .map((parts) => `/${parts.join('/')}`);
const rule: fc.Arbitrary<RuleConfig> = fc
  .record(
    {
      pattern: fc.oneof(
        pathPattern.map((path) => ({ path })),
        resourcePattern.map((resource) => ({ resource })),
      ),
      access: fc.constantFrom(undefined, 'public', 'deny', 'authenticated'),
      methods: fc.constantFrom(undefined, ['GET'], ['POST', 'DELETE']),
    },
    { requiredKeys: ['pattern'] },
  )
  .map(
    ({ pattern, access, methods }) =>
      ({
        ...pattern,
        ...(access === undefined ? {} : { access }),
        ...(methods === undefined ? {} : { methods }),
      }) as RuleConfig,
  );

function validOnly(rules: RuleConfig[]): CompiledRules | undefined {
  try {
    return compileRules({ rules, defaultAccess: 'authenticated' });
  } catch {
    return undefined;
  }
}

describe('rule index', () => {
  it('decides exactly as a linear first-match scan, with and without a token, and when resumed (property)', () => {
    const token = verifiedToken({ sub: 'alice-sub' });
    fc.assert(
      fc.property(
        fc.array(rule, { maxLength: 12 }),
        fc.array(segment, { minLength: 1, maxLength: 4 }),
        fc.constantFrom('GET', 'POST', 'delete'),
        (configs, segments, method) => {
          const rules = validOnly(configs);
          if (rules === undefined) return;
          const authorizer = createAuthorizer(rules);
          const request = { path: `/${segments.join('/')}`, method };
          const anonymous = authorizer(request);
          const withToken = authorizer(request, token);
          const expectIndex = (d: RuleDecision, index: number) =>
            index === -2 ? expect(d.outcome).toBe('bad_request') : expect(d.ruleIndex).toBe(index);
          expectIndex(anonymous, linear(rules, request, undefined));
          expectIndex(withToken, linear(rules, request, token));
          expect(authorizer(request, token, anonymous)).toBe(withToken);
        },
      ),
      { numRuns: 3000 },
    );
  });

  it('finds a rule among 1000 by its literal segments, first match first', () => {
    const configs: RuleConfig[] = [{ path: '/*.css', access: 'public' }];
    for (let i = 0; i < 1000; i++) configs.push({ path: `/section-${i}/*`, groups: [`g${i}`] });
    configs.push({ path: '/section-500/open/*', access: 'public' });
    const authorizer = createAuthorizer({ rules: configs });
    expect(authorizer({ path: '/section-999/x', method: 'GET' }).ruleIndex).toBe(1000);
    expect(authorizer({ path: '/section-500/open/x', method: 'GET' }).ruleIndex).toBe(501);
    expect(authorizer({ path: '/section-7/a.css', method: 'GET' }).ruleIndex).toBe(0);
    expect(authorizer({ path: '/elsewhere', method: 'GET' }).ruleIndex).toBe(-1);
  });
});
