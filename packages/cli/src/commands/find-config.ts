/**
 * Finding the configuration file when `--config` is not given.
 *
 * @module
 */
import { accessSync, constants, existsSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
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

/**
 * The configuration file of a command: the one given with `-c`/`--config` (which must exist and be a
 * readable file), else the first default file in `cwd` ({@link findConfigFile}).
 *
 * @param option - how the option is spelled in messages, e.g. `-c` or `--config`
 * @throws CliError (usage) when the given file is missing or unreadable, or none is found
 */
export function configFileOf(given: string | undefined, cwd: string, option = '-c'): string {
  if (given === undefined) return findConfigFile(cwd);
  const path = resolve(cwd, given);
  let problem: string | undefined;
  try {
    if (!statSync(path).isFile()) problem = 'is not a file';
    else accessSync(path, constants.R_OK);
  } catch (e) {
    problem = (e as NodeJS.ErrnoException).code === 'ENOENT' ? 'does not exist' : 'cannot be read';
  }
  if (problem !== undefined) throw new CliError(`${option} ${given}: the configuration file ${problem}`, 2);
  return path;
}
