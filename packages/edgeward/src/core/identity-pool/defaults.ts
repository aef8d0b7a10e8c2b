/**
 * The identity-pool configuration of a site (types, defaults, patterns) without its validator, so that a
 * bundle applying the defaults carries nothing else (`config.ts` holds the checks `edgeward build` runs).
 *
 * @see [Amazon Cognito Developer Guide - Identity pools authentication flow (enhanced flow)](https://docs.aws.amazon.com/cognito/latest/developerguide/authentication-flow.html)
 * @module
 */

/** Identity-pool credentials for signed-in users (the site's credentials route). Times in **milliseconds**. */
export interface IdentityPoolConfig {
  /** The identity pool, `REGION:GUID` (e.g. `eu-west-1:0f6c1c4e-…`). */
  readonly identityPoolId: string;
  /** Its AWS region. Default: the `REGION` part of `identityPoolId`; when given, it must equal it. */
  readonly region?: string;
  /** Path of the credentials route (exact match). Default `/_edgeward/credentials`. */
  readonly path?: string;
  /**
   * Cognito Identity endpoint. Default `https://cognito-identity.<region>.amazonaws.com/`. `https:` only,
   * `http:` on a loopback host (the local stack).
   */
  readonly endpoint?: string;
  /** Timeout of each Cognito Identity call, ms (100–3000). Default 2000. */
  readonly timeoutMs?: number;
}

/** {@link IdentityPoolConfig} with defaults applied. */
export interface ResolvedIdentityPoolConfig {
  readonly identityPoolId: string;
  readonly region: string;
  readonly path: string;
  readonly endpoint: string;
  readonly timeoutMs: number;
}

/** Default `identityPool.path`. */
export const DEFAULT_CREDENTIALS_PATH = '/_edgeward/credentials';
/** Default `identityPool.timeoutMs`. */
export const DEFAULT_IDENTITY_POOL_TIMEOUT_MS = 2000;
/** Identity pool id: `REGION:GUID` as the Cognito Identity API documents it (at most 55 characters). */
export const IDENTITY_POOL_ID =
  /^(?=.{1,55}$)[a-z]{2}(?:-[a-z]+)+-\d:[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
/** An AWS region name such as `eu-west-1`. */
export const AWS_REGION = /^[a-z]{2}(?:-[a-z]+)+-\d$/;

/**
 * Applies the defaults of a configuration already accepted by {@link resolveIdentityPoolConfig} (no
 * checks: `edgeward build` ran them before baking, so bundles carry no validator).
 */
export function applyIdentityPoolDefaults(config: IdentityPoolConfig): ResolvedIdentityPoolConfig {
  const region = config.region ?? config.identityPoolId.slice(0, config.identityPoolId.indexOf(':'));
  return {
    identityPoolId: config.identityPoolId,
    region,
    path: config.path ?? DEFAULT_CREDENTIALS_PATH,
    endpoint: config.endpoint ?? `https://cognito-identity.${region}.amazonaws.com/`,
    timeoutMs: config.timeoutMs ?? DEFAULT_IDENTITY_POOL_TIMEOUT_MS,
  };
}
