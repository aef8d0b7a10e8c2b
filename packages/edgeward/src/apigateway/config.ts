/**
 * Configuration of the API Gateway Lambda authorizers. Plain JSON data, validated at build time by the CLI
 * (`packages/cli/src/config/`) and baked into the bundle; nothing here is validated again at request time except by
 * {@link validateAuthorizerConfig} (build-time warnings about cache safety).
 *
 * Times are in **seconds**; sizes in **bytes** (UTF-8 of the JSON encoding).
 *
 * @see [Amazon API Gateway Developer Guide - Use API Gateway Lambda authorizers](https://docs.aws.amazon.com/apigateway/latest/developerguide/apigateway-use-lambda-authorizer.html)
 * @module
 */
import type { IssuerConfig, OriginPaths, RulesConfig, TokenUse } from '../core/config.js';
import type { LogLevel } from '../core/runtime.js';

/**
 * Where a REQUEST / HTTP API / WebSocket authorizer finds the bearer token.
 *
 * - `{ header }`: a request header (case-insensitive name). With `scheme: 'bearer'` (the default) the value
 *   must be `Bearer <token>` (RFC 6750 §2.1; scheme case-insensitive); with `scheme: 'none'` the whole value
 *   is the token. A header sent more than once is refused.
 * - `{ query }`: a query string parameter (case-sensitive name, RFC 6750 §2.3 calls it `access_token`).
 *   Sent more than once → refused. **Query strings are logged** by API Gateway access logs, CloudFront and
 *   proxies: prefer a header, keep such tokens short-lived.
 * - `{ cookie }`: a cookie (from `Cookie` headers, or the HTTP API `cookies` array). Sent twice → refused.
 *
 * @see [RFC 6750 - Bearer Token Usage, section 2](https://www.rfc-editor.org/rfc/rfc6750.html#section-2)
 */
export type TokenSource =
  | { readonly header: string; readonly scheme?: 'bearer' | 'none' }
  | { readonly query: string }
  | { readonly cookie: string };

/** What goes into the authorizer result's `context` (all values string, number or boolean). */
export interface ContextConfig {
  /**
   * Extra claims copied into `context`. Key = claim name with every character outside `[A-Za-z0-9_]`
   * replaced by `_` (`custom:tenant` → `custom_tenant`). Strings, finite numbers and booleans are copied;
   * arrays of those are comma-separated identity lists (each item percent-encoded first, like `groups`);
   * objects and nulls are skipped. Default none.
   */
  readonly extraClaims?: readonly string[];
  /**
   * Upper bound of `JSON.stringify(context)` in bytes. Entries that would exceed it are dropped (fixed keys
   * first, then `extraClaims` in order) and the drop is logged (`context_truncated`). Default 4096.
   */
  readonly maxBytes?: number;
}

/**
 * How the IAM policy is built (REST TOKEN/REQUEST, HTTP API with `response: 'iam'`).
 *
 * - `cache-safe` (default): the policy Allows every method/path this token may call under the rules and
 *   Denies where a rule refuses, so a result cached by API Gateway (identity-source keyed, default TTL
 *   300 s) is right for the token's other routes. When exactness cannot be proven (see docs/apigateway.md)
 *   the policy falls back to the current `methodArn` only and logs `policy_fallback`.
 * - `method`: always a policy for the current `methodArn` only. Pair it with authorizer caching disabled
 *   (TTL 0), or every other route of the same token is refused while the result is cached.
 */
export interface PolicyConfig {
  /** Default `cache-safe`. */
  readonly mode?: 'cache-safe' | 'method';
  /**
   * The API's routes as `"VERB /resource"` (`"GET /pets/{id}"`, `"ANY /files/{proxy+}"`). When given, the
   * policy names exactly the allowed routes (each `{param}` becomes `*`) plus the Denies needed to carve out
   * refused routes, which makes more rule sets exactly translatable. Default: derive from the rules.
   */
  readonly routes?: readonly string[];
  /** Most resources in one policy before falling back to the current `methodArn`. Default 100. */
  readonly maxResources?: number;
}

/** Options every authorizer kind shares. */
export interface AuthorizerCommonConfig {
  /** The issuer whose tokens are accepted (Cognito, OIDC or HS256). */
  readonly issuer: IssuerConfig;
  /**
   * Required `token_use`. Default `access` for Cognito issuers (the verifier's default); for OIDC/HS256
   * issuers, when set, a present `token_use` must equal it.
   */
  readonly tokenUse?: TokenUse;
  /** The rules; default: no rules, `defaultAccess: 'authenticated'` (any valid token). */
  readonly rules?: RulesConfig;
  /**
   * How the API's integrations read request paths: `standard` (default; `;params` are also read as
   * removed, as servlet containers do) or `iis` (also case-insensitive, trailing dots and spaces ignored).
   * Every path must satisfy the rules under each reading; the strictest decision wins. With `iis` the
   * policy names the current method ARN only (IAM matches ARNs case-sensitively): set the authorizer TTL
   * to 0. See docs/rules.md ("Readings of a path").
   */
  readonly originPaths?: OriginPaths;
  /** Claim used as `principalId` (must be a non-empty string or a number). Default `sub`. */
  readonly principalIdClaim?: string;
  /** What goes into `context`. */
  readonly context?: ContextConfig;
  /**
   * Claim copied to `usageIdentifierKey` (usage plans with `apiKeySource = AUTHORIZER`). Default none.
   *
   * @see [Amazon API Gateway Developer Guide - Choose an API key source](https://docs.aws.amazon.com/apigateway/latest/developerguide/api-gateway-api-key-source.html)
   */
  readonly usageIdentifierKeyClaim?: string;
  /**
   * The least severe log records written (JSON lines on stdout): `debug`, `info` (default: one line per
   * invocation, the decision or why the token was refused: the audit trail), `warn` (truncated context,
   * policy fallbacks), `error` (JWKS, event or internal failures), or `off`.
   */
  readonly logLevel?: LogLevel;
}

/**
 * A REST API `TOKEN` authorizer: API Gateway passes the raw value of the token source header (usually
 * `Authorization`) as `authorizationToken`.
 */
export interface TokenAuthorizerConfig extends AuthorizerCommonConfig {
  /** `bearer` (default): the value must be `Bearer <token>`; `none`: the whole value is the token. */
  readonly scheme?: 'bearer' | 'none';
  /** IAM policy construction. */
  readonly policy?: PolicyConfig;
}

/** A REST API `REQUEST` authorizer (payload 1.0). */
export interface RequestAuthorizerConfig extends AuthorizerCommonConfig {
  /** Default `{ header: 'Authorization', scheme: 'bearer' }`. */
  readonly tokenSource?: TokenSource;
  /** IAM policy construction. */
  readonly policy?: PolicyConfig;
}

/** An HTTP API Lambda authorizer, payload format 2.0. */
export interface HttpApiAuthorizerConfig extends AuthorizerCommonConfig {
  /** Default `{ header: 'Authorization', scheme: 'bearer' }`. */
  readonly tokenSource?: TokenSource;
  /**
   * `iam` (default): an IAM policy on route ARNs (cache-safe like REST). `simple`: `{isAuthorized, context}`
   * — a cached simple response applies to every route of the API, so add `$context.routeKey` to the
   * identity sources or disable caching when the rules depend on the route.
   */
  readonly response?: 'simple' | 'iam';
  /** Used when `response` is `iam`. */
  readonly policy?: PolicyConfig;
}

/**
 * A WebSocket API `$connect` authorizer (REQUEST). The rules see path `/$connect` and method `GET` (the
 * WebSocket upgrade request). Browsers cannot set headers on `new WebSocket(url)`, so the token usually
 * travels in the query string — which is logged: see {@link TokenSource}.
 */
export interface WebSocketAuthorizerConfig extends AuthorizerCommonConfig {
  /** Default `{ query: 'access_token' }` (RFC 6750 §2.3). */
  readonly tokenSource?: TokenSource;
}

/** Any authorizer configuration, discriminated by the factory it is given to. */
export type AuthorizerConfig =
  | TokenAuthorizerConfig
  | RequestAuthorizerConfig
  | HttpApiAuthorizerConfig
  | WebSocketAuthorizerConfig;

/** Default `context.maxBytes`. */
export const DEFAULT_CONTEXT_MAX_BYTES = 4096;
/** Default `policy.maxResources`. */
export const DEFAULT_MAX_RESOURCES = 100;
/** Default REST REQUEST / HTTP API token source. */
export const DEFAULT_HEADER_SOURCE: TokenSource = { header: 'Authorization', scheme: 'bearer' };
/** Default WebSocket token source. */
export const DEFAULT_WEBSOCKET_SOURCE: TokenSource = { query: 'access_token' };
