/**
 * `edgeward dev` / `edgeward demo`: builds the configured functions and starts the local stack (identity
 * provider, CloudFront and API Gateway emulators) through `packages/cli/src/local/dev.ts`, imported lazily so the other
 * commands do not load oidc-provider. Prints the URLs and the demo users; Ctrl-C (SIGINT), SIGTERM or the exit
 * of the parent process stops everything.
 *
 * @module
 */

import { resolve } from 'node:path';
import type { Command } from 'commander';
import { CliError, type CliIo } from '../io.js';
import type * as LocalDev from '../local/dev.js';
import { LOCAL_STACK_FILE, removeLocalStackFile, writeLocalStackFile } from '../local-stack-file.js';

/** Options of `edgeward dev`. */
export interface DevCommandOptions {
  readonly config?: string;
  readonly port?: string;
  readonly accessTokenTtl?: string;
  /** `--allowed-host` (repeatable): host names answered besides the loopback names. */
  readonly allowedHost?: readonly string[];
}

/** Runs `edgeward dev`; resolves once the stack is up (it keeps running until a signal). */
export async function runDev(opts: DevCommandOptions, io: CliIo): Promise<void> {
  let local: typeof LocalDev;
  try {
    local = await import('../local/dev.js');
  } catch (e) {
    throw new CliError(`the local stack is not available in this installation (${(e as Error).message})`);
  }
  const ttl = opts.accessTokenTtl === undefined ? undefined : Number(opts.accessTokenTtl);
  if (ttl !== undefined && !(Number.isInteger(ttl) && ttl > 0)) {
    throw new CliError('--access-token-ttl: expected a positive whole number of seconds');
  }
  io.stderr('edgeward: building the functions and starting the local stack…\n');
  const stack = await local.startDevStack({
    cwd: io.cwd,
    ...(opts.config === undefined ? {} : { config: opts.config }),
    ...(opts.port === undefined ? {} : { port: opts.port }),
    ...(ttl === undefined ? {} : { accessTokenTtlSeconds: ttl }),
    ...(opts.allowedHost === undefined ? {} : { allowedHosts: opts.allowedHost }),
  });
  const stackFile = resolve(io.cwd, LOCAL_STACK_FILE);
  writeLocalStackFile(stackFile, {
    issuer: stack.urls.issuer,
    clientId: stack.clientId,
    privateKeyJwk: stack.idp.privateKeyJwk,
    urls: stack.urls,
  });
  io.stdout(`${local.devStackBanner(stack)}\n`);
  io.stdout(`  Test tokens for this stack: npx edgeward token --local --username alice --groups admins\n\n`);
  runUntilStopped(io, stackFile, () => stack.close());
}

/**
 * Keeps a started stack running until Ctrl-C (SIGINT), SIGTERM or the exit of the parent process, then
 * removes the local-stack file, closes the stack and exits (0, or 1 when closing failed).
 */
export function runUntilStopped(io: CliIo, stackFile: string, close: () => Promise<void>): void {
  let stopping = false;
  const stop = (): void => {
    if (stopping) return;
    stopping = true;
    io.stderr('edgeward: stopping…\n');
    removeLocalStackFile(stackFile);
    close().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
  stopWithParent(stop);
}

/**
 * Stops the stack when the process that started it goes away. `npm start` runs `sh -c "…"`: a SIGTERM sent
 * to npm reaches that shell, which dies without passing it on, and the stack would keep its ports.
 */
function stopWithParent(stop: () => void): void {
  const parent = process.ppid;
  const timer = setInterval(() => {
    if (process.ppid !== parent) stop();
  }, 500);
  timer.unref();
}

/** `--allowed-host <name>`, repeatable: collected into an array. */
const ALLOWED_HOST_OPTION = [
  '--allowed-host <name>',
  'also answer requests for this host name (repeatable); by default the stack answers only localhost, 127.0.0.1 and [::1]',
  (value: string, previous: string[] = []) => [...previous, value],
] as const;

/** Registers `edgeward dev` and `edgeward demo`. */
export function addDevCommand(program: Command, io: CliIo): void {
  program
    .command('dev')
    .summary('run the local stack: identity provider, CloudFront and API Gateway emulators')
    .option('-c, --config <file>', 'configuration file of the site to run (default: the packaged demo)')
    .option('--port <port>', 'first preferred port on 127.0.0.1 (site; IdP +1, REST API +2, HTTP API +3)')
    .option('--access-token-ttl <seconds>', 'access and id token lifetime of the local identity provider')
    .option(...ALLOWED_HOST_OPTION)
    .action(async (opts: DevCommandOptions) => runDev(opts, io));
  program
    .command('demo')
    .summary('run the local stack with the demo site, as `npm start` does')
    .option('--port <port>', 'first preferred port on 127.0.0.1')
    .option(...ALLOWED_HOST_OPTION)
    .action(async (opts: DevCommandOptions) =>
      runDev(
        {
          ...(opts.port ? { port: opts.port } : {}),
          ...(opts.allowedHost ? { allowedHost: opts.allowedHost } : {}),
        },
        io,
      ),
    );
}
