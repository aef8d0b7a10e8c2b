/**
 * CloudFront's request-side limits, which only the emulator enforces (a handler never sees a request that
 * breaks them). The Lambda@Edge header rules and the generated-response limit are AWS facts shared with the
 * handlers: they live once, in `packages/edgeward/src/cloudfront/contract.ts`.
 *
 * @see https://docs.aws.amazon.com/AmazonCloudFront/latest/DeveloperGuide/cloudfront-limits.html
 * @module
 */

/**
 * CloudFront's limit on the request line plus headers (and query string), in bytes.
 *
 * @see https://docs.aws.amazon.com/AmazonCloudFront/latest/DeveloperGuide/cloudfront-limits.html#limits-general
 */
export const MAX_REQUEST_HEADER_BYTES = 20_480;

/**
 * CloudFront's limit on the URL length (path and query string), in bytes.
 *
 * @see https://docs.aws.amazon.com/AmazonCloudFront/latest/DeveloperGuide/cloudfront-limits.html#limits-general
 */
export const MAX_URL_BYTES = 8_192;
