/**
 * `edgeward build`: bundles every configured function (or `--only` some) and prints a size table.
 *
 * @module
 */
import { relative, resolve } from 'node:path';
import type { Command } from 'commander';
import { type BuiltFunction, buildFunctions } from '../build/index.js';
import { formatBytes } from '../build/sizes.js';
import type { CliIo } from '../io.js';
import { findConfigFile } from './find-config.js';

/** Options of `edgeward build`. */
export interface BuildCommandOptions {
  readonly config?: string;
  readonly outDir: string;
  readonly only?: string[];
  readonly jwks?: string;
  readonly quiet?: boolean;
  readonly json?: boolean;
  readonly allowExampleSecrets?: boolean;
}

/**
 * Renders the size table: one row per function — the code a cold start loads (`entry gzip`: `index.mjs`
 * and the chunks it imports statically), every file (`files`, `raw`, `gzip`), the zip, the AWS zipped
 * limit and the zip's share of it. Sizes in B/KB/MB.
 */
export function sizeTable(built: readonly BuiltFunction[], cwd: string): string {
  const header = [
    'function',
    'type',
    'files',
    'entry gzip',
    'raw',
    'gzip',
    'zip',
    'limit',
    '% limit',
    'output',
  ];
  const rows = built.map((b) => [
    b.name,
    b.type,
    String(b.sizes.files),
    formatBytes(b.sizes.entryGzip),
    formatBytes(b.sizes.raw),
    formatBytes(b.sizes.gzip),
    formatBytes(b.sizes.zip),
    formatBytes(b.sizes.limit),
    `${b.sizes.percentOfLimit.toFixed(2)}%${b.withinLimit ? '' : ' OVER'}`,
    relative(cwd, b.zipFile) || b.zipFile,
  ]);
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const line = (cells: string[]) =>
    cells
      .map((c, i) => (i >= 2 && i <= 8 ? c.padStart(widths[i]!) : c.padEnd(widths[i]!)))
      .join('  ')
      .trimEnd();
  return [line(header), ...rows.map(line)].join('\n');
}

/** Runs `edgeward build`; exit code 1 when a function exceeds its AWS size limit. */
export async function runBuild(opts: BuildCommandOptions, io: CliIo): Promise<number> {
  const configPath = opts.config ? resolve(io.cwd, opts.config) : findConfigFile(io.cwd);
  const progress = opts.quiet || opts.json ? () => {} : (t: string) => io.stderr(`${t}\n`);
  const only = opts.only?.flatMap((o) => o.split(',')).filter(Boolean);
  const built = await buildFunctions({
    config: configPath,
    outDir: resolve(io.cwd, opts.outDir),
    only,
    jwksFile: opts.jwks ? resolve(io.cwd, opts.jwks) : undefined,
    fetch: io.fetch,
    allowExampleSecrets: opts.allowExampleSecrets === true,
    onWarning: (w) => {
      if (!opts.json) io.stderr(`warning: ${w.path}: ${w.message}\n`);
    },
    onProgress: (e) => {
      if (e.step === 'config') progress(`validating ${relative(io.cwd, e.source) || e.source}`);
      else if (e.step === 'jwks') progress(`fetching JWKS ${e.uri}`);
      else if (e.step === 'bundle') progress(`bundling ${e.name}`);
      else progress(`zipping ${e.name}`);
    },
  });
  const over = built.filter((b) => !b.withinLimit);
  if (opts.json) {
    io.stdout(`${JSON.stringify({ ok: over.length === 0, functions: built }, null, 2)}\n`);
  } else if (!opts.quiet) {
    io.stdout(`${sizeTable(built, io.cwd)}\n`);
  }
  if (over.length > 0) {
    if (!opts.json) {
      for (const b of over) {
        io.stderr(
          `error: ${b.name}: ${formatBytes(b.sizes.zip)} zipped exceeds the ${b.eventType} limit of ${formatBytes(b.sizes.limit)}\n`,
        );
      }
    }
    return 1;
  }
  return 0;
}

/** Registers `edgeward build`. */
export function addBuildCommand(program: Command, io: CliIo, setExit: (code: number) => void): void {
  program
    .command('build')
    .summary('bundle the configured functions into deployable zips and print their sizes')
    .description(
      "Validate the configuration, bake it and the issuers' JWKS into one minified bundle per function " +
        '(<out-dir>/<name>/index.mjs, handler index.handler, plus the chunks a site loads on first use: its ' +
        'login path and pages) and a reproducible <out-dir>/<name>.zip of that directory, and print the ' +
        'gzip size of the code a cold start loads, the raw, gzip and zip sizes of every file, against the AWS ' +
        'limit (viewer-request 1 MB, authorizer 50 MB zipped). ' +
        'Exit code 1 when a limit is exceeded, the configuration is invalid or a forbidden import is bundled.',
    )
    .option(
      '-c, --config <file>',
      'configuration file (default: edgeward.config.json or .ts in the working directory)',
    )
    .option('-o, --out-dir <dir>', 'output directory', 'dist-functions')
    .option('--only <names...>', 'build only these functions (space- or comma-separated)')
    .option('--jwks <file>', 'bake this JWKS file for every JWKS issuer instead of fetching (offline builds)')
    .option('-q, --quiet', 'no progress and no table (errors only)')
    .option('--json', 'print the result as JSON on stdout (no progress)')
    .option(
      '--allow-example-secrets',
      "accept secrets published in edgeward's docs and examples (local tests only: never deploy such a build)",
    )
    .action(async (opts: BuildCommandOptions) => {
      setExit(await runBuild(opts, io));
    });
}
