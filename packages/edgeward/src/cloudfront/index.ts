/**
 * `edgeward/cloudfront`: the Lambda@Edge viewer-request adapter (scenarios A, C and D): hosted-UI login
 * with cookies (authorization code + PKCE), inline refresh, sign-out, Bearer mode, path rules, identity
 * headers to the origin, and CloudFront signed cookies.
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
  ResolvedSiteConfig,
  SignOutConfig,
  SiteConfig,
  SitePaths,
} from './config.js';
export { applySiteDefaults, checkSiteFields, ERROR_PAGE_STATUSES, resolveSiteConfig } from './config.js';
export {
  DISALLOWED_HEADER_PREFIXES,
  DISALLOWED_HEADERS,
  FORBIDDEN_RESPONSE_HEADERS,
  generatedResponseBytes,
  isDisallowedHeader,
  MAX_VIEWER_RESPONSE_BODY_BYTES,
  MAX_VIEWER_RESPONSE_BYTES,
  READ_ONLY_REQUEST_HEADERS,
  viewerRequestResultProblems,
} from './contract.js';
export { createViewerRequestHandler } from './create.js';
export { isNavigation } from './event.js';
export { createSiteHandler, type ViewerRequestHandler } from './handler.js';
export { GUARD_WINDOW_SECONDS, MAX_AUTOMATIC_REDIRECTS } from './login.js';
export { IDENTITY_HEADER_PREFIX } from './origin.js';
export { PAGE_CONTENT_SECURITY_POLICY, pageStyleSource } from './page.js';
export type { SiteDeps, SiteFeatures } from './site.js';
export { checkSignedCookiesFit, validateSiteConfig } from './validate.js';
