/**
 * The edgeward version, printed by `edgeward --version` and folded into CDK asset hashes.
 *
 * @module
 */
import { readFileSync } from 'node:fs';

/** The `@edgeward/cli` package version (its `package.json` `version`; the three packages share it). */
export const VERSION = (
  JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { version: string }
).version;
