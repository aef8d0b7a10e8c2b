/**
 * CloudFront and Lambda@Edge limits and header restrictions the emulator enforces.
 *
 * @see https://docs.aws.amazon.com/AmazonCloudFront/latest/DeveloperGuide/cloudfront-limits.html
 * @see https://docs.aws.amazon.com/AmazonCloudFront/latest/DeveloperGuide/edge-functions-restrictions.html#function-restrictions-headers
 * @module
 */

/**
 * CloudFront's limit on the request line plus headers (and query string), in bytes.
 *
 * @see https://docs.aws.amazon.com/AmazonCloudFront/latest/DeveloperGuide/cloudfront-limits.html#limits-general
 */
export const MAX_REQUEST_HEADER_BYTES = 20_480;

/** CloudFront's limit on the URL length (path and query string), in bytes. */
export const MAX_URL_BYTES = 8_192;

/** Largest generated response (status line, headers and body) in bytes: 40 KB for viewer-request events. */
export const MAX_GENERATED_RESPONSE_BYTES = 40 * 1024;

const DISALLOWED_EXACT = new Set([
  'connection',
  'expect',
  'keep-alive',
  'proxy-authenticate',
  'proxy-authorization',
  'proxy-connection',
  'trailer',
  'upgrade',
  'x-accel-buffering',
  'x-accel-charset',
  'x-accel-limit-rate',
  'x-accel-redirect',
  'x-amzn-auth',
  'x-amzn-cf-billing',
  'x-amzn-cf-id',
  'x-amzn-cf-xff',
  'x-amzn-errortype',
  'x-amzn-fle-profile',
  'x-amzn-header-count',
  'x-amzn-header-order',
  'x-amzn-lambda-integration-tag',
  'x-amzn-requestid',
  'x-cache',
  'x-forwarded-proto',
  'x-real-ip',
]);

/** Headers that are read-only in viewer-request events: a function may read but not add, change or remove them. */
export const READ_ONLY_VIEWER_REQUEST_HEADERS: readonly string[] = [
  'content-length',
  'host',
  'transfer-encoding',
  'via',
];

/**
 * True for headers CloudFront never exposes to edge functions and never lets them add (`Connection`,
 * `X-Amz-Cf-*`, `X-Edge-*`, …). Takes a lower-case name.
 */
export function isDisallowedHeader(name: string): boolean {
  return DISALLOWED_EXACT.has(name) || name.startsWith('x-amz-cf-') || name.startsWith('x-edge-');
}
