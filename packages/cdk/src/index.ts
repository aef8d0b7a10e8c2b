/**
 * `@edgeward/cdk`: CDK constructs that deploy edgeward functions bundled by edgeward's own build.
 * `aws-cdk-lib` and `constructs` are peer dependencies.
 *
 * @module
 */
export { ACKNOWLEDGED } from './acknowledgments.js';
export { AdminUser, type EdgewardAdminUser } from './admin-user.js';
export { ApiAuthorizer, type ApiAuthorizerKind, type ApiAuthorizerProps } from './api-authorizer.js';
export {
  bundleHash,
  type EdgewardCodeOptions,
  edgewardCode,
  type StagedFunction,
  stageFunction,
} from './bundling.js';
export { readFunctionConfig } from './config.js';
export { type CorsMethod, type SiteCorsOptions, withConnectSources } from './cors.js';
export { directoryIndexFunctionCode } from './directory-index.js';
export type { ErrorPagesOptions } from './error-pages.js';
export type { SiteIdentityPoolOptions } from './identity-pool.js';
export type { EdgeLogRetentionOptions, SiteLoggingOptions } from './production.js';
export { ProtectedSite, type ProtectedSiteProps, type SignedCookieProtection } from './protected-site.js';
export { secretReadStatement } from './secrets.js';
export type { ContentData } from './site-content.js';
export { EdgewardUserPool, type EdgewardUserPoolProps } from './user-pool.js';
export { EdgewardContextError, EdgewardPropsError } from './validation.js';
