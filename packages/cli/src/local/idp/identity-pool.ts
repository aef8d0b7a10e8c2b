/**
 * The Cognito identity pool JSON API subset of the enhanced authflow, `GetId` and
 * `GetCredentialsForIdentity`, for one identity pool whose only login provider is the local user pool
 * (authenticated identities only: guest access is off). Credentials come from a
 * {@link LocalCredentialStore}: clearly fake and expiring, accepted by the local S3 emulator.
 *
 * An identity id is derived from the pool and the user's `sub`, so a user always gets the same identity,
 * as with Cognito.
 *
 * @see https://docs.aws.amazon.com/cognitoidentity/latest/APIReference/API_GetId.html
 * @see https://docs.aws.amazon.com/cognitoidentity/latest/APIReference/API_GetCredentialsForIdentity.html
 * @module
 */
import { createHash } from 'node:crypto';
import { type JWTPayload, jwtVerify } from 'jose';
import type { KoaContextWithOIDC } from 'oidc-provider';
import type { LocalCredentialStore } from '../aws-credentials.js';
import type { ShimDeps } from './context.js';
import { answerJsonApi, CognitoApiError } from './json-api.js';

/** The `X-Amz-Target` prefix of the Cognito identity pools API (JSON 1.1 protocol). */
export const IDENTITY_POOL_TARGET_PREFIX = 'AWSCognitoIdentityService.';

/** The local identity pool. */
export interface LocalIdentityPool {
  /** Its id, `REGION:GUID`. */
  readonly identityPoolId: string;
  /** Issues the credentials of `GetCredentialsForIdentity`. */
  readonly credentials: LocalCredentialStore;
}

/** True for a `POST /` whose `X-Amz-Target` names a Cognito identity pools API operation. */
export function isIdentityPoolRequest(ctx: KoaContextWithOIDC): boolean {
  return ctx.get('x-amz-target').startsWith(IDENTITY_POOL_TARGET_PREFIX);
}

/** The identity id of `sub` in `pool`: `REGION:` + a UUID derived from both. */
export function identityIdOf(identityPoolId: string, sub: string): string {
  const region = identityPoolId.slice(0, identityPoolId.indexOf(':'));
  const h = createHash('sha256').update(`${identityPoolId}\n${sub}`).digest('hex');
  const variant = ((Number.parseInt(h[16]!, 16) & 0x3) | 0x8).toString(16);
  return `${region}:${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-${variant}${h.slice(17, 20)}-${h.slice(20, 32)}`;
}

/** Verifies the `Logins` map: exactly the local user pool's key with a valid id token; returns its `sub`. */
async function loginSub(deps: ShimDeps, logins: unknown): Promise<string> {
  const provider = deps.issuer.replace(/^https:\/\//, '');
  if (typeof logins !== 'object' || logins === null || Object.keys(logins).length === 0) {
    throw new CognitoApiError(
      'NotAuthorizedException',
      'Unauthenticated access is not supported for this identity pool.',
    );
  }
  const entries = Object.entries(logins as Record<string, unknown>);
  const token = (logins as Record<string, unknown>)[provider];
  if (entries.length !== 1 || typeof token !== 'string') {
    throw new CognitoApiError('NotAuthorizedException', 'Invalid login token. Not a valid login provider.');
  }
  const invalid = new CognitoApiError('NotAuthorizedException', 'Invalid login token. Token is not valid.');
  let payload: JWTPayload;
  try {
    ({ payload } = await jwtVerify(token, deps.publicKey, { issuer: deps.issuer, algorithms: ['RS256'] }));
  } catch {
    throw invalid;
  }
  // An id token (not an access token) of an app client of this pool, naming its user.
  const aud = payload.aud;
  if (payload['token_use'] !== 'id' || typeof aud !== 'string' || !deps.clients.has(aud)) throw invalid;
  if (typeof payload.sub !== 'string' || payload.sub === '') throw invalid;
  return payload.sub;
}

/**
 * `POST /` with `X-Amz-Target: AWSCognitoIdentityService.GetId` (`{IdentityPoolId, Logins}` →
 * `{IdentityId}`) or `.GetCredentialsForIdentity` (`{IdentityId, Logins}` → `{IdentityId, Credentials:
 * {AccessKeyId, SecretKey, SessionToken, Expiration}}`, `Expiration` in epoch seconds). Errors: 400
 * `{__type, message}` — `NotAuthorizedException`, `ResourceNotFoundException`,
 * `InvalidParameterException`, `SerializationException`, `UnknownOperationException`.
 */
export async function handleIdentityPool(ctx: KoaContextWithOIDC, deps: ShimDeps): Promise<void> {
  await answerJsonApi(ctx, async (request) => {
    const pool = deps.identityPool;
    const operation = ctx.get('x-amz-target').slice(IDENTITY_POOL_TARGET_PREFIX.length);
    if (operation === 'GetId') {
      if (pool === undefined || request['IdentityPoolId'] !== pool.identityPoolId) {
        throw new CognitoApiError(
          'ResourceNotFoundException',
          `IdentityPool '${String(request['IdentityPoolId'])}' not found.`,
        );
      }
      const sub = await loginSub(deps, request['Logins']);
      return { IdentityId: identityIdOf(pool.identityPoolId, sub) };
    }
    if (operation === 'GetCredentialsForIdentity') {
      const identityId = request['IdentityId'];
      if (typeof identityId !== 'string' || identityId === '') {
        throw new CognitoApiError('InvalidParameterException', '1 validation error detected: IdentityId');
      }
      if (pool === undefined || !identityId.startsWith(pool.identityPoolId.split(':')[0]!)) {
        throw new CognitoApiError('ResourceNotFoundException', `Identity '${identityId}' not found.`);
      }
      const sub = await loginSub(deps, request['Logins']);
      if (identityIdOf(pool.identityPoolId, sub) !== identityId) {
        throw new CognitoApiError(
          'NotAuthorizedException',
          "Logins don't match. Please include at least one valid login for this identity or identity pool.",
        );
      }
      const c = pool.credentials.issue(identityId);
      return {
        IdentityId: identityId,
        Credentials: {
          AccessKeyId: c.accessKeyId,
          SecretKey: c.secretAccessKey,
          SessionToken: c.sessionToken,
          Expiration: c.expiration,
        },
      };
    }
    throw new CognitoApiError('UnknownOperationException', `Operation ${operation} is not supported locally`);
  });
}
