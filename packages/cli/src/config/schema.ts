/**
 * The valibot schema of the whole `edgeward.config.json`: named issuers and named functions.
 *
 * @module
 */
import * as v from 'valibot';
import {
  httpAuthorizerSchema,
  restRequestAuthorizerSchema,
  restTokenAuthorizerSchema,
  websocketAuthorizerSchema,
} from './authorizers.js';
import { NAME_MESSAGE, NAME_PATTERN } from './functions-common.js';
import { issuerSchema } from './issuers.js';
import { nonEmptyString, strict } from './primitives.js';
import { siteFunctionSchema } from './site.js';
import type { AssertSameShape, Expect } from './type-check.js';
import type { EdgewardConfig, FunctionConfig } from './types.js';

/** The function `type`s, in documentation order. */
export const FUNCTION_TYPES = [
  'site',
  'rest-token-authorizer',
  'rest-request-authorizer',
  'http-authorizer',
  'websocket-authorizer',
] as const;

/** One function entry, discriminated by `type`. */
export const functionSchema = v.variant(
  'type',
  [
    siteFunctionSchema,
    restTokenAuthorizerSchema,
    restRequestAuthorizerSchema,
    httpAuthorizerSchema,
    websocketAuthorizerSchema,
  ],
  (issue) =>
    issue.expected === 'Object'
      ? 'expected a function object with a "type"'
      : `expected a function "type": one of ${FUNCTION_TYPES.map((t) => JSON.stringify(t)).join(', ')}`,
);

const nameSchema = v.pipe(v.string(NAME_MESSAGE), v.regex(NAME_PATTERN, NAME_MESSAGE));

/** The whole configuration file. */
export const edgewardConfigSchema = strict({
  $schema: v.optional(nonEmptyString()),
  issuers: v.pipe(
    v.record(nameSchema, issuerSchema, 'expected an object mapping issuer names to issuer objects'),
    v.check((r) => Object.keys(r).length > 0, 'expected at least one issuer'),
  ),
  functions: v.pipe(
    v.record(nameSchema, functionSchema, 'expected an object mapping function names to function objects'),
    v.check((r) => Object.keys(r).length > 0, 'expected at least one function'),
  ),
});

export type ConfigSchemaChecks = [
  Expect<AssertSameShape<v.InferOutput<typeof functionSchema>, FunctionConfig>>,
  Expect<AssertSameShape<v.InferOutput<typeof edgewardConfigSchema>, EdgewardConfig>>,
];
