/**
 * The file `edgeward dev` writes while the local stack runs (`.edgeward/local-stack.json`, mode 0600) so
 * that `edgeward token --local` can mint tokens the running stack accepts: the local identity provider's
 * issuer, the site's app client id, and the IdP's private signing key (a throw-away key generated per start,
 * never a production secret). Removed when the stack stops.
 *
 * @module
 */
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { CliError } from './io.js';

/** The folder of the file (and of other local, never committed state), relative to the working directory. */
export const LOCAL_STACK_DIR = '.edgeward';

/** Default path of the file, relative to the working directory. */
export const LOCAL_STACK_FILE = join(LOCAL_STACK_DIR, 'local-stack.json');

/** Contents of the local-stack file. */
export interface LocalStackFile {
  /** The local IdP's `iss` (Cognito format). */
  readonly issuer: string;
  /** The site's app client id. */
  readonly clientId: string;
  /** The IdP's private signing key as a JWK with `kid`. */
  readonly privateKeyJwk: Readonly<Record<string, unknown>>;
  /** URLs of the running stack (site, idp, APIs). */
  readonly urls: Readonly<Record<string, string | undefined>>;
}

/** Writes the file (creating `.edgeward/`), readable by the owner only. */
export function writeLocalStackFile(path: string, contents: LocalStackFile): void {
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, `${JSON.stringify(contents, null, 2)}\n`, { mode: 0o600 });
}

/** Removes the file; missing is fine. */
export function removeLocalStackFile(path: string): void {
  rmSync(path, { force: true });
}

/**
 * Reads the file written by a running `edgeward dev`.
 *
 * @throws CliError when it is missing (the stack is not running) or malformed
 */
export function readLocalStackFile(path: string): LocalStackFile {
  let data: Partial<LocalStackFile>;
  try {
    data = JSON.parse(readFileSync(path, 'utf8')) as Partial<LocalStackFile>;
  } catch {
    throw new CliError(
      `--local: ${path} not found or unreadable: start the local stack first (npm start / edgeward dev)`,
    );
  }
  if (
    typeof data.issuer !== 'string' ||
    typeof data.clientId !== 'string' ||
    typeof data.privateKeyJwk !== 'object'
  ) {
    throw new CliError(`--local: ${path} is not a local-stack file written by edgeward dev`);
  }
  return data as LocalStackFile;
}
