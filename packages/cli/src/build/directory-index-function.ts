/**
 * The code of the CloudFront Function that forwards directory URLs to their index object, on the behaviors
 * the edgeward site function does not run on: `ProtectedSite` deploys it, the local stack and the deploy
 * rehearsal run it. Generated from the runtime's own {@link indexTargetOf}, so the function and the
 * CloudFront Function rewrite the same URIs.
 *
 * @see [Amazon CloudFront Developer Guide - Add index.html to request URLs that don't include a file name](https://docs.aws.amazon.com/AmazonCloudFront/latest/DeveloperGuide/example-function-add-index.html)
 * @see [Amazon CloudFront Developer Guide - JavaScript runtime 2.0 features for CloudFront Functions](https://docs.aws.amazon.com/AmazonCloudFront/latest/DeveloperGuide/functions-javascript-runtime-20.html)
 * @module
 */
import { indexTargetOf } from 'edgeward/internal/cloudfront/directory-index.js';

/**
 * The source of the CloudFront Function (JavaScript runtime 2.0) that forwards directory URLs to
 * `<uri>/<index>`: `indexTargetOf` itself plus a `handler(event)` returning the request.
 *
 * @param index - the index document, e.g. `index.html` (validated by the site configuration)
 */
export function directoryIndexFunctionCode(index: string): string {
  return [
    `var indexTargetOf = ${indexTargetOf.toString()};`,
    'function handler(event) {',
    '  var request = event.request;',
    `  var target = indexTargetOf(request.uri, ${JSON.stringify(index)});`,
    '  if (target !== undefined) request.uri = target;',
    '  return request;',
    '}',
  ].join('\n');
}
