/**
 * The IAM evaluator: explicit Deny wins, Allow grants, nothing → implicit deny; `*`/`?` wildcards;
 * malformed documents never allow. Wildcard matching (the shared matcher of `core/rules/glob.ts`) is
 * checked against the reference matcher every wildcard in edgeward is tested against.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { evaluatePolicy } from '../../packages/edgeward/src/apigateway/iam-evaluator.js';
import { compileGlob, matchGlob } from '../../packages/edgeward/src/core/rules/glob.js';
import { referenceWildcardMatch } from '../helpers/wildcard.js';

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

describe('IAM wildcards', () => {
  const allows = (resource: string, arn: string) =>
    evaluatePolicy(doc(allow(resource)), arn).effect === 'Allow';

  it('agree with the reference matcher, in Resource and NotResource', () => {
    const alpha = fc.constantFrom('a', 'b', '/', '*', '?', '😀');
    const text = fc.constantFrom('a', 'b', '/', '😀');
    fc.assert(
      fc.property(fc.array(alpha, { maxLength: 8 }), fc.array(text, { maxLength: 10 }), (p, v) => {
        const pattern = `${P}/${p.join('')}`;
        const arn = `${P}/${v.join('')}`;
        const expected = referenceWildcardMatch(pattern, arn);
        expect(allows(pattern, arn)).toBe(expected);
        const notResource = { Action: 'execute-api:Invoke', Effect: 'Allow', NotResource: pattern };
        expect(evaluatePolicy(doc(notResource), arn).effect === 'Allow').toBe(!expected);
      }),
      { numRuns: 3000 },
    );
  });

  it('agree with the reference matcher for lists whose patterns share a prefix (compared once)', () => {
    // '😀' and '😁' share their high surrogate: a common prefix may end inside a pair
    const alpha = fc.constantFrom('a', '/', '*', '?', '😀', '😁');
    const text = fc.constantFrom('a', '/', '😀', '😁', '\uD83D', '\uDE00');
    fc.assert(
      fc.property(
        fc.array(fc.array(alpha, { maxLength: 6 }), { minLength: 1, maxLength: 3 }),
        fc.array(text, { maxLength: 8 }),
        (ps, v) => {
          const patterns = ps.map((p) => `${P}/s/GET/a😀${p.join('')}`);
          const arn = `${P}/s/GET/a${v.join('')}`;
          const expected = patterns.some((p) => referenceWildcardMatch(p, arn));
          expect(evaluatePolicy(doc(allow(patterns)), arn).effect === 'Allow').toBe(expected);
          expect(evaluatePolicy(doc(deny(patterns), allow('*')), arn).effect === 'Deny').toBe(expected);
        },
      ),
      { numRuns: 3000 },
    );
  });

  it('match a list exactly as the shared matcher matches each whole pattern, lone surrogates included', () => {
    // malformed UTF-16 in a pattern: the answer is the shared matcher's on the whole pattern, whatever
    // prefix the patterns share (e.g. one ending with a lone high surrogate before a wildcard)
    const alpha = fc.constantFrom('x', '*', '?', '\uD83D', '\uDE00', '😀');
    const text = fc.constantFrom('x', '\uD83D', '\uDE00', '😀');
    fc.assert(
      fc.property(
        fc.array(fc.array(alpha, { maxLength: 6 }), { minLength: 1, maxLength: 3 }),
        fc.array(text, { maxLength: 8 }),
        (ps, v) => {
          const patterns = ps.map((p) => `${P}/s/GET/${p.join('')}`);
          const arn = `${P}/s/GET/${v.join('')}`;
          const expected = patterns.some((p) => matchGlob(compileGlob(p), arn));
          expect(evaluatePolicy(doc(allow(patterns)), arn).effect === 'Allow').toBe(expected);
        },
      ),
      // a prefix ending with the lone high surrogate would let `\uDE00?` start inside the value's pair
      { numRuns: 5000, examples: [[[['x', '\uD83D', '*', '\uDE00', '?', '*']], ['x', '😀', 'x']]] },
    );
  });

  it('agree with the reference matcher in actions, case-insensitively', () => {
    const alpha = fc.constantFrom('e', 'X', ':', '*', '?');
    fc.assert(
      fc.property(
        fc.array(alpha, { maxLength: 6 }),
        fc.array(fc.constantFrom('e', 'x', ':'), { maxLength: 6 }),
        (p, v) => {
          const Action = p.join('');
          const action = v.join('');
          const d = doc({ Action, Effect: 'Allow', Resource: '*' });
          expect(evaluatePolicy(d, `${P}/s/GET/x`, action).effect === 'Allow').toBe(
            referenceWildcardMatch(Action.toLowerCase(), action.toLowerCase()),
          );
        },
      ),
      { numRuns: 2000 },
    );
  });

  it('"?" is one character, also outside the Basic Multilingual Plane', () => {
    expect(allows(`${P}/s/GET/?`, `${P}/s/GET/😀`)).toBe(true);
    expect(allows(`${P}/s/GET/??`, `${P}/s/GET/😀`)).toBe(false);
  });

  it('is fast on the classic exponential case', () => {
    const start = performance.now();
    expect(allows(`${'*a'.repeat(30)}b`, 'a'.repeat(5000))).toBe(false);
    // Backtracking would take years: the bound catches that, it does not measure speed (bench does).
    expect(performance.now() - start).toBeLessThan(5000);
  });
});
