/**
 * The local stack's part for identity-pool credentials (a site with `identityPool`): the credential store
 * shared by the local identity pool and the local S3 emulator, the user-files bucket (in memory, with the
 * identity-pool role's policy and the site's CORS rules), and the browser assets of the demo page that
 * uploads and lists a user's own files: `storage.json` (endpoint, bucket, region) and `files.js` (the
 * page script, bundled at start with esbuild so it signs with `@smithy/signature-v4` in the browser).
 *
 * @module
 */
import { existsSync } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import {
  type IdentityStorageAccess,
  identityStorageStatements,
} from 'edgeward/internal/core/identity-pool/storage-policy.js';
import type { Logger } from 'edgeward/internal/core/runtime.js';
import { bundleBrowserScript } from '../build/browser-script.js';
import { createLocalCredentialStore, type LocalCredentialStore } from './aws-credentials.js';
import type { CorsRule } from './cors.js';
import { type S3Emulator, startS3Emulator } from './s3/server.js';

/** Name of the local user-files bucket. */
export const LOCAL_FILES_BUCKET = 'edgeward-local-user-files';

/** Path of the generated browser assets on the site (a behavior of the local distribution). */
export const LOCAL_ASSETS_PATH = '/assets/local/';

/**
 * The bucket CORS rules of the local stack (what `ProtectedSite`'s `cors` option writes for a deployed
 * site): the site's origins may read, write, delete and list with any request header, and read `ETag`.
 */
export function localCorsRules(siteOrigins: readonly string[]): CorsRule[] {
  return [
    {
      allowedOrigins: [...siteOrigins],
      allowedMethods: ['GET', 'HEAD', 'PUT', 'DELETE'],
      allowedHeaders: ['*'],
      exposeHeaders: ['ETag'],
      maxAgeSeconds: 600,
    },
  ];
}

/**
 * `storage.json` of the demo's "My files" page: where its script sends S3 requests. Locally the S3 emulator
 * (path style, `<endpoint>/<bucket>/<key>`); deployed, the private bucket's regional endpoint (virtual-hosted
 * style, the endpoint the site's CSP `connect-src` allows), as the example CDK app writes it.
 */
export interface FilesPageStorage {
  /** S3 endpoint URL, without a trailing slash. */
  readonly endpoint: string;
  readonly bucket: string;
  /** Signing region. */
  readonly region: string;
  /** Root of the per-identity prefixes (`identityPool.userPrefix`), e.g. `private/`. */
  readonly userPrefix: string;
  /** `true`: `<endpoint>/<bucket>/<key>`; `false`: `<endpoint>/<key>` (the endpoint names the bucket). */
  readonly forcePathStyle: boolean;
}

/** The running storage part. */
export interface LocalIdentityStorage {
  readonly credentials: LocalCredentialStore;
  readonly s3: S3Emulator;
  /** The folder whose `assets/local/` holds `storage.json` and `files.js` (the origin of their behavior). */
  readonly assetsRoot: string;
  close(): Promise<void>;
}

/** Options of {@link startLocalIdentityStorage}. */
export interface LocalIdentityStorageOptions {
  /** The identity pool's region (signing region of S3 requests). */
  readonly region: string;
  /** Origins the site is served from (CORS). */
  readonly siteOrigins: readonly string[];
  /** S3 emulator port (0 = any). */
  readonly port: number;
  /** Where the browser assets are written. */
  readonly outDir: string;
  /** The demo page script to bundle (`<example>/browser/files.mjs`); none → no `files.js`. */
  readonly browserScript?: string;
  /** Prefixes of the role policy. Default: `private/<identity>/` only. */
  readonly access?: IdentityStorageAccess;
  readonly logger?: Logger;
  /** Host names the S3 emulator answers besides the loopback names. Default none. */
  readonly allowedHosts?: readonly string[];
}

/**
 * Starts the credential store and the S3 emulator and writes the browser assets.
 *
 * @throws when the port cannot be bound or the page script does not bundle
 */
export async function startLocalIdentityStorage(
  options: LocalIdentityStorageOptions,
): Promise<LocalIdentityStorage> {
  const credentials = createLocalCredentialStore();
  const s3 = await startS3Emulator({
    port: options.port,
    credentials,
    buckets: {
      [LOCAL_FILES_BUCKET]: {
        policy: identityStorageStatements(`arn:aws:s3:::${LOCAL_FILES_BUCKET}`, options.access),
        cors: localCorsRules(options.siteOrigins),
      },
    },
    ...(options.logger === undefined ? {} : { logger: options.logger }),
    ...(options.allowedHosts === undefined ? {} : { allowedHosts: options.allowedHosts }),
  });
  try {
    const dir = join(options.outDir, 'browser-assets');
    const assets = join(dir, ...LOCAL_ASSETS_PATH.split('/').filter(Boolean));
    await mkdir(assets, { recursive: true });
    const storage = {
      endpoint: s3.url,
      bucket: LOCAL_FILES_BUCKET,
      region: options.region,
      userPrefix: options.access?.userPrefix ?? 'private/',
      forcePathStyle: true,
    } satisfies FilesPageStorage;
    await writeFile(join(assets, 'storage.json'), `${JSON.stringify(storage, null, 2)}\n`);
    if (options.browserScript !== undefined && existsSync(options.browserScript)) {
      await writeFile(join(assets, 'files.js'), bundleBrowserScript(options.browserScript));
    }
    return { credentials, s3, assetsRoot: dir, close: () => s3.close() };
  } catch (error) {
    await s3.close();
    throw error;
  }
}
