/**
 * `edgeward/cloudfront`: the Lambda@Edge viewer-request adapter (scenarios A, C and D): hosted-UI login
 * with cookies (authorization code + PKCE), inline refresh, sign-out, Bearer mode, path rules, identity
 * headers to the origin, and CloudFront signed cookies.
 *
 * The public surface is what an application needs to build a handler; what the local CloudFront emulator
 * and the bundle entries use besides (CloudFront's result contract, the feature-selecting
 * `createSiteHandler`, configuration resolution) stays reachable as `edgeward/internal/cloudfront/…`, not
 * covered by semver. `packages/edgeward/api/cloudfront.api.md` records the surface.
 *
 * @see [Amazon CloudFront Developer Guide - Customize at the edge with Lambda@Edge](https://docs.aws.amazon.com/AmazonCloudFront/latest/DeveloperGuide/lambda-at-the-edge.html)
 * @module
 */

export type { IdentityPoolConfig } from '../core/identity-pool/config.js';
export type { OAuthClientConfig, OAuthEndpointsConfig } from '../core/oauth/types.js';
export type { SessionCookieOptions } from '../core/session/session-cookies.js';
export type {
  ErrorPageStatus,
  IdentityHeadersConfig,
  SignOutConfig,
  SiteConfig,
  SitePaths,
} from './config.js';
export { createViewerRequestHandler } from './create.js';
export type { ViewerRequestHandler } from './handler.js';
export { GUARD_WINDOW_SECONDS, MAX_AUTOMATIC_REDIRECTS } from './login.js';
export { IDENTITY_HEADER_PREFIX } from './origin.js';
export { pageStyleSource } from './page.js';
export type { SiteDeps } from './site.js';
export { validateSiteConfig } from './validate.js';
