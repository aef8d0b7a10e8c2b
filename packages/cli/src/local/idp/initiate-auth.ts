/**
 * The Cognito user pools JSON API subset `InitiateAuth` (`USER_PASSWORD_AUTH`, `REFRESH_TOKEN_AUTH`),
 * compatible with the AWS SDK v3 `CognitoIdentityProviderClient` pointed at the local server with the
 * `endpoint` option.
 *
 * Tokens are not minted here: a password login becomes an oidc-provider authorization code (with the
 * Cognito-reserved scope `aws.cognito.signin.user.admin`) redeemed at the token endpoint, and a refresh
 * becomes a `refresh_token` grant, so the tokens are exactly those of the OAuth flows.
 *
 * @see https://docs.aws.amazon.com/cognito-user-identity-pools/latest/APIReference/API_InitiateAuth.html
 * @see https://docs.aws.amazon.com/cognito/latest/developerguide/signing-up-users-in-your-app.html#cognito-user-pools-computing-secret-hash
 * @module
 */
import { createHmac, timingSafeEqual } from 'node:crypto';
import type { KoaContextWithOIDC } from 'oidc-provider';
import type { ShimDeps } from './context.js';
import { AwsJsonApiError, answerJsonApi } from './json-api.js';
import { COGNITO_ADMIN_SCOPE, COGNITO_PATHS, internalRedirectUri, USER_POOL_RESOURCE } from './provider.js';
import type { LocalClient, LocalUser } from './types.js';

/** The `X-Amz-Target` prefix of the Cognito user pools API (JSON 1.1 protocol). */
export const COGNITO_TARGET_PREFIX = 'AWSCognitoIdentityProviderService.';

/** The `AuthenticationResult` of a successful `InitiateAuth`. */
export interface AuthenticationResult {
  readonly AccessToken: string;
  readonly IdToken: string;
  /** Present for `USER_PASSWORD_AUTH`; omitted for `REFRESH_TOKEN_AUTH` (no rotation). */
  readonly RefreshToken?: string;
  /** Access token lifetime in seconds. */
  readonly ExpiresIn: number;
  readonly TokenType: 'Bearer';
}

/** True for a `POST /` whose `X-Amz-Target` names a Cognito user pools API operation. */
export function isCognitoApiRequest(ctx: KoaContextWithOIDC): boolean {
  return ctx.get('x-amz-target').startsWith(COGNITO_TARGET_PREFIX);
}

/**
 * `SECRET_HASH` = Base64(HMAC-SHA256(client secret, username + client id)), as the AWS SDK caller must
 * send it for an app client with a secret.
 *
 * @see https://docs.aws.amazon.com/cognito/latest/developerguide/signing-up-users-in-your-app.html#cognito-user-pools-computing-secret-hash
 */
export function secretHash(clientSecret: string, username: string, clientId: string): string {
  return createHmac('sha256', clientSecret)
    .update(username + clientId, 'utf8')
    .digest('base64');
}

function hashMatches(given: string, expected: string): boolean {
  const a = Buffer.from(given, 'utf8');
  const b = Buffer.from(expected, 'utf8');
  return a.length === b.length && timingSafeEqual(a, b);
}

/**
 * Checks `SECRET_HASH` when the client has a secret, against any of `usernames` (for a refresh, Cognito
 * accepts the hash computed over the username or the `sub`).
 *
 * @throws AwsJsonApiError `NotAuthorizedException` when missing or wrong
 */
function checkSecretHash(client: LocalClient, given: unknown, usernames: readonly string[]): void {
  if (client.clientSecret === undefined) return;
  if (typeof given !== 'string' || given === '') {
    throw new AwsJsonApiError(
      'NotAuthorizedException',
      `Client ${client.clientId} is configured for secret but secret was not received`,
    );
  }
  const secret = client.clientSecret;
  if (!usernames.some((name) => hashMatches(given, secretHash(secret, name, client.clientId)))) {
    throw new AwsJsonApiError(
      'NotAuthorizedException',
      `Unable to verify secret hash for client ${client.clientId}`,
    );
  }
}

/** Calls the local token endpoint as `client` (HTTP Basic when it has a secret, RFC 6749 §2.3.1). */
async function tokenRequest(
  deps: ShimDeps,
  client: LocalClient,
  params: Record<string, string>,
): Promise<Record<string, unknown> | undefined> {
  const body = new URLSearchParams(params);
  const headers: Record<string, string> = { 'content-type': 'application/x-www-form-urlencoded' };
  if (client.clientSecret === undefined) {
    body.set('client_id', client.clientId);
  } else {
    const form = (s: string) => encodeURIComponent(s).replace(/%20/g, '+');
    headers.authorization = `Basic ${Buffer.from(`${form(client.clientId)}:${form(client.clientSecret)}`).toString('base64')}`;
  }
  const response = await fetch(`${deps.baseUrl}${COGNITO_PATHS.token}`, { method: 'POST', headers, body });
  if (!response.ok) {
    await response.body?.cancel();
    return undefined;
  }
  return (await response.json()) as Record<string, unknown>;
}

function toResult(tokens: Record<string, unknown>, withRefreshToken: boolean): AuthenticationResult {
  const { access_token: at, id_token: idt, refresh_token: rt, expires_in: expiresIn } = tokens;
  if (typeof at !== 'string' || typeof idt !== 'string' || typeof expiresIn !== 'number') {
    throw new Error('token endpoint answered without access or id token');
  }
  return {
    AccessToken: at,
    ExpiresIn: expiresIn,
    TokenType: 'Bearer',
    ...(withRefreshToken && typeof rt === 'string' ? { RefreshToken: rt } : {}),
    IdToken: idt,
  };
}

async function passwordAuth(deps: ShimDeps, client: LocalClient, params: Record<string, unknown>) {
  const { USERNAME: username, PASSWORD: password, SECRET_HASH: hash } = params;
  if (typeof username !== 'string' || username === '') {
    throw new AwsJsonApiError('InvalidParameterException', 'Missing required parameter USERNAME');
  }
  if (typeof password !== 'string') {
    throw new AwsJsonApiError('InvalidParameterException', 'Missing required parameter PASSWORD');
  }
  checkSecretHash(client, hash, [username]);
  const user = deps.users.authenticate(username, password);
  if (!user) throw new AwsJsonApiError('NotAuthorizedException', 'Incorrect username or password.');
  const code = await issueCode(deps, client, user);
  const tokens = await tokenRequest(deps, client, {
    grant_type: 'authorization_code',
    code,
    redirect_uri: internalRedirectUri(deps.baseUrl),
  });
  if (!tokens) throw new Error('internal code exchange failed');
  return toResult(tokens, true);
}

/** Records the password login as a grant plus a one-time authorization code for `client`. */
async function issueCode(deps: ShimDeps, client: LocalClient, user: LocalUser): Promise<string> {
  const { provider } = deps;
  const grant = new provider.Grant({ accountId: user.sub, clientId: client.clientId });
  grant.addOIDCScope('openid');
  grant.addResourceScope(USER_POOL_RESOURCE, COGNITO_ADMIN_SCOPE);
  const grantId = await grant.save();
  return new provider.AuthorizationCode({
    accountId: user.sub,
    clientId: client.clientId,
    grantId,
    scope: `openid ${COGNITO_ADMIN_SCOPE}`,
    resource: USER_POOL_RESOURCE,
    redirectUri: internalRedirectUri(deps.baseUrl),
    // What the authorization endpoint records for clients with `require_auth_time` (Cognito always has it).
    claims: { id_token: { auth_time: { essential: true } } },
    authTime: Math.floor(Date.now() / 1000),
  }).save();
}

async function refreshAuth(deps: ShimDeps, client: LocalClient, params: Record<string, unknown>) {
  const { REFRESH_TOKEN: refreshToken, SECRET_HASH: hash } = params;
  if (typeof refreshToken !== 'string' || refreshToken === '') {
    throw new AwsJsonApiError('InvalidParameterException', 'Missing required parameter REFRESH_TOKEN');
  }
  const invalid = new AwsJsonApiError('NotAuthorizedException', 'Invalid Refresh Token');
  const stored = await deps.provider.RefreshToken.find(refreshToken);
  const user = stored === undefined ? undefined : deps.users.bySub(stored.accountId);
  if (client.clientSecret !== undefined && !user) throw invalid;
  checkSecretHash(client, hash, user ? [user.username, user.sub] : []);
  const tokens = await tokenRequest(deps, client, {
    grant_type: 'refresh_token',
    refresh_token: refreshToken,
  });
  if (!tokens) throw invalid;
  return toResult(tokens, false);
}

/**
 * `POST /` with `X-Amz-Target: AWSCognitoIdentityProviderService.InitiateAuth` and a JSON body
 * `{AuthFlow, ClientId, AuthParameters}`. Answers 200 `{ChallengeParameters: {}, AuthenticationResult}`
 * or 400 `{__type, message}` (`NotAuthorizedException`, `InvalidParameterException`,
 * `ResourceNotFoundException`, `SerializationException`, `UnknownOperationException`); 500
 * `InternalErrorException` when the internal token request fails unexpectedly.
 */
export async function handleInitiateAuth(ctx: KoaContextWithOIDC, deps: ShimDeps): Promise<void> {
  await answerJsonApi(ctx, async (request) => {
    const operation = ctx.get('x-amz-target').slice(COGNITO_TARGET_PREFIX.length);
    if (operation !== 'InitiateAuth') {
      throw new AwsJsonApiError(
        'UnknownOperationException',
        `Operation ${operation} is not supported locally`,
      );
    }
    const { AuthFlow: flow, ClientId: clientId, AuthParameters: params } = request;
    const client = typeof clientId === 'string' ? deps.clients.get(clientId) : undefined;
    if (!client) {
      throw new AwsJsonApiError(
        'ResourceNotFoundException',
        `User pool client ${String(clientId)} does not exist.`,
      );
    }
    const authParams =
      typeof params === 'object' && params !== null ? (params as Record<string, unknown>) : {};
    let result: AuthenticationResult;
    if (flow === 'USER_PASSWORD_AUTH') result = await passwordAuth(deps, client, authParams);
    else if (flow === 'REFRESH_TOKEN_AUTH' || flow === 'REFRESH_TOKEN') {
      result = await refreshAuth(deps, client, authParams);
    } else throw new AwsJsonApiError('InvalidParameterException', 'Initiate Auth method not supported.');
    return { ChallengeParameters: {}, AuthenticationResult: result };
  });
}
