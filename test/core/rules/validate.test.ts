import { describe, expect, it } from 'vitest';
import type { RulesConfig } from '../../../packages/edgeward/src/core/config.js';
import { validateRules } from '../../../packages/edgeward/src/core/rules/index.js';

/** Validates a single rule (rules[0]) given as untrusted JSON. */
const one = (rule: unknown, defaultAccess?: unknown): string[] =>
  validateRules({
    rules: [rule],
    ...(defaultAccess === undefined ? {} : { defaultAccess }),
  } as unknown as RulesConfig);

describe('validateRules', () => {
  it('accepts a typical configuration', () => {
    expect(
      validateRules({
        rules: [
          { path: '/public/*', access: 'public' },
          { path: '/admin/*', groups: ['admins'], methods: ['GET', 'HEAD'] },
          { path: '/users/{sub}/*' },
          { path: '/teams/{cognito:groups}/*', scopes: ['files/read'] },
          {
            resource: '/pets/{id}',
            methods: ['DELETE'],
            allGroups: ['a', 'b'],
            claims: { tenant: ['x', 'y'] },
          },
          { resource: '/{proxy+}', access: 'deny' },
          { path: '*', access: 'public' },
        ],
        defaultAccess: 'deny',
      }),
    ).toEqual([]);
  });

  it.each([
    [{ path: '/a', resource: '/b' }, 'rules[0]: set exactly one of "path" and "resource" (both set)'],
    [{ access: 'public' }, 'rules[0]: set exactly one of "path" and "resource" (neither set)'],
    [
      { path: '/a/{b c}/*' },
      'rules[0].path: unknown placeholder syntax "{b c}" (expected {claim} with letters, digits, _ . : -)',
    ],
    [
      { path: '/a/{id+}' },
      'rules[0].path: "{id+}": greedy placeholders are API Gateway resource syntax; use "resource" or "*"',
    ],
    [
      { path: '/a/x{sub}' },
      'rules[0].path: placeholder "{sub}" must be a whole path segment (e.g. /users/{sub}/*)',
    ],
    [{ path: '/a//b' }, 'rules[0].path: can never match: normalized paths have no empty segments ("//")'],
    [{ path: '/a/../b' }, 'rules[0].path: can never match: normalized paths have no "." or ".." segments'],
    [{ path: '/a/.' }, 'rules[0].path: can never match: normalized paths have no "." or ".." segments'],
    [{ path: '/a\\b' }, 'rules[0].path: can never match: normalized paths contain no backslash'],
    [{ path: '/a\u0000' }, 'rules[0].path: can never match: normalized paths contain no control characters'],
    [
      { path: '/a%20b' },
      'rules[0].path: "%20": patterns match the percent-decoded path; write the decoded character instead',
    ],
    [{ path: '' }, 'rules[0].path: must be a non-empty string'],
    [{ path: 5 }, 'rules[0].path: must be a non-empty string'],
    [{ resource: '/a/{p+}/b' }, 'rules[0].resource: greedy path variable "{p+}" must be the last segment'],
    [
      { resource: '/a/*' },
      'rules[0].resource: segment "*": "*", "?" and braces are not allowed in a literal resource segment',
    ],
    [
      { resource: '/a/{x y}' },
      'rules[0].resource: unknown placeholder syntax "{x y}" (expected {name} or {name+})',
    ],
    [
      { path: '/a', methods: [] },
      'rules[0].methods: must be a non-empty array (omit it to match every method)',
    ],
    [{ path: '/a', methods: ['get'] }, 'rules[0].methods[0]: "get" must be upper case'],
    [
      { path: '/a', methods: ['GET', 'FETCH'] },
      'rules[0].methods[1]: unknown method "FETCH" (expected GET, HEAD, POST, PUT, PATCH, DELETE, OPTIONS; omit "methods" for every method)',
    ],
    [
      { path: '/a', methods: ['ANY'] },
      'rules[0].methods[0]: unknown method "ANY" (expected GET, HEAD, POST, PUT, PATCH, DELETE, OPTIONS; omit "methods" for every method)',
    ],
    [{ path: '/a', access: 'private' }, 'rules[0].access: must be one of public, authenticated, deny'],
    [{ path: '/a', groups: [] }, 'rules[0].groups: empty list (can never be satisfied; remove it)'],
    [{ path: '/a', allGroups: [] }, 'rules[0].allGroups: empty list (requires nothing; remove it)'],
    [{ path: '/a', scopes: [] }, 'rules[0].scopes: empty list (requires nothing; remove it)'],
    [{ path: '/a', scopes: [''] }, 'rules[0].scopes[0]: must be a non-empty string'],
    [{ path: '/a', groups: 'admins' }, 'rules[0].groups: must be an array of strings'],
    [{ path: '/a', claims: {} }, 'rules[0].claims: empty object (requires nothing; remove it)'],
    [{ path: '/a', claims: { t: [] } }, 'rules[0].claims.t: must be a string or a non-empty list of strings'],
    [{ path: '/a', claims: { t: 5 } }, 'rules[0].claims.t: must be a string or a non-empty list of strings'],
    [{ path: '/a', group: ['admins'] }, 'rules[0].group: unknown field'],
    [
      { path: '/a', access: 'public', groups: ['x'] },
      'rules[0].access: "public" with requirements; remove "access" (requirements imply "authenticated")',
    ],
    [{ path: '/a', access: 'deny', scopes: ['x'] }, 'rules[0]: a deny rule ignores scopes'],
    [
      { path: '/u/{sub}', access: 'deny' },
      'rules[0].path: a placeholder in a deny rule matches any segment (denial cannot depend on a claim); use "*"',
    ],
    [
      { path: '/u/{sub}', access: 'public' },
      'rules[0].path: a public rule cannot interpolate claims (a token is needed to read them)',
    ],
    ['nope', 'rules[0]: must be an object'],
  ])('%j → %s', (rule, message) => {
    expect(one(rule)).toContain(message);
  });

  it('checks defaultAccess and the container', () => {
    expect(one({ path: '/a' }, 'open')).toEqual([
      'defaultAccess: must be one of public, authenticated, deny',
    ]);
    expect(validateRules(null as unknown as RulesConfig)).toEqual([
      'rules: must be an object with a "rules" array',
    ]);
    expect(validateRules({} as unknown as RulesConfig)).toEqual(['rules: must be an array']);
  });

  it('reports rules made unreachable by an earlier catch-all', () => {
    expect(
      validateRules({
        rules: [{ path: '/a' }, { path: '*', access: 'public' }, { path: '/admin/*', access: 'deny' }],
      }),
    ).toEqual(['rules[2]: unreachable (rules[1] matches every request before it)']);
    // A catch-all restricted to some methods does not shadow the others.
    expect(
      validateRules({ rules: [{ path: '/*', methods: ['GET'], access: 'public' }, { path: '/x' }] }),
    ).toEqual([]);
  });

  it('reports every problem with its index', () => {
    const problems = validateRules({
      rules: [{ path: '/ok' }, { path: '/a//b' }, { resource: 'x' }],
    } as RulesConfig);
    expect(problems).toEqual([
      'rules[1].path: can never match: normalized paths have no empty segments ("//")',
      'rules[2].resource: must start with "/"',
    ]);
  });
});
