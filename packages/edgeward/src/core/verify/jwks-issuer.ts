/**
 * The lean resolver of JWKS issuers (Cognito user pools and generic OIDC issuers): applies the defaults
 * and builds the JWKS store and the signature check, **without** configuration checks. Those are in
 * `issuer-checks.ts` ({@link validateIssuer}), run by `createVerifier` and by `edgeward build` before the
 * configuration is baked into a bundle; a bundle only carries this module. Token checks are untouched:
 * they all run per request in `verifier.ts`.
 *
 * @module
 */
import type { CognitoIssuerConfig, IssuerCommon, OidcIssuerConfig } from '../config.js';
import { jsonLogger, type RuntimeDeps } from '../runtime.js';
import type { ClaimPolicy } from './claims.js';
import type { HeaderPolicy } from './header.js';
import { JwksStore } from './jwks.js';
import { verifyJwsSignature } from './jws.js';
import type { ParsedJws } from './parse.js';
import type { VerifiedHeader } from './types.js';

/** Defaults (seconds unless the name ends in `Ms`). */
export const VERIFY_DEFAULTS = {
  clockToleranceSeconds: 0,
  maxClockToleranceSeconds: 300,
  maxTokenBytes: 8192,
  cacheSize: 1000,
  groupsClaim: 'cognito:groups',
  cooldownSeconds: 30,
  ttlSeconds: 3600,
  timeoutMs: 1500,
} as const;

/** Everything the verifier needs for one issuer. */
export interface ResolvedIssuer {
  readonly header: HeaderPolicy;
  readonly claims: ClaimPolicy;
  readonly maxTokenBytes: number;
  readonly cacheSize: number;
  /**
   * Verifies the signature of `parsed` (after the header and `iss` checks) for its checked header `alg`
   * and `kid`; returns a promise only when it must wait (a JWKS fetch), else `undefined`.
   *
   * @throws AuthError (synchronously, or as the promise's rejection)
   */
  readonly verifySignature: (parsed: ParsedJws, header: VerifiedHeader) => Promise<void> | undefined;
  /** The JWKS store, for JWKS issuers. */
  readonly keys?: JwksStore;
}

/**
 * The Cognito user pool issuer URL, `https://cognito-idp.{region}.amazonaws.com/{userPoolId}`, without
 * checking the region or pool id (see `cognitoIssuerUrl` for the checked form).
 *
 * @see https://docs.aws.amazon.com/cognito/latest/developerguide/amazon-cognito-user-pools-using-tokens-verifying-a-jwt.html
 */
export function cognitoIssuerOf(config: Pick<CognitoIssuerConfig, 'region' | 'userPoolId'>): string {
  return `https://cognito-idp.${config.region}.amazonaws.com/${config.userPoolId}`;
}

/** The claim-policy fields every issuer kind shares, with defaults. */
export function commonClaims(
  config: IssuerCommon,
): Pick<ClaimPolicy, 'toleranceSeconds' | 'requiredClaims' | 'groupsClaim'> {
  return {
    toleranceSeconds: config.clockToleranceSeconds ?? VERIFY_DEFAULTS.clockToleranceSeconds,
    requiredClaims: config.requiredClaims ?? [],
    groupsClaim: config.groupsClaim ?? VERIFY_DEFAULTS.groupsClaim,
  };
}

/** The token size and cache limits, with defaults. */
export function limits(config: IssuerCommon): Pick<ResolvedIssuer, 'maxTokenBytes' | 'cacheSize'> {
  return {
    maxTokenBytes: config.maxTokenBytes ?? VERIFY_DEFAULTS.maxTokenBytes,
    cacheSize: config.cacheSize ?? VERIFY_DEFAULTS.cacheSize,
  };
}

/**
 * Resolves a Cognito or OIDC issuer: the pinned algorithms (`RS256` for Cognito; `algorithms`, default
 * `RS256`, for OIDC), `kid` required, the JWKS store (baked `jwks` installed at once, `jwksUri` otherwise;
 * cool-down, TTL and timeout from `jwksPolicy` with {@link VERIFY_DEFAULTS}) and the claim policy.
 *
 * @param config - an issuer that `validateIssuer` accepted
 * @param deps - clock (ms, default `Date.now`), fetch (default global `fetch`), logger (default JSON lines)
 * @throws TypeError only for a `jwksUri` that is not a URL (impossible after validation)
 */
export function resolveJwksIssuer(
  config: CognitoIssuerConfig | OidcIssuerConfig,
  deps: RuntimeDeps,
): ResolvedIssuer {
  const cognito = config.kind === 'cognito';
  const issuer = cognito ? cognitoIssuerOf(config) : config.issuer;
  const policy = config.jwksPolicy;
  const store = new JwksStore({
    uri: new URL(config.jwksUri ?? `${issuer}/.well-known/jwks.json`).href,
    ...(config.jwks ? { baked: config.jwks } : {}),
    clock: deps.clock ?? Date.now,
    fetch: deps.fetch ?? ((input, init) => globalThis.fetch(input, init)),
    logger: deps.logger ?? jsonLogger,
    cooldownMs: (policy?.cooldownSeconds ?? VERIFY_DEFAULTS.cooldownSeconds) * 1000,
    ttlMs: (policy?.ttlSeconds ?? VERIFY_DEFAULTS.ttlSeconds) * 1000,
    timeoutMs: policy?.timeoutMs ?? VERIFY_DEFAULTS.timeoutMs,
  });
  const claims: ClaimPolicy = cognito
    ? { profile: 'cognito', issuer, clientIds: new Set(config.clientIds), ...commonClaims(config) }
    : {
        profile: 'oidc',
        issuer,
        ...(config.audience === undefined ? {} : { audience: new Set(config.audience) }),
        ...(config.clientIds === undefined ? {} : { clientIds: new Set(config.clientIds) }),
        ...commonClaims(config),
      };
  return {
    header: {
      algorithms: new Set(cognito ? ['RS256'] : (config.algorithms ?? ['RS256'])),
      requireKid: true,
    },
    claims,
    ...limits(config),
    keys: store,
    verifySignature: (parsed, header) => {
      // `kid` is present: the header check requires it for JWKS issuers.
      const kid = header.kid as string;
      // Known, fresh key: stay synchronous (no promise on the hot path).
      const key = store.fresh(kid);
      if (key !== undefined) return verifyJwsSignature(parsed, header.alg, key);
      return store.resolve(kid).then((k) => verifyJwsSignature(parsed, header.alg, k));
    },
  };
}
