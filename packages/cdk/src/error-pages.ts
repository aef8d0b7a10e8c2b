/**
 * Friendly error pages for a `ProtectedSite`: CloudFront custom error responses for 404 (a missing
 * object: the buckets' origin access control also grants `s3:ListBucket`, so S3 answers 404 NoSuchKey
 * instead of 403 AccessDenied) and, optionally, 403 (a missing or invalid signed cookie on the
 * signed-cookie paths).
 *
 * Custom error responses belong to the whole distribution, not to a behavior: a 403 page also replaces
 * the 403 pages the edgeward function generates itself (which name the signed-in user). That is why
 * `accessDenied` defaults to a page only when signed cookies are used, where CloudFront's own 403 would
 * otherwise show raw XML.
 *
 * @see https://docs.aws.amazon.com/AmazonCloudFront/latest/DeveloperGuide/GeneratingCustomErrorResponses.html
 * @module
 */
import { Duration } from 'aws-cdk-lib';
import type * as cloudfront from 'aws-cdk-lib/aws-cloudfront';
import { checkPathPattern, EdgewardPropsError } from './validation.js';

/** The error pages of a `ProtectedSite`. Pages are objects of the public bucket (upload them with the site). */
export interface ErrorPagesOptions {
  /** Page for 404 (no such object, on any behavior). Default `/errors/404.html`. */
  readonly notFound?: string;
  /**
   * Page for 403, e.g. one linking to the signed-cookie issue route (`/private/login`) so a visitor
   * without valid signed cookies can sign in again. It replaces every 403 of the distribution, the
   * edgeward function's own included. Default `/errors/403.html` when `signedCookies` is set, else none;
   * `false` for none.
   */
  readonly accessDenied?: string | false;
  /** How long CloudFront caches an error response. Default 10 seconds. */
  readonly cachingMinTtl?: Duration;
}

/**
 * The distribution's `errorResponses`: the edgeward site's own `errorPages` (its configuration: status →
 * page, never cached, as they answer for one viewer's access) first, then `options` for the statuses the
 * site leaves open. Custom error responses belong to the whole distribution.
 *
 * @param options - the `ProtectedSite` `errorPages` prop; undefined for none
 * @param signedCookies - whether the site has signed-cookie paths (decides the `accessDenied` default)
 * @param sitePages - the site function's `errorPages` (status code → page path), already validated
 * @returns the error responses; empty for none
 * @throws EdgewardPropsError `errorPages.notFound`/`errorPages.accessDenied` when a page is not a path, or
 *   when `accessDenied` names another page than the site configuration's `errorPages.403`
 */
export function errorResponsesOf(
  options: ErrorPagesOptions | undefined,
  signedCookies: boolean,
  sitePages: Readonly<Record<string, string>> = {},
): cloudfront.ErrorResponse[] {
  const out: cloudfront.ErrorResponse[] = Object.entries(sitePages).map(([status, page]) => ({
    httpStatus: Number(status),
    responseHttpStatus: Number(status),
    responsePagePath: page,
    ttl: Duration.seconds(0),
  }));
  if (options === undefined) return out;
  const ttl = options.cachingMinTtl ?? Duration.seconds(10);
  const notFound = options.notFound ?? '/errors/404.html';
  const accessDenied =
    options.accessDenied === false
      ? undefined
      : (options.accessDenied ?? (signedCookies ? '/errors/403.html' : undefined));
  const pages: [number, string | undefined, string][] = [
    [404, notFound, 'notFound'],
    [403, accessDenied, 'accessDenied'],
  ];
  for (const [status, page, prop] of pages) {
    if (page === undefined) continue;
    checkPathPattern('ProtectedSite', `errorPages.${prop}`, page);
    if (/[*?]/.test(page)) {
      throw new EdgewardPropsError(
        'ProtectedSite',
        `errorPages.${prop}`,
        'expected the path of one object, without wildcards',
      );
    }
    const own = sitePages[String(status)];
    if (own !== undefined) {
      const explicit = status === 404 ? options.notFound : options.accessDenied;
      if (typeof explicit === 'string' && explicit !== own) {
        throw new EdgewardPropsError(
          'ProtectedSite',
          `errorPages.${prop}`,
          `the site's configuration already answers ${status} with ${own} (errorPages.${status}); a distribution has one page per status`,
        );
      }
      continue;
    }
    out.push({ httpStatus: status, responseHttpStatus: status, responsePagePath: page, ttl });
  }
  return out;
}
