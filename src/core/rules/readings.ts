/**
 * The readings of a request path: the spellings an origin may turn it into before serving it. A path
 * must satisfy the rules under each reading its origin may apply, and the strictest decision wins
 * (`authorize.ts`), so that `/admin;jsessionid=1/x` (which a servlet container serves as `/admin/x`)
 * cannot escape `/admin/*`, and `/ADMIN/x` cannot escape it on a case-insensitive IIS origin.
 *
 * - As written: the decoded path of `checkPath` (S3 and most web servers).
 * - Without `;params` (always, when the path has a `;`): servlet containers (Tomcat, Jetty, Spring,
 *   Undertow) remove everything from a raw `;` to the end of its segment, then decode. A `;` spelled
 *   `%3B` is a literal character to them, and stays.
 * - Folded (`originPaths: "iis"` only, each of the above): lower case, and every segment without a
 *   trailing NTFS stream name (`::$DATA`, `:name:$DATA`) and without trailing dots and spaces, as IIS
 *   and Windows file systems read `/ADMIN./x::$DATA`. Rules are matched against it case-insensitively.
 *
 * @see https://www.rfc-editor.org/rfc/rfc3986#section-3.3 (path parameters are origin-specific)
 * @see https://tomcat.apache.org/tomcat-10.1-doc/config/http.html (path parameters are removed before mapping)
 * @see https://learn.microsoft.com/en-us/windows/win32/fileio/naming-a-file (trailing dots and spaces)
 * @module
 */
import type { OriginPaths, RuleConfig, RulesConfig } from '../config.js';
import { AuthError } from '../errors.js';
import type { JwtClaims } from '../verify/types.js';
import { checkPath, isPathProblem, type PathRejection, rejections } from './normalize.js';

/** The readings of a path besides the decoded path as written (see the module comment). */
export interface PathReadings {
  /** Other readings matched against the rules as configured (the path without `;params`). */
  readonly plain: readonly string[];
  /** Folded readings (`originPaths: "iis"`), matched against the folded rules. */
  readonly folded: readonly string[];
}

const NONE: PathReadings = Object.freeze({ plain: Object.freeze([]), folded: Object.freeze([]) });

/**
 * The readings of an accepted path other than `decoded` itself, or the rejection of one that fails path
 * hygiene (a folded segment that becomes empty). Call it only when `decoded` contains `;` or under
 * `originPaths: "iis"`: the result is then {@link NONE}-like and costs nothing more.
 *
 * @param raw - the path as received (accepted by `checkPath`)
 * @param decoded - `checkPath(raw)`
 * @param originPaths - how the origin reads paths
 */
export function pathReadings(
  raw: string,
  decoded: string,
  originPaths: OriginPaths,
): PathReadings | PathRejection {
  const stripped = raw.includes(';') ? checkPath(withoutParameters(raw)) : decoded;
  // A rejection cannot happen: removing `;params` keeps what hygiene accepted (each segment's part before
  // its `;` is already checked). Kept as a guard: a refusal is never turned into an allow.
  if (isPathProblem(stripped)) return stripped;
  const plain = stripped === decoded ? [] : [stripped];
  if (originPaths !== 'iis') return plain.length === 0 ? NONE : { plain, folded: [] };
  const folded: string[] = [];
  for (const path of [decoded, ...plain]) {
    const f = foldedPath(path);
    if (isPathProblem(f)) return f;
    if (!folded.includes(f)) folded.push(f);
  }
  return { plain, folded };
}

/** `raw` with each segment's `;params` (from a raw `;` to the end of the segment) removed. */
export function withoutParameters(raw: string): string {
  let out = '';
  let from = 0;
  for (;;) {
    const semi = raw.indexOf(';', from);
    if (semi < 0) return out + raw.slice(from);
    out += raw.slice(from, semi);
    from = raw.indexOf('/', semi);
    if (from < 0) return out;
  }
}

/**
 * The folded reading of a decoded path: every segment folded with {@link foldSegment}. A segment that
 * folds to nothing (`/a/ ./b`, `/a/...`) is refused; an empty trailing segment (`/docs/`) stays.
 */
export function foldedPath(path: string): string | PathRejection {
  const segments = path.split('/');
  for (let i = 1; i < segments.length; i++) {
    const s = segments[i]!;
    const f = foldSegment(s);
    if (f === '' && s !== '') return rejections.foldedEmptySegment;
    segments[i] = f;
  }
  return segments.join('/');
}

/** A trailing NTFS stream name and type: `::$DATA`, `:name:$DATA`. */
const STREAM_SUFFIX = /:[^:]*:\$[a-z0-9_]*$/;

/**
 * One segment (or claim value) as IIS reads it: lower case, without a trailing NTFS stream
 * (`::$data`) and then without trailing dots and spaces (`Admin. ` → `admin`).
 */
export function foldSegment(segment: string): string {
  let s = segment.toLowerCase();
  const stream = STREAM_SUFFIX.exec(s);
  if (stream !== null) s = s.slice(0, stream.index);
  let end = s.length;
  while (end > 0 && (s.charCodeAt(end - 1) === 0x2e || s.charCodeAt(end - 1) === 0x20)) end--;
  return s.slice(0, end);
}

/** A pattern in lower case, except its `{claim}` placeholders (claim names are case-sensitive). */
function foldPattern(pattern: string): string {
  return pattern.replace(
    /([^{]*)(\{[^}]*\}|$)/g,
    (_, text: string, brace: string) => text.toLowerCase() + brace,
  );
}

/**
 * The rules for the folded readings: every `path` and `resource` in lower case (outside `{…}`), so that
 * they match a folded path case-insensitively; everything else as configured.
 */
export function foldRules(config: RulesConfig): RulesConfig {
  return {
    ...config,
    rules: config.rules.map(
      (r): RuleConfig => ({
        ...r,
        ...(r.path === undefined ? {} : { path: foldPattern(r.path) }),
        ...(r.resource === undefined ? {} : { resource: foldPattern(r.resource) }),
      }),
    ),
  };
}

/**
 * The claims a folded path is matched with: each named claim's string values folded like a segment (so
 * `/users/{sub}/*` still matches the user's own folder, in any case); other claims are left out.
 *
 * @param names - the claims interpolated by the folded rules
 */
export function foldedClaims(claims: JwtClaims, names: readonly string[]): JwtClaims {
  // no prototype: a claim named `__proto__` is a plain key here
  const out = Object.create(null) as Record<string, unknown>;
  out['exp'] = claims.exp;
  for (const name of names) {
    const v = claims[name];
    if (typeof v === 'string') out[name] = foldSegment(v);
    else if (Array.isArray(v)) out[name] = v.map((x) => (typeof x === 'string' ? foldSegment(x) : x));
  }
  return out as JwtClaims;
}

/**
 * Throws unless `value` is a valid `originPaths` (`standard`, `iis` or undefined).
 *
 * @throws AuthError `config_invalid` `originPaths must be "standard" or "iis"`
 */
export function assertOriginPaths(value: unknown): asserts value is OriginPaths | undefined {
  if (value !== undefined && value !== 'standard' && value !== 'iis') {
    throw new AuthError('config_invalid', 'originPaths must be "standard" or "iis"');
  }
}
