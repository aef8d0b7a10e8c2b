/**
 * CloudFront cache-behavior path patterns and behavior selection, as a distribution does it: behaviors are
 * tried in order and the first whose path pattern matches the request path wins; the default behavior (`*`)
 * catches the rest. Used by the local CloudFront emulator and by the CDK constructs' routing checks.
 *
 * Path patterns are case-sensitive; `*` matches zero or more characters (including `/`), `?` exactly one
 * character; the leading `/` is optional. Matching is the runtime's shared wildcard matcher
 * (`core/rules/glob.ts`), the one that matches rules' path patterns.
 *
 * @see [Amazon CloudFront Developer Guide - Path pattern](https://docs.aws.amazon.com/AmazonCloudFront/latest/DeveloperGuide/DownloadDistValuesCacheBehavior.html#DownloadDistValuesPathPattern)
 * @module
 */
import { compileGlob, matchGlob } from '../core/rules/glob.js';

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
  const compiled = behaviors.map((behavior) => {
    const pattern = behavior.pathPattern;
    return { behavior, glob: compileGlob(pattern.startsWith('/') ? pattern : `/${pattern}`) };
  });
  return (path) => compiled.find(({ glob }) => matchGlob(glob, path))?.behavior ?? fallback;
}
