/**
 * Converts the configuration's valibot schemas to a JSON Schema (draft 2020-12) for editors, so the
 * published `schema/edgeward.config.schema.json` is generated from the same source as the validator.
 *
 * Covers the valibot subset edgeward's schemas use. Checks that JSON Schema cannot express (custom
 * `check` actions, cross-field rules) remain build-time only; the messages of leaf schemas become
 * `description`s.
 *
 * @see https://json-schema.org/draft/2020-12/json-schema-core
 * @module
 */

/** A JSON Schema node. */
export type JsonSchema = { [keyword: string]: unknown };

type Node = Record<string, unknown> & { readonly type?: string; readonly kind?: string };

const escapeRegex = (s: string): string => s.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');

/**
 * Converts one valibot schema to JSON Schema.
 *
 * @throws Error for a valibot schema type this converter does not know (a new schema type must be added
 *   here; the schema-sync test catches it)
 */
export function toJsonSchema(schema: unknown): JsonSchema {
  const node = schema as Node;
  if (node['pipe'] && (node['pipe'] as unknown[])[0] !== node) {
    const [base, ...actions] = node['pipe'] as Node[];
    const out = toJsonSchema(base);
    for (const action of actions) applyAction(out, action);
    return out;
  }
  const out: JsonSchema = {};
  if (typeof node['message'] === 'string' && node['message'].startsWith('expected')) {
    out['description'] = node['message'];
  }
  switch (node.type) {
    case 'string':
      return { type: 'string', ...out };
    case 'number':
      return { type: 'number', ...out };
    case 'boolean':
      return { type: 'boolean', ...out };
    case 'literal':
      return { const: node['literal'] };
    case 'picklist':
      return { enum: [...(node['options'] as unknown[])], ...out };
    case 'optional':
      return toJsonSchema(node['wrapped']);
    case 'array':
      return { type: 'array', items: toJsonSchema(node['item']), ...out };
    case 'strict_object':
    case 'object':
    case 'loose_object': {
      const entries = node['entries'] as Record<string, Node>;
      const properties: Record<string, JsonSchema> = { $comment: { type: 'string' } };
      const required: string[] = [];
      for (const [key, value] of Object.entries(entries)) {
        properties[key] = toJsonSchema(value);
        if (value.type !== 'optional') required.push(key);
      }
      return {
        type: 'object',
        properties,
        ...(required.length ? { required } : {}),
        additionalProperties: node.type === 'loose_object',
      };
    }
    case 'record':
      return {
        type: 'object',
        propertyNames: toJsonSchema(node['key']),
        additionalProperties: toJsonSchema(node['value']),
        ...out,
      };
    case 'union':
      return { anyOf: (node['options'] as unknown[]).map(toJsonSchema), ...out };
    case 'variant':
      return { oneOf: (node['options'] as unknown[]).map(toJsonSchema) };
    default:
      throw new Error(`toJsonSchema: unsupported valibot schema type ${String(node.type)}`);
  }
}

function applyAction(out: JsonSchema, action: Node): void {
  const requirement = action['requirement'];
  const isArray = out['type'] === 'array';
  switch (action.type) {
    case 'min_length':
      out[isArray ? 'minItems' : 'minLength'] = requirement;
      break;
    case 'max_length':
      out[isArray ? 'maxItems' : 'maxLength'] = requirement;
      break;
    case 'min_value':
      out['minimum'] = requirement;
      break;
    case 'max_value':
      out['maximum'] = requirement;
      break;
    case 'integer':
      out['type'] = 'integer';
      break;
    case 'regex':
      out['pattern'] = (requirement as RegExp).source;
      break;
    case 'starts_with':
      out['pattern'] = `^${escapeRegex(String(requirement))}`;
      break;
    case 'description':
      out['description'] = action['description'];
      break;
    default:
      // check / forward / transform: build-time only, not expressible here.
      break;
  }
  if (typeof action['message'] === 'string' && action['message'].startsWith('expected')) {
    out['description'] ??= action['message'];
  }
}
