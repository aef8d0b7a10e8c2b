/**
 * `edgeward rehearse [assembly]`: runs a synthesized CDK cloud assembly in the local stack — the
 * distributions, API authorizers and staged function code of the templates, with the local identity
 * provider standing for the user pool — through `src/local/rehearsal/`, imported lazily (it loads
 * oidc-provider and `aws-cdk-lib/cx-api`). `--synth` first runs the CDK app of the working directory with
 * the rehearsal JWKS (CDK context `edgeward:jwksFile`). Ctrl-C (SIGINT), SIGTERM or the exit of the parent
 * process stops everything.
 *
 * @module
 */
import { readFileSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import type { Command } from 'commander';
import { CliError, type CliIo } from '../io.js';
import type * as Rehearsal from '../local/rehearsal/index.js';
import { LOCAL_STACK_FILE, writeLocalStackFile } from '../local-stack-file.js';
import { runUntilStopped } from './dev.js';

/** Options of `edgeward rehearse`. */
export interface RehearseCommandOptions {
  readonly config?: string;
  readonly synth?: boolean;
  readonly users?: string;
  readonly bucket?: string[];
  readonly secret?: string[];
  readonly host?: string[];
  readonly port?: string;
  readonly accessTokenTtl?: string;
}

/** Collects a repeatable option. */
function collect(value: string, previous: string[] = []): string[] {
  return [...previous, value];
}

/** `key=value` pairs (or a bare value under `bare`) into a record; `what` names the option in errors. */
function pairs(values: readonly string[] | undefined, what: string, bare?: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const value of values ?? []) {
    const eq = value.indexOf('=');
    if (eq === -1 && bare !== undefined) {
      out[bare] = value;
      continue;
    }
    if (eq <= 0 || eq === value.length - 1)
      throw new CliError(`${what}: expected NAME=VALUE, got ${JSON.stringify(value)}`, 2);
    out[value.slice(0, eq)] = value.slice(eq + 1);
  }
  return out;
}

function wholeNumber(value: string | undefined, what: string, min: number): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (!Number.isInteger(n) || n < min || n > 65_535)
    throw new CliError(`${what}: expected a whole number from ${min}`, 2);
  return n;
}

/** Runs `edgeward rehearse`; resolves once the rehearsal is up (it keeps running until a signal). */
export async function runRehearse(
  assemblyArg: string | undefined,
  opts: RehearseCommandOptions,
  io: CliIo,
): Promise<void> {
  let rehearsal: typeof Rehearsal;
  try {
    rehearsal = await import('../local/rehearsal/index.js');
  } catch (e) {
    throw new CliError(`the rehearsal is not available in this installation (${(e as Error).message})`);
  }
  const port = wholeNumber(opts.port, '--port', 0);
  const buckets = pairs(opts.bucket, '--bucket');
  const hosts = pairs(opts.host, '--host', '*');
  const ttl = wholeNumber(opts.accessTokenTtl, '--access-token-ttl', 1);
  const secrets: Record<string, string> = {};
  for (const [id, file] of Object.entries(pairs(opts.secret, '--secret'))) {
    try {
      secrets[id] = readFileSync(resolve(io.cwd, file), 'utf8');
    } catch (e) {
      throw new CliError(`--secret ${id}: cannot read ${file} (${(e as Error).message})`);
    }
  }
  let assembly = resolve(io.cwd, assemblyArg ?? 'cdk.out');
  if (opts.synth) {
    if (assemblyArg !== undefined)
      throw new CliError('--synth writes its own assembly: give no assembly folder with it', 2);
    const key = await rehearsal.rehearsalKey(resolve(io.cwd, rehearsal.REHEARSAL_DIR));
    io.stderr(
      `edgeward: synthesizing the CDK app with -c ${rehearsal.JWKS_CONTEXT_KEY}=${relative(io.cwd, key.jwksFile)}…\n`,
    );
    assembly = await rehearsal.synthesizeForRehearsal({
      appDir: io.cwd,
      outDir: join(io.cwd, rehearsal.REHEARSAL_DIR, 'cdk.out'),
      jwksFile: key.jwksFile,
    });
  }
  io.stderr('edgeward: starting the rehearsal…\n');
  let running: Rehearsal.Rehearsal;
  try {
    running = await rehearsal.startRehearsal({
      assembly,
      cwd: io.cwd,
      ...(opts.config === undefined ? {} : { config: opts.config }),
      ...(opts.users === undefined ? {} : { usersFile: opts.users }),
      buckets,
      secrets,
      hosts,
      ...(port === undefined ? {} : { port }),
      ...(ttl === undefined ? {} : { accessTokenTtlSeconds: ttl }),
    });
  } catch (e) {
    if ((e as Error).name === 'RehearsalError') throw new CliError((e as Error).message);
    throw e;
  }
  const stackFile = resolve(io.cwd, LOCAL_STACK_FILE);
  const idp = running.identityProviders[0];
  if (idp !== undefined && idp.clientIds[0] !== undefined) {
    writeLocalStackFile(stackFile, {
      issuer: idp.issuer,
      clientId: idp.clientIds[0],
      privateKeyJwk: idp.idp.privateKeyJwk,
      urls: { site: running.distributions[0]?.url, idp: idp.url, issuer: idp.issuer },
    });
  }
  io.stdout(`${rehearsal.rehearsalBanner(running, relative(io.cwd, assembly) || assembly)}\n`);
  runUntilStopped(io, stackFile, () => running.close());
}

/** Registers `edgeward rehearse`. */
export function addRehearseCommand(program: Command, io: CliIo): void {
  program
    .command('rehearse')
    .summary('run a synthesized CDK app (cdk.out) in the local stack: the deploy rehearsal')
    .argument('[assembly]', 'the cloud assembly folder', 'cdk.out')
    .option(
      '-c, --config <file>',
      'the edgeward configuration the functions were built from (default: found here)',
    )
    .option('--synth', `synthesize the CDK app here first, baking the rehearsal JWKS (cdk.json "app")`)
    .option(
      '--users <file>',
      'users of the local identity provider (default: users.json next to the config, else the demo users)',
    )
    .option('--bucket <id=folder>', 'serve a bucket from a folder (repeatable)', collect)
    .option('--secret <id=file>', 'a Secrets Manager secret value from a file (repeatable)', collect)
    .option('--host <[id=]host>', "a distribution's public host (repeatable)", collect)
    .option('--port <port>', 'first preferred port of the public servers (default 4320; 0 = any)')
    .option('--access-token-ttl <seconds>', 'access and id token lifetime of the local identity provider')
    .action(async (assembly: string | undefined, opts: RehearseCommandOptions, command: Command) => {
      const given = command.args[0];
      await runRehearse(given ?? (opts.synth ? undefined : assembly), opts, io);
    });
}
