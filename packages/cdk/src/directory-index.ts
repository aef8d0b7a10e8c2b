/**
 * Directory URLs on the behaviors the edgeward function does not run on (the public default behavior and
 * the signed-cookie paths): a CloudFront Function (viewer request) applying the same rewrite as the site
 * function's `directoryIndex`. Its code is generated from the runtime's own {@link indexTargetOf}, so both
 * places rewrite the same URIs.
 *
 * @see https://docs.aws.amazon.com/AmazonCloudFront/latest/DeveloperGuide/example-function-add-index.html
 * @see https://docs.aws.amazon.com/AmazonCloudFront/latest/DeveloperGuide/functions-javascript-runtime-20.html
 * @module
 */
import * as cloudfront from 'aws-cdk-lib/aws-cloudfront';
import type { Construct } from 'constructs';
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

/** The viewer-request CloudFront Function of `index`, ready to associate with behaviors. */
export function directoryIndexFunction(
  scope: Construct,
  id: string,
  index: string,
): cloudfront.FunctionAssociation {
  const fn = new cloudfront.Function(scope, id, {
    code: cloudfront.FunctionCode.fromInline(directoryIndexFunctionCode(index)),
    runtime: cloudfront.FunctionRuntime.JS_2_0,
    comment: `edgeward: directory URLs → ${index}`,
  });
  return { function: fn, eventType: cloudfront.FunctionEventType.VIEWER_REQUEST };
}
