/**
 * Uploading a folder of site content at deploy time: each file goes to the bucket its URL is served from —
 * the private bucket when its path falls under a protected or signed-cookie behavior, the public bucket
 * otherwise — so a protected page can never be fetched from the public origin.
 *
 * @module
 */
import { copyFileSync, mkdirSync, readdirSync, statSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import type * as cloudfront from 'aws-cdk-lib/aws-cloudfront';
import type * as s3 from 'aws-cdk-lib/aws-s3';
import * as s3deploy from 'aws-cdk-lib/aws-s3-deployment';
import type { Construct } from 'constructs';
import { compileGlob, matchGlob } from 'edgeward/internal/core/rules/glob.js';
import type { SiteRoute } from './site-routes.js';
import { stagingDir } from './staging.js';
import { EdgewardPropsError } from './validation.js';

/** The files of a content folder, split by the bucket that serves them. */
export interface SplitContent {
  /** Relative `/`-separated paths served from the public bucket (default and auth behaviors). */
  readonly public: readonly string[];
  /** Relative paths served from the private bucket (protected and signed-cookie behaviors). */
  readonly private: readonly string[];
}

function filesOf(dir: string, prefix = ''): string[] {
  return readdirSync(join(dir, prefix), { withFileTypes: true }).flatMap((e) => {
    const rel = prefix ? `${prefix}/${e.name}` : e.name;
    if (e.isDirectory()) return filesOf(dir, rel);
    return e.isFile() ? [rel] : [];
  });
}

/** Splits the files of `dir` by the behavior their URL path (`/<relative path>`) selects. */
export function splitContent(dir: string, select: (path: string) => SiteRoute): SplitContent {
  const split = { public: [] as string[], private: [] as string[] };
  for (const file of filesOf(dir).sort()) {
    const kind = select(`/${file}`).kind;
    (kind === 'protected' || kind === 'signed-cookies' ? split.private : split.public).push(file);
  }
  return split;
}

/** Copies `files` of `from` into a fresh staging directory. */
function stage(from: string, files: readonly string[]): string {
  const to = stagingDir('edgeward-content-');
  for (const file of files) {
    mkdirSync(dirname(join(to, file)), { recursive: true });
    copyFileSync(join(from, file), join(to, file));
  }
  return to;
}

/**
 * One `BucketDeployment` per bucket that receives files (pruning what is no longer in the folder) and a
 * CloudFront invalidation of the paths it uploaded. Objects of the private bucket matching `keepPrivate`
 * (`aws s3 sync` filter patterns: the files identity-pool users uploaded) are neither uploaded nor pruned.
 *
 * @throws EdgewardPropsError `contentDir` when the folder does not exist or holds no file, or when a file
 *   of the private bucket matches `keepPrivate` (it would silently not be uploaded)
 */
export function deployContent(
  scope: Construct,
  construct: string,
  contentDir: string,
  select: (path: string) => SiteRoute,
  targets: { publicBucket: s3.IBucket; privateBucket: s3.IBucket; distribution: cloudfront.IDistribution },
  keepPrivate: readonly string[] = [],
): s3deploy.BucketDeployment[] {
  const dir = resolve(contentDir);
  let isDir = false;
  try {
    isDir = statSync(dir).isDirectory();
  } catch {
    isDir = false;
  }
  if (!isDir) throw new EdgewardPropsError(construct, 'contentDir', `${dir} is not a directory`);
  const split = splitContent(dir, select);
  if (split.public.length + split.private.length === 0) {
    throw new EdgewardPropsError(construct, 'contentDir', `${dir} holds no file`);
  }
  const kept = keepPrivate.map((p) => [p, compileGlob(p)] as const);
  for (const file of split.private) {
    const hit = kept.find(([, glob]) => matchGlob(glob, file));
    if (hit !== undefined) {
      throw new EdgewardPropsError(
        construct,
        'contentDir',
        `${file} is in the private bucket where identity-pool users keep their files (${hit[0]}): move it, or change identityPool.userPrefix / sharedReadPrefix`,
      );
    }
  }
  const deployments: s3deploy.BucketDeployment[] = [];
  const parts = [
    ['PublicContent', split.public, targets.publicBucket, []],
    ['PrivateContent', split.private, targets.privateBucket, keepPrivate],
  ] as const;
  for (const [id, files, bucket, exclude] of parts) {
    if (files.length === 0) continue;
    deployments.push(
      new s3deploy.BucketDeployment(scope, id, {
        sources: [s3deploy.Source.asset(stage(dir, files))],
        destinationBucket: bucket,
        distribution: targets.distribution,
        distributionPaths: ['/*'],
        ...(exclude.length === 0 ? {} : { exclude: [...exclude] }),
      }),
    );
  }
  return deployments;
}
