/**
 * Claim values used in rule patterns (`/users/{sub}/*`, `/teams/{cognito:groups}/*`): which values may
 * be interpolated at all, and how a path segment is compared with them. Values are always compared
 * literally, so a claim can narrow a rule to one user but never widen it.
 *
 * @module
 */
import type { JwtClaims } from '../verify/types.js';
import { isControl } from './normalize.js';

/**
 * True when a claim value may stand for one path segment: a non-empty string that is not `.` or `..` and
 * contains none of `/ \ * ? { } %` nor a control character. Anything else never matches (fail closed):
 * `/` or `..` would let the value span or climb segments, `*`/`?`/`{`/`}` are pattern syntax (and IAM
 * wildcards in `execute-api` resources), `%` would be ambiguous against the decoded path.
 *
 * @param value - a claim value of any JSON type
 */
export function isSafeClaimValue(value: unknown): value is string {
  if (typeof value !== 'string') return false;
  const n = value.length;
  if (n === 0 || value === '.' || value === '..') return false;
  for (let i = 0; i < n; i++) {
    const c = value.charCodeAt(i);
    if (
      c === 0x2f || // /
      c === 0x5c || // \
      c === 0x2a || // *
      c === 0x3f || // ?
      c === 0x7b || // {
      c === 0x7d || // }
      c === 0x25 || // %
      isControl(c)
    ) {
      return false;
    }
  }
  return true;
}

/**
 * True when `text[start, end)` equals one safe value of claim `name`: a string claim is one value, an
 * array claim offers each string element (`cognito:groups`: any one of the user's groups); other types
 * never match. No allocation.
 */
export function claimMatchesSegment(
  claims: JwtClaims,
  name: string,
  text: string,
  start: number,
  end: number,
): boolean {
  const value = claims[name];
  if (typeof value === 'string') return equalsSegment(value, text, start, end);
  if (Array.isArray(value)) {
    for (const v of value) {
      if (typeof v === 'string' && equalsSegment(v, text, start, end)) return true;
    }
  }
  return false;
}

function equalsSegment(value: string, text: string, start: number, end: number): boolean {
  return value.length === end - start && text.startsWith(value, start) && isSafeClaimValue(value);
}

/**
 * The safe values of claim `name` (a string claim → one value; an array → its safe string elements).
 * Used off the hot path (IAM resource globs).
 */
export function safeClaimValues(claims: JwtClaims, name: string): string[] {
  const value = claims[name];
  if (isSafeClaimValue(value)) return [value];
  if (!Array.isArray(value)) return [];
  const out: string[] = [];
  for (const v of value) if (isSafeClaimValue(v) && !out.includes(v)) out.push(v);
  return out;
}
