/**
 * `buildFunctions`: turns the configured functions into deployable Lambda bundles — a directory
 * `dist-functions/<name>/` holding the minified ES module `index.mjs` (exporting `handler`, with the
 * validated configuration and the issuer's JWKS baked in) and the chunks it loads on first use, plus a
 * reproducible `dist-functions/<name>.zip` of that directory — and measures them against AWS limits and
 * edgeward's own budgets.
 *
 * Used by `edgeward build`, the CDK constructs and the tests.
 *
 * @module
 */
import { existsSync } from 'node:fs';
import { mkdir, rm, writeFile } from 'node:fs/promises';
import { isBuiltin } from 'node:module';
import { join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Jwks } from 'edgeward/internal/core/config.js';
import type { FetchLike } from 'edgeward/internal/core/runtime.js';
import type { Plugin } from 'esbuild';
import { loadConfig } from '../config/load.js';
import type { EdgewardConfig, FunctionConfig, FunctionType } from '../config/types.js';
import { validateConfig } from '../config/validate.js';
import {
  assertLazyExport,
  lazyImportsPlugin,
  OUT_DIR,
  reachableFiles,
  reachedFrom,
  unreachableDynamicImports,
  unreachableImportsPlugin,
} from './chunks.js';
import { BuildError } from './errors.js';
import { BUNDLE_FILE_NAME, EDGEWARD_ESBUILD_OPTIONS, esbuildConditions } from './esbuild-config.js';
import { esmShimPlugin } from './esm-shim.js';
import { findForbiddenImports } from './forbidden.js';
import {
  bundleDefinesOf,
  entryOf,
  FUNCTION_KINDS,
  lazyModuleOf,
  SIGNED_COOKIE_ENTRIES,
  toRuntimeConfig,
  usesSecretsManager,
} from './functions.js';
import { readJwksFile, withBakedJwks } from './jwks.js';
import { findPublishedSecrets } from './published-secrets.js';
import { type BundleSizes, type EventType, isOverLimit, measure } from './sizes.js';
import { bundleSwitches } from './switches.js';
import { reproducibleZip } from './zip.js';

/** The version of the build (`@edgeward/cli`), folded into CDK asset hashes. */
export { VERSION } from '../version.js';
export { bundleBrowserScript } from './browser-script.js';
export { directoryIndexFunctionCode } from './directory-index-function.js';
export { BuildError, type BuildErrorCode } from './errors.js';
export { BUNDLE_FILE_NAME, EDGEWARD_ESBUILD_OPTIONS } from './esbuild-config.js';
export { ALWAYS_FORBIDDEN, type ForbiddenImport, findForbiddenImports } from './forbidden.js';
export {
  entryOf,
  FUNCTION_KINDS,
  type FunctionKind,
  type RuntimeFunctionConfig,
  toRuntimeConfig,
} from './functions.js';
export { checkJwks, fetchJwks, JWKS_CONTEXT_KEY, jwksUriOf, readJwksFile } from './jwks.js';
export {
  findPublishedSecrets,
  isPublishedSecret,
  PUBLISHED_SECRET_DIGESTS,
  type PublishedSecretUse,
  secretDigest,
} from './published-secrets.js';
export {
  type BundleSizes,
  type EventType,
  formatBytes,
  isOverLimit,
  measure,
  ZIPPED_SIZE_LIMITS,
} from './sizes.js';
export { reproducibleZip } from './zip.js';

/** The virtual module every entry imports its baked configuration from. */
export const CONFIG_MODULE_ID = 'edgeward:config';

/** A progress event for the slow steps. */
export type BuildProgress =
  | { readonly step: 'config'; readonly source: string }
  | { readonly step: 'jwks'; readonly uri: string }
  | { readonly step: 'bundle'; readonly name: string }
  | { readonly step: 'zip'; readonly name: string };

/** Options of {@link buildFunctions}. */
export interface BuildFunctionsOptions {
  /** The configuration, or the path of `edgeward.config.json` / `.ts`. */
  readonly config: EdgewardConfig | string;
  /** Output directory. Default `dist-functions` (relative to the working directory). */
  readonly outDir?: string;
  /** Build only these function names. Default: every function. */
  readonly only?: readonly string[];
  /** A JWKS file baked for every JWKS issuer instead of fetching (offline builds). */
  readonly jwksFile?: string;
  /** HTTP client for build-time JWKS fetches. Default global `fetch`. */
  readonly fetch?: FetchLike;
  /** Progress of the slow steps (JWKS fetch, bundling, zipping). */
  readonly onProgress?: (event: BuildProgress) => void;
  /** Non-fatal configuration findings. */
  readonly onWarning?: (warning: { readonly path: string; readonly message: string }) => void;
  /**
   * Accept the secrets published in edgeward's docs and examples (`stateSecret`, an inline HS256 secret, a
   * baked private key). Default `false`: such a build could be deployed, and anyone can forge state
   * cookies or tokens with a published secret. For local stacks and tests only.
   */
  readonly allowExampleSecrets?: boolean;
}

/** One built function. */
export interface BuiltFunction {
  /** Function name (key under `functions`). */
  readonly name: string;
  readonly type: FunctionType;
  /** `viewer-request` (Lambda@Edge, 1 MB zipped) or `authorizer` (regular Lambda, 50 MB zipped). */
  readonly eventType: EventType;
  /** Absolute directory holding `index.mjs` and its chunks. */
  readonly dir: string;
  /** Absolute path of the bundle's entry, `<dir>/index.mjs`; Lambda handler `index.handler`. */
  readonly entryFile: string;
  /**
   * Every file of the bundle in `dir` (and in the zip), sorted: `index.mjs` and, for a site, the chunks
   * its login path and pages are in. Deploy the whole directory (or the zip), never `index.mjs` alone.
   */
  readonly files: readonly string[];
  /** Absolute path of the deployment zip, `<outDir>/<name>.zip`. */
  readonly zipFile: string;
  /** Sizes in bytes and the percentage of the AWS limit. */
  readonly sizes: BundleSizes;
  /** False when the zip exceeds the AWS limit for the event type (`edgeward build` then exits 1). */
  readonly withinLimit: boolean;
  /** Packages left external (runtime-provided AWS SDK clients in Secrets Manager builds). */
  readonly externals: readonly string[];
}

/**
 * Absolute path of an entry module: the compiled `dist/entries/<name>.js` in an installed package, the
 * TypeScript source `packages/cli/src/entries/<name>.ts` in a development checkout.
 */
export function entryPath(name: string): string {
  const js = fileURLToPath(new URL(`../entries/${name}.js`, import.meta.url));
  return existsSync(js) ? js : fileURLToPath(new URL(`../entries/${name}.ts`, import.meta.url));
}

/**
 * The virtual module the login chunk of a site with CloudFront signed cookies imports the signed-cookie
 * configuration from: all of `signedCookies` (with a baked `privateKey.pem`) but `issuePath` and `mode`,
 * the only fields the code a cold start loads reads (see {@link bakedParts}).
 */
export const SIGNED_COOKIES_MODULE_ID = 'edgeward:signed-cookies';

/** The fields of `signedCookies` kept in the configuration a cold start loads (the route and its mode). */
const COLD_SIGNED_COOKIE_FIELDS = ['issuePath', 'mode'];

/**
 * esbuild plugin resolving {@link CONFIG_MODULE_ID} to the function's runtime configuration and
 * {@link SIGNED_COOKIES_MODULE_ID} to `signedCookies` (only the lazily loaded login chunk imports it, so
 * code a cold start loads does not carry the signing key nor the rest of the signed-cookie settings), as
 * JSON.
 */
export function bakedConfigPlugin(config: unknown, signedCookies?: unknown): Plugin {
  return {
    name: 'edgeward-baked-config',
    setup(build) {
      build.onResolve({ filter: /^edgeward:(config|signed-cookies)$/ }, (args) => ({
        path: args.path.slice('edgeward:'.length),
        namespace: 'edgeward-config',
      }));
      build.onLoad({ filter: /.*/, namespace: 'edgeward-config' }, (args) => ({
        contents: JSON.stringify(args.path === 'config' ? config : (signedCookies ?? null)),
        loader: 'json',
      }));
    },
  };
}

/**
 * The baked configuration of a bundle, and for a site with CloudFront signed cookies (the
 * `site-signed-cookies` and `site-secrets-manager` entries) its signed-cookie settings apart: the
 * configuration keeps `signedCookies.issuePath` and `mode` (read per request), the rest (the key id, the
 * policy, a baked private key) goes to {@link SIGNED_COOKIES_MODULE_ID}, which only the login chunk
 * imports. Every other bundle keeps its configuration whole.
 */
function bakedParts(entryName: string, runtimeConfig: unknown): { config: unknown; signedCookies?: unknown } {
  const signed = (runtimeConfig as { signedCookies?: Record<string, unknown> } | null)?.signedCookies;
  if (signed === undefined || !SIGNED_COOKIE_ENTRIES.includes(entryName)) return { config: runtimeConfig };
  const cold = Object.fromEntries(
    Object.entries(signed).filter(([k]) => COLD_SIGNED_COOKIE_FIELDS.includes(k)),
  );
  return { config: { ...(runtimeConfig as object), signedCookies: cold }, signedCookies: signed };
}

/** AWS SDK clients, provided by the Lambda `nodejs22.x` runtime, left external in Secrets Manager builds. */
const SDK_EXTERNALS = ['@aws-sdk/client-*'];

/** A bundled function in memory. */
export interface FunctionBundle {
  /** Every file of the bundle by its name in the function directory and the zip (`index.mjs`, chunks). */
  readonly files: Readonly<Record<string, Uint8Array>>;
  /**
   * The files a cold start loads: `index.mjs` and the chunks it imports statically (transitively), in
   * that order. The other chunks are loaded on first use (dynamic `import()`).
   */
  readonly coldFiles: readonly string[];
  /** Packages left external. */
  readonly externals: string[];
}

/**
 * Bundles one function in memory with the shared esbuild configuration: `index.mjs` and, for code behind
 * a dynamic `import()`, chunk files next to it.
 *
 * @returns the bundle's files, which of them a cold start loads, and the packages left external
 * @throws BuildError `bundle_failed` (esbuild errors) or `forbidden_import`
 */
export async function bundleFunction(
  name: string,
  fn: FunctionConfig,
  runtimeConfig: unknown,
  secretsManager: boolean,
): Promise<FunctionBundle> {
  const { build } = await import('esbuild');
  const entryName = entryOf(fn, secretsManager);
  const entry = entryPath(entryName);
  const baked = bakedParts(entryName, runtimeConfig);
  const lazyModule = entryPath(lazyModuleOf(entryName));
  const run = async (unreachable: ReadonlySet<string>) => {
    try {
      return await build({
        ...EDGEWARD_ESBUILD_OPTIONS,
        conditions: esbuildConditions(entry.endsWith('.ts')),
        entryPoints: [entry],
        outdir: OUT_DIR,
        write: false,
        external: secretsManager ? SDK_EXTERNALS : [],
        plugins: [
          bakedConfigPlugin(baked.config, baked.signedCookies),
          unreachableImportsPlugin(unreachable),
          esmShimPlugin(),
          lazyImportsPlugin(lazyModule),
        ],
        define: { ...bundleDefinesOf(fn), ...bundleSwitches(runtimeConfig) },
      });
    } catch (e) {
      const errors = (e as { errors?: { text: string; location?: { file: string; line: number } | null }[] })
        .errors;
      const detail = errors?.map((er) =>
        er.location ? `${er.location.file}:${er.location.line}: ${er.text}` : er.text,
      );
      throw new BuildError(
        'bundle_failed',
        `bundling ${name} failed: ${detail?.join('; ') ?? (e as Error).message}`,
        {
          cause: e,
        },
      );
    }
  };
  let result = await run(new Set());
  // A dynamic import inside code tree shaking removed (the AWS SDK has some) still splits the code it
  // shares with the rest into extra chunks, which `index.mjs` then loads: build again with those imports
  // stubbed, so chunks follow only the imports the bundle can reach.
  const unreachable = unreachableDynamicImports(result.metafile!);
  if (unreachable.size > 0) result = await run(unreachable);
  const metafile = result.metafile!;
  assertLazyExport(name, metafile, lazyModule);
  const forbidden = findForbiddenImports(metafile, { allowSdkClientsAsExternal: secretsManager });
  if (forbidden.length > 0) {
    const list = forbidden.map((f) => `${f.packageName} (via ${f.via})`).join(', ');
    throw new BuildError('forbidden_import', `${name}: forbidden imports in the bundle: ${list}`, {
      forbidden,
    });
  }
  const externals = new Set<string>();
  for (const input of Object.values(metafile.inputs)) {
    for (const imp of input.imports) if (imp.external && !isBuiltin(imp.path)) externals.add(imp.path);
  }
  // Only the files `index.mjs` can load: esbuild also writes chunks for dynamic imports inside code that
  // tree shaking removed (the AWS SDK has some), which nothing imports.
  const reachable = reachableFiles(metafile);
  const files: Record<string, Uint8Array> = {};
  for (const file of result.outputFiles!) {
    const name = relative(OUT_DIR, file.path);
    if (reachable.has(name)) files[name] = file.contents;
  }
  if (files[BUNDLE_FILE_NAME] === undefined) {
    throw new BuildError('bundle_failed', `bundling ${name} failed: no ${BUNDLE_FILE_NAME} was written`);
  }
  return { files, coldFiles: reachedFrom(metafile, false), externals: [...externals].sort() };
}

/**
 * Validates the configuration, bakes each selected function's config and JWKS into a bundle, writes
 * `<outDir>/<name>/index.mjs` and `<outDir>/<name>.zip`, and measures them.
 *
 * @returns the built functions in configuration order; check `withinLimit`
 * @throws ConfigValidationError / ConfigLoadError for an invalid configuration; BuildError for an unknown
 *   `only` name, a JWKS that cannot be fetched or read, a bundling error, a forbidden import, or
 *   (`published_secret`) a secret published in edgeward's docs or examples unless `allowExampleSecrets`
 */
export async function buildFunctions(options: BuildFunctionsOptions): Promise<BuiltFunction[]> {
  const progress = options.onProgress ?? (() => {});
  let config: EdgewardConfig;
  if (typeof options.config === 'string') {
    progress({ step: 'config', source: options.config });
    config = await loadConfig(options.config, { onWarning: options.onWarning });
  } else {
    config = validateConfig(options.config, { onWarning: options.onWarning });
  }
  const names = Object.keys(config.functions);
  for (const wanted of options.only ?? []) {
    if (!names.includes(wanted)) {
      throw new BuildError(
        'unknown_function',
        `no function named ${JSON.stringify(wanted)} (configured: ${names.map((n) => JSON.stringify(n)).join(', ')})`,
      );
    }
  }
  const selected = options.only?.length ? names.filter((n) => options.only!.includes(n)) : names;
  if (!options.allowExampleSecrets) {
    const published = findPublishedSecrets(config, selected);
    if (published.length > 0) {
      throw new BuildError(
        'published_secret',
        published
          .map(
            (p) =>
              `${p.path}: this value is published in edgeward's docs or examples, so anyone could use it; ${p.remedy}`,
          )
          .join('\n'),
      );
    }
  }
  const outDir = resolve(options.outDir ?? 'dist-functions');
  let jwksFile: Jwks | undefined;
  jwksFile = options.jwksFile ? await readJwksFile(options.jwksFile) : undefined;
  const jwksCache = new Map<string, Promise<Jwks>>();
  const built: BuiltFunction[] = [];
  for (const name of selected) {
    const fn = config.functions[name]!;
    const declared = config.issuers[fn.issuer]!;
    const issuer = await withBakedJwks(
      declared,
      { jwksFile, fetch: options.fetch ?? fetch, onFetch: (uri) => progress({ step: 'jwks', uri }) },
      jwksCache,
    );
    const secretsManager = usesSecretsManager(fn, issuer);
    progress({ step: 'bundle', name });
    const bundle = await bundleFunction(name, fn, toRuntimeConfig(fn, issuer), secretsManager);
    const { files, externals } = bundle;
    progress({ step: 'zip', name });
    const zip = reproducibleZip(files);
    const dir = join(outDir, name);
    // a fresh directory: chunk names carry content hashes, so an earlier build's chunks would linger
    await rm(dir, { recursive: true, force: true });
    await mkdir(dir, { recursive: true });
    const entryFile = join(dir, BUNDLE_FILE_NAME);
    const zipFile = join(outDir, `${name}.zip`);
    for (const [file, contents] of Object.entries(files)) await writeFile(join(dir, file), contents);
    await writeFile(zipFile, zip);
    const eventType = FUNCTION_KINDS[fn.type].eventType;
    const sizes = measure(files, bundle.coldFiles, zip, eventType);
    built.push({
      name,
      type: fn.type,
      eventType,
      dir,
      entryFile,
      files: Object.keys(files).sort(),
      zipFile,
      sizes,
      withinLimit: !isOverLimit(sizes),
      externals,
    });
  }
  return built;
}
