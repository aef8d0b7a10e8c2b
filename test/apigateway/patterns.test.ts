/**
 * The path-language toolkit behind the exactness proof, checked against brute force: every string over a
 * small alphabet up to a length bound is matched against each pattern by an independent matcher.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  globLanguage,
  languagesIntersect,
  type PathLanguage,
  pathPatternLanguage,
  type TemplateSegment,
  templateGlob,
  templateLanguage,
  templateWithin,
} from '../../packages/edgeward/src/apigateway/patterns.js';
import { compilePathPattern } from '../../packages/edgeward/src/core/rules/glob.js';
import { parseResourceTemplate } from '../../packages/edgeward/src/core/rules/resource.js';
import { referenceWildcardMatch } from '../helpers/wildcard.js';

/** Parses a resource template with the shared parser; throws on a malformed one. */
function parseTemplate(template: string): readonly TemplateSegment[] {
  const r = parseResourceTemplate(template);
  if (!r.ok) throw new Error(r.error);
  return r.template.segments;
}

const ALPHABET = ['a', 'b', '/'];

/** All strings over ALPHABET up to `max` characters. */
function allStrings(max: number): string[] {
  let level = [''];
  const out = [''];
  for (let n = 1; n <= max; n++) {
    level = level.flatMap((s) => ALPHABET.map((c) => s + c));
    out.push(...level);
  }
  return out;
}
const UNIVERSE = allStrings(7);

/** The reference glob matcher (`*` any, `?` one), as a tester. */
function globRegex(glob: string): { test(s: string): boolean } {
  return { test: (s) => referenceWildcardMatch(glob, s) };
}
/** Independent template matcher. */
function templateRegex(t: readonly TemplateSegment[]): RegExp {
  if (t.length === 0) return /^\/$/;
  const body = t
    .map((s) => (s.kind === 'literal' ? `\\/${s.value}` : s.kind === 'param' ? '\\/[^/]+' : '\\/.+'))
    .join('');
  return new RegExp(`^${body}$`);
}

/**
 * A shortest common string has at most this many characters: each of its characters is consumed by a
 * non-loop token of some pattern (a character consumed by loops only could be removed). When the bound
 * is within the brute-force universe, brute force is exact.
 */
function witnessBound(languages: readonly PathLanguage[]): number {
  return languages.reduce((n, l) => n + l.filter((t) => t.k !== 'star' && t.k !== 'nsstar').length, 0);
}

const globArb = fc
  .array(fc.constantFrom('a', 'b', '/', '*', '?'), { minLength: 0, maxLength: 5 })
  .map((a) => a.join(''));
const segArb: fc.Arbitrary<TemplateSegment> = fc.oneof(
  fc.constantFrom('a', 'b', 'ab').map((value) => ({ kind: 'literal' as const, value })),
  fc.constant({ kind: 'param' as const, name: 'p' }),
);
const templateArb = fc
  .tuple(fc.array(segArb, { maxLength: 3 }), fc.boolean())
  .map(([segs, greedy]) => (greedy ? [...segs, { kind: 'greedy' as const, name: 'rest' }] : segs));

describe('languagesIntersect', () => {
  it('agrees with brute force for two globs', () => {
    fc.assert(
      fc.property(globArb, globArb, (g1, g2) => {
        const r1 = globRegex(g1);
        const r2 = globRegex(g2);
        const brute = UNIVERSE.some((s) => r1.test(s) && r2.test(s));
        const langs = [globLanguage(g1), globLanguage(g2)];
        return languagesIntersect(langs) === brute || (!brute && witnessBound(langs) > 7);
      }),
      { numRuns: 1500 },
    );
  });

  it('agrees with brute force for a template and a glob', () => {
    fc.assert(
      fc.property(templateArb, globArb, (t, g) => {
        const rt = templateRegex(t);
        const rg = globRegex(g);
        const brute = UNIVERSE.some((s) => rt.test(s) && rg.test(s));
        const langs = [templateLanguage(t), globLanguage(g)];
        return languagesIntersect(langs) === brute || (!brute && witnessBound(langs) > 7);
      }),
      { numRuns: 1500 },
    );
  });

  it('handles the cases the policy relies on', () => {
    const t = (s: string) => templateLanguage(parseTemplate(s));
    expect(languagesIntersect([t('/pets/{id}'), t('/pets/{id}/photos')])).toBe(false);
    expect(languagesIntersect([globLanguage('/pets/*'), t('/pets/{id}/photos')])).toBe(true);
    expect(languagesIntersect([globLanguage('/admin/?*'), globLanguage('/admin/')])).toBe(false);
    expect(languagesIntersect([t('/{proxy+}'), globLanguage('/')])).toBe(false);
  });
});

describe('pathPatternLanguage (a rule path pattern, a claim placeholder standing for any segment)', () => {
  const ruleArb = fc
    .array(fc.constantFrom('a', 'b', '/', '*', '?', '/{sub}'), { maxLength: 5 })
    .map((a) => `/${a.join('')}`)
    .filter((p) => compilePathPattern(p).ok);

  it('agrees with brute force: the pattern with each placeholder as a non-empty segment', () => {
    fc.assert(
      fc.property(ruleArb, globArb, (rule, g) => {
        const language = pathPatternLanguage(rule);
        // a placeholder is one non-empty segment: "[^/]+" over the alphabet, i.e. "a" or "b" then no "/"
        const parts = rule.split('{sub}');
        const matchesRule = (s: string): boolean => {
          const anySegment = (rest: string, i: number): boolean => {
            if (i === parts.length - 1) return referenceWildcardMatch(parts[i]!, rest);
            for (let cut = 0; cut <= rest.length; cut++) {
              if (!referenceWildcardMatch(parts[i]!, rest.slice(0, cut))) continue;
              for (let end = cut + 1; end <= rest.length; end++) {
                if (rest.slice(cut, end).includes('/')) break;
                if (anySegment(rest.slice(end), i + 1)) return true;
              }
            }
            return false;
          };
          return anySegment(s, 0);
        };
        const rg = globRegex(g);
        const brute = UNIVERSE.some((s) => matchesRule(s) && rg.test(s));
        const langs = [language, globLanguage(g)];
        return languagesIntersect(langs) === brute || (!brute && witnessBound(langs) > 7);
      }),
      { numRuns: 500 },
    );
  });
});

describe('templateWithin (sound: never claims an inclusion that does not hold)', () => {
  it('glob outer: true only if every bounded string of the template matches the glob', () => {
    fc.assert(
      fc.property(templateArb, globArb, (t, g) => {
        if (!templateWithin(t, { glob: g })) return true;
        const rt = templateRegex(t);
        const rg = globRegex(g);
        return UNIVERSE.every((s) => !rt.test(s) || rg.test(s));
      }),
      { numRuns: 1500 },
    );
  });

  it('template outer: true only if every bounded string of the inner template matches the outer', () => {
    fc.assert(
      fc.property(templateArb, templateArb, (inner, outer) => {
        if (!templateWithin(inner, { template: outer })) return true;
        const ri = templateRegex(inner);
        const ro = templateRegex(outer);
        return UNIVERSE.every((s) => !ri.test(s) || ro.test(s));
      }),
      { numRuns: 1500 },
    );
  });

  it('proves the inclusions the routes mode needs', () => {
    const p = parseTemplate;
    expect(templateWithin(p('/pets/{id}'), { template: p('/pets/{petId}') })).toBe(true);
    expect(templateWithin(p('/files/a/{x}'), { template: p('/files/{proxy+}') })).toBe(true);
    expect(templateWithin(p('/pets/{id}'), { glob: '/pets/*' })).toBe(true);
    expect(templateWithin(p('/users/{id}/profile'), { glob: '/users/u1/*' })).toBe(false);
    expect(templateGlob(p('/files/{proxy+}'))).toBe('/files/?*');
  });
});
