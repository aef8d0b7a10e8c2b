/**
 * The forbidden-import check: edge and authorizer bundles must never contain the dev world (bundler,
 * validator, CDK, the local identity provider) nor, in the default entries, the AWS SDK clients.
 *
 * @module
 */
import type { Metafile } from 'esbuild';

/** Packages that must never end up in any bundle. */
export const ALWAYS_FORBIDDEN: readonly string[] = [
  'esbuild',
  'valibot',
  'aws-cdk-lib',
  'constructs',
  'oidc-provider',
  'commander',
  'tsx',
  'fflate',
];

/**
 * AWS SDK clients: forbidden in default entries; allowed only as **externals** (provided by the Lambda
 * Node.js runtime) in builds that read a key or secret from Secrets Manager.
 */
export const SDK_CLIENT_PATTERN = /^@aws-sdk\/client-/;

/** One import that broke the rules. */
export interface ForbiddenImport {
  /** The package name, e.g. `valibot`. */
  readonly packageName: string;
  /** The bundled input file that pulled it in, or `(external import)`. */
  readonly via: string;
}

/** The npm package a bundled input file (a metafile `inputs` key) belongs to, if it is in `node_modules`. */
export function packageOfInput(inputPath: string): string | undefined {
  const normalized = inputPath.replaceAll('\\', '/');
  const i = normalized.lastIndexOf('node_modules/');
  return i < 0 ? undefined : packageOfSpecifier(normalized.slice(i + 'node_modules/'.length));
}

/** The npm package a bare import specifier names (`@aws-sdk/client-s3/x` → `@aws-sdk/client-s3`). */
export function packageOfSpecifier(specifier: string): string | undefined {
  if (specifier.startsWith('.') || specifier.startsWith('/') || specifier.includes(':')) return undefined;
  const parts = specifier.split('/');
  if (parts[0]?.startsWith('@')) return parts.length > 1 ? `${parts[0]}/${parts[1]}` : undefined;
  return parts[0] || undefined;
}

/**
 * Lists forbidden packages found in a build's metafile: any bundled input from a forbidden package, and
 * any external import of one. AWS SDK clients are tolerated only as externals and only when
 * `allowSdkClientsAsExternal` is true.
 */
export function findForbiddenImports(
  metafile: Metafile,
  options: { readonly allowSdkClientsAsExternal: boolean },
): ForbiddenImport[] {
  const found = new Map<string, ForbiddenImport>();
  const check = (pkg: string | undefined, via: string, external: boolean) => {
    if (!pkg) return;
    const sdk = SDK_CLIENT_PATTERN.test(pkg);
    const bad = ALWAYS_FORBIDDEN.includes(pkg) || (sdk && !(external && options.allowSdkClientsAsExternal));
    if (bad && !found.has(pkg)) found.set(pkg, { packageName: pkg, via });
  };
  for (const [input, info] of Object.entries(metafile.inputs)) {
    check(packageOfInput(input), input, false);
    for (const imp of info.imports) {
      if (imp.external) check(packageOfSpecifier(imp.path), input, true);
    }
  }
  return [...found.values()];
}
