/**
 * valibot schemas of the rule model ({@link RulesConfig}, `packages/edgeward/src/core/config.ts`), checked at compile time
 * against the runtime types. Pattern-level checks (path pattern syntax, claim interpolation) are the rules
 * module's own `validateRules`, run after these structural checks.
 *
 * @module
 */

import type { RuleConfig, RulesConfig } from 'edgeward/internal/core/config.js';
import * as v from 'valibot';
import { nonEmptyString, nonEmptyStringArray, oneOf, strict } from './primitives.js';
import type { AssertSameShape, Expect } from './type-check.js';

/** HTTP methods a rule may name (upper case, RFC 9110 §9 plus PATCH). */
export const HTTP_METHODS = ['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS'] as const;

const methodsMessage = `expected a non-empty array of HTTP methods (${HTTP_METHODS.join(', ')})`;
const pathMessage = 'expected a path pattern starting with "/", such as "/admin/*"';
const resourceMessage = 'expected an API Gateway resource path starting with "/", such as "/pets/{id}"';
const claimValueMessage = 'expected a string or a non-empty array of strings';

/** `public`, `authenticated` or `deny`. */
export const ruleAccessSchema = oneOf(['public', 'authenticated', 'deny']);

/** {@link RuleConfig}: exactly one of `path`/`resource`. */
export const ruleSchema = v.pipe(
  strict({
    path: v.optional(v.pipe(v.string(pathMessage), v.startsWith('/', pathMessage))),
    resource: v.optional(v.pipe(v.string(resourceMessage), v.startsWith('/', resourceMessage))),
    methods: v.optional(
      v.pipe(
        v.array(oneOf(HTTP_METHODS), methodsMessage),
        v.minLength(1, methodsMessage),
        v.transform((m): string[] => m),
      ),
    ),
    access: v.optional(ruleAccessSchema),
    groups: v.optional(nonEmptyStringArray()),
    allGroups: v.optional(nonEmptyStringArray()),
    scopes: v.optional(nonEmptyStringArray()),
    claims: v.optional(
      v.record(
        nonEmptyString('expected a claim name'),
        v.union(
          [nonEmptyString(claimValueMessage), nonEmptyStringArray(claimValueMessage)],
          claimValueMessage,
        ),
        'expected an object mapping claim names to a string or an array of strings',
      ),
    ),
  }),
  v.check(
    (r) => (r.path === undefined) !== (r.resource === undefined),
    'expected exactly one of "path" and "resource"',
  ),
  v.check(
    (r) =>
      r.access === undefined ||
      r.access === 'authenticated' ||
      (r.groups === undefined &&
        r.allGroups === undefined &&
        r.scopes === undefined &&
        r.claims === undefined),
    'expected no groups, allGroups, scopes or claims on a "public" or "deny" rule',
  ),
);

/** {@link RulesConfig}. */
export const rulesConfigSchema = strict({
  rules: v.array(ruleSchema, 'expected an array of rules'),
  defaultAccess: v.optional(ruleAccessSchema),
});

export type RulesSchemaChecks = [
  Expect<AssertSameShape<v.InferOutput<typeof ruleSchema>, RuleConfig>>,
  Expect<AssertSameShape<v.InferOutput<typeof rulesConfigSchema>, RulesConfig>>,
];
