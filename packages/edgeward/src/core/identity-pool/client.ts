/**
 * A minimal Amazon Cognito Identity client for the enhanced (simplified) authflow: `GetId` then
 * `GetCredentialsForIdentity`, both unauthenticated JSON 1.1 calls carrying the user's id token in
 * `Logins`, through the injected `fetch` with a timeout per call. No AWS SDK: the Lambda@Edge bundle stays
 * small, and the two calls are fixed.
 *
 * Failures are `AuthError`s: `identity_pool_unavailable` (timeout, network, throttling, a 5xx — worth a
 * retry) or `identity_pool_error` (any other Cognito error, or an answer of the wrong shape). Only the
 * Cognito error *type* is ever put in a message; never a token, a credential or Cognito's message text.
 *
 * @see [Amazon Cognito Identity API Reference - GetId](https://docs.aws.amazon.com/cognitoidentity/latest/APIReference/API_GetId.html)
 * @see [Amazon Cognito Identity API Reference - GetCredentialsForIdentity](https://docs.aws.amazon.com/cognitoidentity/latest/APIReference/API_GetCredentialsForIdentity.html)
 * @see [Amazon Cognito Developer Guide - Identity pools authentication flow](https://docs.aws.amazon.com/cognito/latest/developerguide/authentication-flow.html)
 * @module
 */
import { AuthError } from '../errors.js';
import { type FetchLike, fetchWithTimeout } from '../runtime.js';
import type { ResolvedIdentityPoolConfig } from './config.js';

/** Temporary AWS credentials of one identity, as the credentials route answers them. */
export interface IdentityCredentials {
  /** The identity, `REGION:GUID`: the `${cognito-identity.amazonaws.com:sub}` of IAM policies. */
  readonly identityId: string;
  readonly accessKeyId: string;
  readonly secretAccessKey: string;
  readonly sessionToken: string;
  /** When the credentials expire, ISO 8601 (UTC). */
  readonly expiration: string;
}

/** Gets credentials for an id token. */
export interface IdentityPoolClient {
  /**
   * `GetId` (memoized per user for the container's life) then `GetCredentialsForIdentity`.
   *
   * @param idToken - the verified id token (the `Logins` value)
   * @param sub - its `sub`, the memo key
   * @throws AuthError `identity_pool_unavailable` | `identity_pool_error`
   */
  credentials(idToken: string, sub: string): Promise<IdentityCredentials>;
}

/** The `X-Amz-Target` prefix of the Cognito Identity API (JSON 1.1 protocol). */
export const COGNITO_IDENTITY_TARGET_PREFIX = 'AWSCognitoIdentityService.';

/** Identity ids remembered per `sub` (GetId always answers the same id for a user of a pool). */
const IDENTITY_MEMO_SIZE = 512;

/** Error types worth a retry: throttling and Cognito's own failures (503), not the request's fault. */
const RETRYABLE = new Set([
  'TooManyRequestsException',
  'LimitExceededException',
  'InternalErrorException',
  'ServiceUnavailableException',
]);

/** `__type` without a namespace (`com.amazonaws…#NotAuthorizedException` → `NotAuthorizedException`). */
function errorType(body: unknown): string {
  const raw = (body as { __type?: unknown } | null)?.__type;
  if (typeof raw !== 'string') return 'UnknownError';
  const name = raw.slice(raw.lastIndexOf('#') + 1);
  return /^[A-Za-z]{1,64}$/.test(name) ? name : 'UnknownError';
}

const nonEmpty = (v: unknown): v is string => typeof v === 'string' && v !== '';

/**
 * The `Logins` key of an issuer: its URL without the scheme, e.g.
 * `cognito-idp.eu-west-1.amazonaws.com/eu-west-1_AbC` for a Cognito user pool.
 *
 * @see [Amazon Cognito Developer Guide - OpenID Connect providers (identity pools)](https://docs.aws.amazon.com/cognito/latest/developerguide/open-id.html)
 */
export function loginProviderOf(issuerUrl: string): string {
  return issuerUrl.replace(/^https?:\/\//, '').replace(/\/+$/, '');
}

/**
 * Builds the client of one identity pool.
 *
 * @param config - the resolved configuration (see `resolveIdentityPoolConfig`)
 * @param issuerUrl - the id token issuer (the `Logins` key is derived from it)
 * @param fetchImpl - the injected `fetch`
 */
export function createIdentityPoolClient(
  config: ResolvedIdentityPoolConfig,
  issuerUrl: string,
  fetchImpl: FetchLike,
): IdentityPoolClient {
  const provider = loginProviderOf(issuerUrl);
  const identities = new Map<string, string>();

  async function call(operation: string, body: Record<string, unknown>): Promise<Record<string, unknown>> {
    let response: Response;
    try {
      response = await fetchWithTimeout(
        fetchImpl,
        config.endpoint,
        {
          method: 'POST',
          headers: {
            'content-type': 'application/x-amz-json-1.1',
            'x-amz-target': `${COGNITO_IDENTITY_TARGET_PREFIX}${operation}`,
          },
          body: JSON.stringify(body),
        },
        config.timeoutMs,
      );
    } catch (cause) {
      const what = (cause as Error | undefined)?.name === 'TimeoutError' ? 'timed out' : 'failed';
      throw new AuthError('identity_pool_unavailable', `Cognito Identity ${operation} ${what}`, { cause });
    }
    let json: unknown;
    try {
      json = await response.json();
    } catch {
      json = undefined;
    }
    if (!response.ok) {
      const type = errorType(json);
      const code =
        response.status >= 500 || RETRYABLE.has(type) ? 'identity_pool_unavailable' : 'identity_pool_error';
      throw new AuthError(code, `Cognito Identity ${operation} answered ${response.status} ${type}`);
    }
    if (typeof json !== 'object' || json === null) {
      throw new AuthError('identity_pool_error', `Cognito Identity ${operation} answered no JSON object`);
    }
    return json as Record<string, unknown>;
  }

  async function identityIdOf(idToken: string, sub: string): Promise<string> {
    const known = identities.get(sub);
    if (known !== undefined) return known;
    const answer = await call('GetId', {
      IdentityPoolId: config.identityPoolId,
      Logins: { [provider]: idToken },
    });
    const id = answer['IdentityId'];
    if (!nonEmpty(id) || !id.startsWith(`${config.region}:`)) {
      throw new AuthError('identity_pool_error', 'Cognito Identity GetId answered no IdentityId');
    }
    if (identities.size >= IDENTITY_MEMO_SIZE) identities.delete(identities.keys().next().value!);
    identities.set(sub, id);
    return id;
  }

  return {
    async credentials(idToken, sub) {
      const identityId = await identityIdOf(idToken, sub);
      let answer: Record<string, unknown>;
      try {
        answer = await call('GetCredentialsForIdentity', {
          IdentityId: identityId,
          Logins: { [provider]: idToken },
        });
      } catch (error) {
        // A refused identity (deleted, merged, ResourceNotFound): the next request asks GetId again instead
        // of failing until the container is recycled. Retryable failures keep it.
        if ((error as AuthError).code === 'identity_pool_error') identities.delete(sub);
        throw error;
      }
      const c = answer['Credentials'] as Record<string, unknown> | undefined;
      const expiration = c?.['Expiration'];
      if (
        answer['IdentityId'] !== identityId ||
        !nonEmpty(c?.['AccessKeyId']) ||
        !nonEmpty(c?.['SecretKey']) ||
        !nonEmpty(c?.['SessionToken']) ||
        typeof expiration !== 'number' ||
        !Number.isFinite(expiration)
      ) {
        identities.delete(sub);
        throw new AuthError(
          'identity_pool_error',
          'Cognito Identity GetCredentialsForIdentity answered no credentials',
        );
      }
      return {
        identityId,
        accessKeyId: c['AccessKeyId'] as string,
        secretAccessKey: c['SecretKey'] as string,
        sessionToken: c['SessionToken'] as string,
        // awsJson1_1 timestamps are epoch seconds (possibly fractional).
        expiration: new Date(Math.round(expiration * 1000)).toISOString(),
      };
    },
  };
}
