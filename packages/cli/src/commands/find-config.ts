/**
 * Finding the configuration file when `--config` is not given.
 *
 * @module
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { DEFAULT_CONFIG_FILES } from '../config/load.js';
import { CliError } from '../io.js';

/**
 * The first of `edgeward.config.json`, `edgeward.config.ts`, `edgeward.config.mjs` in `dir`.
 *
 * @throws CliError (usage) when none exists
 */
export function findConfigFile(dir: string): string {
  for (const name of DEFAULT_CONFIG_FILES) {
    const path = join(dir, name);
    if (existsSync(path)) return path;
  }
  throw new CliError(
    `no ${DEFAULT_CONFIG_FILES.join(' / ')} in ${dir} (pass --config FILE, or run \`edgeward init\`)`,
    2,
  );
}
