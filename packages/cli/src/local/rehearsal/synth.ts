/**
 * Synthesizing a CDK app for a rehearsal: runs the app command of `cdk.json` the way the CDK CLI does —
 * the cloud assembly protocol's `CDK_OUTDIR` (where to write) and `CDK_CONTEXT_JSON` (the context: `cdk.json`
 * and `cdk.context.json` entries, plus `edgeward:jwksFile` naming the rehearsal JWKS) — without needing
 * the CDK CLI or AWS credentials.
 *
 * @see [AWS CDK Developer Guide - Context values](https://docs.aws.amazon.com/cdk/v2/guide/context.html)
 * @see [aws-cdk PR #868 - the CDK_OUTDIR and CDK_CONTEXT_JSON protocol](https://github.com/aws/aws-cdk/pull/868)
 * @module
 */
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { JWKS_CONTEXT_KEY } from '../../build/jwks.js';

/** Options of {@link synthesizeForRehearsal}. */
export interface SynthOptions {
  /** The CDK app folder (holding `cdk.json`). */
  readonly appDir: string;
  /** The assembly folder to write; emptied first. */
  readonly outDir: string;
  /** The rehearsal JWKS the functions bake. */
  readonly jwksFile: string;
  /** Extra context values (`-c key=value`). */
  readonly context?: Readonly<Record<string, unknown>>;
  /** Receives the app's output (bundling progress, warnings). Default: discarded. */
  readonly onOutput?: (text: string) => void;
}

function readJson(path: string): Record<string, unknown> {
  try {
    return JSON.parse(readFileSync(path, 'utf8')) as Record<string, unknown>;
  } catch (e) {
    throw new Error(`${path}: ${(e as Error).message}`);
  }
}

/**
 * Runs the app of `<appDir>/cdk.json` into `outDir`.
 *
 * @returns `outDir`
 * @throws Error when `cdk.json` is missing or has no `app`, or the app exits with an error (its output is
 *   in the message)
 */
export async function synthesizeForRehearsal(options: SynthOptions): Promise<string> {
  const appDir = resolve(options.appDir);
  const cdkJson = join(appDir, 'cdk.json');
  if (!existsSync(cdkJson)) throw new Error(`no cdk.json in ${appDir}: run from the CDK app's folder`);
  const settings = readJson(cdkJson);
  const app = settings['app'];
  if (typeof app !== 'string' || app.trim() === '') throw new Error(`${cdkJson} has no "app" command`);
  const contextFile = join(appDir, 'cdk.context.json');
  const context = {
    ...(settings['context'] as Record<string, unknown> | undefined),
    ...(existsSync(contextFile) ? readJson(contextFile) : {}),
    ...options.context,
    [JWKS_CONTEXT_KEY]: resolve(options.jwksFile),
  };
  const outDir = resolve(options.outDir);
  rmSync(outDir, { recursive: true, force: true });
  mkdirSync(outDir, { recursive: true });
  const output: string[] = [];
  const code = await new Promise<number | null>((done, fail) => {
    const child = spawn(app, {
      cwd: appDir,
      shell: true,
      stdio: ['ignore', 'pipe', 'pipe'],
      env: { ...process.env, CDK_OUTDIR: outDir, CDK_CONTEXT_JSON: JSON.stringify(context) },
    });
    const collect = (chunk: Buffer) => {
      const text = chunk.toString('utf8');
      output.push(text);
      options.onOutput?.(text);
    };
    child.stdout.on('data', collect);
    child.stderr.on('data', collect);
    child.on('error', fail);
    child.on('close', done);
  });
  if (code !== 0 || !existsSync(join(outDir, 'manifest.json'))) {
    throw new Error(
      `the CDK app (${app}) failed${code === null ? '' : ` with exit code ${code}`}:\n${output.join('').trim()}`,
    );
  }
  return outDir;
}
