/**
 * Bundling of edgeward functions for CDK through edgeward's own build (`edgeward build`), run locally via
 * CDK's local bundling hook: no Docker, and the deployed artifact is exactly the one the tests exercise.
 *
 * @module
 */
import { execFileSync } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { AssetHashType, DockerImage } from 'aws-cdk-lib';
import * as lambda from 'aws-cdk-lib/aws-lambda';

/** Where the function's code comes from. */
export interface EdgewardCodeOptions {
  /** Path of the `edgeward.config.json` (or `.ts`) file. */
  readonly configFile: string;
  /** Name of the function in the config's `functions`. */
  readonly functionName: string;
  /** A JWKS file to bake instead of fetching the issuer's JWKS at build time (offline builds). */
  readonly jwksFile?: string;
}

const cliPath = fileURLToPath(new URL('../../bin/edgeward.js', import.meta.url));

/**
 * Runs `edgeward build --only <function>` synchronously and copies the bundle directory (`index.mjs` and
 * its chunks) into `outputDir`.
 *
 * @throws Error with the CLI's message when the build fails (bad config, budget exceeded, forbidden import)
 */
export function bundleFunction(options: EdgewardCodeOptions, outputDir: string): void {
  const work = mkdtempSync(join(tmpdir(), 'edgeward-cdk-'));
  try {
    const args = [
      cliPath,
      'build',
      '--config',
      resolve(options.configFile),
      '--only',
      options.functionName,
      '--out-dir',
      work,
      '--quiet',
    ];
    if (options.jwksFile) args.push('--jwks', resolve(options.jwksFile));
    try {
      execFileSync(process.execPath, args, { stdio: ['ignore', 'pipe', 'pipe'] });
    } catch (e) {
      const stderr = (e as { stderr?: Buffer }).stderr?.toString().trim();
      throw new Error(`edgeward build of function '${options.functionName}' failed: ${stderr || String(e)}`);
    }
    const built = join(work, options.functionName);
    if (!existsSync(join(built, 'index.mjs'))) {
      throw new Error(`edgeward build did not produce ${options.functionName}/index.mjs`);
    }
    // the whole directory: a site's index.mjs imports the chunks beside it (login path, signer)
    cpSync(built, outputDir, { recursive: true });
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

/**
 * Lambda code for an edgeward function, bundled at synth time by `edgeward build` (handler `index.handler`).
 * The asset hash is the hash of the bundle, so a config or code change yields a new version.
 */
export function edgewardCode(options: EdgewardCodeOptions): lambda.Code {
  return lambda.Code.fromAsset(dirname(resolve(options.configFile)), {
    assetHashType: AssetHashType.OUTPUT,
    bundling: {
      image: DockerImage.fromRegistry('edgeward-local-bundling-only'),
      local: {
        tryBundle(outputDir: string): boolean {
          bundleFunction(options, outputDir);
          return true;
        },
      },
    },
  });
}
