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
  let mod: { startDevStack?: (options: Record<string, unknown>) => Promise<unknown> };
  try {
    mod = (await import(specifier)) as typeof mod;
  } catch (e) {
    throw new CliError(`the local stack is not available in this installation (${(e as Error).message})`);
  }
  if (typeof mod.startDevStack !== 'function')
    throw new CliError('the local stack module has no startDevStack');
  io.stderr('starting the local stack (Ctrl-C to stop)\n');
  await mod.startDevStack({ ...opts, cwd: io.cwd });
}

/** Registers `edgeward dev`. */
export function addDevCommand(program: Command, io: CliIo): void {
  program
    .command('dev')
    .summary('run the local stack: identity provider, CloudFront and API Gateway emulators')
    .option('-c, --config <file>', 'configuration file')
    .option('--port <port>', 'first port to listen on (127.0.0.1)')
    .action(async (opts: Record<string, unknown>) => runDev(opts, io));
}
