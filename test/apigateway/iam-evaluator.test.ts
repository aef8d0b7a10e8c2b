/**
 * The IAM evaluator: explicit Deny wins, Allow grants, nothing → implicit deny; `*`/`?` wildcards;
 * malformed documents never allow. Wildcard matching is checked against a reference implementation.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { evaluatePolicy, iamWildcardMatch } from '../../packages/edgeward/src/apigateway/index.js';

const P = 'arn:aws:execute-api:us-west-2:123456789012:ymy8tbxw7b';

function doc(...statements: object[]) {
  return { Version: '2012-10-17', Statement: statements };
}
const allow = (Resource: string | string[]) => ({ Action: 'execute-api:Invoke', Effect: 'Allow', Resource });
const deny = (Resource: string | string[]) => ({ Action: 'execute-api:Invoke', Effect: 'Deny', Resource });

describe('evaluatePolicy', () => {
  it('allows what an Allow covers, denies the rest (implicit deny)', () => {
    const d = doc(allow(`${P}/prod/GET/pets/*`));
    expect(evaluatePolicy(d, `${P}/prod/GET/pets/1`)).toEqual({
      effect: 'Allow',
      reason: 'allow',
      statementIndex: 0,
    });
    expect(evaluatePolicy(d, `${P}/prod/GET/pets/1/photos`).effect).toBe('Allow');
    expect(evaluatePolicy(d, `${P}/prod/POST/pets/1`)).toEqual({
      effect: 'Deny',
      reason: 'implicit-deny',
      statementIndex: -1,
    });
    expect(evaluatePolicy(d, `${P}/prod/GET/pets`).effect).toBe('Deny');
  });

  it('lets an explicit Deny win over an Allow, whatever the order', () => {
    for (const d of [
      doc(allow(`${P}/*`), deny(`${P}/prod/*/admin/*`)),
      doc(deny(`${P}/prod/*/admin/*`), allow(`${P}/*`)),
    ]) {
      expect(evaluatePolicy(d, `${P}/prod/GET/admin/x`)).toMatchObject({
        effect: 'Deny',
        reason: 'explicit-deny',
      });
      expect(evaluatePolicy(d, `${P}/prod/GET/pets`).effect).toBe('Allow');
    }
  });

  it('matches "?" as one character, resources case-sensitively, actions case-insensitively', () => {
    expect(evaluatePolicy(doc(allow(`${P}/prod/GET/pets/?`)), `${P}/prod/GET/pets/1`).effect).toBe('Allow');
    expect(evaluatePolicy(doc(allow(`${P}/prod/GET/pets/?`)), `${P}/prod/GET/pets/12`).effect).toBe('Deny');
    expect(evaluatePolicy(doc(allow(`${P}/prod/GET/Pets`)), `${P}/prod/GET/pets`).effect).toBe('Deny');
    const lower = { Action: 'EXECUTE-API:invoke', Effect: 'Allow', Resource: `${P}/*` };
    expect(evaluatePolicy(doc(lower), `${P}/prod/GET/x`).effect).toBe('Allow');
    const other = { Action: 'execute-api:ManageConnections', Effect: 'Allow', Resource: `${P}/*` };
    expect(evaluatePolicy(doc(other), `${P}/prod/GET/x`).effect).toBe('Deny');
  });

  it('supports NotAction, NotResource and a single Statement object', () => {
    const notRes = { Action: 'execute-api:*', Effect: 'Allow', NotResource: `${P}/prod/*/admin/*` };
    expect(evaluatePolicy(doc(notRes), `${P}/prod/GET/pets`).effect).toBe('Allow');
    expect(evaluatePolicy(doc(notRes), `${P}/prod/GET/admin/x`).effect).toBe('Deny');
    expect(evaluatePolicy({ Version: '2012-10-17', Statement: allow(`${P}/*`) }, `${P}/a/GET/`).effect).toBe(
      'Allow',
    );
  });

  it('ignores an Allow with a Condition, applies a Deny with one (fail closed)', () => {
    const cond = { Condition: { IpAddress: { 'aws:SourceIp': '1.2.3.4/32' } } };
    expect(evaluatePolicy(doc({ ...allow(`${P}/*`), ...cond }), `${P}/s/GET/x`).effect).toBe('Deny');
    expect(evaluatePolicy(doc(allow(`${P}/*`), { ...deny(`${P}/*`), ...cond }), `${P}/s/GET/x`).effect).toBe(
      'Deny',
    );
  });

  it.each([
    null,
    'x',
    [],
    {},
    { Statement: 'x' },
    { Statement: [null, 1] },
    doc({ Effect: 'allow', Action: '*', Resource: '*' }),
  ])('never allows with a malformed document %#', (d) => {
    expect(evaluatePolicy(d, `${P}/s/GET/x`).effect).toBe('Deny');
  });
});

/** Reference: backtracking recursion (exponential in the worst case; fine for short strings). */
function reference(p: string, v: string): boolean {
  if (p === '') return v === '';
  if (p[0] === '*') return reference(p.slice(1), v) || (v !== '' && reference(p, v.slice(1)));
  if (v === '') return false;
  return (p[0] === '?' || p[0] === v[0]) && reference(p.slice(1), v.slice(1));
}

describe('iamWildcardMatch', () => {
  it('agrees with a reference implementation', () => {
    const alpha = fc.constantFrom('a', 'b', '/', '*', '?');
    const text = fc.constantFrom('a', 'b', '/');
    fc.assert(
      fc.property(fc.array(alpha, { maxLength: 8 }), fc.array(text, { maxLength: 10 }), (p, v) => {
        return iamWildcardMatch(p.join(''), v.join('')) === reference(p.join(''), v.join(''));
      }),
      { numRuns: 3000 },
    );
  });

  it('is fast on the classic exponential case', () => {
    const start = performance.now();
    expect(iamWildcardMatch(`${'*a'.repeat(30)}b`, 'a'.repeat(5000))).toBe(false);
    expect(performance.now() - start).toBeLessThan(500);
  });
});
