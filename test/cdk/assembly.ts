/**
 * Reading a synthesized cloud assembly the way CloudFormation and the CDK CLI would: which staged asset
 * directory each Lambda function's `Code.S3Key` points to, and running that asset's `index.mjs` in a fresh
 * Node process (test/build/run-bundle.mjs) the way the Lambda runtime loads it.
 */
import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import type { CloudAssembly } from 'aws-cdk-lib/cx-api';
import { FIXED_NOW_MS } from '../helpers/keys.js';

const run = promisify(execFile);

/** A Lambda function of the assembly with the directory of its staged code asset. */
export interface FunctionAsset {
  readonly stack: string;
  readonly logicalId: string;
  readonly description: string | undefined;
  /** The asset's hash (the S3 object key without `.zip`). */
  readonly assetHash: string;
  /** Absolute path of the staged asset directory in the assembly. */
  readonly dir: string;
}

interface AssetManifest {
  files: Record<string, { source: { path: string; packaging?: string } }>;
}

/** Every Lambda function of the assembly whose code is an S3 asset, with its staged directory. */
export function functionAssets(assembly: CloudAssembly): FunctionAsset[] {
  const found: FunctionAsset[] = [];
  for (const stack of assembly.stacks) {
    const template = stack.template as {
      Resources: Record<string, { Type: string; Properties: Record<string, unknown> }>;
    };
    const manifestArtifact = stack.dependencies.find((d) => d.id === `${stack.id}.assets`);
    const manifestFile = manifestArtifact
      ? join(assembly.directory, (manifestArtifact.manifest.properties as { file: string }).file)
      : join(assembly.directory, `${stack.id}.assets.json`);
    const manifest = JSON.parse(readFileSync(manifestFile, 'utf8')) as AssetManifest;
    for (const [logicalId, resource] of Object.entries(template.Resources)) {
      if (resource.Type !== 'AWS::Lambda::Function') continue;
      const code = resource.Properties['Code'] as { S3Key?: string };
      if (typeof code.S3Key !== 'string') continue;
      const assetHash = code.S3Key.replace(/\.zip$/, '');
      const entry = manifest.files[assetHash];
      if (!entry) throw new Error(`${stack.id}/${logicalId}: asset ${assetHash} not in the asset manifest`);
      found.push({
        stack: stack.id,
        logicalId,
        description: resource.Properties['Description'] as string | undefined,
        assetHash,
        dir: resolve(assembly.directory, entry.source.path),
      });
    }
  }
  return found;
}

/** The one function whose description matches, or an error listing them. */
export function functionByDescription(assets: readonly FunctionAsset[], pattern: RegExp): FunctionAsset {
  const matching = assets.filter((a) => pattern.test(a.description ?? ''));
  if (matching.length !== 1) {
    throw new Error(
      `expected one function matching ${pattern}, found ${matching.length}: ${assets.map((a) => a.description).join(', ')}`,
    );
  }
  return matching[0]!;
}

/** The outcome of calling a handler: its result, or the message of what it threw. */
export type Invocation = { ok: true; result: unknown } | { ok: false; error: string };

/**
 * Imports `<dir>/index.mjs` in a fresh Node process with the clock pinned to FIXED_NOW and calls
 * `handler(event, context)`, as the Lambda Node.js runtime does.
 */
export async function invokeAsset(dir: string, event: unknown): Promise<Invocation> {
  const child = run(process.execPath, [resolve('test/build/run-bundle.mjs'), join(dir, 'index.mjs')], {
    env: { PATH: process.env['PATH'] ?? '', EDGEWARD_TEST_NOW_MS: String(FIXED_NOW_MS) },
    timeout: 15_000,
  });
  child.child.stdin!.end(JSON.stringify(event));
  const { stdout } = await child;
  return JSON.parse(stdout) as Invocation;
}
