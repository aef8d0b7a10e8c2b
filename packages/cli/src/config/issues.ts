/**
 * Turns valibot issues into configuration problems that name the field path and what is expected, e.g.
 * `functions.site.rules[2].groups: expected a non-empty array of strings`.
 *
 * @module
 */
import type * as v from 'valibot';
import { expectationOf } from './primitives.js';

/** One configuration problem. */
export interface ConfigProblem {
  /** Field path in the config file, e.g. `functions.site.rules[2].groups`; `(root)` for the file itself. */
  readonly path: string;
  /** What is wrong / expected, e.g. `expected a non-empty array of strings`. */
  readonly message: string;
}

/**
 * The configuration is invalid. `problems` lists every problem found; `message` renders them one per
 * line as `path: message`. Its `code` is `config_invalid` like the matching `AuthError`.
 */
export class ConfigValidationError extends Error {
  /** Always `config_invalid`. */
  readonly code = 'config_invalid' as const;
  /** Every problem, in file order. */
  readonly problems: readonly ConfigProblem[];

  constructor(problems: readonly ConfigProblem[], source?: string) {
    const header = `invalid configuration${source ? ` in ${source}` : ''}`;
    super(`${header}:\n${problems.map((p) => `  ${p.path}: ${p.message}`).join('\n')}`);
    this.name = 'ConfigValidationError';
    this.problems = problems;
  }
}

const IDENTIFIER = /^[A-Za-z_$][\w$-]*$/;

/** Renders a key path as `a.b[2]["odd key"]`. */
export function formatPath(keys: readonly (string | number)[]): string {
  let out = '';
  for (const key of keys) {
    if (typeof key === 'number') out += `[${key}]`;
    else if (IDENTIFIER.test(key)) out += out ? `.${key}` : key;
    else out += `[${JSON.stringify(key)}]`;
  }
  return out || '(root)';
}

type AnyIssue = v.BaseIssue<unknown>;
type PathItem = { readonly key: unknown; readonly input: unknown };

/** Finds the schema of the field at `keys` under `root`, to say what a missing field should be. */
function schemaAt(root: unknown, items: readonly PathItem[]): unknown {
  let schema = root as Record<string, unknown> | undefined;
  for (const item of items) {
    schema = unwrap(schema, item.input);
    if (!schema) return undefined;
    if (schema['entries'])
      schema = (schema['entries'] as Record<string, Record<string, unknown>>)[String(item.key)];
    else if (schema['item']) schema = schema['item'] as Record<string, unknown>;
    else if (schema['value']) schema = schema['value'] as Record<string, unknown>;
    else return undefined;
  }
  return schema;
}

/** Unwraps optional/pipe wrappers, and picks a `variant` option by the input's discriminator. */
function unwrap(
  schema: Record<string, unknown> | undefined,
  input: unknown,
): Record<string, unknown> | undefined {
  let s = schema;
  for (let i = 0; s && i < 8; i++) {
    if (s['wrapped']) s = s['wrapped'] as Record<string, unknown>;
    else if (s['pipe'] && (s['pipe'] as unknown[])[0] !== s) s = (s['pipe'] as Record<string, unknown>[])[0];
    else if (s['type'] === 'variant' && typeof input === 'object' && input !== null) {
      const key = s['key'] as string;
      const options = s['options'] as Record<string, unknown>[];
      const wanted = (input as Record<string, unknown>)[key];
      s = options.find(
        (o) =>
          (unwrap(o, undefined)?.['entries'] as Record<string, { literal?: unknown }>)?.[key]?.literal ===
          wanted,
      );
    } else return s;
  }
  return s;
}

/**
 * Converts valibot issues to {@link ConfigProblem}s. Unknown fields, missing fields and wrong container
 * types get their own wording; leaf messages come from the schemas (`expected …`).
 *
 * @param rootSchema - the schema that produced the issues (used to describe missing fields)
 */
export function problemsFromIssues(issues: readonly AnyIssue[], rootSchema: unknown): ConfigProblem[] {
  const problems: ConfigProblem[] = [];
  for (const issue of issues) {
    const items = (issue.path ?? []) as unknown as readonly PathItem[];
    const path = formatPath(items.map((p) => p.key as string | number));
    const isObject =
      issue.type === 'strict_object' || issue.type === 'object' || issue.type === 'loose_object';
    let message = issue.message;
    if (isObject && issue.expected === 'never') {
      message = 'unknown field';
    } else if (isObject && issue.received === 'undefined' && issue.expected?.startsWith('"')) {
      const expected = expectationOf(schemaAt(rootSchema, items));
      message = `missing required field${expected ? ` (${expected})` : ''}`;
    } else if (isObject && issue.expected === 'Object') {
      message = 'expected an object';
    } else if (issue.type === 'literal') {
      message = `expected ${issue.expected}`;
    } else if (issue.type === 'record' && issue.expected === 'Object') {
      message = message.startsWith('expected') ? message : 'expected an object';
    }
    if (!message.startsWith('expected') && !message.startsWith('unknown') && !message.startsWith('missing')) {
      message = `expected ${issue.expected ?? 'a valid value'}`;
    }
    if (!problems.some((p) => p.path === path && p.message === message)) problems.push({ path, message });
  }
  return problems;
}
