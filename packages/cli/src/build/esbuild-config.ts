/**
 * The one esbuild configuration every edgeward bundle is built with — by `edgeward build`, by the CDK
 * constructs and by the bundle-budget tests — so that what is measured is what ships.
 *
 * @module
 */
import type { BuildOptions } from 'esbuild';

/**
 * Shared esbuild options for Lambda@Edge and API Gateway authorizer bundles:
 * - `platform: 'node'`, `target: 'node22'`, `format: 'esm'` (the Lambda `nodejs22.x` runtime loads
 *   `index.mjs` as an ES module);
 * - `splitting`: code behind a dynamic `import()` (a site's login path, its pages, the signed-cookie
 *   signer) becomes ES module chunks next to `index.mjs` in the same zip, loaded on first use, so a cold
 *   start only loads the code every request needs (Lambda and Lambda@Edge run multi-file packages;
 *   `index.mjs` imports its chunks by relative path);
 * - `mainFields: ['module', 'main']`: module-first resolution, so dual packages contribute their
 *   tree-shakable ES build (without it `@aws-sdk/cloudfront-signer` alone grows from ~2 KB to ~31 KB gzip);
 * - `legalComments: 'none'`, `minify`, `treeShaking`, `metafile` (read by the forbidden-import check).
 *
 * Callers add `entryPoints` (one), `outdir`/`write`, `plugins` and `external`; they must not change these.
 *
 * @see https://esbuild.github.io/api/#main-fields
 * @see https://docs.aws.amazon.com/lambda/latest/dg/lambda-nodejs.html
 */
export const EDGEWARD_ESBUILD_OPTIONS = {
  bundle: true,
  platform: 'node',
  target: 'node22',
  format: 'esm',
  splitting: true,
  entryNames: 'index',
  chunkNames: '[name]-[hash]',
  outExtension: { '.js': '.mjs' },
  mainFields: ['module', 'main'],
  conditions: ['module', 'import', 'default'],
  legalComments: 'none',
  minify: true,
  treeShaking: true,
  metafile: true,
  sourcemap: false,
  charset: 'utf8',
  logLevel: 'silent',
} as const satisfies BuildOptions;

/**
 * The export condition under which the workspace's `edgeward` package resolves to its TypeScript sources.
 * Added to esbuild's conditions when the CLI itself runs from sources (a development checkout), so a bundle
 * built there contains the same code a build from the published `dist/` would.
 */
export const SOURCE_CONDITION = 'edgeward-source';

/** esbuild `conditions` for a build from sources (`fromSource`) or from an installed package. */
export function esbuildConditions(fromSource: boolean): string[] {
  const base = [...EDGEWARD_ESBUILD_OPTIONS.conditions];
  return fromSource ? [SOURCE_CONDITION, ...base] : base;
}

/** The file name of every bundle inside its function directory and zip (Lambda handler `index.handler`). */
export const BUNDLE_FILE_NAME = 'index.mjs';
