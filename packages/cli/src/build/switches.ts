/**
 * The configuration-driven build switches: esbuild `define`s that let a bundle drop the code its baked
 * configuration never uses (folded path readings, resource rules, claim placeholders, the other issuer
 * profile's claims checks, identity headers, Amplify cookie names, the identity-pool defaults, the
 * verified-token cache, EC/EdDSA key preparation). Each switch is read in place in
 * the runtime code (`globalThis.EDGEWARD_*`), which refuses a configuration that needs what was dropped
 * (`config_invalid`) rather than skipping it; outside a bundle every switch is undefined (all code there).
 *
 * @module
 */

/** Whether a function's configuration needs the folded path readings (`originPaths` other than `standard`). */
function foldsPaths(runtimeConfig: unknown): boolean {
  const originPaths = (runtimeConfig as { originPaths?: unknown } | null)?.originPaths;
  return originPaths !== undefined && originPaths !== 'standard';
}

/** Whether any rule of a function's configuration is an API Gateway `resource` rule. */
function usesResourceRules(runtimeConfig: unknown): boolean {
  const rules = (runtimeConfig as { rules?: { rules?: readonly { resource?: unknown }[] } } | null)?.rules;
  return rules?.rules?.some((r) => r.resource !== undefined) ?? false;
}

/** Whether any `path` rule of a function's configuration has a claim placeholder (`{sub}`). */
function usesClaimPlaceholders(runtimeConfig: unknown): boolean {
  const rules = (runtimeConfig as { rules?: { rules?: readonly { path?: unknown }[] } } | null)?.rules;
  return rules?.rules?.some((r) => typeof r.path === 'string' && r.path.includes('{')) ?? false;
}

/**
 * Whether a function's issuer accepts signatures other than RS256/RS384/RS512: an OIDC issuer whose
 * `algorithms` (default `["RS256"]`) name one. Cognito signs with RS256 only; HS256 has no JWKS.
 */
function acceptsNonRsaKeys(runtimeConfig: unknown): boolean {
  const issuer = (runtimeConfig as { issuer?: { kind?: unknown; algorithms?: unknown } } | null)?.issuer;
  if (issuer?.kind !== 'oidc') return false;
  const algorithms = Array.isArray(issuer.algorithms) ? issuer.algorithms : ['RS256'];
  return algorithms.some((a) => typeof a !== 'string' || !/^RS(256|384|512)$/.test(a));
}

/** Whether a site's session cookies are named as Amplify names them (`cookies.naming: "amplify"`). */
function namesCookiesAsAmplify(runtimeConfig: unknown): boolean {
  return (runtimeConfig as { cookies?: { naming?: unknown } } | null)?.cookies?.naming === 'amplify';
}

/** The `kind` of a function's issuer (`cognito`, `oidc`, `hs256`). */
function issuerKindOf(runtimeConfig: unknown): unknown {
  return (runtimeConfig as { issuer?: { kind?: unknown } } | null)?.issuer?.kind;
}

/**
 * The `define`s of a function's bundle: whether each optional part of the runtime is compiled in, from its
 * baked (runtime) configuration.
 */
export function bundleSwitches(runtimeConfig: unknown): Record<string, string> {
  const identityHeaders = (runtimeConfig as { identityHeaders?: { enabled?: unknown } } | null)
    ?.identityHeaders;
  return {
    // folded path readings only in bundles whose configuration asks for them (core/rules/readings.ts)
    'globalThis.EDGEWARD_FOLDED_READINGS': String(foldsPaths(runtimeConfig)),
    'globalThis.EDGEWARD_RESOURCE_RULES': String(usesResourceRules(runtimeConfig)),
    // claim placeholders only in bundles whose rules have one (core/rules/glob.ts)
    'globalThis.EDGEWARD_CLAIM_PLACEHOLDERS': String(usesClaimPlaceholders(runtimeConfig)),
    // the claims checks of the baked issuer's profile only (core/verify/claims.ts)
    'globalThis.EDGEWARD_COGNITO_CLAIMS': String(issuerKindOf(runtimeConfig) === 'cognito'),
    'globalThis.EDGEWARD_GENERIC_CLAIMS': String(issuerKindOf(runtimeConfig) !== 'cognito'),
    // identity headers only in sites that enable them (cloudfront/origin.ts)
    'globalThis.EDGEWARD_IDENTITY_HEADERS': String(identityHeaders?.enabled === true),
    // Amplify cookie names only in sites that use them (core/session/session-names.ts, cookies.ts)
    'globalThis.EDGEWARD_AMPLIFY_COOKIES': String(namesCookiesAsAmplify(runtimeConfig)),
    // the identity-pool route's defaults only in sites that have one (cloudfront/config.ts)
    'globalThis.EDGEWARD_IDENTITY_POOL': String(
      (runtimeConfig as { identityPool?: unknown } | null)?.identityPool !== undefined,
    ),
    // the verified-token cache only for an issuer whose cacheSize is not 0 (core/verify/verifier.ts)
    'globalThis.EDGEWARD_TOKEN_CACHE': String(
      (runtimeConfig as { issuer?: { cacheSize?: unknown } } | null)?.issuer?.cacheSize !== 0,
    ),
    // EC and EdDSA keys only for an issuer that accepts their algorithms (core/verify/keys.ts)
    'globalThis.EDGEWARD_NON_RSA_KEYS': String(acceptsNonRsaKeys(runtimeConfig)),
  };
}
