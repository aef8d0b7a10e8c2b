/**
 * The published JSON Schema document of `edgeward.config.json`.
 *
 * @module
 */
import { type JsonSchema, toJsonSchema } from './json-schema.js';
import { edgewardConfigSchema } from './schema.js';

/** `$id` of the published schema. */
export const CONFIG_SCHEMA_ID = 'https://github.com/edgeward/edgeward/schema/edgeward.config.schema.json';

/** The JSON Schema (draft 2020-12) of the configuration file, generated from the valibot schema. */
export function configJsonSchema(): JsonSchema {
  return {
    $schema: 'https://json-schema.org/draft/2020-12/schema',
    $id: CONFIG_SCHEMA_ID,
    title: 'edgeward configuration (edgeward.config.json)',
    description:
      'Issuers and the functions edgeward builds. Generated from the build-time validator; `edgeward build` also runs checks a JSON Schema cannot express.',
    ...toJsonSchema(edgewardConfigSchema),
  };
}
