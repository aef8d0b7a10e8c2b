/**
 * The one assertion every CloudFront handler test applies to every result: the Lambda@Edge
 * viewer-request result rules (see `packages/edgeward/src/cloudfront/contract.ts`, reused by the local CloudFront emulator).
 */
import type { CloudFrontRequestEvent, CloudFrontRequestResult } from 'aws-lambda';
import { expect } from 'vitest';
import { viewerRequestResultProblems } from '../../packages/edgeward/src/cloudfront/contract.js';

/**
 * Asserts that `result` is a valid viewer-request result; when `event` is given, also that a forwarded
 * request left the read-only headers unchanged and added no disallowed header. Generated responses must
 * also carry `cache-control: no-store`.
 */
export function assertValidViewerRequestResult(
  result: CloudFrontRequestResult,
  event?: CloudFrontRequestEvent,
): void {
  expect(result, 'handler returned nothing').toBeDefined();
  const original = event?.Records[0]?.cf.request.headers;
  expect(viewerRequestResultProblems(result, original)).toEqual([]);
  if (result && 'status' in result) {
    expect(result.headers?.['cache-control']?.[0]?.value).toBe('no-store');
  }
}
