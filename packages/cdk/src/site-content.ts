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

/** A file of content given by value (`ProtectedSite.addContentFile`): text, or JSON that may hold deploy-time values. */
export type ContentData = string | Readonly<Record<string, unknown>>;

/**
 * The content uploads of a site: at most one `BucketDeployment` per bucket (pruning what is no longer in its
 * sources, then invalidating `/*`), each file to the bucket its URL (`/<relative path>`) is served from.
 * Objects of the private bucket matching `keepPrivate` (`aws s3 sync` filter patterns: the files
 * identity-pool users uploaded) are neither uploaded nor pruned.
 */
export class SiteContent {
  private readonly byBucket = new Map<'public' | 'private', s3deploy.BucketDeployment>();

  constructor(
    private readonly scope: Construct,
    private readonly construct: string,
    private readonly select: (path: string) => SiteRoute,
    private readonly targets: {
      publicBucket: s3.IBucket;
      privateBucket: s3.IBucket;
      distribution: cloudfront.IDistribution;
    },
    private readonly keepPrivate: readonly string[] = [],
  ) {}

  /** The deployments made so far (public first). */
  get deployments(): s3deploy.BucketDeployment[] {
    return (['public', 'private'] as const).flatMap((b) => this.byBucket.get(b) ?? []);
  }

  /**
   * Uploads the files of `contentDir`.
   *
   * @throws EdgewardPropsError `contentDir` when the folder does not exist or holds no file, or when a
   *   file of the private bucket matches `keepPrivate` (it would silently not be uploaded)
   */
  addDir(contentDir: string): void {
    const dir = resolve(contentDir);
    let isDir = false;
    try {
      isDir = statSync(dir).isDirectory();
    } catch {
      isDir = false;
    }
    if (!isDir) throw new EdgewardPropsError(this.construct, 'contentDir', `${dir} is not a directory`);
    const split = splitContent(dir, this.select);
    if (split.public.length + split.private.length === 0) {
      throw new EdgewardPropsError(this.construct, 'contentDir', `${dir} holds no file`);
    }
    for (const file of split.private) this.checkNotKept('contentDir', file);
    for (const bucket of ['public', 'private'] as const) {
      if (split[bucket].length > 0) this.add(bucket, s3deploy.Source.asset(stage(dir, split[bucket])));
    }
  }

  /**
   * Uploads one file given by value at `path` (relative, `/`-separated): `Source.data` for text,
   * `Source.jsonData` for an object (deploy-time values such as a bucket name are resolved at deployment).
   *
   * @throws EdgewardPropsError `path` when it is not a relative file path or matches `keepPrivate`
   */
  addFile(path: string, data: ContentData): void {
    if (!/^[^/\\]+(?:\/[^/\\]+)*$/.test(path) || path.split('/').some((s) => s === '.' || s === '..')) {
      throw new EdgewardPropsError(
        this.construct,
        'path',
        `expected a relative file path, got ${JSON.stringify(path)}`,
      );
    }
    const kind = this.select(`/${path}`).kind;
    const bucket = kind === 'protected' || kind === 'signed-cookies' ? 'private' : 'public';
    if (bucket === 'private') this.checkNotKept('path', path);
    this.add(
      bucket,
      typeof data === 'string' ? s3deploy.Source.data(path, data) : s3deploy.Source.jsonData(path, data),
    );
  }

  private checkNotKept(prop: string, file: string): void {
    const hit = this.keepPrivate.find((p) => matchGlob(compileGlob(p), file));
    if (hit !== undefined) {
      throw new EdgewardPropsError(
        this.construct,
        prop,
        `${file} is in the private bucket where identity-pool users keep their files (${hit}): move it, or change identityPool.userPrefix / sharedReadPrefix`,
      );
    }
  }

  private add(bucket: 'public' | 'private', source: s3deploy.ISource): void {
    const existing = this.byBucket.get(bucket);
    if (existing !== undefined) {
      existing.addSource(source);
      return;
    }
    const exclude = bucket === 'private' ? this.keepPrivate : [];
    this.byBucket.set(
      bucket,
      new s3deploy.BucketDeployment(this.scope, bucket === 'private' ? 'PrivateContent' : 'PublicContent', {
        sources: [source],
        destinationBucket: bucket === 'private' ? this.targets.privateBucket : this.targets.publicBucket,
        distribution: this.targets.distribution,
        distributionPaths: ['/*'],
        ...(exclude.length === 0 ? {} : { exclude: [...exclude] }),
      }),
    );
  }
}
