/**
 * Cache-behavior selection (the local CloudFront emulator, the CDK routing checks) uses the runtime's
 * shared wildcard matcher: checked against the reference matcher, with CloudFront's optional leading `/`.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { behaviorSelector } from '../../packages/edgeward/src/cloudfront/path-patterns.js';
import { referenceWildcardMatch } from '../helpers/wildcard.js';

describe('behaviorSelector', () => {
  it('picks the first behavior whose path pattern matches, else the default', () => {
    const select = behaviorSelector(
      [{ pathPattern: '/api/*' }, { pathPattern: 'img/?.png' }, { pathPattern: '/api/v2/*' }],
      { pathPattern: '*' },
    );
    expect(select('/api/v2/x').pathPattern).toBe('/api/*');
    expect(select('/img/a.png').pathPattern).toBe('img/?.png');
    expect(select('/img/ab.png').pathPattern).toBe('*');
    expect(select('/API/x').pathPattern).toBe('*');
  });

  it('agrees with the reference matcher (leading "/" optional)', () => {
    const patternArb = fc
      .array(fc.constantFrom('a', 'b', '/', '*', '?', '.', '{', '😀'), { minLength: 1, maxLength: 8 })
      .map((a) => a.join(''));
    const pathArb = fc
      .array(fc.constantFrom('a', 'b', '/', '.', '{', '😀'), { maxLength: 10 })
      .map((a) => `/${a.join('')}`);
    fc.assert(
      fc.property(patternArb, pathArb, (pathPattern, path) => {
        const fallback = { pathPattern: '*' };
        const chosen = behaviorSelector([{ pathPattern }], fallback)(path);
        const withSlash = pathPattern.startsWith('/') ? pathPattern : `/${pathPattern}`;
        expect(chosen !== fallback).toBe(referenceWildcardMatch(withSlash, path));
      }),
      { numRuns: 3000 },
    );
  });
});
