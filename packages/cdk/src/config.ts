/**
 * Synth-time reading of the edgeward configuration file, so constructs can check that the function they
 * deploy exists, has the right type, and learn what it needs (e.g. which secrets it may read).
 *
 * @module
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { type FunctionConfig, parseJsonText, validateConfig } from '@edgeward/cli/config';
import type { IssuerConfig } from 'edgeward/internal/core/config.js';
import { EdgewardPropsError } from './validation.js';

/**
 * Reads and validates a JSON config file and returns the named function's config and its issuer.
 *
 * @throws EdgewardPropsError naming `configFile`/`functionName` when the file is not JSON, the function is
 *   missing or has another type; ConfigValidationError listing the config's problems
 */
export function readFunctionConfig<T extends FunctionConfig['type']>(
  construct: string,
  configFile: string,
  functionName: string,
  types: readonly T[],
): { fn: Extract<FunctionConfig, { type: T }>; issuer: IssuerConfig } {
  if (!configFile.endsWith('.json')) {
    throw new EdgewardPropsError(
      construct,
      'configFile',
      'expected an edgeward.config.json file (CDK synth reads it synchronously)',
    );
  }
  const path = resolve(configFile);
  const config = validateConfig(parseJsonText(readFileSync(path, 'utf8'), path), { source: path });
  const fn = config.functions[functionName];
  if (!fn) {
    const names = Object.keys(config.functions).join(', ');
    throw new EdgewardPropsError(
      construct,
      'functionName',
      `no function '${functionName}' in ${path} (has: ${names})`,
    );
  }
  if (!(types as readonly string[]).includes(fn.type)) {
    throw new EdgewardPropsError(
      construct,
      'functionName',
      `function '${functionName}' has type '${fn.type}', expected ${types.map((t) => `'${t}'`).join(' or ')}`,
    );
  }
  return {
    fn: fn as Extract<FunctionConfig, { type: T }>,
    issuer: config.issuers[fn.issuer] as IssuerConfig,
  };
}
