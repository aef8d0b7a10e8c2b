/**
 * The cache behaviors of a `ProtectedSite` in CloudFront's evaluation order, and the check that every path
 * the site function must answer itself (OAuth callback, sign-out, signed-cookie issue route, identity-pool
 * credentials route) reaches a
 * behavior that runs it: otherwise CloudFront serves that path from S3 (or refuses it) and login, sign-out
 * or the signed-cookie hand-off silently breaks.
 *
 * @see [Amazon CloudFront Developer Guide - Cache behavior settings, path pattern](https://docs.aws.amazon.com/AmazonCloudFront/latest/DeveloperGuide/DownloadDistValuesCacheBehavior.html#DownloadDistValuesPathPattern)
 * @module
 */

import type { SiteFunction } from '@edgeward/cli/config';
import { DEFAULT_CALLBACK_PATH, DEFAULT_SIGN_OUT_PATH } from 'edgeward/internal/cloudfront/config.js';
import { behaviorSelector } from 'edgeward/internal/cloudfront/path-patterns.js';
import { DEFAULT_CREDENTIALS_PATH } from 'edgeward/internal/core/identity-pool/config.js';
import { EdgewardPropsError } from './validation.js';

/** What a behavior does with a request. */
export type RouteKind =
  /** runs the viewer-request function, public origin (`authPaths`) */
  | 'auth'
  /** runs the viewer-request function, private origin (`protectedPaths`) */
  | 'protected'
  /** trusted key group, private origin, no function (`signedCookies.paths`) */
  | 'signed-cookies'
  /** the default behavior: public origin, no function */
  | 'default';

/** One cache behavior of the site. */
export interface SiteRoute {
  readonly pathPattern: string;
  readonly kind: RouteKind;
}

/**
 * The site's behaviors in the order `ProtectedSite` adds them (and CloudFront evaluates them): auth paths,
 * protected paths, signed-cookie paths; then the default.
 */
export function siteRoutes(props: {
  readonly authPaths: readonly string[];
  readonly protectedPaths: readonly string[];
  readonly signedCookiePaths: readonly string[];
}): { readonly routes: readonly SiteRoute[]; readonly select: (path: string) => SiteRoute } {
  const routes: SiteRoute[] = [
    ...props.authPaths.map((pathPattern) => ({ pathPattern, kind: 'auth' as const })),
    ...props.protectedPaths.map((pathPattern) => ({ pathPattern, kind: 'protected' as const })),
    ...props.signedCookiePaths.map((pathPattern) => ({ pathPattern, kind: 'signed-cookies' as const })),
  ];
  return { routes, select: behaviorSelector(routes, { pathPattern: '*', kind: 'default' }) };
}

/** The paths the site function answers itself, with the config field naming each. */
export function functionPaths(functionName: string, site: SiteFunction): { field: string; path: string }[] {
  const base = `functions.${functionName}`;
  const paths: { field: string; path: string }[] = [];
  if (site.cookieLogin ?? true) {
    paths.push({ field: `${base}.paths.callback`, path: site.paths?.callback ?? DEFAULT_CALLBACK_PATH });
    paths.push({ field: `${base}.paths.signOut`, path: site.paths?.signOut ?? DEFAULT_SIGN_OUT_PATH });
  }
  if (site.signedCookies !== undefined) {
    paths.push({ field: `${base}.signedCookies.issuePath`, path: site.signedCookies.issuePath });
  }
  if (site.identityPool !== undefined) {
    paths.push({
      field: `${base}.identityPool.path`,
      path: site.identityPool.path ?? DEFAULT_CREDENTIALS_PATH,
    });
  }
  return paths;
}

/**
 * Refuses a site whose function paths do not reach a behavior that runs the function.
 *
 * @throws EdgewardPropsError naming the config field, the path, and the behavior that would serve it
 */
export function checkFunctionPathsCovered(
  construct: string,
  functionName: string,
  site: SiteFunction,
  select: (path: string) => SiteRoute,
): void {
  for (const { field, path } of functionPaths(functionName, site)) {
    const route = select(path);
    if (route.kind === 'auth' || route.kind === 'protected') continue;
    const servedBy =
      route.kind === 'default'
        ? 'the default behavior (S3, no function)'
        : `the signed-cookie behavior ${JSON.stringify(route.pathPattern)} (no function)`;
    throw new EdgewardPropsError(
      construct,
      'authPaths',
      `${field} ${JSON.stringify(path)} is served by ${servedBy}: add a pattern covering it to authPaths or protectedPaths`,
    );
  }
}
