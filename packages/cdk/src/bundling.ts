/**
 * Bundling of edgeward functions for CDK through edgeward's own build (`edgeward build`), run at synth time:
 * no Docker, and the deployed artifact is exactly the one the tests exercise.
 *
 * Each function's bundle is built into its own staging directory and handed to CDK with a **content hash**
 * (`AssetHashType.CUSTOM`). CDK caches staged assets by source path and serializable options only (a local
 * bundling callback is not part of that key), so one folder bundled twice with different callbacks would be
 * staged once and shared by every function; a custom hash is part of the key, so each function gets its own
 * asset.
 *
 * @see [aws-cdk PR #10478 - cache asset hashes (the cache key)](https://github.com/aws/aws-cdk/pull/10478)
 * @see [AWS CDK - AssetHashType](https://docs.aws.amazon.com/cdk/api/v2/docs/aws-cdk-lib.AssetHashType.html)
 * @module
 */
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { JWKS_CONTEXT_KEY, VERSION } from '@edgeward/cli/build';
import { AssetHashType, type CfnResource, Stack } from 'aws-cdk-lib';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import type { Construct } from 'constructs';
import { stagingDir } from './staging.js';

/** Where the function's code comes from. */
export interface EdgewardCodeOptions {
  /** Path of the `edgeward.config.json` (or `.ts`) file. */
  readonly configFile: string;
  /** Name of the function in the config's `functions`. */
  readonly functionName: string;
  /** A JWKS file to bake instead of fetching the issuer's JWKS at build time (offline builds). */
  readonly jwksFile?: string;
  /**
   * Accept secrets published in edgeward's docs and examples (e.g. the example `stateSecret`). Default
   * `false`: the build refuses them, naming the field. Only for synthesizing examples that will not be
   * deployed (the example app sets it when it runs with placeholders).
   */
  readonly allowExampleSecrets?: boolean;
}

/** A function bundle built for CDK. */
export interface StagedFunction {
  /** Absolute directory holding the bundle (`index.mjs`, handler `index.handler`); the asset's content. */
  readonly dir: string;
  /**
   * The asset hash: lowercase hex SHA-256 of the function name, edgeward's version and every file of the
   * bundle (relative path and bytes). The bundle embeds the function's validated configuration, its issuer
   * and the baked JWKS, so the hash changes exactly when one of those (or edgeward's code) changes; it
   * never depends on where the files are, so two machines synthesize the same hash from the same inputs.
   * CDK names the staged asset (and its S3 object) by the SHA-256 of this custom hash.
   */
  readonly assetHash: string;
}

/** Domain separation of the asset hash: bump when what it covers changes. */
const ASSET_HASH_FORMAT = 'edgeward-cdk-asset-v1';

/** The `edgeward` command of the installed `@edgeward/cli` package. */
const cliPath = join(
  dirname(fileURLToPath(import.meta.resolve('@edgeward/cli/package.json'))),
  'bin',
  'edgeward.js',
);

/** Builds already staged in this process, by the content of their inputs. */
const staged = new Map<string, StagedFunction>();

/** The files of `dir`, recursively, as sorted `/`-separated relative paths. */
function filesOf(dir: string, prefix = ''): string[] {
  return readdirSync(join(dir, prefix), { withFileTypes: true })
    .flatMap((e) => {
      const rel = prefix ? `${prefix}/${e.name}` : e.name;
      return e.isDirectory() ? filesOf(dir, rel) : [rel];
    })
    .sort();
}

/**
 * The content hash of a built bundle directory (see {@link StagedFunction.assetHash}).
 *
 * @param functionName - the function's name in the configuration
 * @param dir - the bundle directory
 * @returns lowercase hex SHA-256
 */
export function bundleHash(functionName: string, dir: string): string {
  const hash = createHash('sha256');
  const field = (value: string | Uint8Array) => {
    const bytes = typeof value === 'string' ? Buffer.from(value, 'utf8') : value;
    hash.update(`${bytes.length}:`);
    hash.update(bytes);
  };
  field(ASSET_HASH_FORMAT);
  field(VERSION);
  field(functionName);
  for (const file of filesOf(dir)) {
    field(file);
    field(readFileSync(join(dir, file)));
  }
  return hash.digest('hex');
}

/** What a build depends on besides edgeward itself: the file contents, not their paths. */
function inputKey(options: EdgewardCodeOptions): string {
  const hash = createHash('sha256');
  for (const part of [
    resolve(options.configFile),
    readFileSync(resolve(options.configFile)),
    options.jwksFile === undefined ? '' : readFileSync(resolve(options.jwksFile)),
    options.functionName,
    options.allowExampleSecrets ? 'allow-example-secrets' : '',
  ]) {
    hash.update(`${part.length}:`);
    hash.update(part);
  }
  return hash.digest('hex');
}

/**
 * Builds one function with `edgeward build --only <function>` (synchronously, in a child process) into a
 * fresh staging directory, and hashes the result. Builds with the same inputs in one process are shared.
 * The staging directory is removed when the process exits.
 *
 * @throws Error with the build's message when it fails (invalid configuration, budget exceeded, forbidden
 *   import, JWKS unavailable), naming the function
 */
export function stageFunction(options: EdgewardCodeOptions): StagedFunction {
  const key = inputKey(options);
  const done = staged.get(key);
  if (done && existsSync(done.dir)) return done;
  const work = stagingDir('edgeward-cdk-');
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
  if (options.allowExampleSecrets) args.push('--allow-example-secrets');
  try {
    execFileSync(process.execPath, args, { stdio: ['ignore', 'pipe', 'pipe'] });
  } catch (e) {
    const stderr = (e as { stderr?: Buffer }).stderr?.toString().trim();
    throw new Error(`edgeward build of function '${options.functionName}' failed: ${stderr || String(e)}`);
  }
  const dir = join(work, options.functionName);
  if (!existsSync(join(dir, 'index.mjs'))) {
    throw new Error(`edgeward build did not produce ${options.functionName}/index.mjs`);
  }
  const result = { dir, assetHash: bundleHash(options.functionName, dir) };
  staged.set(key, result);
  return result;
}

/**
 * The options with the JWKS file named by the CDK context value `edgeward:jwksFile`, when set: the deploy
 * rehearsal bakes its identity provider's JWKS this way (docs/local-stack.md, "Deploy rehearsal"). A relative
 * path is relative to the working directory of the synth.
 *
 * @throws Error naming the context key when the value is not a non-empty string
 */
export function withContextJwks(scope: Construct, options: EdgewardCodeOptions): EdgewardCodeOptions {
  const value: unknown = scope.node.tryGetContext(JWKS_CONTEXT_KEY);
  if (value === undefined) return options;
  if (typeof value !== 'string' || value.trim() === '') {
    throw new Error(
      `CDK context ${JWKS_CONTEXT_KEY}: expected the path of a JWKS file, got ${JSON.stringify(value)}`,
    );
  }
  return { ...options, jwksFile: resolve(value) };
}

/** The code of a function whose stack is not bundled in this run (`cdk deploy --exclusively`, `destroy`, `ls`). */
const SKIPPED_CODE =
  '// edgeward: not bundled, this stack is not selected for bundling in this CDK run (aws:cdk:bundling-stacks)\n' +
  "exports.handler = async () => { throw new Error('edgeward: bundle skipped'); };\n";

/**
 * Lambda code built by edgeward when it is bound to a function, unless the CDK CLI asked to skip bundling
 * that stack (`Stack.bundlingRequired`: `cdk deploy --exclusively OtherStack`, `cdk destroy`, `cdk ls`),
 * as CDK's own bundling does.
 */
class EdgewardCode extends lambda.Code {
  private asset?: lambda.Code;

  constructor(private readonly options: EdgewardCodeOptions) {
    super();
  }

  override bind(scope: Construct): lambda.CodeConfig {
    if (!Stack.of(scope).bundlingRequired) {
      this.asset = lambda.Code.fromInline(SKIPPED_CODE);
    } else {
      const { dir, assetHash } = stageFunction(withContextJwks(scope, this.options));
      this.asset = lambda.Code.fromAsset(dir, { assetHash, assetHashType: AssetHashType.CUSTOM });
    }
    return this.asset.bind(scope);
  }

  override bindToResource(resource: CfnResource, options?: lambda.ResourceBindOptions): void {
    this.asset?.bindToResource(resource, options);
  }
}

/**
 * Lambda code for an edgeward function (handler `index.handler`), bundled at synth time by `edgeward build`
 * and staged as its own asset directory with the content hash of {@link stageFunction}: every function gets
 * its own code, and a configuration or JWKS change gives a new asset (and a new function version) for the
 * functions it affects only. The bundle is built when the code is bound to a function, and not at all for a
 * stack the CDK CLI does not bundle in this run (`cdk deploy --exclusively`, `cdk destroy`, `cdk ls`).
 *
 * Use it with your own `lambda.Function` or `cloudfront.experimental.EdgeFunction` (docs/deploy.md, "Bring
 * your own distribution").
 *
 * The CDK context value `edgeward:jwksFile` (a JWKS file) replaces `options.jwksFile` for every function:
 * the deploy rehearsal (`edgeward rehearse --synth`) bakes its identity provider's key this way.
 *
 * @throws Error when the build fails (see {@link stageFunction}) or `edgeward:jwksFile` is not a path, from
 *   the function's constructor
 */
export function edgewardCode(options: EdgewardCodeOptions): lambda.Code {
  return new EdgewardCode(options);
}
