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
 * The virtual module of the login chunk of a site with CloudFront signed cookies: the whole
 * `signedCookies` configuration (with a baked `privateKey.pem`), kept out of `edgeward:config` — which
 * keeps only `issuePath` and `mode` — so that code a cold start loads carries neither the key nor the
 * other signed-cookie settings (`buildFunctions`, esbuild plugin `edgeward-baked-config`). It exists only
 * inside an edgeward build.
 */
declare module 'edgeward:signed-cookies' {
  const signedCookies: import('edgeward/internal/core/signed-cookies/config.js').SignedCookiesConfig;
  export default signedCookies;
}

/**
 * Defined by `buildFunctions` (an esbuild `define`, `bundleDefinesOf`): `true` only in the bundle of a
 * site with `identityPool`, so other bundles never contain the credentials route.
 */
declare const __EDGEWARD_CREDENTIALS_ROUTE__: boolean;
