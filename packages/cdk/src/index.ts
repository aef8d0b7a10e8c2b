/**
 * `@edgeward/cdk`: CDK constructs that deploy edgeward functions bundled by edgeward's own build.
 * `aws-cdk-lib` and `constructs` are peer dependencies.
 *
 * @module
 */
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
export { ProtectedSite, type ProtectedSiteProps, type SignedCookieProtection } from './protected-site.js';
export { secretReadStatement } from './secrets.js';
export { EdgewardUserPool, type EdgewardUserPoolProps } from './user-pool.js';
export { EdgewardPropsError } from './validation.js';
