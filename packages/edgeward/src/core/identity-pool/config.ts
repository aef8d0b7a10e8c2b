/**
 * Configuration of the site's identity-pool credentials route: which Amazon Cognito identity pool turns a
 * signed-in user's id token into temporary AWS credentials, and where the route lives.
 *
 * @see https://docs.aws.amazon.com/cognito/latest/developerguide/authentication-flow.html (enhanced flow)
 * @module
 */
import { AuthError } from '../errors.js';
import { endpointUrl } from '../oauth/endpoints.js';

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

const fail = (message: string): never => {
  throw new AuthError('config_invalid', message);
};

/**
 * Checks an identity-pool configuration and applies its defaults.
 *
 * @throws AuthError `config_invalid` naming the field: `identityPool.identityPoolId` not `REGION:GUID`,
 *   `identityPool.region` malformed or not the id's region, `identityPool.endpoint` not https (http on
 *   loopback only), `identityPool.timeoutMs` outside 100–3000, `identityPool.path` not an absolute path
 */
export function resolveIdentityPoolConfig(config: IdentityPoolConfig): ResolvedIdentityPoolConfig {
  if (!IDENTITY_POOL_ID.test(config.identityPoolId ?? '')) {
    fail(
      'identityPool.identityPoolId must be REGION:GUID, e.g. "eu-west-1:0f6c1c4e-0000-4000-8000-000000000000"',
    );
  }
  const idRegion = config.identityPoolId.slice(0, config.identityPoolId.indexOf(':'));
  const region = config.region ?? idRegion;
  if (!AWS_REGION.test(region)) fail('identityPool.region must be an AWS region such as "eu-west-1"');
  if (region !== idRegion) fail(`identityPool.region must be the identity pool's region (${idRegion})`);
  const endpoint = config.endpoint ?? `https://cognito-identity.${region}.amazonaws.com/`;
  try {
    endpointUrl(endpoint, 'identityPool.endpoint');
  } catch (e) {
    fail((e as Error).message);
  }
  const timeoutMs = config.timeoutMs ?? DEFAULT_IDENTITY_POOL_TIMEOUT_MS;
  if (!Number.isSafeInteger(timeoutMs) || timeoutMs < 100 || timeoutMs > 3000) {
    fail('identityPool.timeoutMs must be an integer from 100 to 3000 (milliseconds)');
  }
  const path = config.path ?? DEFAULT_CREDENTIALS_PATH;
  if (!/^\/[^?#\s]*$/.test(path)) fail('identityPool.path must be an absolute path without query');
  return applyIdentityPoolDefaults(config);
}

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
