/**
 * `loadConfig`: reads `edgeward.config.json` (or a typed `edgeward.config.ts` / `.mts` / `.js` / `.mjs`
 * whose default export is the configuration) and validates it.
 *
 * @module
 */
import { randomBytes } from 'node:crypto';
import { readFile, rm } from 'node:fs/promises';
import { basename, dirname, extname, join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { EdgewardConfig } from './types.js';
import { type ValidateOptions, validateConfig } from './validate.js';

/** Config file names looked up, in order, when no path is given. */
export const DEFAULT_CONFIG_FILES = [
  'edgeward.config.json',
  'edgeward.config.ts',
  'edgeward.config.mjs',
] as const;

/** A configuration file could not be read or parsed (before validation). */
export class ConfigLoadError extends Error {
  /** Always `config_invalid`. */
  readonly code = 'config_invalid' as const;
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'ConfigLoadError';
  }
}

/** `line:column` of a character offset, for JSON syntax errors. */
function lineColumn(text: string, offset: number): string {
  const before = text.slice(0, offset).split('\n');
  return `${before.length}:${before.at(-1)!.length + 1}`;
}

/** Parses JSON text, reporting the line and column of a syntax error. */
export function parseJsonText(text: string, source: string): unknown {
  try {
    return JSON.parse(text);
  } catch (e) {
    const m = /position (\d+)/.exec((e as Error).message);
    const where = m ? ` at ${lineColumn(text, Number(m[1]))}` : '';
    throw new ConfigLoadError(`${source}: invalid JSON${where}: ${(e as Error).message}`);
  }
}

/**
 * Imports a TypeScript/JavaScript config module: transpiled (and its relative imports bundled) with esbuild
 * into a temporary `.mjs` beside it (so its package imports resolve as from the config), imported, removed.
 */
async function importConfigModule(path: string): Promise<unknown> {
  const { build } = await import('esbuild');
  const out = join(dirname(path), `.${basename(path)}.${randomBytes(6).toString('hex')}.mjs`);
  try {
    await build({
      entryPoints: [path],
      outfile: out,
      bundle: true,
      packages: 'external',
      platform: 'node',
      format: 'esm',
      target: 'node20',
      logLevel: 'silent',
    });
    const mod = (await import(pathToFileURL(out).href)) as { default?: unknown };
    if (mod.default === undefined)
      throw new ConfigLoadError(`${path}: expected a default export (export default defineConfig({…}))`);
    return mod.default;
  } catch (e) {
    if (e instanceof ConfigLoadError) throw e;
    throw new ConfigLoadError(`${path}: cannot load: ${(e as Error).message}`, { cause: e });
  } finally {
    await rm(out, { force: true });
  }
}

/**
 * Reads and validates a configuration file.
 *
 * @param path - `.json`, or `.ts`/`.mts`/`.js`/`.mjs` with a default export
 * @throws ConfigLoadError when the file cannot be read or parsed; ConfigValidationError when invalid
 */
export async function loadConfig(
  path: string,
  options: Omit<ValidateOptions, 'source'> = {},
): Promise<EdgewardConfig> {
  const absolute = resolve(path);
  const ext = extname(absolute);
  let data: unknown;
  if (ext === '.json') {
    let text: string;
    try {
      text = await readFile(absolute, 'utf8');
    } catch (e) {
      throw new ConfigLoadError(`cannot read ${path}: ${(e as NodeJS.ErrnoException).code ?? String(e)}`);
    }
    data = parseJsonText(text, path);
  } else if (['.ts', '.mts', '.js', '.mjs'].includes(ext)) {
    data = await importConfigModule(absolute);
  } else {
    throw new ConfigLoadError(`${path}: expected a .json, .ts, .mts, .js or .mjs configuration file`);
  }
  return validateConfig(data, { ...options, source: path });
}
