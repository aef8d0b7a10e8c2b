/**
 * `createViewerRequestHandler`: the application-facing factory, with every optional feature included.
 *
 * @module
 */
import type { CloudFrontRequestHandler } from 'aws-lambda';
import { createValidatedSignedCookieIssuer } from '../core/signed-cookies/issuer.js';
import type { SiteConfig } from './config.js';
import { createSiteHandler, type ViewerRequestHandler } from './handler.js';
import type { SiteDeps } from './site.js';
import { validateSiteConfig } from './validate.js';

/**
 * Builds the viewer-request handler of one site, with every feature (cookie login, Bearer, CloudFront
 * signed cookies). Build it once, at module scope: the verifier (and its JWKS cache and keys) and the
 * compiled rules are created here and reused; the login path's pieces (OAuth client, cookie writer, the
 * signed-cookie issuer) on the first request that needs them, then reused.
 *
 * The returned function never throws: an invalid configuration answers every request 502 `config_invalid`
 * (logged once per request), a malformed event 400 `event_invalid`, any unexpected error 502
 * `internal_error`; each with `cache-control: no-store` and one JSON log line.
 *
 * The configuration is checked first (`validateSiteConfig`: site fields, issuer, rules, signed cookies).
 * `edgeward build` runs the same validators at build time and bundles {@link createSiteHandler} without
 * them and with only the features a configuration uses, to keep the Lambda@Edge bundle small; request
 * handling is the same.
 *
 * @param config - the validated site configuration (see {@link SiteConfig})
 * @param deps - clock (ms), fetch (JWKS, token endpoint, revocation) and logger; defaults `Date.now`,
 *   global `fetch`, JSON lines on stdout; plus `privateKey`, the signed-cookie key provider when the key
 *   lives in Secrets Manager
 * @returns a handler compatible with `CloudFrontRequestHandler` from `@types/aws-lambda`
 * @see [Amazon CloudFront Developer Guide - Lambda@Edge event structure](https://docs.aws.amazon.com/AmazonCloudFront/latest/DeveloperGuide/lambda-event-structure.html)
 * @see [Amazon CloudFront Developer Guide - Generate HTTP responses in request triggers](https://docs.aws.amazon.com/AmazonCloudFront/latest/DeveloperGuide/lambda-generating-http-responses.html)
 * @example
 * ```ts
 * import { createViewerRequestHandler } from 'edgeward/cloudfront';
 * import config from './edgeward.site.json' with { type: 'json' };
 * export const handler = createViewerRequestHandler(config);
 * ```
 */
export function createViewerRequestHandler(
  config: SiteConfig,
  deps: SiteDeps = {},
): ViewerRequestHandler & CloudFrontRequestHandler {
  return createSiteHandler(config, deps, {
    loadSignedCookieIssuer: async () => createValidatedSignedCookieIssuer,
    loadLoginPath: () => import('./login-path.js'),
    loadCredentialsRoute: () => import('./credentials.js'),
    validate: validateSiteConfig,
  });
}
