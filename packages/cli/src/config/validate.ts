/**
 * `validateConfig`: structural validation with valibot, then the cross-field checks (issuer references,
 * issuer kinds per function type) and the feature modules' own validators.
 *
 * @module
 */
import * as v from 'valibot';
import { type ConfigProblem, ConfigValidationError, problemsFromIssues } from './issues.js';
import { edgewardConfigSchema } from './schema.js';
import { semanticProblems } from './semantic.js';
import type { EdgewardConfig } from './types.js';

/** Options of {@link validateConfig}. */
export interface ValidateOptions {
  /** Where the data came from (a file path), named in the error message. */
  readonly source?: string;
  /** Receives non-fatal findings (e.g. authorizer cache-safety warnings). Default: ignored. */
  readonly onWarning?: (warning: ConfigProblem) => void;
}

/**
 * Removes every `$comment` member, at any depth (JSON has no comments; `edgeward init` writes `$comment`
 * fields, which JSON Schema also treats as annotations).
 */
export function stripComments(data: unknown): unknown {
  if (Array.isArray(data)) return data.map(stripComments);
  if (typeof data !== 'object' || data === null) return data;
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(data)) {
    if (key !== '$comment') out[key] = stripComments(value);
  }
  return out;
}

/**
 * Validates configuration data (parsed JSON or a `defineConfig` object) and returns it typed.
 *
 * @returns the configuration without `$comment` members
 * @throws ConfigValidationError (`code: 'config_invalid'`) listing every problem as `path: expected …`,
 *   e.g. `functions.site.rules.rules[2].groups: expected a non-empty array of strings`
 */
export function validateConfig(data: unknown, options: ValidateOptions = {}): EdgewardConfig {
  const result = v.safeParse(edgewardConfigSchema, stripComments(data));
  if (!result.success) {
    throw new ConfigValidationError(problemsFromIssues(result.issues, edgewardConfigSchema), options.source);
  }
  const config = result.output as EdgewardConfig;
  const { errors, warnings } = semanticProblems(config);
  if (errors.length > 0) throw new ConfigValidationError(errors, options.source);
  for (const w of warnings) options.onWarning?.(w);
  return config;
}
