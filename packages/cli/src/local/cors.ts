/**
 * CORS rules as the local S3 emulator (a bucket's `CORSConfiguration`) and the local CloudFront emulator (a
 * response headers policy's CORS part) evaluate them: the first rule whose `AllowedOrigins` match the
 * `Origin` (exactly, or with one `*` wildcard), whose `AllowedMethods` include the method and whose
 * `AllowedHeaders` match every requested header (case-insensitive, `*` wildcards) applies.
 *
 * @see https://docs.aws.amazon.com/AmazonS3/latest/userguide/cors.html
 * @see https://docs.aws.amazon.com/AmazonS3/latest/API/API_CORSRule.html
 * @module
 */
import { compileGlob, matchGlob } from 'edgeward/internal/core/rules/glob.js';

/** One CORS rule (S3 `CORSRule`; CloudFront `ResponseHeadersPolicyCorsConfig`). */
export interface CorsRule {
  /** e.g. `["https://app.example.com"]`; `*` matches any run of characters. */
  readonly allowedOrigins: readonly string[];
  /** `GET`, `PUT`, `POST`, `DELETE`, `HEAD`. */
  readonly allowedMethods: readonly string[];
  /** Request headers a preflight may ask for (`*` wildcards). Default none. */
  readonly allowedHeaders?: readonly string[];
  /** Response headers scripts may read, e.g. `ETag`. Default none. */
  readonly exposeHeaders?: readonly string[];
  /** Preflight cache lifetime in **seconds**. Default: no `Access-Control-Max-Age`. */
  readonly maxAgeSeconds?: number;
}

const matches = (patterns: readonly string[], value: string, caseless = false) =>
  patterns.some((p) =>
    matchGlob(compileGlob(caseless ? p.toLowerCase() : p), caseless ? value.toLowerCase() : value),
  );

/**
 * The rule applying to a request, or undefined (S3 then adds no CORS headers, and refuses a preflight).
 *
 * @param requestHeaders - for a preflight, the names in `Access-Control-Request-Headers`
 */
export function corsRuleFor(
  rules: readonly CorsRule[],
  origin: string,
  method: string,
  requestHeaders: readonly string[] = [],
): CorsRule | undefined {
  return rules.find(
    (r) =>
      matches(r.allowedOrigins, origin) &&
      r.allowedMethods.includes(method) &&
      requestHeaders.every((h) => matches(r.allowedHeaders ?? [], h, true)),
  );
}

/** The CORS headers S3 adds for `rule` (response to `origin`); `preflight` adds the `Allow-*` answers. */
export function corsHeaders(
  rule: CorsRule,
  origin: string,
  preflight?: { readonly method: string; readonly headers: readonly string[] },
): Record<string, string> {
  const out: Record<string, string> = {
    'access-control-allow-origin': rule.allowedOrigins.includes('*') ? '*' : origin,
    vary: 'Origin, Access-Control-Request-Headers, Access-Control-Request-Method',
  };
  if (rule.exposeHeaders?.length) out['access-control-expose-headers'] = rule.exposeHeaders.join(', ');
  if (preflight !== undefined) {
    out['access-control-allow-methods'] = rule.allowedMethods.join(', ');
    if (preflight.headers.length > 0) out['access-control-allow-headers'] = preflight.headers.join(', ');
    if (rule.maxAgeSeconds !== undefined) out['access-control-max-age'] = String(rule.maxAgeSeconds);
  }
  return out;
}
