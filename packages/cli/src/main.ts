#!/usr/bin/env node
/**
 * The `edgeward` command: `build`, `token`, `login`, `decode`, `explain`, `init`, `keys`, `schema`, `dev`,
 * `rehearse`.
 *
 * Exit codes: 0 success, 1 failure (invalid configuration, failed build or check, exceeded size limit,
 * network error), 2 usage error. Errors go to stderr without a stack trace unless `--debug`.
 *
 * @module
 */
import { realpathSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Command, CommanderError } from 'commander';
import { addBuildCommand } from './commands/build.js';
import { addDecodeCommand } from './commands/decode.js';
import { addDevCommand } from './commands/dev.js';
import { addExplainCommand } from './commands/explain.js';
import { addInitCommand } from './commands/init.js';
import { addKeysCommand } from './commands/keys.js';
import { addLoginCommand } from './commands/login.js';
import { addRehearseCommand } from './commands/rehearse.js';
import { addSchemaCommand } from './commands/schema.js';
import { addTokenCommand } from './commands/token.js';
import { CliError, type CliIo, processIo } from './io.js';
import { VERSION } from './version.js';

export { VERSION } from './version.js';

/** Builds the commander program; `setExit` records a non-zero result of a command that did not throw. */
export function createProgram(io: CliIo, setExit: (code: number) => void): Command {
  const program = new Command('edgeward')
    .description('Authentication and authorization at the AWS edge: build, test tokens, explain decisions.')
    .version(VERSION)
    .option('--debug', 'print stack traces of errors')
    .showHelpAfterError('(run with --help for usage)')
    .exitOverride()
    .configureOutput({ writeOut: io.stdout, writeErr: io.stderr })
    .addHelpText(
      'after',
      '\nExit codes: 0 ok, 1 failure, 2 usage error.\nDocs: docs/cli.md and docs/configuration.md.',
    );
  addBuildCommand(program, io, setExit);
  addTokenCommand(program, io);
  addLoginCommand(program, io);
  addDecodeCommand(program, io);
  addExplainCommand(program, io, setExit);
  addInitCommand(program, io);
  addKeysCommand(program, io);
  addSchemaCommand(program, io);
  addDevCommand(program, io);
  addRehearseCommand(program, io);
  for (const sub of program.commands)
    sub.exitOverride().configureOutput({ writeOut: io.stdout, writeErr: io.stderr });
  return program;
}

/** Error classes whose message is meant for the user as is (no stack trace without `--debug`). */
const USER_ERRORS = new Set([
  'CliError',
  'ConfigValidationError',
  'ConfigLoadError',
  'BuildError',
  'AuthError',
]);

/**
 * Runs the CLI with `argv` (without the node and script paths) and returns the exit code. Never throws.
 *
 * @param io - the outside world; default the real process
 */
export async function run(argv: readonly string[], io: CliIo = processIo()): Promise<number> {
  let exit = 0;
  const program = createProgram(io, (code) => {
    exit = code;
  });
  const debug = argv.includes('--debug');
  try {
    await program.parseAsync([...argv], { from: 'user' });
    return exit;
  } catch (e) {
    if (e instanceof CommanderError) {
      // help and version are "errors" only to commander; usage errors exit 2 (commander already printed them).
      return e.exitCode === 0 || e.code === 'commander.help' || e.code === 'commander.helpDisplayed' ? 0 : 2;
    }
    const err = e as Error;
    const name = err?.name ?? '';
    io.stderr(
      `edgeward: ${USER_ERRORS.has(name) ? err.message : `unexpected error: ${err?.message ?? String(e)}`}\n`,
    );
    if (debug && err?.stack) io.stderr(`${err.stack}\n`);
    return e instanceof CliError ? e.exitCode : 1;
  }
}

/** Entry of `bin/edgeward.js`: runs with `process.argv` and sets `process.exitCode`. */
export async function main(): Promise<void> {
  process.exitCode = await run(process.argv.slice(2));
}

const invokedDirectly = (() => {
  try {
    return (
      process.argv[1] !== undefined &&
      realpathSync(process.argv[1]) === realpathSync(fileURLToPath(import.meta.url))
    );
  } catch {
    return false;
  }
})();
if (invokedDirectly) await main();
