/**
 * The application-facing authorizer factories: each checks the configuration
 * ({@link assertAuthorizerConfig}) and then builds the handler with the lean factory of `handlers.ts`. None
 * throws: a configuration that fails the checks (or cannot be built) gives a handler that logs one
 * `config_invalid` error line with the reason on every invocation and throws `Unauthorized` — never a
 * Lambda init error. Call {@link assertAuthorizerConfig} yourself (in a test or a build step) to see the
 * problem early.
 * Bundle entries (`packages/cli/src/entries/`) call the lean factories directly, because `edgeward build` ran the same
 * checks (and more: `validateAuthorizerConfig`) before baking the configuration.
 *
 * @module
 */
import { assertValidRules } from '../core/rules/compile.js';
import { assertOriginPaths } from '../core/rules/readings.js';
import { checkLogLevel } from '../core/runtime.js';
import { validateIssuer } from '../core/verify/validate-issuer.js';
import type {
  AuthorizerCommonConfig,
  HttpApiAuthorizerConfig,
  RequestAuthorizerConfig,
  TokenAuthorizerConfig,
  WebSocketAuthorizerConfig,
} from './config.js';
import { type AuthorizerDeps, type AuthorizerKind, failingHandler } from './engine.js';
import type {
  HttpApiAuthorizerHandler,
  RequestAuthorizerHandler,
  TokenAuthorizerHandler,
  WebSocketAuthorizerHandler,
} from './handlers.js';
import * as lean from './handlers.js';

/**
 * The configuration checks an authorizer factory runs at construction: the rules (`validateRules`) and
 * `originPaths`, then the issuer (`validateIssuer`, with `deps.secret` standing in for `issuer.secret`),
 * then `logLevel`.
 *
 * @throws AuthError `config_invalid` naming the problem (`invalid rules: rules[2].path: …`,
 *   `originPaths must be "standard" or "iis"`, `clockToleranceSeconds must be a number from 0 to 300`, …)
 */
export function assertAuthorizerConfig(config: AuthorizerCommonConfig, deps: AuthorizerDeps = {}): void {
  assertValidRules(config.rules ?? { rules: [] });
  assertOriginPaths(config.originPaths);
  validateIssuer(config.issuer, deps);
  checkLogLevel(config.logLevel);
}

/** `build()` when the configuration passes {@link assertAuthorizerConfig}, else a failing handler. */
function checked<H>(
  kind: AuthorizerKind,
  config: AuthorizerCommonConfig,
  deps: AuthorizerDeps,
  build: () => H,
): H | ReturnType<typeof failingHandler> {
  try {
    assertAuthorizerConfig(config, deps);
  } catch (e) {
    return failingHandler(kind, deps, e);
  }
  return build();
}

/**
 * A REST API `TOKEN` authorizer. See `createTokenAuthorizer` in `handlers.ts` for the behaviour.
 *
 * @param config - the authorizer configuration, checked here
 * @param deps - clock (ms), fetch (JWKS), logger; the resolved HS256 secret
 * @returns the handler; for an invalid configuration one that logs `config_invalid` and throws
 *   `Unauthorized` on every invocation (never throws at construction)
 * @see [Amazon API Gateway Developer Guide - Input to an API Gateway Lambda authorizer](https://docs.aws.amazon.com/apigateway/latest/developerguide/api-gateway-lambda-authorizer-input.html)
 */
export function createTokenAuthorizer(
  config: TokenAuthorizerConfig,
  deps: AuthorizerDeps = {},
): TokenAuthorizerHandler {
  return checked('token', config, deps, () => lean.createTokenAuthorizer(config, deps));
}

/**
 * A REST API `REQUEST` authorizer. See `createRequestAuthorizer` in `handlers.ts` for the behaviour.
 *
 * @param config - the authorizer configuration, checked here
 * @param deps - clock (ms), fetch (JWKS), logger; the resolved HS256 secret
 * @returns the handler; for an invalid configuration one that logs `config_invalid` and throws
 *   `Unauthorized` on every invocation (never throws at construction)
 * @see [Amazon API Gateway Developer Guide - Input to an API Gateway Lambda authorizer](https://docs.aws.amazon.com/apigateway/latest/developerguide/api-gateway-lambda-authorizer-input.html)
 */
export function createRequestAuthorizer(
  config: RequestAuthorizerConfig,
  deps: AuthorizerDeps = {},
): RequestAuthorizerHandler {
  return checked('request', config, deps, () => lean.createRequestAuthorizer(config, deps));
}

/**
 * An HTTP API (payload format 2.0) authorizer. See `createHttpApiAuthorizer` in `handlers.ts`.
 *
 * @param config - the authorizer configuration, checked here
 * @param deps - clock (ms), fetch (JWKS), logger; the resolved HS256 secret
 * @returns the handler; for an invalid configuration one that logs `config_invalid` and throws
 *   `Unauthorized` on every invocation (never throws at construction)
 * @see [Amazon API Gateway Developer Guide - Lambda authorizers for HTTP APIs](https://docs.aws.amazon.com/apigateway/latest/developerguide/http-api-lambda-authorizer.html)
 */
export function createHttpApiAuthorizer(
  config: HttpApiAuthorizerConfig,
  deps: AuthorizerDeps = {},
): HttpApiAuthorizerHandler {
  return checked('http', config, deps, () => lean.createHttpApiAuthorizer(config, deps));
}

/**
 * A WebSocket API `$connect` authorizer. See `createWebSocketAuthorizer` in `handlers.ts`.
 *
 * @param config - the authorizer configuration, checked here
 * @param deps - clock (ms), fetch (JWKS), logger; the resolved HS256 secret
 * @returns the handler; for an invalid configuration one that logs `config_invalid` and throws
 *   `Unauthorized` on every invocation (never throws at construction)
 * @see [Amazon API Gateway Developer Guide - WebSocket API Lambda REQUEST authorizers](https://docs.aws.amazon.com/apigateway/latest/developerguide/apigateway-websocket-api-lambda-auth.html)
 */
export function createWebSocketAuthorizer(
  config: WebSocketAuthorizerConfig,
  deps: AuthorizerDeps = {},
): WebSocketAuthorizerHandler {
  return checked('websocket', config, deps, () => lean.createWebSocketAuthorizer(config, deps));
}
