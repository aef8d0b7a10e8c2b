/**
 * `edgeward dev`: starts the local stack (identity provider, CloudFront and API Gateway emulators) through
 * `startDevStack` from `src/local/dev.ts`, imported lazily so the CLI works without it.
 *
 * @module
 */
import type { Command } from 'commander';
import { CliError, type CliIo } from '../io.js';

/** Runs `edgeward dev`. */
export async function runDev(opts: Record<string, unknown>, io: CliIo): Promise<void> {
  const specifier = '../../local/dev.js';
  let mod: {
    startDevStack?: (options: Record<string, unknown>) => Promise<{
      urls?: Record<string, string | undefined>;
      close?: () => Promise<void>;
    }>;
  };
  try {
    mod = (await import(specifier)) as typeof mod;
  } catch (e) {
    throw new CliError(`the local stack is not available in this installation (${(e as Error).message})`);
  }
  if (typeof mod.startDevStack !== 'function')
    throw new CliError('the local stack module has no startDevStack');
  io.stderr('starting the local stack (Ctrl-C to stop)\n');
  const { demo: _demo, ...options } = opts;
  const stack = await mod.startDevStack({ ...options, cwd: io.cwd });
  for (const [name, url] of Object.entries(stack.urls ?? {}))
    if (url) io.stdout(`${name.padEnd(8)} ${url}\n`);
  process.once('SIGINT', () => {
    void stack.close?.().finally(() => process.exit(0));
  });
}

/** Registers `edgeward dev`. */
export function addDevCommand(program: Command, io: CliIo): void {
  program
    .command('dev')
    .summary('run the local stack: identity provider, CloudFront and API Gateway emulators')
    .option('-c, --config <file>', 'configuration file')
    .option('--port <port>', 'first port to listen on (127.0.0.1)')
    .action(async (opts: Record<string, unknown>) => runDev(opts, io));
  program
    .command('demo')
    .summary('run the local stack with the demo site (examples/demo), as `npm start` does')
    .option('--port <port>', 'first port to listen on (127.0.0.1)')
    .action(async (opts: Record<string, unknown>) => runDev({ ...opts, demo: true }, io));
}
