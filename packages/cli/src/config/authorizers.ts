/**
 * valibot schemas of the API Gateway authorizer functions (`packages/edgeward/src/apigateway/config.ts`), checked at compile
 * time against the runtime types.
 *
 * @module
 */

import type {
  ContextConfig,
  HttpApiAuthorizerConfig,
  PolicyConfig,
  RequestAuthorizerConfig,
  TokenAuthorizerConfig,
  TokenSource,
  WebSocketAuthorizerConfig,
} from 'edgeward/internal/apigateway/config.js';
import * as v from 'valibot';
import { type FileFunction, issuerRefSchema, logLevelSchema } from './functions-common.js';
import { integerIn, nonEmptyString, nonEmptyStringArray, oneOf, strict } from './primitives.js';
import { rulesConfigSchema } from './rules.js';
import type { AssertSameShape, Expect } from './type-check.js';

const routeMessage = 'expected routes like "GET /pets/{id}" (VERB or ANY, a space, a path starting with "/")';
const headerNameMessage = 'expected an HTTP header name such as "Authorization"';

/** {@link TokenSource}. */
export const tokenSourceSchema = v.union(
  [
    strict({
      header: v.pipe(
        v.string(headerNameMessage),
        v.regex(/^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/, headerNameMessage),
      ),
      scheme: v.optional(oneOf(['bearer', 'none'])),
    }),
    strict({ query: nonEmptyString('expected a query string parameter name such as "access_token"') }),
    strict({ cookie: nonEmptyString('expected a cookie name') }),
  ],
  'expected one of {"header": "Authorization"}, {"query": "access_token"} or {"cookie": "name"}',
);

/** {@link ContextConfig}. */
export const contextConfigSchema = strict({
  extraClaims: v.optional(nonEmptyStringArray()),
  maxBytes: v.optional(integerIn(64, 8192, 'bytes')),
});

/** {@link PolicyConfig}. */
export const policyConfigSchema = strict({
  mode: v.optional(oneOf(['cache-safe', 'method'])),
  routes: v.optional(
    v.pipe(
      nonEmptyStringArray(routeMessage),
      v.check(
        (rs) => rs.every((r) => /^(GET|HEAD|POST|PUT|PATCH|DELETE|OPTIONS|ANY) \/\S*$/.test(r)),
        routeMessage,
      ),
    ),
  ),
  maxResources: v.optional(integerIn(1, 1000, 'resources')),
});

/** Fields of {@link AuthorizerCommonConfig}, with `issuer` as a name. */
const commonEntries = {
  issuer: issuerRefSchema,
  tokenUse: v.optional(oneOf(['id', 'access'])),
  rules: v.optional(rulesConfigSchema),
  principalIdClaim: v.optional(nonEmptyString()),
  context: v.optional(contextConfigSchema),
  usageIdentifierKeyClaim: v.optional(nonEmptyString()),
  logLevel: v.optional(logLevelSchema),
};

/** A REST API TOKEN authorizer function. */
export const restTokenAuthorizerSchema = strict({
  type: v.literal('rest-token-authorizer'),
  ...commonEntries,
  scheme: v.optional(oneOf(['bearer', 'none'])),
  policy: v.optional(policyConfigSchema),
});

/** A REST API REQUEST authorizer function. */
export const restRequestAuthorizerSchema = strict({
  type: v.literal('rest-request-authorizer'),
  ...commonEntries,
  tokenSource: v.optional(tokenSourceSchema),
  policy: v.optional(policyConfigSchema),
});

/** An HTTP API (payload 2.0) authorizer function. */
export const httpAuthorizerSchema = strict({
  type: v.literal('http-authorizer'),
  ...commonEntries,
  tokenSource: v.optional(tokenSourceSchema),
  response: v.optional(oneOf(['simple', 'iam'])),
  policy: v.optional(policyConfigSchema),
});

/** A WebSocket `$connect` authorizer function. */
export const websocketAuthorizerSchema = strict({
  type: v.literal('websocket-authorizer'),
  ...commonEntries,
  tokenSource: v.optional(tokenSourceSchema),
});

/** `rest-token-authorizer` entry of the config file. */
export type RestTokenAuthorizerFunction = FileFunction<'rest-token-authorizer', TokenAuthorizerConfig>;
/** `rest-request-authorizer` entry of the config file. */
export type RestRequestAuthorizerFunction = FileFunction<'rest-request-authorizer', RequestAuthorizerConfig>;
/** `http-authorizer` entry of the config file. */
export type HttpAuthorizerFunction = FileFunction<'http-authorizer', HttpApiAuthorizerConfig>;
/** `websocket-authorizer` entry of the config file. */
export type WebSocketAuthorizerFunction = FileFunction<'websocket-authorizer', WebSocketAuthorizerConfig>;

export type AuthorizerSchemaChecks = [
  Expect<AssertSameShape<v.InferOutput<typeof tokenSourceSchema>, TokenSource>>,
  Expect<AssertSameShape<v.InferOutput<typeof contextConfigSchema>, ContextConfig>>,
  Expect<AssertSameShape<v.InferOutput<typeof policyConfigSchema>, PolicyConfig>>,
  Expect<AssertSameShape<v.InferOutput<typeof restTokenAuthorizerSchema>, RestTokenAuthorizerFunction>>,
  Expect<AssertSameShape<v.InferOutput<typeof restRequestAuthorizerSchema>, RestRequestAuthorizerFunction>>,
  Expect<AssertSameShape<v.InferOutput<typeof httpAuthorizerSchema>, HttpAuthorizerFunction>>,
  Expect<AssertSameShape<v.InferOutput<typeof websocketAuthorizerSchema>, WebSocketAuthorizerFunction>>,
];
