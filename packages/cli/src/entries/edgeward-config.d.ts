/**
 * The virtual module every bundle entry imports: the function's validated runtime configuration, baked
 * into the bundle as JSON by `buildFunctions` (esbuild plugin `edgeward-baked-config`). It exists only
 * inside an edgeward build.
 */
declare module 'edgeward:config' {
  const config: unknown;
  export default config;
}

/**
 * The virtual module of the `site-signed-cookies` bundle's login chunk: the baked CloudFront signing key
 * (PKCS #8 PEM text), kept out of `edgeward:config` so that code a cold start loads does not carry it
 * (`buildFunctions`, esbuild plugin `edgeward-baked-config`). It exists only inside an edgeward build.
 */
declare module 'edgeward:signing-key' {
  const pem: string;
  export default pem;
}

/**
 * Defined by `buildFunctions` (an esbuild `define`, `bundleDefinesOf`): `true` only in the bundle of a
 * site with `identityPool`, so other bundles never contain the credentials route.
 */
declare const __EDGEWARD_CREDENTIALS_ROUTE__: boolean;
