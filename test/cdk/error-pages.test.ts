/**
 * One list of custom error responses per distribution: the site configuration's `errorPages` (status →
 * page, never cached) first, then `ProtectedSite`'s `errorPages` prop for the statuses the site leaves open.
 */
import { Duration } from 'aws-cdk-lib';
import { describe, expect, it } from 'vitest';
import { errorResponsesOf } from '../../packages/cdk/src/error-pages.js';

const summary = (responses: ReturnType<typeof errorResponsesOf>) =>
  responses.map((r) => [r.httpStatus, r.responsePagePath, r.ttl?.toSeconds()]);

describe('errorResponsesOf', () => {
  it('has none without site pages or the prop', () => {
    expect(errorResponsesOf(undefined, true)).toEqual([]);
    expect(errorResponsesOf(undefined, false, {})).toEqual([]);
  });

  it("defaults the prop's 404 page, and its 403 page only with signed cookies", () => {
    expect(summary(errorResponsesOf({}, false))).toEqual([[404, '/errors/404.html', 10]]);
    expect(summary(errorResponsesOf({}, true))).toEqual([
      [404, '/errors/404.html', 10],
      [403, '/errors/403.html', 10],
    ]);
    expect(
      summary(errorResponsesOf({ accessDenied: false, cachingMinTtl: Duration.seconds(0) }, true)),
    ).toEqual([[404, '/errors/404.html', 0]]);
  });

  it("keeps the site's own pages (uncached) and fills only the statuses they leave open", () => {
    expect(summary(errorResponsesOf({}, true, { '403': '/own/403.html', '502': '/own/502.html' }))).toEqual([
      [403, '/own/403.html', 0],
      [502, '/own/502.html', 0],
      [404, '/errors/404.html', 10],
    ]);
    // The same page named twice is one response.
    expect(
      summary(errorResponsesOf({ accessDenied: '/own/403.html' }, true, { '403': '/own/403.html' })),
    ).toEqual([
      [403, '/own/403.html', 0],
      [404, '/errors/404.html', 10],
    ]);
  });

  it('refuses two different pages for one status, naming the prop', () => {
    expect(() =>
      errorResponsesOf({ accessDenied: '/errors/403.html' }, true, { '403': '/own/403.html' }),
    ).toThrow(/errorPages\.accessDenied.*errorPages\.403/);
    expect(() => errorResponsesOf({ notFound: '/a.html' }, false, { '404': '/b.html' })).toThrow(
      /errorPages\.notFound/,
    );
  });
});
