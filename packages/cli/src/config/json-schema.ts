/**
 * Converts the configuration's valibot schemas to a JSON Schema (draft 2020-12) for editors with
 * `@valibot/to-json-schema`, so the published `schema/edgeward.config.schema.json` is generated from the
 * same source as the validator.
 *
 * Two additions to the library's conversion: every object accepts a `$comment` string (the validator
 * strips `$comment` members before validating, and `edgeward init` writes them), and the messages of leaf
 * schemas (`expected …`) become `description`s. Checks that JSON Schema cannot express (`check`/`forward`
 * actions, cross-field rules) stay build-time only; any other schema or action the library cannot
 * convert is an error (the schema-sync test catches a new one).
 *
 * @see [JSON Schema: A Media Type for Describing JSON Documents (draft 2020-12)](https://json-schema.org/draft/2020-12/json-schema-core)
 * @module
 */
import { type JsonSchema, toJsonSchema as valibotToJsonSchema } from '@valibot/to-json-schema';
import type * as v from 'valibot';

export type { JsonSchema } from '@valibot/to-json-schema';

/** Actions that only the build-time validator runs (JSON Schema cannot express them). */
const BUILD_TIME_ONLY = new Set(['check', 'forward', 'transform']);

/** Escapes a literal for a JSON Schema `pattern` (ECMA-262 regular expression). */
const escapeRegex = (s: string): string => s.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');

function expectation(node: { readonly message?: unknown }): string | undefined {
  return typeof node.message === 'string' && node.message.startsWith('expected') ? node.message : undefined;
}

/**
 * Converts one valibot schema to JSON Schema (draft 2020-12).
 *
 * @param schema - a valibot schema of the configuration
 * @throws Error (from `@valibot/to-json-schema`) for a schema or action that cannot be converted and is
 *   not build-time only
 */
export function toJsonSchema(schema: v.GenericSchema): JsonSchema {
  return valibotToJsonSchema(schema, {
    target: 'draft-2020-12',
    errorMode: 'throw',
    overrideSchema: ({ valibotSchema, jsonSchema }) => {
      const description = expectation(valibotSchema as { message?: unknown });
      const withDescription =
        description !== undefined && jsonSchema.description === undefined && jsonSchema.const === undefined
          ? { ...jsonSchema, description }
          : jsonSchema;
      if (jsonSchema.type === 'object' && jsonSchema.properties !== undefined) {
        return { ...withDescription, properties: { $comment: { type: 'string' }, ...jsonSchema.properties } };
      }
      return withDescription === jsonSchema ? undefined : withDescription;
    },
    overrideAction: ({ valibotAction, jsonSchema }) => {
      const action = valibotAction as { type: string; requirement?: unknown; message?: unknown };
      if (BUILD_TIME_ONLY.has(action.type)) return jsonSchema;
      if (action.type === 'starts_with') {
        return { ...jsonSchema, pattern: `^${escapeRegex(String(action.requirement))}` };
      }
      const description = expectation(action);
      return description !== undefined && jsonSchema.description === undefined
        ? { ...jsonSchema, description }
        : undefined;
    },
  });
}
