/**
 * The chunks of a split bundle: which output files `index.mjs` reaches (statically: what a cold start
 * loads; or also through dynamic imports), dynamic imports no reachable code can make (stubbed in a
 * second pass so they do not split chunks), and the JWKS fetch module redirected to the bundle's lazily
 * loaded module.
 *
 * @module
 */
import { relative, resolve } from 'node:path';
import type { Metafile, Plugin } from 'esbuild';
import { BuildError } from './errors.js';
import { BUNDLE_FILE_NAME } from './esbuild-config.js';
import { LAZY_EXPORT } from './functions.js';

/** The in-memory output directory esbuild is given (nothing is written there). */
export const OUT_DIR = resolve('/edgeward-bundle');

/**
 * `index.mjs` and the chunks it imports, transitively, in visiting order: statically only (what a cold
 * start loads, see {@link FunctionBundle}), or also through dynamic imports (every file it can load).
 */
export function reachedFrom(metafile: Metafile, dynamic: boolean): string[] {
  const outputs = metafile.outputs;
  const byName = new Map(Object.keys(outputs).map((k) => [relative(OUT_DIR, resolve(k)), k] as const));
  const seen: string[] = [];
  const visit = (file: string): void => {
    if (seen.includes(file)) return;
    seen.push(file);
    for (const imp of outputs[byName.get(file) ?? '']?.imports ?? []) {
      const follow = imp.kind === 'import-statement' || (dynamic && imp.kind === 'dynamic-import');
      if (follow && !imp.external) visit(relative(OUT_DIR, resolve(imp.path)));
    }
  };
  visit(BUNDLE_FILE_NAME);
  return seen;
}

/** Every output file `index.mjs` can load, statically or through dynamic imports. */
export function reachableFiles(metafile: Metafile): Set<string> {
  return new Set(reachedFrom(metafile, true));
}

/** The key store module whose dynamic import of `jwks-fetch.js` {@link lazyImportsPlugin} redirects. */
const JWKS_STORE = /[\\/]core[\\/]verify[\\/]jwks\.[jt]s$/;

/**
 * esbuild plugin pointing the JWKS key store's dynamic `import('./jwks-fetch.js')` at `lazyModule` (see
 * `lazyModuleOf`: the login module of a site, the entry itself of an authorizer), which re-exports it.
 */
export function lazyImportsPlugin(lazyModule: string): Plugin {
  return {
    name: 'edgeward-lazy-imports',
    setup(build) {
      build.onResolve({ filter: /^\.\/jwks-fetch\.js$/ }, (args) =>
        args.kind === 'dynamic-import' && JWKS_STORE.test(args.importer) ? { path: lazyModule } : undefined,
      );
    },
  };
}

/**
 * Checks that the bundle's lazily loaded module exports {@link LAZY_EXPORT}: without it a bundle would
 * load, and fail on its first JWKS fetch (after the JWKS TTL or on a rotated key).
 *
 * @throws BuildError `bundle_failed`
 */
export function assertLazyExport(name: string, metafile: Metafile, lazyModule: string): void {
  const output = Object.values(metafile.outputs).find(
    (o) => o.entryPoint !== undefined && resolve(o.entryPoint) === lazyModule,
  );
  if (!output?.exports.includes(LAZY_EXPORT)) {
    throw new BuildError(
      'bundle_failed',
      `bundling ${name} failed: its lazily loaded module ${relative(process.cwd(), lazyModule)} does not export ${LAZY_EXPORT}`,
    );
  }
}

/** The namespace of the stub modules {@link unreachableImportsPlugin} resolves to. */
const UNREACHABLE_NAMESPACE = 'edgeward-unreachable';

/** `importer` + specifier, the key of one import statement. */
function importKey(importer: string, specifier: string): string {
  return `${resolve(importer)}\0${specifier}`;
}

/**
 * The dynamic imports (as {@link importKey}s) whose chunk `index.mjs` can never load: they sit in code
 * tree shaking removed.
 */
export function unreachableDynamicImports(metafile: Metafile): Set<string> {
  const reachable = reachableFiles(metafile);
  const unreachableInputs = new Set<string>();
  for (const [name, output] of Object.entries(metafile.outputs)) {
    const file = relative(OUT_DIR, resolve(name));
    if (output.entryPoint !== undefined && !reachable.has(file)) unreachableInputs.add(output.entryPoint);
  }
  const keys = new Set<string>();
  for (const [importer, input] of Object.entries(metafile.inputs)) {
    for (const imp of input.imports) {
      if (imp.kind === 'dynamic-import' && unreachableInputs.has(imp.path) && imp.original !== undefined) {
        keys.add(importKey(importer, imp.original));
      }
    }
  }
  return keys;
}

/**
 * esbuild plugin resolving the given dynamic imports (`unreachableDynamicImports`) to a stub module that
 * throws if it were ever loaded (it cannot be: its importer is not in the bundle, and no file of the
 * bundle holds the stub; docs/errors.md).
 */
export function unreachableImportsPlugin(unreachable: ReadonlySet<string>): Plugin {
  return {
    name: 'edgeward-unreachable-imports',
    setup(build) {
      if (unreachable.size === 0) return;
      build.onResolve({ filter: /.*/ }, (args) =>
        args.kind === 'dynamic-import' && unreachable.has(importKey(args.importer, args.path))
          ? { path: args.path, namespace: UNREACHABLE_NAMESPACE }
          : undefined,
      );
      build.onLoad({ filter: /.*/, namespace: UNREACHABLE_NAMESPACE }, (args) => ({
        contents: `throw new Error(${JSON.stringify(`${args.path} is not in this bundle`)});`,
        loader: 'js',
      }));
    },
  };
}
