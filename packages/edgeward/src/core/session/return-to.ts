/**
 * Validation of the paths edgeward redirects a browser to after login, refresh and sign-out.
 *
 * Only **same-host relative paths** are accepted: a path that starts with exactly one `/`, optionally
 * followed by a query. Anything a browser could resolve to another origin is refused: absolute URLs,
 * scheme-relative `//host`, `/\host` (browsers treat `\` like `/`), schemes (`javascript:`), and any
 * control character (CR/LF would split a `Location` header; TAB/LF are stripped by URL parsers, turning
 * `/\t/evil` into `//evil`).
 *
 * @see https://cheatsheetseries.owasp.org/cheatsheets/Unvalidated_Redirects_and_Forwards_Cheat_Sheet.html
 * @see https://url.spec.whatwg.org/#url-parsing (backslash and tab/newline handling)
 * @module
 */

/** Longest return path accepted, in characters (CloudFront URLs are at most 8,192 bytes). */
export const MAX_RETURN_PATH_LENGTH = 2048;

const BASE = 'https://edgeward.invalid';
// C0 controls, DEL, C1 controls, and the Unicode line/paragraph separators.
const FORBIDDEN = /[\u0000-\u001f\u007f-\u009f\u2028\u2029]/;

/**
 * Returns `candidate` unchanged when it is a safe same-host relative path (with optional query), else
 * `undefined`. Never throws.
 *
 * Accepted: `/`, `/a/b?x=1&y=%2F`, and `/%0d%0a` (percent-encoded, so no raw CR/LF reaches a header).
 * Refused: `''`, `a/b`, `//evil.example`, `/\evil.example`, `https://evil.example`, `javascript:alert(1)`,
 * and any raw control character such as `/\r\nSet-Cookie:x`.
 *
 * @param candidate - the path + query to validate (e.g. from a state cookie or configuration)
 * @returns the same string when safe, else `undefined`
 */
export function validateReturnPath(candidate: unknown): string | undefined {
  if (typeof candidate !== 'string') return undefined;
  if (candidate.length === 0 || candidate.length > MAX_RETURN_PATH_LENGTH) return undefined;
  if (candidate[0] !== '/') return undefined;
  if (candidate[1] === '/' || candidate[1] === '\\') return undefined;
  if (candidate.includes('\\')) return undefined;
  if (FORBIDDEN.test(candidate)) return undefined;
  // Belt and braces: the WHATWG parser must resolve it onto the base origin.
  let resolved: URL;
  try {
    resolved = new URL(candidate, BASE);
  } catch {
    return undefined;
  }
  if (resolved.origin !== BASE) return undefined;
  return candidate;
}

/**
 * Builds the return path of a CloudFront request: `uri` plus `?querystring` when non-empty, preserved
 * exactly, then validated with {@link validateReturnPath}.
 *
 * @param uri - CloudFront `request.uri`
 * @param querystring - CloudFront `request.querystring` (raw, without `?`)
 * @returns the safe return path, or `undefined` when the request's own URL is not a safe target
 */
export function returnPathOf(uri: string, querystring: string): string | undefined {
  return validateReturnPath(querystring ? `${uri}?${querystring}` : uri);
}
