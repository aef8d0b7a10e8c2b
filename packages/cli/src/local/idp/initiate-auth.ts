/**
 * The Cognito user pools JSON API subset `InitiateAuth` (`USER_PASSWORD_AUTH`, `REFRESH_TOKEN_AUTH`) and
 * `RespondToAuthChallenge` (`NEW_PASSWORD_REQUIRED`, for users created with a temporary password),
 * compatible with the AWS SDK v3 `CognitoIdentityProviderClient` pointed at the local server with the
 * `endpoint` option.
 *
 * Tokens are not minted here: a password login becomes an oidc-provider authorization code (with the
 * Cognito-reserved scope `aws.cognito.signin.user.admin`) redeemed at the token endpoint, and a refresh
 * becomes a `refresh_token` grant, so the tokens are exactly those of the OAuth flows.
 *
 * @see [Amazon Cognito user pools API Reference - InitiateAuth](https://docs.aws.amazon.com/cognito-user-identity-pools/latest/APIReference/API_InitiateAuth.html)
 * @see [Amazon Cognito user pools API Reference - RespondToAuthChallenge](https://docs.aws.amazon.com/cognito-user-identity-pools/latest/APIReference/API_RespondToAuthChallenge.html)
 * @see [Amazon Cognito Developer Guide - Signing up users, computing SecretHash values](https://docs.aws.amazon.com/cognito/latest/developerguide/signing-up-users-in-your-app.html#cognito-user-pools-computing-secret-hash)
 * @module
 */
import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import type { KoaContextWithOIDC } from 'oidc-provider';
import { LocalStackError } from '../errors.js';
import type { ShimDeps } from './context.js';
import { answerJsonApi, CognitoApiError } from './json-api.js';
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

/** The `NEW_PASSWORD_REQUIRED` challenge of a user with a temporary password. */
export interface NewPasswordChallenge {
  readonly ChallengeName: 'NEW_PASSWORD_REQUIRED';
  /** Opaque, single use, valid {@link CHALLENGE_SESSION_SECONDS}. */
  readonly Session: string;
  /** `USER_ID_FOR_SRP`, `requiredAttributes` (JSON array) and `userAttributes` (JSON object), as Cognito sends them. */
  readonly ChallengeParameters: Readonly<Record<string, string>>;
}

/** Lifetime of a challenge session in seconds: 3 minutes, Cognito's default `AuthSessionValidity`. */
export const CHALLENGE_SESSION_SECONDS = 180;

/** Shortest new password accepted (Cognito's minimum policy length). */
const MIN_PASSWORD_LENGTH = 8;

/** An open challenge session: who may answer it, for which client, until when (ms). */
interface ChallengeSession {
  readonly username: string;
  readonly clientId: string;
  readonly expiresAt: number;
}

/** Open challenge sessions of each identity provider (keyed by its user directory). */
const sessionsByPool = new WeakMap<object, Map<string, ChallengeSession>>();

function sessionsOf(deps: ShimDeps): Map<string, ChallengeSession> {
  let sessions = sessionsByPool.get(deps.users);
  if (!sessions) {
    sessions = new Map();
    sessionsByPool.set(deps.users, sessions);
  }
  return sessions;
}

/** True for a `POST /` whose `X-Amz-Target` names a Cognito user pools API operation. */
export function isCognitoApiRequest(ctx: KoaContextWithOIDC): boolean {
  return ctx.get('x-amz-target').startsWith(COGNITO_TARGET_PREFIX);
}

/**
 * `SECRET_HASH` = Base64(HMAC-SHA256(client secret, username + client id)), as the AWS SDK caller must
 * send it for an app client with a secret.
 *
 * @see [Amazon Cognito Developer Guide - Signing up users, computing SecretHash values](https://docs.aws.amazon.com/cognito/latest/developerguide/signing-up-users-in-your-app.html#cognito-user-pools-computing-secret-hash)
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
 * @throws CognitoApiError `NotAuthorizedException` when missing or wrong
 */
function checkSecretHash(client: LocalClient, given: unknown, usernames: readonly string[]): void {
  if (client.clientSecret === undefined) return;
  if (typeof given !== 'string' || given === '') {
    throw new CognitoApiError(
      'NotAuthorizedException',
      `Client ${client.clientId} is configured for secret but secret was not received`,
    );
  }
  const secret = client.clientSecret;
  if (!usernames.some((name) => hashMatches(given, secretHash(secret, name, client.clientId)))) {
    throw new CognitoApiError(
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
    throw new LocalStackError('local_stack_failed', 'token endpoint answered without access or id token');
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
    throw new CognitoApiError('InvalidParameterException', 'Missing required parameter USERNAME');
  }
  if (typeof password !== 'string') {
    throw new CognitoApiError('InvalidParameterException', 'Missing required parameter PASSWORD');
  }
  checkSecretHash(client, hash, [username]);
  const user = deps.users.authenticate(username, password);
  if (!user) throw new CognitoApiError('NotAuthorizedException', 'Incorrect username or password.');
  if (deps.users.mustChangePassword(user.username))
    return newPasswordChallenge(sessionsOf(deps), client, user);
  return tokensFor(deps, client, user);
}

/** Opens a `NEW_PASSWORD_REQUIRED` challenge session for `user`. */
function newPasswordChallenge(
  sessions: Map<string, ChallengeSession>,
  client: LocalClient,
  user: LocalUser,
): NewPasswordChallenge {
  const now = Date.now();
  for (const [id, s] of sessions) if (s.expiresAt <= now) sessions.delete(id);
  const session = randomBytes(48).toString('base64');
  sessions.set(session, {
    username: user.username,
    clientId: client.clientId,
    expiresAt: now + CHALLENGE_SESSION_SECONDS * 1000,
  });
  const attributes: Record<string, string> = {};
  if (user.email !== undefined) {
    attributes['email'] = user.email;
    attributes['email_verified'] = String(user.emailVerified ?? true);
  }
  return {
    ChallengeName: 'NEW_PASSWORD_REQUIRED',
    Session: session,
    ChallengeParameters: {
      USER_ID_FOR_SRP: user.username,
      requiredAttributes: '[]',
      userAttributes: JSON.stringify(attributes),
    },
  };
}

/** Tokens for `user` through the internal authorization code (see the module documentation). */
async function tokensFor(
  deps: ShimDeps,
  client: LocalClient,
  user: LocalUser,
): Promise<AuthenticationResult> {
  const code = await issueCode(deps, client, user);
  const tokens = await tokenRequest(deps, client, {
    grant_type: 'authorization_code',
    code,
    redirect_uri: internalRedirectUri(deps.baseUrl),
  });
  if (!tokens) throw new LocalStackError('local_stack_failed', 'internal code exchange failed');
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

/**
 * `RespondToAuthChallenge` with `NEW_PASSWORD_REQUIRED`: `Session` from the challenge, `ChallengeResponses`
 * `USERNAME`, `NEW_PASSWORD` (and `SECRET_HASH` for a client with a secret). Sets the password and answers
 * with tokens.
 */
async function respondToNewPassword(deps: ShimDeps, client: LocalClient, request: Record<string, unknown>) {
  if (request['ChallengeName'] !== 'NEW_PASSWORD_REQUIRED') {
    throw new CognitoApiError(
      'InvalidParameterException',
      `Challenge ${String(request['ChallengeName'])} is not supported locally`,
    );
  }
  const responses = request['ChallengeResponses'];
  const params =
    typeof responses === 'object' && responses !== null ? (responses as Record<string, unknown>) : {};
  const { USERNAME: username, NEW_PASSWORD: newPassword, SECRET_HASH: hash } = params;
  if (typeof username !== 'string' || username === '') {
    throw new CognitoApiError('InvalidParameterException', 'Missing required parameter USERNAME');
  }
  if (typeof newPassword !== 'string' || newPassword === '') {
    throw new CognitoApiError('InvalidParameterException', 'Missing required parameter NEW_PASSWORD');
  }
  const sessions = sessionsOf(deps);
  const id = request['Session'];
  const session = typeof id === 'string' ? sessions.get(id) : undefined;
  if (!session || session.username !== username || session.clientId !== client.clientId) {
    throw new CognitoApiError('NotAuthorizedException', 'Invalid session for the user.');
  }
  if (session.expiresAt <= Date.now()) {
    sessions.delete(id as string);
    throw new CognitoApiError('NotAuthorizedException', 'Invalid session for the user, session is expired.');
  }
  checkSecretHash(client, hash, [username]);
  if (newPassword.length < MIN_PASSWORD_LENGTH) {
    throw new CognitoApiError(
      'InvalidPasswordException',
      'Password does not conform to policy: Password not long enough',
    );
  }
  const user = deps.users.byUsername(username);
  if (!user) throw new CognitoApiError('NotAuthorizedException', 'Invalid session for the user.');
  sessions.delete(id as string);
  deps.users.changePassword(username, newPassword);
  return tokensFor(deps, client, user);
}

async function refreshAuth(deps: ShimDeps, client: LocalClient, params: Record<string, unknown>) {
  const { REFRESH_TOKEN: refreshToken, SECRET_HASH: hash } = params;
  if (typeof refreshToken !== 'string' || refreshToken === '') {
    throw new CognitoApiError('InvalidParameterException', 'Missing required parameter REFRESH_TOKEN');
  }
  const invalid = new CognitoApiError('NotAuthorizedException', 'Invalid Refresh Token');
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
 * `{AuthFlow, ClientId, AuthParameters}`, or `…RespondToAuthChallenge` with `{ChallengeName, ClientId,
 * Session, ChallengeResponses}`. Answers 200 `{ChallengeParameters: {}, AuthenticationResult}`, 200
 * `{ChallengeName: "NEW_PASSWORD_REQUIRED", Session, ChallengeParameters}` for a user who must change a
 * temporary password, or 400 `{__type, message}` (`NotAuthorizedException`, `InvalidParameterException`,
 * `ResourceNotFoundException`, `SerializationException`, `UnknownOperationException`,
 * `InvalidPasswordException`); 500
 * `InternalErrorException` when the internal token request fails unexpectedly.
 */
export async function handleInitiateAuth(ctx: KoaContextWithOIDC, deps: ShimDeps): Promise<void> {
  await answerJsonApi(ctx, async (request) => {
    const operation = ctx.get('x-amz-target').slice(COGNITO_TARGET_PREFIX.length);
    if (operation !== 'InitiateAuth' && operation !== 'RespondToAuthChallenge') {
      throw new CognitoApiError(
        'UnknownOperationException',
        `Operation ${operation} is not supported locally`,
      );
    }
    const { AuthFlow: flow, ClientId: clientId, AuthParameters: params } = request;
    const client = typeof clientId === 'string' ? deps.clients.get(clientId) : undefined;
    if (!client) {
      throw new CognitoApiError(
        'ResourceNotFoundException',
        `User pool client ${String(clientId)} does not exist.`,
      );
    }
    if (operation === 'RespondToAuthChallenge') {
      return {
        ChallengeParameters: {},
        AuthenticationResult: await respondToNewPassword(deps, client, request),
      };
    }
    const authParams =
      typeof params === 'object' && params !== null ? (params as Record<string, unknown>) : {};
    let result: AuthenticationResult | NewPasswordChallenge;
    if (flow === 'USER_PASSWORD_AUTH') result = await passwordAuth(deps, client, authParams);
    else if (flow === 'REFRESH_TOKEN_AUTH' || flow === 'REFRESH_TOKEN') {
      result = await refreshAuth(deps, client, authParams);
    } else throw new CognitoApiError('InvalidParameterException', 'Initiate Auth method not supported.');
    return 'ChallengeName' in result
      ? { ...result }
      : { ChallengeParameters: {}, AuthenticationResult: result };
  });
}
