/**
 * Checks of the site's identity-pool configuration (types and defaults in `defaults.ts`): which Amazon
 * Cognito identity pool turns a signed-in user's id token into temporary AWS credentials, and where the
 * route lives.
 *
 * @see [Amazon Cognito Developer Guide - Identity pools authentication flow (enhanced flow)](https://docs.aws.amazon.com/cognito/latest/developerguide/authentication-flow.html)
 * @module
 */
import { AuthError } from '../errors.js';
import { endpointUrl } from '../oauth/endpoints.js';
import {
  AWS_REGION,
  applyIdentityPoolDefaults,
  DEFAULT_CREDENTIALS_PATH,
  DEFAULT_IDENTITY_POOL_TIMEOUT_MS,
  IDENTITY_POOL_ID,
  type IdentityPoolConfig,
  type ResolvedIdentityPoolConfig,
} from './defaults.js';

export {
  AWS_REGION,
  applyIdentityPoolDefaults,
  DEFAULT_CREDENTIALS_PATH,
  DEFAULT_IDENTITY_POOL_TIMEOUT_MS,
  IDENTITY_POOL_ID,
  type IdentityPoolConfig,
  type ResolvedIdentityPoolConfig,
} from './defaults.js';

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
