/**
 * Directory URLs (`directoryIndex`): S3 behind origin access control has no index documents, so
 * `/members/` (and `/members`, whose last segment has no extension) would reach the key `members/` and
 * answer 403 AccessDenied. With `directoryIndex: "index.html"` the site function forwards such a request
 * to `/members/index.html` instead.
 *
 * The rewrite happens **after** authorization, and both paths are authorized: the path the viewer asked
 * for (so a rule written for the directory URL, e.g. a `deny`, still applies) and the object actually
 * served (so a broad rule matching `/admin` can never serve `/admin/index.html`, which a stricter
 * `/admin/*` rule protects). The request is forwarded only when both are allowed; otherwise the first
 * refusal decides. The query string is kept; only `uri` changes.
 *
 * @see [Amazon CloudFront Developer Guide - Add index.html to request URLs that don't include a file name](https://docs.aws.amazon.com/AmazonCloudFront/latest/DeveloperGuide/example-function-add-index.html)
 * @module
 */
import type { CloudFrontRequestResult } from 'aws-lambda';
import type { RuleDecision } from '../core/rules/types.js';
import type { VerifiedToken } from '../core/verify/types.js';
import type { ViewerRequest } from './event.js';
import type { Site } from './site.js';

/**
 * The object a directory URL is served from: `uri` + `index` when `uri` ends with `/`, `uri` + `/` +
 * `index` when its last segment has no `.` (no extension), else `undefined` (the URI names an object).
 *
 * @param uri - the request `uri` as received (raw, percent-encoded)
 * @param index - the index document name, e.g. `index.html`
 * @example
 * ```ts
 * indexTargetOf('/members/', 'index.html'); // '/members/index.html'
 * indexTargetOf('/members', 'index.html');  // '/members/index.html'
 * indexTargetOf('/app.js', 'index.html');   // undefined
 * ```
 */
export function indexTargetOf(uri: string, index: string): string | undefined {
  if (!uri.startsWith('/')) return undefined;
  if (uri.endsWith('/')) return `${uri}${index}`;
  const last = uri.slice(uri.lastIndexOf('/') + 1);
  return last.includes('.') ? undefined : `${uri}/${index}`;
}

/**
 * The rules' decision for a request: the requested path, then — when the request is rewritten to a
 * directory index ({@link ViewerRequest.indexUri}) and the first decision allows — the index object.
 *
 * @param after - the anonymous decision of the same request, to resume from (see `Authorizer`); used only
 *   when the request has no directory index (the anonymous decision may then be the index object's)
 */
export function decideRequest(
  site: Site,
  vr: ViewerRequest,
  token?: VerifiedToken,
  after?: RuleDecision,
): RuleDecision {
  const request = { path: vr.uri, method: vr.method };
  if (vr.indexUri === undefined) return site.authorize(request, token, after);
  const requested = site.authorize(request, token);
  if (requested.outcome !== 'allow') return requested;
  return site.authorize({ path: vr.indexUri, method: vr.method }, token);
}

/** Forwards an allowed request to the origin, at its directory index when it has one. */
export function forwardAllowed(
  site: Site,
  vr: ViewerRequest,
  token?: VerifiedToken,
): CloudFrontRequestResult {
  const forwarded = site.forward(vr, token);
  return vr.indexUri === undefined ? forwarded : { ...forwarded, uri: vr.indexUri };
}
