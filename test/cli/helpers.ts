/**
 * Test helpers for the CLI: an in-memory {@link CliIo} and a small JSON Schema (draft 2020-12 subset)
 * validator for the keywords the published schema uses.
 */
import type { CliIo } from '../../packages/cli/src/io.js';
import { run } from '../../packages/cli/src/main.js';
import { FIXED_NOW_MS } from '../helpers/keys.js';

/** Captured output of one CLI run. */
export interface CliRun {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

/** Runs the CLI in-process with a pinned clock, captured output, optional stdin and environment. */
export async function runCli(
  argv: string[],
  options: {
    stdin?: string;
    env?: Record<string, string>;
    cwd?: string;
    fetch?: CliIo['fetch'];
    prompt?: string;
  } = {},
): Promise<CliRun> {
  let stdout = '';
  let stderr = '';
  const io: CliIo = {
    stdout: (t) => {
      stdout += t;
    },
    stderr: (t) => {
      stderr += t;
    },
    readStdin: async () => options.stdin ?? '',
    promptHidden: options.prompt === undefined ? undefined : async () => options.prompt!,
    env: options.env ?? {},
    clock: () => FIXED_NOW_MS,
    fetch: options.fetch ?? (() => Promise.reject(new Error('network disabled in this test'))),
    cwd: options.cwd ?? process.cwd(),
  };
  const code = await run(argv, io);
  return { code, stdout, stderr };
}

type Schema = Record<string, unknown>;

/**
 * Validates `data` against the JSON Schema keywords edgeward's schema uses (type, const, enum, properties,
 * required, additionalProperties, propertyNames, items, minItems, minLength, pattern, minimum, maximum,
 * anyOf, oneOf). Returns error strings (empty when valid).
 */
export function validateJsonSchema(schema: Schema, data: unknown, path = '$'): string[] {
  const errors: string[] = [];
  const type = schema['type'];
  if (type !== undefined) {
    const ok =
      type === 'object'
        ? typeof data === 'object' && data !== null && !Array.isArray(data)
        : type === 'array'
          ? Array.isArray(data)
          : type === 'integer'
            ? Number.isInteger(data)
            : typeof data === type;
    if (!ok) return [`${path}: expected ${String(type)}`];
  }
  if ('const' in schema && data !== schema['const'])
    errors.push(`${path}: expected const ${JSON.stringify(schema['const'])}`);
  if (Array.isArray(schema['enum']) && !schema['enum'].includes(data)) errors.push(`${path}: not in enum`);
  if (typeof data === 'string') {
    if (typeof schema['minLength'] === 'number' && data.length < schema['minLength'])
      errors.push(`${path}: too short`);
    if (typeof schema['pattern'] === 'string' && !new RegExp(schema['pattern'], 'u').test(data))
      errors.push(`${path}: pattern`);
  }
  if (typeof data === 'number') {
    if (typeof schema['minimum'] === 'number' && data < schema['minimum'])
      errors.push(`${path}: below minimum`);
    if (typeof schema['maximum'] === 'number' && data > schema['maximum'])
      errors.push(`${path}: above maximum`);
  }
  if (Array.isArray(data)) {
    if (typeof schema['minItems'] === 'number' && data.length < schema['minItems'])
      errors.push(`${path}: too few items`);
    if (schema['items']) {
      for (const [i, d] of data.entries()) {
        errors.push(...validateJsonSchema(schema['items'] as Schema, d, `${path}[${i}]`));
      }
    }
  }
  if (typeof data === 'object' && data !== null && !Array.isArray(data)) {
    const obj = data as Record<string, unknown>;
    const props = (schema['properties'] ?? {}) as Record<string, Schema>;
    for (const r of (schema['required'] ?? []) as string[])
      if (!(r in obj)) errors.push(`${path}.${r}: required`);
    for (const [k, v] of Object.entries(obj)) {
      if (schema['propertyNames'])
        errors.push(...validateJsonSchema(schema['propertyNames'] as Schema, k, `${path}{${k}}`));
      if (props[k]) errors.push(...validateJsonSchema(props[k], v, `${path}.${k}`));
      else if (schema['additionalProperties'] === false) errors.push(`${path}.${k}: additional property`);
      else if (typeof schema['additionalProperties'] === 'object') {
        errors.push(...validateJsonSchema(schema['additionalProperties'] as Schema, v, `${path}.${k}`));
      }
    }
  }
  for (const key of ['anyOf', 'oneOf'] as const) {
    const options = schema[key] as Schema[] | undefined;
    if (!options) continue;
    const passing = options.filter((o) => validateJsonSchema(o, data, path).length === 0).length;
    if (key === 'anyOf' ? passing === 0 : passing !== 1)
      errors.push(`${path}: ${key} matched ${passing} option(s)`);
  }
  return errors;
}
