/**
 * Reading a synthesized CDK cloud assembly (`cdk.out`) for the deploy rehearsal: its stacks (templates,
 * account and Region, nested assemblies of CDK Stages included) and the file assets their resources point
 * at (`<stack>.assets.json`: the S3 object key each asset is published under, and where it is staged).
 *
 * The manifest is read with `aws-cdk-lib/cx-api` (the CDK's own reader, which checks the schema version).
 *
 * @see [AWS CDK Developer Guide - The cloud assembly](https://docs.aws.amazon.com/cdk/v2/guide/apps.html#apps_cloud_assembly)
 * @see [aws-cdk - Cloud Assembly schema](https://github.com/aws/aws-cdk/blob/main/packages/%40aws-cdk/cloud-assembly-schema/README.md)
 * @module
 */
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';

/** One resource of a CloudFormation template. */
export interface TemplateResource {
  readonly Type: string;
  readonly Properties?: Readonly<Record<string, unknown>>;
  readonly Metadata?: Readonly<Record<string, unknown>>;
  readonly Condition?: string;
}

/** A stack of the assembly. */
export interface AssemblyStack {
  /** The artifact id (the stack's name in `cdk.out`, e.g. `EdgewardSite` or `Stage/Stack`). */
  readonly id: string;
  /** The CloudFormation stack name. */
  readonly stackName: string;
  /** The account, or undefined for an environment-agnostic stack. */
  readonly account: string | undefined;
  /** The Region, or undefined for an environment-agnostic stack. */
  readonly region: string | undefined;
  /** Resources by logical id, in template order. */
  readonly resources: Readonly<Record<string, TemplateResource>>;
  /** `Outputs` of the template (for `Fn::ImportValue`). */
  readonly outputs: Readonly<
    Record<string, { readonly Value: unknown; readonly Export?: { Name?: unknown } }>
  >;
  /** `Conditions` of the template. */
  readonly conditions: Readonly<Record<string, unknown>>;
}

/** A file asset: what is uploaded to the object key, staged in the assembly. */
export interface FileAsset {
  /** The asset hash (asset manifest key). */
  readonly id: string;
  /** Absolute path of the staged source: a directory (packaging `zip`) or a file. */
  readonly path: string;
  /** `zip`: the directory is zipped at publish time; `file`: the file is uploaded as is. */
  readonly packaging: 'zip' | 'file';
  /** The object keys the asset is published under (one per destination). */
  readonly objectKeys: readonly string[];
}

/** The parsed assembly. */
export interface CloudAssemblyModel {
  /** Absolute directory of the (top-level) assembly. */
  readonly directory: string;
  readonly stacks: readonly AssemblyStack[];
  /** File assets of every stack. */
  readonly assets: readonly FileAsset[];
}

/**
 * Reads the cloud assembly in `directory` (a `cdk.out` folder holding `manifest.json`).
 *
 * @throws Error naming the directory when it holds no `manifest.json`, or when `aws-cdk-lib` (the
 *   assembly reader) is not installed; the reader's error for an unreadable or newer manifest
 */
export async function readCloudAssembly(directory: string): Promise<CloudAssemblyModel> {
  const dir = resolve(directory);
  if (!existsSync(join(dir, 'manifest.json'))) {
    throw new Error(`${dir} is not a cloud assembly (no manifest.json): run \`cdk synth\` first`);
  }
  let cxapi: typeof import('aws-cdk-lib/cx-api');
  try {
    cxapi = await import('aws-cdk-lib/cx-api');
  } catch (e) {
    throw new Error(`reading a cloud assembly needs aws-cdk-lib installed (${(e as Error).message})`);
  }
  const assembly = new cxapi.CloudAssembly(dir, { skipVersionCheck: false });
  const stacks: AssemblyStack[] = [];
  const assets = new Map<string, FileAsset>();
  for (const stack of assembly.stacksRecursively) {
    const template = (stack.template ?? {}) as {
      Resources?: Record<string, TemplateResource>;
      Outputs?: AssemblyStack['outputs'];
      Conditions?: Record<string, unknown>;
    };
    stacks.push({
      id: stack.hierarchicalId,
      stackName: stack.stackName,
      account: concrete(stack.environment.account),
      region: concrete(stack.environment.region),
      resources: template.Resources ?? {},
      outputs: template.Outputs ?? {},
      conditions: template.Conditions ?? {},
    });
    for (const dep of stack.dependencies) {
      if (!cxapi.AssetManifestArtifact.isAssetManifestArtifact(dep)) continue;
      const base = dep.assembly.directory;
      for (const [id, entry] of Object.entries(dep.contents.files ?? {})) {
        const path = entry.source.path;
        if (path === undefined || assets.has(id)) continue;
        assets.set(id, {
          id,
          path: resolve(base, path),
          packaging: entry.source.packaging === 'zip' ? 'zip' : 'file',
          objectKeys: Object.values(entry.destinations).map((d) => d.objectKey),
        });
      }
    }
  }
  return { directory: dir, stacks, assets: [...assets.values()] };
}

/** An environment value, or undefined for CDK's `unknown-account` / `unknown-region` placeholders. */
function concrete(value: string): string | undefined {
  return value === '' || value.startsWith('unknown-') ? undefined : value;
}
