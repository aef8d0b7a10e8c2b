/**
 * Cache behavior selection as a CloudFront distribution does it: behaviors are tried in order and the first
 * whose path pattern matches the request path wins; the default behavior (`*`) catches the rest.
 *
 * Path patterns are case-sensitive; `*` matches zero or more characters (including `/`), `?` exactly one
 * character; the leading `/` is optional.
 *
 * @see https://docs.aws.amazon.com/AmazonCloudFront/latest/DeveloperGuide/DownloadDistValuesCacheBehavior.html#DownloadDistValuesPathPattern
 * @module
 */

/** Compiles a CloudFront path pattern to an anchored regular expression. */
export function compilePathPattern(pattern: string): RegExp {
  const withSlash = pattern.startsWith('/') || pattern === '*' ? pattern : `/${pattern}`;
  let source = '^';
  for (const ch of withSlash) {
    if (ch === '*') source += '.*';
    else if (ch === '?') source += '.';
    else source += ch.replace(/[\\^$.|+()[\]{}]/g, '\\$&');
  }
  return new RegExp(`${source}$`, 's');
}

/** Something with a path pattern. */
export interface HasPathPattern {
  /** A CloudFront path pattern, e.g. `/private/app/*`; `*` for the default behavior. */
  readonly pathPattern: string;
}

/**
 * Returns a selector that picks the first of `behaviors` whose pattern matches a path, else `fallback`
 * (the default cache behavior).
 */
export function behaviorSelector<B extends HasPathPattern>(
  behaviors: readonly B[],
  fallback: B,
): (path: string) => B {
  const compiled = behaviors.map((behavior) => ({ behavior, re: compilePathPattern(behavior.pathPattern) }));
  return (path) => compiled.find(({ re }) => re.test(path))?.behavior ?? fallback;
}
