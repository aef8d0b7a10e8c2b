/**
 * The folders standing for the S3 buckets of a cloud assembly: a bucket gets the folder given for it on the
 * command line (served live), else the files its `BucketDeployment`s (`Custom::CDKBucketDeployment`)
 * upload — the staged source assets copied under the destination key prefix, in template order — else an
 * empty folder (reported).
 *
 * @see [AWS CDK - BucketDeployment](https://docs.aws.amazon.com/cdk/api/v2/docs/aws-cdk-lib.aws_s3_deployment.BucketDeployment.html)
 * @module
 */
import { existsSync, mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { Findings } from './findings.js';
import { copyAsset } from './functions.js';
import type { ResourceRecord, TemplateIndex } from './template.js';

/** Options of {@link createBucketFolders}. */
export interface BucketFolderOptions {
  readonly index: TemplateIndex;
  readonly findings: Findings;
  /** Where copied deployments and empty buckets live. */
  readonly workDir: string;
  /**
   * Folders served for buckets, keyed by the bucket's logical id, `<stack id>/<logical id>`, or its
   * literal `BucketName`. They are served as they are (edits show on the next request).
   */
  readonly overrides?: Readonly<Record<string, string>>;
}

/** The folder of each bucket, created on first use. */
export interface BucketFolders {
  folderFor(bucket: ResourceRecord): string;
  /** Override keys that named no bucket of the assembly (a typo the user should hear about). */
  unusedOverrides(): string[];
}

/** The deployments of the assembly, grouped by destination bucket (`<stack id>/<logical id>`). */
function deploymentsByBucket(options: BucketFolderOptions): Map<string, ResourceRecord[]> {
  const { index, findings } = options;
  const out = new Map<string, ResourceRecord[]>();
  for (const deployment of index.ofType('Custom::CDKBucketDeployment')) {
    const bucket = index.target(deployment.stack, deployment.resource.Properties?.['DestinationBucketName']);
    if (bucket?.resource.Type !== 'AWS::S3::Bucket') {
      findings.add('unsupported', deployment, 'its destination bucket is not in this assembly; not applied');
      continue;
    }
    const key = `${bucket.stack.id}/${bucket.logicalId}`;
    out.set(key, [...(out.get(key) ?? []), deployment]);
  }
  return out;
}

/** Copies one deployment's sources into `folder`. */
function applyDeployment(options: BucketFolderOptions, deployment: ResourceRecord, folder: string): void {
  const { index, findings } = options;
  const props = deployment.resource.Properties ?? {};
  for (const unsupported of ['Exclude', 'Include', 'SourceMarkers', 'SourceMarkersConfig']) {
    const value = props[unsupported];
    const present = Array.isArray(value)
      ? value.some((v) => v !== null && Object.keys(v ?? {}).length > 0)
      : value !== undefined;
    if (present)
      findings.add(
        'unsupported',
        deployment,
        `${unsupported} is not applied: the sources are copied as they are`,
      );
  }
  if (index.evaluate(deployment.stack, props['Extract']) === false) {
    findings.add('unsupported', deployment, 'Extract: false is not applied: the sources are extracted');
  }
  const prefix = index.literal(deployment.stack, props['DestinationBucketKeyPrefix']) ?? '';
  const target = join(folder, prefix);
  const keys = index.evaluate(deployment.stack, props['SourceObjectKeys']);
  for (const key of Array.isArray(keys) ? keys : []) {
    const asset = typeof key === 'string' ? index.assetForObjectKey(key) : undefined;
    if (asset === undefined || !existsSync(asset.path)) {
      findings.add(
        'unsupported',
        deployment,
        `source ${JSON.stringify(key)} is not an asset staged in this assembly; not copied`,
      );
      continue;
    }
    copyAsset(asset.path, target);
  }
}

/** Creates the bucket folder lookup (folders are prepared on first use). */
export function createBucketFolders(options: BucketFolderOptions): BucketFolders {
  const { index, findings } = options;
  const deployments = deploymentsByBucket(options);
  const folders = new Map<string, string>();
  const used = new Set<string>();
  const overrides = options.overrides ?? {};
  return {
    folderFor(bucket) {
      const key = `${bucket.stack.id}/${bucket.logicalId}`;
      const known = folders.get(key);
      if (known !== undefined) return known;
      const name = index.literal(bucket.stack, bucket.resource.Properties?.['BucketName']);
      const overrideKey = [key, bucket.logicalId, name].find(
        (k) => k !== undefined && overrides[k] !== undefined,
      );
      let folder: string;
      if (overrideKey !== undefined) {
        used.add(overrideKey);
        folder = resolve(overrides[overrideKey]!);
        if (!existsSync(folder))
          throw new Error(`bucket folder ${folder} (for ${overrideKey}) does not exist`);
        findings.add('substituted', bucket, `served from ${folder}`);
      } else {
        folder = join(options.workDir, key.replace(/[^A-Za-z0-9._-]/g, '_'));
        mkdirSync(folder, { recursive: true });
        const list = deployments.get(key) ?? [];
        for (const deployment of list) applyDeployment(options, deployment, folder);
        findings.add(
          'substituted',
          bucket,
          list.length > 0
            ? `a local folder with the files of ${list.map((d) => d.logicalId).join(', ')}`
            : `an empty local folder (no BucketDeployment): serve one with --bucket ${bucket.logicalId}=<folder>`,
        );
      }
      folders.set(key, folder);
      return folder;
    },
    unusedOverrides() {
      return Object.keys(overrides).filter((k) => !used.has(k));
    },
  };
}
