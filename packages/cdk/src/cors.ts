/**
 * The `cors` option of `ProtectedSite`, written twice from one description: as CORS rules on the public
 * and private buckets (browser code calling S3 directly with identity-pool credentials), and as the CORS
 * part of the distribution's response-headers policies with `Origin` forwarded to S3 (cross-origin calls
 * through the distribution, on the public and signed-cookie behaviors).
 *
 * @see https://docs.aws.amazon.com/AmazonS3/latest/userguide/cors.html
 * @see https://docs.aws.amazon.com/AmazonCloudFront/latest/DeveloperGuide/understanding-response-headers-policies.html#understanding-response-headers-policies-cors
 * @module
 */
import { Duration } from 'aws-cdk-lib';
import type * as cloudfront from 'aws-cdk-lib/aws-cloudfront';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { checkedOrigin, EdgewardPropsError } from './validation.js';

/** A method CORS may allow. */
export type CorsMethod = 'GET' | 'HEAD' | 'PUT' | 'POST' | 'DELETE';

/** `ProtectedSite`'s `cors` option. */
export interface SiteCorsOptions {
  /** Origins allowed to call, e.g. `["https://app.example.com"]` (`https:`, or `http://localhost[:port]`). */
  readonly allowedOrigins: readonly string[];
  /** Methods allowed. Default `["GET", "HEAD"]`; add `PUT`/`DELETE` for uploads with identity-pool credentials. */
  readonly allowedMethods?: readonly CorsMethod[];
  /** Request headers allowed. Default `["*"]` (SigV4 needs `authorization`, `x-amz-*`, `content-type`). */
  readonly allowedHeaders?: readonly string[];
  /** How long browsers may cache a preflight answer, in **seconds** (0–86400). Default 600. */
  readonly maxAgeSeconds?: number;
}

/** Response headers scripts may read (S3 `ETag`, for uploads and conditional requests). */
const EXPOSED_HEADERS = ['ETag'];

/** Checks `cors` and fills its defaults. @throws EdgewardPropsError naming the field */
export function resolveCors(cors: SiteCorsOptions): Required<SiteCorsOptions> {
  const name = 'ProtectedSite';
  if (cors.allowedOrigins.length === 0) {
    throw new EdgewardPropsError(name, 'cors.allowedOrigins', 'expected at least one origin');
  }
  const allowedOrigins = cors.allowedOrigins.map((o, i) =>
    checkedOrigin(name, `cors.allowedOrigins[${i}]`, o),
  );
  const maxAgeSeconds = cors.maxAgeSeconds ?? 600;
  if (!Number.isInteger(maxAgeSeconds) || maxAgeSeconds < 0 || maxAgeSeconds > 86_400) {
    throw new EdgewardPropsError(name, 'cors.maxAgeSeconds', 'expected an integer from 0 to 86400 (seconds)');
  }
  const allowedMethods = cors.allowedMethods ?? ['GET', 'HEAD'];
  if (allowedMethods.length === 0) {
    throw new EdgewardPropsError(name, 'cors.allowedMethods', 'expected at least one method');
  }
  return {
    allowedOrigins,
    allowedMethods,
    allowedHeaders: cors.allowedHeaders ?? ['*'],
    maxAgeSeconds,
  };
}

/** The buckets' CORS rules. */
export function bucketCorsRules(cors: Required<SiteCorsOptions>): s3.CorsRule[] {
  return [
    {
      allowedOrigins: [...cors.allowedOrigins],
      allowedMethods: cors.allowedMethods.map((m) => s3.HttpMethods[m]),
      allowedHeaders: [...cors.allowedHeaders],
      exposedHeaders: EXPOSED_HEADERS,
      maxAge: cors.maxAgeSeconds,
    },
  ];
}

/** The CORS part of a response-headers policy (CloudFront answers the `Access-Control-*` headers). */
export function corsBehaviorOf(cors: Required<SiteCorsOptions>): cloudfront.ResponseHeadersCorsBehavior {
  return {
    accessControlAllowCredentials: false,
    accessControlAllowOrigins: [...cors.allowedOrigins],
    accessControlAllowMethods: [...new Set([...cors.allowedMethods, 'OPTIONS'])],
    accessControlAllowHeaders: [...cors.allowedHeaders],
    accessControlExposeHeaders: EXPOSED_HEADERS,
    accessControlMaxAge: Duration.seconds(cors.maxAgeSeconds),
    originOverride: true,
  };
}

/**
 * Adds `sources` to the `connect-src` of a Content-Security-Policy: appended to an existing
 * `connect-src`; otherwise a new `connect-src` starting from `default-src`'s sources (what `connect-src`
 * fell back to), or `'self'`. A policy restricting neither is returned unchanged (connections are open).
 */
export function withConnectSources(csp: string, sources: readonly string[]): string {
  const directives = csp
    .split(';')
    .map((d) => d.trim())
    .filter((d) => d !== '');
  const find = (name: string) => directives.findIndex((d) => d.split(/\s+/)[0]!.toLowerCase() === name);
  const connect = find('connect-src');
  if (connect >= 0) {
    directives[connect] = `${directives[connect]} ${sources.join(' ')}`;
    return directives.join('; ');
  }
  const fallback = find('default-src');
  if (fallback < 0) return csp;
  const base = directives[fallback]!.split(/\s+/)
    .slice(1)
    .filter((s) => s !== "'none'");
  const merged = [...new Set([...(base.length === 0 ? ["'self'"] : base), ...sources])];
  return [...directives, `connect-src ${merged.join(' ')}`].join('; ');
}
