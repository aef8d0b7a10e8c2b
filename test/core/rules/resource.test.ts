import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  matchResource,
  parseResourceTemplate,
  resourceGlob,
} from '../../../packages/edgeward/src/core/rules/index.js';

const compiled = (resource: string) => {
  const r = parseResourceTemplate(resource);
  if (!r.ok) throw new Error(r.error);
  return r.template;
};

/** Reference: API Gateway resource → anchored RegExp (test-only; inputs are generated, not hostile). */
function referenceMatch(resource: string, path: string): boolean {
  const trimmed = path.length > 1 && path.endsWith('/') ? path.slice(0, -1) : path;
  if (resource === '/') return trimmed === '/';
  const body = resource
    .slice(1)
    .split('/')
    .map((s) =>
      s.endsWith('+}') ? '.+' : s.startsWith('{') ? '[^/]+' : s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'),
    )
    .join('/');
  return new RegExp(`^/${body}$`, 's').test(trimmed);
}

describe('API Gateway resource paths', () => {
  it.each([
    ['/pets/{id}', '/pets/1', true],
    ['/pets/{id}', '/pets/1/', true], // a single trailing "/" is the same resource
    ['/pets/{id}', '/pets/', false],
    ['/pets/{id}', '/pets', false],
    ['/pets/{id}', '/pets/1/photos', false],
    ['/pets/{id}', '/Pets/1', false],
    ['/pets/{id}/photos', '/pets/1/photos', true],
    ['/pets/{id}/photos', '/pets/1/videos', false],
    ['/files/{proxy+}', '/files/a', true],
    ['/files/{proxy+}', '/files/a/b/c.txt', true],
    ['/files/{proxy+}', '/files/', false],
    ['/files/{proxy+}', '/files', false],
    ['/{proxy+}', '/anything/here', true],
    ['/{proxy+}', '/', false],
    ['/', '/', true],
    ['/', '/x', false],
    ['/pets', '/pets', true],
    ['/pets', '/pets/', true],
    ['/pets', '/petsx', false],
    ['/pets', '/pet', false],
  ])('%j vs %j → %s', (resource, path, expected) => {
    expect(matchResource(compiled(resource), path)).toBe(expected);
  });

  it.each([
    ['pets', /start with/],
    ['/pets//x', /empty segment/],
    ['/pets/', /empty segment/],
    ['/pets/../x', /"\."/],
    ['/{proxy+}/x', /last segment/],
    ['/pets/{}', /unknown placeholder/],
    ['/pets/{a b}', /unknown placeholder/],
    ['/pets/{id}/{id}', /duplicate/],
    ['/pets/*', /not allowed/],
    ['/pets/a?', /not allowed/],
    ['/pets/x{id}', /not allowed/],
  ])('rejects %j', (resource, error) => {
    const r = parseResourceTemplate(resource);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.error).toMatch(error);
  });

  it('names its parameters and maps to IAM globs', () => {
    expect(compiled('/a/{b}/c/{d+}').parameters).toEqual(['b', 'd']);
    expect(resourceGlob(compiled('/pets/{id}'))).toBe('pets/*');
    expect(resourceGlob(compiled('/pets/{id}/photos'))).toBe('pets/*/photos');
    expect(resourceGlob(compiled('/{proxy+}'))).toBe('*');
    expect(resourceGlob(compiled('/'))).toBe('');
  });

  it('agrees with a reference implementation', () => {
    const seg = fc.constantFrom('a', 'b', '{x}', '{y}');
    const resourceArb = fc.tuple(fc.array(seg, { maxLength: 4 }), fc.boolean()).map(([segs, greedy]) => {
      const named = segs.map((s, i) => (s.startsWith('{') ? `{p${i}}` : s));
      if (greedy) named.push('{rest+}');
      return `/${named.join('/')}`;
    });
    const pathArb = fc
      .tuple(fc.array(fc.constantFrom('a', 'b', 'c', 'ab'), { maxLength: 6 }), fc.boolean())
      .map(([segs, slash]) => `/${segs.join('/')}${slash && segs.length > 0 ? '/' : ''}`);
    fc.assert(
      fc.property(resourceArb, pathArb, (resource, path) => {
        expect(matchResource(compiled(resource), path)).toBe(referenceMatch(resource, path));
      }),
      { numRuns: 4000 },
    );
  });
});
