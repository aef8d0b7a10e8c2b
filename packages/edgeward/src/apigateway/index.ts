/**
 * `edgeward/apigateway`: API Gateway Lambda authorizers verifying Cognito, OIDC and HS256 JWTs — REST
 * `TOKEN` and `REQUEST`, HTTP API (payload 2.0, simple or IAM responses) and WebSocket `$connect` — with a
 * cache-safe IAM policy.
 *
 * The IAM evaluator, API Gateway's result contract, the ARN parser and the policy builder, which the local
 * API Gateway emulator, `edgeward explain` and the tests use, are not part of the public surface: they stay
 * reachable as `edgeward/internal/apigateway/…`, not covered by semver. `packages/edgeward/api/
 * apigateway.api.md` records the surface.
 *
 * The Secrets Manager HS256 entry point is a separate subpath, `edgeward/apigateway/secrets-manager`, so
 * default bundles never pull in an AWS SDK client.
 *
 * See docs/apigateway.md.
 *
 * @module
 */
export type * from './config.js';
export {
  DEFAULT_CONTEXT_MAX_BYTES,
  DEFAULT_HEADER_SOURCE,
  DEFAULT_MAX_RESOURCES,
  DEFAULT_WEBSOCKET_SOURCE,
} from './config.js';
export type { ContextValue } from './context.js';
export {
  assertAuthorizerConfig,
  createHttpApiAuthorizer,
  createRequestAuthorizer,
  createTokenAuthorizer,
  createWebSocketAuthorizer,
} from './create.js';
export type { AuthorizerDeps, AuthorizerKind } from './engine.js';
export type { WebSocketAuthorizerEvent } from './event.js';
export type {
  AuthorizerContext,
  HttpApiAuthorizerHandler,
  HttpApiSimpleResult,
  RequestAuthorizerHandler,
  TokenAuthorizerHandler,
  WebSocketAuthorizerHandler,
} from './handlers.js';
export {
  type AuthorizerConfigKind,
  type AuthorizerConfigMessage,
  validateAuthorizerConfig,
} from './validate.js';
