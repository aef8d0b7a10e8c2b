/**
 * `edgeward/apigateway`: API Gateway Lambda authorizers verifying Cognito, OIDC and HS256 JWTs — REST
 * `TOKEN` and `REQUEST`, HTTP API (payload 2.0, simple or IAM responses) and WebSocket `$connect` — with a
 * cache-safe IAM policy, plus the IAM evaluator and result validator the local API Gateway emulator uses.
 *
 * The Secrets Manager HS256 entry point is a separate subpath, `edgeward/apigateway/secrets-manager`, so
 * default bundles never pull in an AWS SDK client.
 *
 * See docs/apigateway.md.
 *
 * @module
 */
export {
  type ArnParseResult,
  arnPrefix,
  type ExecuteApiArn,
  formatExecuteApiArn,
  MAX_ARN_LENGTH,
  parseExecuteApiArn,
  resourceArn,
} from './arn.js';
export type * from './config.js';
export {
  DEFAULT_CONTEXT_MAX_BYTES,
  DEFAULT_HEADER_SOURCE,
  DEFAULT_MAX_RESOURCES,
  DEFAULT_WEBSOCKET_SOURCE,
} from './config.js';
export {
  type BuiltContext,
  buildContext,
  type ContextValue,
  contextKey,
  flattenClaimValue,
} from './context.js';
export {
  type AuthorizerResultKind,
  isUnauthorizedError,
  MAX_POLICY_RESOURCE_LENGTH,
  UNAUTHORIZED_MESSAGE,
  validateAuthorizerResult,
} from './contract.js';
export {
  assertAuthorizerConfig,
  createHttpApiAuthorizer,
  createRequestAuthorizer,
  createTokenAuthorizer,
  createWebSocketAuthorizer,
} from './create.js';
export type { AuthorizerDeps, AuthorizerKind } from './engine.js';
export type {
  AuthorizerContext,
  HttpApiAuthorizerHandler,
  HttpApiSimpleResult,
  RequestAuthorizerHandler,
  TokenAuthorizerHandler,
  WebSocketAuthorizerEvent,
  WebSocketAuthorizerHandler,
} from './handlers.js';
export { evaluatePolicy, type IamDecision } from './iam-evaluator.js';
export { type BuiltPolicy, createPolicyBuilder, type PolicyBuilder } from './policy.js';
export {
  type AuthorizerConfigKind,
  type AuthorizerConfigMessage,
  validateAuthorizerConfig,
} from './validate.js';
