import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  compileGlob,
  compilePathPattern,
  describePatternProblem,
  type GlobPart,
  globParts,
  matchGlob,
} from '../../../packages/edgeward/src/core/rules/index.js';
import { referenceWildcardMatch } from '../../helpers/wildcard.js';
import { verifiedToken } from './tokens.js';

/** The shared reference matcher (code points: `*` any run, `?` one code point). */
const referenceMatch = referenceWildcardMatch;

const pathPattern = (pattern: string) => {
  const r = compilePathPattern(pattern);
  if (!r.ok) throw new Error(describePatternProblem(r.problem));
  return r.glob;
};

describe('CloudFront path-pattern semantics', () => {
  it.each([
    ['/admin/*', '/admin/x', true],
    ['/admin/*', '/admin/', true],
    ['/admin/*', '/admin/a/b/c', true],
    ['/admin/*', '/admin', false],
    ['/admin/*', '/Admin/x', false], // case-sensitive
    ['/admin/*', '/administrator/x', false],
    ['/admin*', '/administrator/x', true],
    ['admin/*', '/admin/x', true], // leading "/" optional, as in CloudFront
    ['*.jpg', '/images/a.jpg', true],
    ['*.jpg', '/a.jpg', true],
    ['*.jpg', '/a.jpeg', false],
    ['/images/*.jpg', '/images/sub/a.jpg', true], // "*" crosses "/"
    ['/img/?.png', '/img/a.png', true],
    ['/img/?.png', '/img/ab.png', false],
    ['/img/?.png', '/img/.png', false],
    ['/img/?.png', '/img/😀.png', true], // "?" is one character, not one UTF-16 unit
    ['/img/??.png', '/img/😀.png', false],
    ['/a?c', '/a/c', true],
    ['*', '/', true],
    ['*', '/anything/at/all', true],
    ['/exact', '/exact', true],
    ['/exact', '/exact/', false],
    ['/a/*/b/*/c', '/a/x/b/y/c', true],
    ['/a/*/b/*/c', '/a/x/b/c', false],
    ['/a/*/b/*/c', '/a/b/b/c/c', true],
    ['/*ab*ab', '/abab', true],
    ['/*ab*ab', '/aba', false],
    ['/*ab*ab', '/abxb', false],
    ['/*ab*ab', '/ababab', true],
    ['/a**b', '/ab', true],
    ['/a/x;jsessionid=1', '/a/x;jsessionid=1', true],
    ['/{a', '/{a', false],
  ])('%j vs %j → %s', (pattern, text, expected) => {
    const r = compilePathPattern(pattern);
    if (!r.ok) {
      expect(expected).toBe(false);
      return;
    }
    expect(matchGlob(r.glob, text)).toBe(expected);
  });

  it('plain globs keep braces literal (for IAM/CloudFront resources)', () => {
    expect(
      matchGlob(
        compileGlob('arn:aws:execute-api:*:*:abc/prod/GET/pets/{id}'),
        'arn:aws:execute-api:eu-west-1:1:abc/prod/GET/pets/{id}',
      ),
    ).toBe(true);
    expect(matchGlob(compileGlob('abc/*/GET/pets/?'), 'abc/prod/GET/pets/1')).toBe(true);
    expect(matchGlob(compileGlob('abc/*/GET/pets/?'), 'abc/prod/GET/pets/12')).toBe(false);
  });

  it('has no catastrophic backtracking (would take years if it backtracked across stars)', () => {
    const text = `/${'a'.repeat(8000)}`;
    const patterns = ['/*a*a*a*a*a*a*a*a*a*a*a*b', '/*?a*?a*?a*?a*?a*?a*?a*b', '*a?a?a?a?a?a?a?a?a?a?b*'];
    const started = performance.now();
    for (const p of patterns) expect(matchGlob(compileGlob(p), text)).toBe(false);
    // Backtracking would take years: the bound catches that, it does not measure speed (bench does).
    expect(performance.now() - started).toBeLessThan(5000);
  });
});

describe('claim placeholders', () => {
  const alice = verifiedToken({ sub: 'alice-sub', 'cognito:groups': ['red', 'blue'] });

  it('match the claim value literally, as a whole segment', () => {
    const g = pathPattern('/users/{sub}/*');
    expect(g.placeholders).toEqual(['sub']);
    expect(matchGlob(g, '/users/alice-sub/x', alice.claims)).toBe(true);
    expect(matchGlob(g, '/users/alice-sub/', alice.claims)).toBe(true);
    expect(matchGlob(g, '/users/bob/x', alice.claims)).toBe(false);
    expect(matchGlob(g, '/users/alice-sub', alice.claims)).toBe(false);
    expect(matchGlob(g, '/users/alice-subx/x', alice.claims)).toBe(false);
    expect(matchGlob(g, '/users/xalice-sub/x', alice.claims)).toBe(false);
  });

  it('offer any one value of a multi-valued claim', () => {
    const g = pathPattern('/teams/{cognito:groups}/*');
    expect(matchGlob(g, '/teams/red/doc', alice.claims)).toBe(true);
    expect(matchGlob(g, '/teams/blue/doc', alice.claims)).toBe(true);
    expect(matchGlob(g, '/teams/green/doc', alice.claims)).toBe(false);
    expect(matchGlob(g, '/teams/red,blue/doc', alice.claims)).toBe(false);
  });

  it('work at the end of the pattern, after a star, and several at once', () => {
    expect(matchGlob(pathPattern('/u/{sub}'), '/u/alice-sub', alice.claims)).toBe(true);
    expect(matchGlob(pathPattern('/u/{sub}'), '/u/alice-sub/', alice.claims)).toBe(false);
    expect(matchGlob(pathPattern('*/{sub}'), '/a/b/alice-sub', alice.claims)).toBe(true);
    expect(matchGlob(pathPattern('*/{sub}/*.pdf'), '/x/alice-sub/y/z.pdf', alice.claims)).toBe(true);
    expect(matchGlob(pathPattern('*/{sub}/*.pdf'), '/x/bob/y/z.pdf', alice.claims)).toBe(false);
    const two = pathPattern('/t/{cognito:groups}/u/{sub}');
    expect(matchGlob(two, '/t/blue/u/alice-sub', alice.claims)).toBe(true);
    expect(matchGlob(two, '/t/blue/u/bob', alice.claims)).toBe(false);
  });

  it('without claims, match any non-empty segment (the shape the rule could match)', () => {
    const g = pathPattern('/users/{sub}/*');
    expect(matchGlob(g, '/users/anyone/x')).toBe(true);
    expect(matchGlob(g, '/users/x')).toBe(false);
  });

  it.each(['*', 'a*', '?', '/', 'a/b', '..', '.', '', '\\', '{x}', 'a}', '%2e', 'tab\there', '\u0085'])(
    'never match when the claim is unsafe: %j',
    (value) => {
      const g = pathPattern('/users/{sub}/*');
      const claims = verifiedToken({ sub: value }).claims;
      for (const path of [`/users/${value}/x`, '/users/*/x', '/users/a/x', '/users/../x', '/users/%2e/x']) {
        expect(matchGlob(g, path, claims)).toBe(false);
      }
    },
  );

  it('never match non-string claims', () => {
    const g = pathPattern('/users/{n}/*');
    for (const n of [5, true, null, { a: 1 }, [5], undefined]) {
      expect(matchGlob(g, `/users/${String(n)}/x`, verifiedToken({ n }).claims)).toBe(false);
    }
  });

  it.each([
    ['/users/{sub', /unclosed/],
    ['/users/sub}', /unmatched/],
    ['/users/{}', /unknown placeholder/],
    ['/users/{a b}', /unknown placeholder/],
    ['/users/{proxy+}', /greedy/],
    ['/users/x{sub}', /whole path segment/],
    ['/users/{sub}x', /whole path segment/],
    ['/users/{sub}*', /whole path segment/],
    ['', /non-empty/],
    ['/a\ud800', /surrogate/],
  ])('rejects malformed pattern %j', (pattern, error) => {
    const r = compilePathPattern(pattern);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(describePatternProblem(r.problem)).toMatch(error);
  });
});

describe('glob properties', () => {
  const patternArb = fc
    .array(fc.constantFrom('a', 'b', '/', '*', '?', '😀'), { maxLength: 10 })
    .map((a) => a.join(''));
  const textArb = fc.array(fc.constantFrom('a', 'b', '/', '😀'), { maxLength: 14 }).map((a) => a.join(''));

  it('agrees with a reference implementation', () => {
    fc.assert(
      fc.property(patternArb, textArb, (pattern, text) => {
        expect(matchGlob(compileGlob(pattern), text)).toBe(referenceMatch(pattern, text));
      }),
      { numRuns: 5000 },
    );
  });

  it('path patterns agree with the reference once the optional leading "/" is added', () => {
    fc.assert(
      fc.property(patternArb, textArb, (pattern, text) => {
        fc.pre(pattern !== '');
        const withSlash = pattern.startsWith('/') ? pattern : `/${pattern}`;
        expect(matchGlob(pathPattern(pattern), `/${text}`)).toBe(referenceMatch(withSlash, `/${text}`));
      }),
      { numRuns: 3000 },
    );
  });

  it('a placeholder matches exactly like the literal safe value it holds', () => {
    const safe = fc.stringMatching(/^[a-z0-9_-]{1,6}$/);
    fc.assert(
      fc.property(
        safe,
        textArb,
        fc.constantFrom('/u/{sub}/*', '*/{sub}', '/u/{sub}', '*/{sub}/?*'),
        (sub, text, p) => {
          const literal = (p.startsWith('/') ? p : `/${p}`).replace('{sub}', sub);
          const claims = verifiedToken({ sub }).claims;
          for (const path of [`/u/${sub}/${text}`, `/${text}/${sub}`, `/u/${text}`]) {
            expect(matchGlob(pathPattern(p), path, claims)).toBe(referenceMatch(literal, path));
          }
        },
      ),
      { numRuns: 2000 },
    );
  });
});

describe('globParts (the parsed form the IAM globs and the cache-safety languages are built from)', () => {
  const render = (parts: readonly GlobPart[]) =>
    parts
      .map((p) =>
        p.kind === 'literal' ? p.text : p.kind === 'one' ? '?' : p.kind === 'any' ? '*' : `{${p.name}}`,
      )
      .join('');

  it('renders back to the pattern it was parsed from', () => {
    const patternArb = fc
      .array(fc.constantFrom('a', '/', '*', '?', '😀', '/{sub}', '/{cognito:groups}'), { maxLength: 8 })
      .map((a) => `/${a.join('')}`);
    fc.assert(
      fc.property(patternArb, (pattern) => {
        expect(render(globParts(compileGlob(pattern)))).toBe(pattern);
        const r = compilePathPattern(pattern);
        if (r.ok) expect(render(globParts(r.glob))).toBe(r.glob.source);
      }),
      { numRuns: 1000 },
    );
  });

  it('names claim placeholders and keeps braces literal in plain globs', () => {
    const r = compilePathPattern('/t/{cognito:groups}/*');
    expect(r.ok && globParts(r.glob)).toEqual([
      { kind: 'literal', text: '/t/' },
      { kind: 'claim', name: 'cognito:groups' },
      { kind: 'literal', text: '/' },
      { kind: 'any' },
    ]);
    expect(globParts(compileGlob('a{b}?'))).toEqual([{ kind: 'literal', text: 'a{b}' }, { kind: 'one' }]);
  });
});
