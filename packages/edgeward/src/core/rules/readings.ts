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
 * @see [RFC 3986 - URI Generic Syntax, section 3.3 (path parameters are origin-specific)](https://www.rfc-editor.org/rfc/rfc3986.html#section-3.3)
 * @see [Apache Tomcat 10.1 - The HTTP Connector (path parameters are removed before mapping)](https://tomcat.apache.org/tomcat-10.1-doc/config/http.html)
 * @see [Microsoft - Naming files, paths, and namespaces (trailing dots and spaces)](https://learn.microsoft.com/en-us/windows/win32/fileio/naming-a-file)
 * @module
 */
import type { OriginPaths, RuleConfig, RulesConfig } from '../config.js';
import { AuthError } from '../errors.js';
import type { JwtClaims } from '../verify/types.js';
import { type PathRejection, rejections } from './normalize.js';

declare global {
  /**
   * Whether the folded readings are compiled in. `edgeward build` defines it (esbuild `define`) as
   * whether the baked configuration uses `originPaths: "iis"`, so that every other bundle drops the
   * folding code below (dead-code elimination sees `false !== false`). Undefined outside a bundle: folding
   * is there. A bundle built without it refuses an `iis` configuration (`config_invalid`), never ignores it.
   */
  var EDGEWARD_FOLDED_READINGS: boolean | undefined;
  /**
   * Whether API Gateway `resource` rules are compiled in (`compile.ts`). `edgeward build` defines it as
   * whether any rule of the baked configuration has a `resource`, so that site bundles (whose rules are
   * CloudFront path patterns) drop the resource-template code. Undefined outside a bundle: resource rules
   * are there. A bundle built without them refuses a `resource` rule (`config_invalid`), never ignores it.
   */
  var EDGEWARD_RESOURCE_RULES: boolean | undefined;
}

/** `raw` with each segment's `;params` (from a raw `;` to the end of the segment) removed. */
export function withoutParameters(raw: string): string {
  return raw.replace(/;[^/]*/g, '');
}

/**
 * The folded reading of a decoded path: every segment folded with {@link foldSegment}. A segment that
 * folds to nothing (`/a/ ./b`, `/a/...`) is refused; an empty trailing segment (`/docs/`) stays.
 */
export function foldedPath(path: string): string | PathRejection {
  const segments = path.split('/');
  const folded = segments.map(foldSegment);
  return folded.some((f, i) => f === '' && segments[i] !== '') ? rejections.emptySegment : folded.join('/');
}

/**
 * One segment (or claim value) as IIS reads it: lower case, without a trailing NTFS stream
 * (`::$data`, `:name:$data`) and then without trailing dots and spaces (`Admin. ` → `admin`).
 */
export function foldSegment(segment: string): string {
  const s = segment.toLowerCase().replace(/:[^:]*:\$[a-z0-9_]*$/, '');
  let end = s.length;
  // a loop, not /[. ]+$/: that regex backtracks quadratically on a long run of dots inside a segment
  while (end > 0 && (s[end - 1] === '.' || s[end - 1] === ' ')) end--;
  return s.slice(0, end);
}

/**
 * The rules for the folded readings: every `path` and `resource` in lower case outside `{…}` (claim names
 * are case-sensitive), so that they match a folded path case-insensitively; everything else as configured.
 */
export function foldRules(config: RulesConfig): RulesConfig {
  const fold = (pattern: string | undefined) =>
    pattern
      ?.split(/(\{[^}]*\})/)
      .map((chunk, i) => (i % 2 === 1 ? chunk : chunk.toLowerCase()))
      .join('');
  return {
    ...config,
    rules: config.rules.map((r): RuleConfig => ({ ...r, path: fold(r.path), resource: fold(r.resource) })),
  };
}

/**
 * The claims a folded path is matched with: every string value (or string element of an array) folded
 * like a segment, so that `/users/{sub}/*` still matches the user's own folder, in any case. Used for
 * matching only; requirements read the token's own claims.
 */
export function foldedClaims(claims: JwtClaims): JwtClaims {
  const fold = (v: unknown) => (typeof v === 'string' ? foldSegment(v) : v);
  // fromEntries defines own properties: a claim named `__proto__` stays a plain key
  return Object.fromEntries(
    Object.entries(claims).map(([k, v]) => [k, Array.isArray(v) ? v.map(fold) : fold(v)]),
  ) as JwtClaims;
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
