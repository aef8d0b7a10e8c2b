/**
 * Glob matching with CloudFront path-pattern semantics, in time linear in the text for a fixed pattern,
 * without regular expressions and without backtracking across `*`.
 *
 * Semantics (CloudFront cache-behavior path patterns, also IAM resource wildcards): case-sensitive;
 * `*` matches any run of characters including `/` (possibly empty); `?` matches exactly one character
 * (one Unicode code point: a surrogate pair is one character); everything else is literal.
 *
 * Algorithm: the pattern is split at `*` into pieces. The first piece must match at the start and the
 * last at the end (matched backwards); each middle piece is matched at its leftmost position after the
 * previous one. Leftmost is always optimal because a piece matches a fixed number of characters (or,
 * for claim placeholders, exactly one whole segment), so a later start never ends earlier. Each piece is
 * searched once: O(text length × piece length), no exponential case such as `*a*a*a*a*b`.
 *
 * @see [Amazon CloudFront Developer Guide - Cache behavior settings, path pattern](https://docs.aws.amazon.com/AmazonCloudFront/latest/DeveloperGuide/DownloadDistValuesCacheBehavior.html#DownloadDistValuesPathPattern)
 * @see [Russ Cox - Glob Matching Can Be Simple And Fast Too (why glob matching must not backtrack)](https://research.swtch.com/glob)
 * @module
 */
import type { JwtClaims } from '../verify/types.js';
import { claimMatchesSegment } from './claims.js';

const LITERAL = 0;
const ONE_CHAR = 1;
const PLACEHOLDER = 2;

/** One element of a piece: a literal run, `?`, or a claim placeholder `{name}` (a whole segment). */
interface Part {
  readonly kind: typeof LITERAL | typeof ONE_CHAR | typeof PLACEHOLDER;
  /** The literal text (LITERAL) or the claim name (PLACEHOLDER). */
  readonly text: string;
}

/** The text between two `*`. */
interface Piece {
  readonly parts: readonly Part[];
  /** The piece's text when it is a single literal run (or ''): matched with native string search. */
  readonly literal: string | undefined;
}

/**
 * A compiled glob. Build once (module scope), match many times with {@link matchGlob}.
 */
export interface CompiledGlob {
  /** The pattern as compiled (for path patterns: with the leading `/` added when it was omitted). */
  readonly source: string;
  /** Names of the claim placeholders, in order (empty for plain globs). */
  readonly placeholders: readonly string[];
  /** @internal pieces between `*`; a pattern without `*` has exactly one. */
  readonly pieces: readonly Piece[];
  /** @internal whether the pattern contains `*`. */
  readonly star: boolean;
}

/**
 * Compiles a plain glob: `*` any characters (including `/`), `?` exactly one character, everything else
 * literal — braces included. Suitable for IAM `Resource` ARNs and CloudFront `Resource` URLs.
 *
 * @param pattern - the glob
 * @example
 * ```ts
 * const g = compileGlob('arn:aws:execute-api:eu-west-1:123456789012:abc/prod/GET/pets/*');
 * matchGlob(g, 'arn:aws:execute-api:eu-west-1:123456789012:abc/prod/GET/pets/1'); // true
 * ```
 */
export function compileGlob(pattern: string): CompiledGlob {
  const pieces: Piece[] = [];
  let parts: Part[] = [];
  let run = '';
  for (let i = 0; i < pattern.length; i++) {
    const ch = pattern[i]!;
    if (ch === '*' || ch === '?') {
      if (run !== '') parts.push({ kind: LITERAL, text: run });
      run = '';
      if (ch === '*') {
        pieces.push(piece(parts));
        parts = [];
      } else {
        parts.push({ kind: ONE_CHAR, text: '?' });
      }
    } else {
      run += ch;
    }
  }
  if (run !== '') parts.push({ kind: LITERAL, text: run });
  pieces.push(piece(parts));
  return { source: pattern, placeholders: [], pieces, star: pieces.length > 1 };
}

/**
 * Why a path pattern does not compile, as data: the sentence is {@link describePatternProblem}'s, so that
 * the lean compile of a bundle (whose rules `edgeward build` validated) carries no messages.
 */
export type PatternProblem =
  | { readonly kind: 'empty' | 'surrogate' }
  | { readonly kind: 'unclosed' | 'unmatched'; readonly offset: number }
  | { readonly kind: 'greedy' | 'syntax' | 'segment'; readonly name: string };

/** Result of {@link compilePathPattern}. */
export type PathPatternResult =
  | { readonly ok: true; readonly glob: CompiledGlob }
  | { readonly ok: false; readonly problem: PatternProblem };

/** The sentence for a {@link PatternProblem} (what `validateRules` reports after the field path). */
export function describePatternProblem(problem: PatternProblem): string {
  switch (problem.kind) {
    case 'empty':
      return 'must be a non-empty string';
    case 'surrogate':
      return 'contains an unpaired UTF-16 surrogate';
    case 'unclosed':
      return `unclosed "{" at offset ${problem.offset}`;
    case 'unmatched':
      return `unmatched "}" at offset ${problem.offset}`;
    case 'greedy':
      return `"{${problem.name}}": greedy placeholders are API Gateway resource syntax; use "resource" or "*"`;
    case 'syntax':
      return `unknown placeholder syntax "{${problem.name}}" (expected {claim} with letters, digits, _ . : -)`;
    case 'segment':
      return `placeholder "{${problem.name}}" must be a whole path segment (e.g. /users/{sub}/*)`;
  }
}

/** Claim names allowed in placeholders: letters, digits, `_ . : -` (e.g. `sub`, `cognito:groups`, `custom:tenant`). */
const CLAIM_NAME = /^[A-Za-z0-9_.:-]+$/;

/**
 * Compiles a rule's CloudFront path pattern, with optional claim placeholders.
 *
 * - The leading `/` is optional, as in CloudFront (`images/*.jpg` ≡ `/images/*.jpg`); it is added.
 * - `{name}` interpolates the verified claim `name` and must be a whole segment: preceded by `/` and
 *   followed by `/` or the end of the pattern (`/users/{sub}/*`, `/teams/{cognito:groups}`). Braces are
 *   always placeholder syntax; any other use of `{` or `}` is an error.
 * - The pattern must be well-formed UTF-16 (no lone surrogate).
 *
 * @param pattern - the `path` of a rule
 * @returns the compiled glob, or the problem ({@link describePatternProblem} words it for `validateRules`)
 */
export function compilePathPattern(pattern: string): PathPatternResult {
  if (typeof pattern !== 'string' || pattern.length === 0) return fail({ kind: 'empty' });
  if (!isWellFormed(pattern)) return fail({ kind: 'surrogate' });
  const source = pattern.startsWith('/') ? pattern : `/${pattern}`;
  const pieces: Piece[] = [];
  const placeholders: string[] = [];
  let parts: Part[] = [];
  let run = '';
  const flush = (): void => {
    if (run !== '') parts.push({ kind: LITERAL, text: run });
    run = '';
  };
  for (let i = 0; i < source.length; i++) {
    const ch = source[i]!;
    if (ch === '*') {
      flush();
      pieces.push(piece(parts));
      parts = [];
    } else if (ch === '?') {
      flush();
      parts.push({ kind: ONE_CHAR, text: '?' });
    } else if (ch === '{') {
      const close = source.indexOf('}', i + 1);
      if (close < 0) return fail({ kind: 'unclosed', offset: i });
      const name = source.slice(i + 1, close);
      if (name.endsWith('+')) return fail({ kind: 'greedy', name });
      if (!CLAIM_NAME.test(name)) return fail({ kind: 'syntax', name });
      if (source[i - 1] !== '/' || (close + 1 < source.length && source[close + 1] !== '/')) {
        return fail({ kind: 'segment', name });
      }
      flush();
      parts.push({ kind: PLACEHOLDER, text: name });
      placeholders.push(name);
      i = close;
    } else if (ch === '}') {
      return fail({ kind: 'unmatched', offset: i });
    } else {
      run += ch;
    }
  }
  flush();
  pieces.push(piece(parts));
  return { ok: true, glob: { source, placeholders, pieces, star: pieces.length > 1 } };
}

function fail(problem: PatternProblem): PathPatternResult {
  return { ok: false, problem };
}

function piece(parts: Part[]): Piece {
  const only =
    parts.length === 0 ? '' : parts.length === 1 && parts[0]!.kind === LITERAL ? parts[0]!.text : undefined;
  return { parts, literal: only };
}

/** One element of a compiled glob, in pattern order (see {@link globParts}). */
export type GlobPart =
  /** Literal text, matched exactly (case-sensitive). */
  | { readonly kind: 'literal'; readonly text: string }
  /** `?`: exactly one character (one code point). */
  | { readonly kind: 'one' }
  /** `*`: any run of characters, including `/`, possibly empty. */
  | { readonly kind: 'any' }
  /** `{name}` in a path pattern: one whole segment holding a value of the claim `name`. */
  | { readonly kind: 'claim'; readonly name: string };

const ONE: GlobPart = Object.freeze({ kind: 'one' });
const ANY: GlobPart = Object.freeze({ kind: 'any' });

/**
 * The parsed form of a compiled glob, for code that translates a pattern rather than matching with it
 * (the IAM resource globs of a rule, the path languages of the cache-safety proof): a pattern is parsed
 * once, here, whatever it is translated to.
 *
 * @param glob - from {@link compileGlob} or {@link compilePathPattern}
 * @returns the parts in order; consecutive `*` are kept as they are written
 */
export function globParts(glob: CompiledGlob): GlobPart[] {
  const out: GlobPart[] = [];
  glob.pieces.forEach((p, i) => {
    if (i > 0) out.push(ANY);
    for (const part of p.parts) {
      if (part.kind === LITERAL) out.push({ kind: 'literal', text: part.text });
      else if (part.kind === ONE_CHAR) out.push(ONE);
      else out.push({ kind: 'claim', name: part.text });
    }
  });
  return out;
}

/**
 * Matches `text` against a compiled glob.
 *
 * Claim placeholders: with `claims`, a placeholder matches a segment equal to one safe value of that
 * claim (see `isSafeClaimValue`); with `claims` undefined it matches **any** non-empty segment (the
 * shape the rule could match for some user — used to decide that a token is needed, and for deny rules).
 *
 * @param glob - from {@link compileGlob} or {@link compilePathPattern}
 * @param text - the decoded path (or any string for plain globs)
 * @param claims - verified claims for placeholders; undefined = placeholders match any segment
 * @returns whether the whole text matches
 */
export function matchGlob(glob: CompiledGlob, text: string, claims?: JwtClaims): boolean {
  const pieces = glob.pieces;
  const n = text.length;
  if (!glob.star) return forward(pieces[0]!, text, 0, n, claims) === n;
  const start = forward(pieces[0]!, text, 0, n, claims);
  if (start < 0) return false;
  const end = backward(pieces[pieces.length - 1]!, text, n, start, claims);
  if (end < 0) return false;
  let pos = start;
  for (let i = 1; i < pieces.length - 1; i++) {
    pos = search(pieces[i]!, text, pos, end, claims);
    if (pos < 0) return false;
  }
  return true;
}

/** Leftmost match of a middle piece within `[from, limit)`; returns its end or -1. */
function search(p: Piece, text: string, from: number, limit: number, claims: JwtClaims | undefined): number {
  const lit = p.literal;
  if (lit !== undefined) {
    if (lit === '') return from;
    const at = text.indexOf(lit, from);
    return at < 0 || at + lit.length > limit ? -1 : at + lit.length;
  }
  for (let at = from; at < limit; at++) {
    if (isLow(text.charCodeAt(at)) && at > 0 && isHigh(text.charCodeAt(at - 1))) continue; // mid-pair
    const end = forward(p, text, at, limit, claims);
    if (end >= 0) return end;
  }
  return -1;
}

/** Matches a piece starting exactly at `pos`, not past `limit`; returns its end or -1. */
function forward(p: Piece, text: string, pos: number, limit: number, claims: JwtClaims | undefined): number {
  const parts = p.parts;
  for (let i = 0; i < parts.length; i++) {
    const part = parts[i]!;
    if (part.kind === LITERAL) {
      const s = part.text;
      if (pos + s.length > limit || !text.startsWith(s, pos)) return -1;
      pos += s.length;
    } else if (part.kind === ONE_CHAR) {
      if (pos >= limit) return -1;
      pos += isHigh(text.charCodeAt(pos)) && pos + 1 < limit && isLow(text.charCodeAt(pos + 1)) ? 2 : 1;
    } else {
      let end = text.indexOf('/', pos);
      if (end < 0) end = text.length;
      if (end > limit || end === pos) return -1;
      if (claims !== undefined && !claimMatchesSegment(claims, part.text, text, pos, end)) return -1;
      pos = end;
    }
  }
  return pos;
}

/** Matches a piece ending exactly at `pos`, not before `low`; returns its start or -1. */
function backward(p: Piece, text: string, pos: number, low: number, claims: JwtClaims | undefined): number {
  const parts = p.parts;
  for (let i = parts.length - 1; i >= 0; i--) {
    const part = parts[i]!;
    if (part.kind === LITERAL) {
      const s = part.text;
      const at = pos - s.length;
      if (at < low || !text.startsWith(s, at)) return -1;
      pos = at;
    } else if (part.kind === ONE_CHAR) {
      if (pos <= low) return -1;
      pos -= isLow(text.charCodeAt(pos - 1)) && pos - 2 >= low && isHigh(text.charCodeAt(pos - 2)) ? 2 : 1;
    } else {
      if (pos === 0) return -1;
      const start = text.lastIndexOf('/', pos - 1) + 1;
      if (start < low || start === pos) return -1;
      if (claims !== undefined && !claimMatchesSegment(claims, part.text, text, start, pos)) return -1;
      pos = start;
    }
  }
  return pos;
}

/** True when `s` has no unpaired UTF-16 surrogate (`String.prototype.isWellFormed`, ES2024). */
export function isWellFormed(s: string): boolean {
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (isLow(c)) return false;
    if (isHigh(c)) {
      if (!isLow(s.charCodeAt(i + 1))) return false;
      i++;
    }
  }
  return true;
}

function isHigh(c: number): boolean {
  return c >= 0xd800 && c <= 0xdbff;
}

function isLow(c: number): boolean {
  return c >= 0xdc00 && c <= 0xdfff;
}
