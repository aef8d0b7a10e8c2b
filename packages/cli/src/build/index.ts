/**
 * `buildFunctions`: turns the configured functions into deployable Lambda bundles — one minified ES module
 * `dist-functions/<name>/index.mjs` (exporting `handler`) with the validated configuration and the issuer's
 * JWKS baked in, plus a reproducible `dist-functions/<name>.zip` — and measures them against AWS limits.
 *
 * Used by `edgeward build`, the CDK constructs and the tests.
 *
 * @module
 */
import { existsSync } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import { isBuiltin } from 'node:module';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Jwks } from 'edgeward/internal/core/config.js';
import type { FetchLike } from 'edgeward/internal/core/runtime.js';
import type { Plugin } from 'esbuild';
import { loadConfig } from '../config/load.js';
import type { EdgewardConfig, FunctionConfig, FunctionType } from '../config/types.js';
import { validateConfig } from '../config/validate.js';
import { BUNDLE_FILE_NAME, EDGEWARD_ESBUILD_OPTIONS, esbuildConditions } from './esbuild-config.js';
import { type ForbiddenImport, findForbiddenImports } from './forbidden.js';
import {
  bundleDefinesOf,
  entryOf,
  FUNCTION_KINDS,
  toRuntimeConfig,
  usesSecretsManager,
} from './functions.js';
import { readJwksFile, withBakedJwks } from './jwks.js';
import { type BundleSizes, type EventType, isOverLimit, measure } from './sizes.js';
import { reproducibleZip } from './zip.js';

/** The version of the build (`@edgeward/cli`), folded into CDK asset hashes. */
export { VERSION } from '../version.js';
export { BUNDLE_FILE_NAME, EDGEWARD_ESBUILD_OPTIONS } from './esbuild-config.js';
export { ALWAYS_FORBIDDEN, type ForbiddenImport, findForbiddenImports } from './forbidden.js';
export {
  entryOf,
  FUNCTION_KINDS,
  type FunctionKind,
  type RuntimeFunctionConfig,
  toRuntimeConfig,
} from './functions.js';
export { checkJwks, fetchJwks, jwksUriOf, readJwksFile } from './jwks.js';
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
}

/** One built function. */
export interface BuiltFunction {
  /** Function name (key under `functions`). */
  readonly name: string;
  readonly type: FunctionType;
  /** `viewer-request` (Lambda@Edge, 1 MB zipped) or `authorizer` (regular Lambda, 50 MB zipped). */
  readonly eventType: EventType;
  /** Absolute directory holding `index.mjs`. */
  readonly dir: string;
  /** Absolute path of the bundle, `<dir>/index.mjs`; Lambda handler `index.handler`. */
  readonly entryFile: string;
  /** Absolute path of the deployment zip, `<outDir>/<name>.zip`. */
  readonly zipFile: string;
  /** Sizes in bytes and the percentage of the AWS limit. */
  readonly sizes: BundleSizes;
  /** False when the zip exceeds the AWS limit for the event type (`edgeward build` then exits 1). */
  readonly withinLimit: boolean;
  /** Packages left external (runtime-provided AWS SDK clients in Secrets Manager builds). */
  readonly externals: readonly string[];
}

/** Why a build failed. */
export type BuildErrorCode = 'unknown_function' | 'forbidden_import' | 'bundle_failed' | 'jwks_unavailable';

/** A build failure other than an invalid configuration (which throws `ConfigValidationError`). */
export class BuildError extends Error {
  readonly code: BuildErrorCode;
  /** For `forbidden_import`: the offending packages. */
  readonly forbidden: readonly ForbiddenImport[];
  constructor(
    code: BuildErrorCode,
    message: string,
    options: { cause?: unknown; forbidden?: ForbiddenImport[] } = {},
  ) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'BuildError';
    this.code = code;
    this.forbidden = options.forbidden ?? [];
  }
}

/**
 * Absolute path of an entry module: the compiled `dist/entries/<name>.js` in an installed package, the
 * TypeScript source `packages/cli/src/entries/<name>.ts` in a development checkout.
 */
export function entryPath(name: string): string {
  const js = fileURLToPath(new URL(`../entries/${name}.js`, import.meta.url));
  return existsSync(js) ? js : fileURLToPath(new URL(`../entries/${name}.ts`, import.meta.url));
}

/** esbuild plugin resolving {@link CONFIG_MODULE_ID} to the function's runtime configuration, as JSON. */
export function bakedConfigPlugin(config: unknown): Plugin {
  return {
    name: 'edgeward-baked-config',
    setup(build) {
      build.onResolve({ filter: /^edgeward:config$/ }, () => ({
        path: 'config',
        namespace: 'edgeward-config',
      }));
      build.onLoad({ filter: /.*/, namespace: 'edgeward-config' }, () => ({
        contents: JSON.stringify(config),
        loader: 'json',
      }));
    },
  };
}

/** AWS SDK clients, provided by the Lambda `nodejs22.x` runtime, left external in Secrets Manager builds. */
const SDK_EXTERNALS = ['@aws-sdk/client-*'];

/**
 * Bundles one function in memory with the shared esbuild configuration.
 *
 * @returns the bundle bytes and the packages left external
 * @throws BuildError `bundle_failed` (esbuild errors) or `forbidden_import`
 */
export async function bundleFunction(
  name: string,
  fn: FunctionConfig,
  runtimeConfig: unknown,
  secretsManager: boolean,
): Promise<{ code: Uint8Array; externals: string[] }> {
  const { build } = await import('esbuild');
  const entry = entryPath(entryOf(fn, secretsManager));
  let result: Awaited<ReturnType<typeof build>>;
  try {
    result = await build({
      ...EDGEWARD_ESBUILD_OPTIONS,
      conditions: esbuildConditions(entry.endsWith('.ts')),
      entryPoints: [entry],
      outfile: BUNDLE_FILE_NAME,
      write: false,
      external: secretsManager ? SDK_EXTERNALS : [],
      define: bundleDefinesOf(fn),
      plugins: [bakedConfigPlugin(runtimeConfig)],
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
  const metafile = result.metafile!;
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
  return { code: result.outputFiles![0]!.contents, externals: [...externals].sort() };
}

/**
 * Validates the configuration, bakes each selected function's config and JWKS into a bundle, writes
 * `<outDir>/<name>/index.mjs` and `<outDir>/<name>.zip`, and measures them.
 *
 * @returns the built functions in configuration order; check `withinLimit`
 * @throws ConfigValidationError / ConfigLoadError for an invalid configuration; BuildError for an unknown
 *   `only` name, a JWKS that cannot be fetched or read, a bundling error or a forbidden import
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
  const outDir = resolve(options.outDir ?? 'dist-functions');
  let jwksFile: Jwks | undefined;
  try {
    jwksFile = options.jwksFile ? await readJwksFile(options.jwksFile) : undefined;
  } catch (e) {
    throw new BuildError('jwks_unavailable', (e as Error).message, { cause: e });
  }
  const jwksCache = new Map<string, Promise<Jwks>>();
  const built: BuiltFunction[] = [];
  for (const name of selected) {
    const fn = config.functions[name]!;
    const declared = config.issuers[fn.issuer]!;
    let issuer: typeof declared;
    try {
      issuer = await withBakedJwks(
        declared,
        { jwksFile, fetch: options.fetch ?? fetch, onFetch: (uri) => progress({ step: 'jwks', uri }) },
        jwksCache,
      );
    } catch (e) {
      throw new BuildError('jwks_unavailable', (e as Error).message, { cause: e });
    }
    const secretsManager = usesSecretsManager(fn, issuer);
    progress({ step: 'bundle', name });
    const { code, externals } = await bundleFunction(name, fn, toRuntimeConfig(fn, issuer), secretsManager);
    progress({ step: 'zip', name });
    const zip = reproducibleZip({ [BUNDLE_FILE_NAME]: code });
    const dir = join(outDir, name);
    await mkdir(dir, { recursive: true });
    const entryFile = join(dir, BUNDLE_FILE_NAME);
    const zipFile = join(outDir, `${name}.zip`);
    await writeFile(entryFile, code);
    await writeFile(zipFile, zip);
    const eventType = FUNCTION_KINDS[fn.type].eventType;
    const sizes = measure(code, zip, eventType);
    built.push({
      name,
      type: fn.type,
      eventType,
      dir,
      entryFile,
      zipFile,
      sizes,
      withinLimit: !isOverLimit(sizes),
      externals,
    });
  }
  return built;
}
