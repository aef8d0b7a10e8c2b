/**
 * The file each running `edgeward dev` writes (`.edgeward/local-stack-<site port>.json`, mode 0600) so that
 * `edgeward token --local` and `edgeward login --local` can use that stack: the local identity provider's
 * issuer, Cognito API endpoint and region, the site's app client id, and the IdP's private signing key (a
 * throw-away key generated per start, never a production secret). One file per stack, keyed by its site
 * port, removed when that stack stops: stopping one stack never touches another's file.
 *
 * @module
 */
import { mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { CliError } from './io.js';

/** The folder of the files (and of other local, never committed state), relative to the working directory. */
export const LOCAL_STACK_DIR = '.edgeward';

/** Contents of a local-stack file. */
export interface LocalStackFile {
  /** The local IdP's `iss` (Cognito format). */
  readonly issuer: string;
  /** The site's app client id. */
  readonly clientId: string;
  /** The IdP's private signing key as a JWK with `kid`. */
  readonly privateKeyJwk: Readonly<Record<string, unknown>>;
  /** URLs of the running stack (site, idp, APIs). */
  readonly urls: Readonly<Record<string, string | undefined>>;
  /** The IdP's Cognito JSON API endpoint (InitiateAuth), for `edgeward login --local`. */
  readonly cognitoEndpoint?: string;
  /** The user pool's region. */
  readonly region?: string;
  /** The process running the stack (a file whose process is gone is stale and ignored). */
  readonly pid?: number;
}

/** `.edgeward/local-stack-<port>.json` under `cwd`. */
export function localStackFilePath(cwd: string, port: number): string {
  return resolve(cwd, LOCAL_STACK_DIR, `local-stack-${port}.json`);
}

/** Writes the file (creating `.edgeward/`), readable by the owner only. */
export function writeLocalStackFile(path: string, contents: LocalStackFile): void {
  mkdirSync(resolve(path, '..'), { recursive: true });
  writeFileSync(path, `${JSON.stringify(contents, null, 2)}\n`, { mode: 0o600 });
}

/** Removes the file; missing is fine. */
export function removeLocalStackFile(path: string): void {
  rmSync(path, { force: true });
}

/** True unless the file names a process that no longer runs. */
function isLive(file: LocalStackFile): boolean {
  if (file.pid === undefined) return true;
  try {
    process.kill(file.pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

function readFile(path: string, option: string): LocalStackFile {
  let data: Partial<LocalStackFile>;
  try {
    data = JSON.parse(readFileSync(path, 'utf8')) as Partial<LocalStackFile>;
  } catch {
    throw new CliError(`${option}: ${path} not found or unreadable: start the local stack first (npm start)`);
  }
  if (
    typeof data.issuer !== 'string' ||
    typeof data.clientId !== 'string' ||
    typeof data.privateKeyJwk !== 'object'
  ) {
    throw new CliError(`${option}: ${path} is not a local-stack file written by edgeward dev`);
  }
  return data as LocalStackFile;
}

/**
 * The local stack a `--local [stack]` option names: a site port (`--local 4320`), a file path, or nothing
 * (the one running stack under `cwd`).
 *
 * @param selector - the option's value; `true` or `undefined` when given without one
 * @param option - how the option is spelled in messages
 * @throws CliError when no stack is running, when several are and none was named (exit 1), or when the
 *   named one is not running
 */
export function findLocalStack(
  cwd: string,
  selector: string | true | undefined,
  option = '--local',
): LocalStackFile {
  if (typeof selector === 'string') {
    const path = /^\d{1,5}$/.test(selector)
      ? localStackFilePath(cwd, Number(selector))
      : resolve(cwd, selector);
    const file = readFile(path, option);
    if (!isLive(file))
      throw new CliError(`${option}: the local stack of ${path} has stopped: start it again`);
    return file;
  }
  const dir = resolve(cwd, LOCAL_STACK_DIR);
  let names: string[];
  try {
    names = readdirSync(dir).filter((n) => /^local-stack-\d+\.json$/.test(n));
  } catch {
    names = [];
  }
  const running = names
    .map((n) => ({ port: Number(/\d+/.exec(n)![0]), file: readFile(join(dir, n), option) }))
    .filter((s) => isLive(s.file))
    .sort((a, b) => a.port - b.port);
  if (running.length === 0) {
    throw new CliError(
      `${option}: no local stack is running here (${dir}): start the local stack first (npm start)`,
    );
  }
  if (running.length > 1) {
    const ports = running.map((s) => s.port);
    throw new CliError(
      `${option}: ${running.length} local stacks are running (site ports ${ports.join(', ')}): name one, e.g. ${option} ${ports[0]}`,
    );
  }
  return running[0]!.file;
}
