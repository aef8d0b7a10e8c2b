/**
 * Bundle sizes and the AWS package-size limit that applies to each function's event type.
 *
 * @module
 */
import { gzipSync } from 'node:zlib';

/** Which AWS event a built function handles, which decides its size limit. */
export type EventType = 'viewer-request' | 'authorizer';

/**
 * Zipped deployment-package limits in **bytes**: Lambda@Edge viewer-request (and viewer-response)
 * functions 1 MB; origin events and regular Lambda functions (API Gateway authorizers) 50 MB.
 *
 * @see https://docs.aws.amazon.com/AmazonCloudFront/latest/DeveloperGuide/cloudfront-limits.html#limits-lambda-at-edge
 * @see https://docs.aws.amazon.com/lambda/latest/dg/gettingstarted-limits.html
 */
export const ZIPPED_SIZE_LIMITS: Readonly<Record<EventType, number>> = {
  'viewer-request': 1024 * 1024,
  authorizer: 50 * 1024 * 1024,
};

/** Sizes of one built function, all in **bytes** except `percentOfLimit`. */
export interface BundleSizes {
  /** Every file of the bundle, minified (`index.mjs` and its chunks). */
  readonly raw: number;
  /** Every file gzip-compressed at level 9, summed (what the code costs on disk, roughly). */
  readonly gzip: number;
  /** The code a cold start loads (`index.mjs` and the chunks it imports statically), minified. */
  readonly entryRaw: number;
  /** That code gzip-compressed at level 9, summed. */
  readonly entryGzip: number;
  /** How many files the bundle has (1 for a bundle without lazily loaded chunks). */
  readonly files: number;
  /** The deployment zip, which is what AWS limits. */
  readonly zip: number;
  /** The zipped-size limit for the event type ({@link ZIPPED_SIZE_LIMITS}). */
  readonly limit: number;
  /** `zip / limit * 100`, rounded to two decimals. */
  readonly percentOfLimit: number;
}

/**
 * Measures a bundle and its zip against the limit for `eventType`.
 *
 * @param files - the bundle's files by name
 * @param coldFiles - the names of the files a cold start loads
 * @param zip - the deployment zip bytes
 */
export function measure(
  files: Readonly<Record<string, Uint8Array>>,
  coldFiles: readonly string[],
  zip: Uint8Array,
  eventType: EventType,
): BundleSizes {
  const limit = ZIPPED_SIZE_LIMITS[eventType];
  let raw = 0;
  let gzip = 0;
  let entryRaw = 0;
  let entryGzip = 0;
  for (const [name, code] of Object.entries(files)) {
    const zipped = gzipSync(code, { level: 9 }).byteLength;
    raw += code.byteLength;
    gzip += zipped;
    if (coldFiles.includes(name)) {
      entryRaw += code.byteLength;
      entryGzip += zipped;
    }
  }
  return {
    raw,
    gzip,
    entryRaw,
    entryGzip,
    files: Object.keys(files).length,
    zip: zip.byteLength,
    limit,
    percentOfLimit: Math.round((zip.byteLength / limit) * 10_000) / 100,
  };
}

/** True when the zip exceeds the AWS limit for the function's event type. */
export function isOverLimit(sizes: BundleSizes): boolean {
  return sizes.zip > sizes.limit;
}

/** Formats a byte count for humans: `812 B`, `14.2 KB`, `1.00 MB` (1 KB = 1024 B). */
export function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1)} KB`;
  return `${(bytes / (1024 * 1024)).toFixed(2)} MB`;
}
