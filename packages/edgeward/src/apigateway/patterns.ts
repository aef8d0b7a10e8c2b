/**
 * A tiny regular-language toolkit over request paths, used to PROVE that a cache-safe IAM policy is exact.
 *
 * Two pattern syntaxes compile to one token form, each read by the shared parser:
 * - IAM / CloudFront globs (`core/rules/glob.ts`): `*` = any string (including `/`), `?` = exactly one
 *   character, everything else literal (IAM `execute-api` resource matching and CloudFront path patterns
 *   agree on this); a rule's claim placeholder `{name}` stands for any one segment.
 * - API Gateway resource templates (`core/rules/resource.ts`): `{name}` = one or more characters other
 *   than `/` (one segment), `{name+}` = one or more characters (one or more segments; last segment only),
 *   literals exact.
 *
 * {@link languagesIntersect} decides whether some path matches every given pattern (breadth-first search
 * over the product automaton; O(product of pattern lengths), patterns are short). {@link templateWithin}
 * decides (conservatively: `true` is always right, `false` may be a "don't know") whether every path of a
 * template matches a pattern. No RegExp is ever built from configuration or request data.
 *
 * @module
 */
import { AuthError } from '../core/errors.js';
import { compileGlob, compilePathPattern, type GlobPart, globParts } from '../core/rules/glob.js';
import type { TemplateSegment } from '../core/rules/resource.js';

export type { TemplateSegment } from '../core/rules/resource.js';

/** One compiled pattern token. */
export type PathToken =
  | { readonly k: 'lit'; readonly c: string }
  /** exactly one character */
  | { readonly k: 'any' }
  /** exactly one character other than `/` */
  | { readonly k: 'ns' }
  /** any string, possibly empty */
  | { readonly k: 'star' }
  /** any string without `/`, possibly empty */
  | { readonly k: 'nsstar' };

/** A compiled pattern. */
export type PathLanguage = readonly PathToken[];

const ANY: PathToken = { k: 'any' };
const NS: PathToken = { k: 'ns' };
const STAR: PathToken = { k: 'star' };
const NSSTAR: PathToken = { k: 'nsstar' };

/**
 * The language of a glob's parts; a claim placeholder stands for ANY one non-empty segment (the language
 * of a `deny` rule with placeholders, which refuses whatever the claim's value).
 */
function partsLanguage(parts: readonly GlobPart[]): PathLanguage {
  const out: PathToken[] = [];
  for (const part of parts) {
    if (part.kind === 'literal') for (const c of part.text) out.push({ k: 'lit', c });
    else if (part.kind === 'one') out.push(ANY);
    else if (part.kind === 'claim') out.push(NS, NSSTAR);
    else if (out.at(-1)?.k !== 'star') out.push(STAR);
  }
  return out;
}

/** The language of an IAM/CloudFront glob (`*`, `?`, literals), parsed by the shared glob parser. */
export function globLanguage(glob: string): PathLanguage {
  return partsLanguage(globParts(compileGlob(glob)));
}

/**
 * The language of a rule's CloudFront path pattern (leading `/` added when omitted) where each claim
 * placeholder `{name}` stands for ANY one non-empty segment.
 *
 * @throws AuthError `config_invalid` when the pattern does not compile (rules are compiled before this)
 */
export function pathPatternLanguage(pattern: string): PathLanguage {
  const r = compilePathPattern(pattern);
  if (!r.ok) {
    // (the kind only, as in compile.ts: the rules were compiled, so validated, before)
    throw new AuthError(
      'config_invalid',
      `path pattern ${JSON.stringify(pattern)}: invalid (${r.problem.kind})`,
    );
  }
  return partsLanguage(globParts(r.glob));
}

/** The language of a parsed resource template, over paths WITH the leading `/`. */
export function templateLanguage(segments: readonly TemplateSegment[]): PathLanguage {
  const out: PathToken[] = [];
  if (segments.length === 0) return [{ k: 'lit', c: '/' }];
  for (const seg of segments) {
    out.push({ k: 'lit', c: '/' });
    if (seg.kind === 'literal') for (const c of seg.value) out.push({ k: 'lit', c });
    else if (seg.kind === 'param') out.push(NS, NSSTAR);
    else out.push(ANY, STAR);
  }
  return out;
}

/**
 * The IAM glob (path WITH leading `/`) covering a template: `{name}` becomes `*` (a superset: IAM's `*`
 * also crosses `/`), `{name+}` becomes `?*` (one or more characters: exactly the greedy variable's
 * paths among well-formed ones).
 */
export function templateGlob(segments: readonly TemplateSegment[]): string {
  if (segments.length === 0) return '/';
  return segments.map((s) => `/${s.kind === 'literal' ? s.value : s.kind === 'param' ? '*' : '?*'}`).join('');
}

/** True when the glob of a template has exactly the template's language (no single-segment `{name}`). */
export function templateGlobIsExact(segments: readonly TemplateSegment[]): boolean {
  return segments.every((s) => s.kind !== 'param');
}

function isLoop(t: PathToken): boolean {
  return t.k === 'star' || t.k === 'nsstar';
}

/**
 * True when at least one string belongs to every language. With no languages, true.
 *
 * @example
 * ```ts
 * languagesIntersect([globLanguage('/pets/*'), templateLanguage(template('/pets/{id}'))]) // true
 * ```
 */
export function languagesIntersect(languages: readonly PathLanguage[]): boolean {
  const n = languages.length;
  if (n === 0) return true;
  const seen = new Set<string>();
  const queue: number[][] = [];
  const push = (state: number[]) => {
    // epsilon closure: a loop token may be skipped
    const stack = [state];
    while (stack.length > 0) {
      const s = stack.pop()!;
      const key = s.join(',');
      if (seen.has(key)) continue;
      seen.add(key);
      queue.push(s);
      for (let i = 0; i < n; i++) {
        const tok = languages[i]![s[i]!];
        if (tok !== undefined && isLoop(tok)) {
          const next = s.slice();
          next[i] = s[i]! + 1;
          stack.push(next);
        }
      }
    }
  };
  push(new Array<number>(n).fill(0));
  for (let q = 0; q < queue.length; q++) {
    const s = queue[q]!;
    if (s.every((pos, i) => pos === languages[i]!.length)) return true;
    // one character step: every language must be on a token accepting a common character
    let literal: string | undefined;
    let noSlash = false;
    let possible = true;
    for (let i = 0; i < n && possible; i++) {
      const tok = languages[i]![s[i]!];
      if (tok === undefined) possible = false;
      else if (tok.k === 'lit') {
        if (literal !== undefined && literal !== tok.c) possible = false;
        literal = tok.c;
      } else if (tok.k === 'ns' || tok.k === 'nsstar') noSlash = true;
    }
    if (!possible || (noSlash && literal === '/')) continue;
    const next = s.map((pos, i) => (isLoop(languages[i]![pos]!) ? pos : pos + 1));
    push(next);
  }
  return false;
}

/** A template item for {@link templateWithin}: a literal character or a placeholder symbol. */
type Item = string | 'SEG' | 'REST';

function templateItems(segments: readonly TemplateSegment[]): Item[] {
  if (segments.length === 0) return ['/'];
  const items: Item[] = [];
  for (const seg of segments) {
    items.push('/');
    if (seg.kind === 'literal') items.push(...seg.value);
    else items.push(seg.kind === 'param' ? 'SEG' : 'REST');
  }
  return items;
}

/** Glob match where `*` may absorb placeholders, `?`/literals only literal characters (iterative DP). */
function globCoversItems(glob: string, items: readonly Item[]): boolean {
  const g = [...glob];
  // dp[j] = glob prefix of length j matches items prefix of length i
  let dp = new Array<boolean>(g.length + 1).fill(false);
  dp[0] = true;
  for (let j = 1; j <= g.length; j++) dp[j] = dp[j - 1]! && g[j - 1] === '*';
  for (const item of items) {
    const next = new Array<boolean>(g.length + 1).fill(false);
    for (let j = 1; j <= g.length; j++) {
      const p = g[j - 1]!;
      if (p === '*') next[j] = next[j - 1]! || dp[j]!;
      else if (item === 'SEG' || item === 'REST') next[j] = false;
      else if (p === '?' || p === item) next[j] = dp[j - 1]!;
    }
    dp = next;
  }
  return dp[g.length]!;
}

/** Segment-wise inclusion of template `inner` in template `outer`. */
function templateCoversTemplate(
  outer: readonly TemplateSegment[],
  inner: readonly TemplateSegment[],
): boolean {
  const last = outer.at(-1);
  const greedy = last?.kind === 'greedy';
  const fixed = greedy ? outer.length - 1 : outer.length;
  if (greedy ? inner.length < outer.length : inner.length !== outer.length) return false;
  for (let i = 0; i < fixed; i++) {
    const o = outer[i]!;
    const n = inner[i]!;
    if (o.kind === 'literal' && (n.kind !== 'literal' || n.value !== o.value)) return false;
    if (o.kind === 'param' && n.kind === 'greedy') return false;
  }
  return true;
}

/**
 * Whether every path of template `inner` belongs to `outer` (a glob string over paths with leading `/`, or
 * a parsed template). Conservative: `false` means "not proven".
 */
export function templateWithin(
  inner: readonly TemplateSegment[],
  outer: { readonly glob: string } | { readonly template: readonly TemplateSegment[] },
): boolean {
  if ('glob' in outer) return globCoversItems(outer.glob, templateItems(inner));
  return templateCoversTemplate(outer.template, inner);
}
