/**
 * Path hygiene: the request path is checked and percent-decoded **before** any rule sees it, so that an
 * encoded or ambiguous spelling of a path can never match a weaker rule than the object it reaches.
 *
 * The origin edgeward protects most often is S3 behind CloudFront. S3 percent-decodes the key once
 * (`/%61dmin/x` is the object `admin/x`), treats `.`/`..` and empty segments as ordinary key characters,
 * and other origins (web servers, API frameworks) resolve dot-segments and sometimes treat `\` as `/`.
 * Whatever the origin does, a path that means different things to edgeward and to the origin is refused
 * with a 400 instead of being guessed at.
 *
 * @see https://www.rfc-editor.org/rfc/rfc3986#section-3.3 (path segments)
 * @see https://www.rfc-editor.org/rfc/rfc3986#section-5.2.4 (remove_dot_segments)
 * @see https://docs.aws.amazon.com/AmazonS3/latest/userguide/object-keys.html (object key naming)
 * @module
 */

/**
 * The fixed set of rejection reasons. Each constant documents why the rejection exists. The sentences are
 * constants so that a rejected request costs no allocation beyond its decision.
 */
export const PATH_PROBLEMS = {
  /** Rules are written for absolute paths; anything else is a malformed request line. */
  notAbsolute: 'the path must start with "/"',
  /**
   * `%` must be followed by two hex digits (RFC 3986 §2.1). Decoders disagree on `%zz` and a truncated
   * `%4` (kept literally, dropped, or an error), so the origin might see a different path than the rules.
   */
  badPercent: 'invalid percent-encoding (a "%" not followed by two hex digits)',
  /**
   * The percent-decoded bytes must be valid UTF-8. Overlong forms such as `%C0%AF` (an old spelling of
   * `/`) and encoded surrogates are decoded differently by different software.
   */
  badUtf8: 'percent-encoded bytes are not valid UTF-8',
  /** A lone UTF-16 surrogate cannot be encoded in a URL; it only comes from a broken or hostile event. */
  badUnicode: 'the path contains an unpaired UTF-16 surrogate',
  /**
   * NUL and other control characters (C0, DEL, C1), raw or encoded (`%00`–`%1F`, `%7F`), truncate
   * strings in some origins and forge log lines in others; no legitimate object name needs them.
   */
  control: 'the path contains a control character (raw or percent-encoded)',
  /**
   * `%2F` decodes to `/` inside a segment: `/admin%2Fx` is one segment to a glob over the raw path but
   * the key `admin/x` to S3. Refusing it keeps "one segment" meaning the same for rules and origin.
   */
  encodedSlash: 'the path contains an encoded "/" (%2F)',
  /** `%5C` decodes to `\`, which several servers (IIS, some frameworks) treat as a path separator. */
  encodedBackslash: 'the path contains an encoded "\\" (%5C)',
  /** A literal `\` is a path separator to some origins and a literal character to others. */
  backslash: 'the path contains a backslash',
  /**
   * `.` and `..` segments (also spelled `%2E`, `.%2e`, …) are resolved by browsers, proxies and many
   * origins but not by S3: `/public/../admin/x` would match `/public/*` here and reach `/admin/x` there.
   */
  dotSegment: 'the path contains a "." or ".." segment (dot-segments are not allowed)',
  /**
   * `//admin/x` has an empty first segment: it does not match `/admin/*`, yet origins that collapse
   * slashes serve `/admin/x`. A single trailing `/` (a "directory" such as `/docs/`) is allowed.
   */
  emptySegment: 'the path contains an empty segment ("//")',
} as const;

/** Result of {@link normalizePath}. */
export type NormalizedPath =
  | { readonly ok: true; readonly path: string }
  | { readonly ok: false; readonly detail: string };

/**
 * Checks a request path and returns the percent-**decoded** path that rules are matched against.
 *
 * Rejected (→ `{ ok: false, detail }`, answered 400 `path_invalid` by the adapters, never matched):
 * a path not starting with `/`; invalid percent-encoding (`%zz`, a truncated `%4`); decoded bytes that
 * are not valid UTF-8 (including overlong `%C0%AF`); control characters raw or encoded (`%00`–`%1F`,
 * `%7F`, and C1 U+0080–U+009F); encoded `/` or `\` (`%2F`, `%5C`, any case); a literal `\`;
 * dot-segments (`.`/`..`, also when spelled with `%2E` in any case); empty segments (`//`) except a
 * single trailing `/`. See {@link PATH_PROBLEMS} for why each exists.
 *
 * Accepted paths are returned decoded once, as S3 decodes object keys: `/%61dmin/x` → `/admin/x`, so an
 * encoded spelling is matched by the same rule as the plain one. `%25` decodes to a literal `%` (not
 * decoded again). `;` has no special meaning (S3 keeps it in the key) and is matched literally. Matching
 * is case-sensitive, like CloudFront path patterns and S3 keys.
 *
 * Cost: one pass over the path, plus a `decodeURIComponent` only when it contains `%`; a path without
 * `%` is returned as the same string (no allocation).
 *
 * @param uri - the path as received (CloudFront `request.uri`, API Gateway `path`), without query string
 * @returns `{ ok: true, path }` (decoded) or `{ ok: false, detail }` naming the problem (not the path)
 * @see https://www.rfc-editor.org/rfc/rfc3986#section-2.1 (percent-encoding)
 * @example
 * ```ts
 * normalizePath('/%61dmin/x');          // { ok: true, path: '/admin/x' }
 * normalizePath('/public/%2e%2e/admin'); // { ok: false, detail: 'the path contains a "." or ".." segment …' }
 * ```
 */
export function normalizePath(uri: string): NormalizedPath {
  const result = checkPath(uri);
  return isPathProblem(result) ? { ok: false, detail: result.problem } : { ok: true, path: result };
}

/** A refused path, as returned by {@link checkPath}. */
export interface PathRejection {
  /** Why the path was refused: a fixed sentence from {@link PATH_PROBLEMS}, never the path itself. */
  readonly problem: string;
}

const rejections: Readonly<Record<keyof typeof PATH_PROBLEMS, PathRejection>> = Object.freeze(
  Object.fromEntries(
    Object.entries(PATH_PROBLEMS).map(([k, v]) => [k, Object.freeze({ problem: v })]),
  ) as Record<keyof typeof PATH_PROBLEMS, PathRejection>,
);

/** True when `r` is a rejection rather than a decoded path. */
export function isPathProblem(r: string | PathRejection): r is PathRejection {
  return typeof r !== 'string';
}

/**
 * The allocation-free core of {@link normalizePath}: returns the decoded path, or one of a fixed set of
 * frozen {@link PathRejection} objects. Used on the hot path by `authorize`.
 *
 * @param uri - the path as received
 */
export function checkPath(uri: string): string | PathRejection {
  if (typeof uri !== 'string' || uri.length === 0 || uri.charCodeAt(0) !== 0x2f)
    return rejections.notAbsolute;
  const n = uri.length;
  let encoded = false;
  let segmentStart = 1; // raw segment checks, final when nothing is percent-encoded
  for (let i = 1; i <= n; i++) {
    const c = i < n ? uri.charCodeAt(i) : 0x2f;
    if (c === 0x2f) {
      const r = segmentRejection(uri, segmentStart, i, n);
      if (r !== undefined) return r;
      segmentStart = i + 1;
    } else if (c === 0x25) {
      if (i + 2 >= n) return rejections.badPercent;
      const hi = hexValue(uri.charCodeAt(i + 1));
      const lo = hexValue(uri.charCodeAt(i + 2));
      if (hi < 0 || lo < 0) return rejections.badPercent;
      const b = hi * 16 + lo;
      if (b < 0x20 || b === 0x7f) return rejections.control;
      if (b === 0x2f) return rejections.encodedSlash;
      if (b === 0x5c) return rejections.encodedBackslash;
      encoded = true;
      i += 2;
    } else if (c === 0x5c) {
      return rejections.backslash;
    } else if (c < 0x20 || (c >= 0x7f && c <= 0x9f)) {
      return rejections.control;
    } else if (c >= 0xd800 && c <= 0xdfff) {
      // A high surrogate must be followed by a low one; a low one must have been consumed with its pair.
      if (c >= 0xdc00 || i + 1 >= n) return rejections.badUnicode;
      const d = uri.charCodeAt(i + 1);
      if (d < 0xdc00 || d > 0xdfff) return rejections.badUnicode;
      i++;
    }
  }
  if (!encoded) return uri;
  let path: string;
  try {
    path = decodeURIComponent(uri);
  } catch {
    return rejections.badUtf8;
  }
  return decodedProblem(path) ?? path;
}

/**
 * The segment `path[start, end)` (`end` at a `/` or the end `n`): empty (unless it is the trailing one)
 * or `.`/`..` is refused.
 */
function segmentRejection(path: string, start: number, end: number, n: number): PathRejection | undefined {
  const len = end - start;
  if (len === 0) return end < n ? rejections.emptySegment : undefined;
  if (len > 2 || path.charCodeAt(start) !== 0x2e) return undefined;
  return len === 1 || path.charCodeAt(start + 1) === 0x2e ? rejections.dotSegment : undefined;
}

/**
 * Checks a decoded path again: its segments (`%2e%2e` became `..`) and C1 control characters produced
 * by decoding (`%C2%85`). Decoding cannot create a slash, a backslash or a C0 control: their escapes were refused.
 */
function decodedProblem(path: string): PathRejection | undefined {
  const n = path.length;
  let start = 1;
  for (let i = 1; i <= n; i++) {
    const c = i < n ? path.charCodeAt(i) : 0x2f;
    if (c === 0x2f) {
      const r = segmentRejection(path, start, i, n);
      if (r !== undefined) return r;
      start = i + 1;
    } else if (isControl(c)) {
      return rejections.control;
    }
  }
  return undefined;
}

/** C0 controls, DEL and C1 controls (U+0080–U+009F). */
export function isControl(c: number): boolean {
  return c < 0x20 || (c >= 0x7f && c <= 0x9f);
}

function hexValue(c: number): number {
  if (c >= 0x30 && c <= 0x39) return c - 0x30;
  const l = c | 0x20;
  if (l >= 0x61 && l <= 0x66) return l - 0x61 + 10;
  return -1;
}
