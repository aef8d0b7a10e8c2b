/**
 * Directory URLs on the behaviors the edgeward function does not run on (the public default behavior and
 * the signed-cookie paths): a CloudFront Function (viewer request) applying the same rewrite as the site
 * function's `directoryIndex`. Its code comes from `@edgeward/cli/build` (`directoryIndexFunctionCode`), which
 * the local stack and the deploy rehearsal run too.
 *
 * @see [Amazon CloudFront Developer Guide - Add index.html to request URLs that don't include a file name](https://docs.aws.amazon.com/AmazonCloudFront/latest/DeveloperGuide/example-function-add-index.html)
 * @module
 */

import { directoryIndexFunctionCode } from '@edgeward/cli/build';
import * as cloudfront from 'aws-cdk-lib/aws-cloudfront';
import type { Construct } from 'constructs';

export { directoryIndexFunctionCode } from '@edgeward/cli/build';

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
