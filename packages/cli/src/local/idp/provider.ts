/**
 * The oidc-provider configuration that makes a certified OpenID Provider behave like an Amazon Cognito
 * user pool: Cognito's endpoint paths, Cognito-shaped id and access tokens, refresh tokens always issued
 * (opaque, not rotated), no consent screen, PKCE optional but enforced when the client sends a challenge.
 *
 * Everything the authorization server does (authorization codes, PKCE, client authentication, refresh,
 * revocation, JWKS, discovery) is oidc-provider's; this module only configures it.
 *
 * @see https://github.com/panva/node-oidc-provider/blob/main/docs/README.md
 * @see https://docs.aws.amazon.com/cognito/latest/developerguide/amazon-cognito-user-pools-using-tokens-with-identity-providers.html
 * @module
 */
import { randomBytes } from 'node:crypto';
import Provider, { errors, type KoaContextWithOIDC } from 'oidc-provider';
import { createMemoryAdapterFactory } from './adapter.js';
import { escapeHtml, htmlPage } from './html.js';
import type { JsonWebKeyWithKid, LocalClient } from './types.js';
import { type UserDirectory, userClaims } from './users.js';

/**
 * The single resource indicator (RFC 8707) every access token is issued for. oidc-provider only issues
 * JWT access tokens for a resource server; the resulting `aud` is kept out of the signed token (Cognito
 * access tokens have no `aud`).
 */
export const USER_POOL_RESOURCE = 'urn:edgeward:local:user-pool';

/** Scopes a client may request when {@link LocalClient.scopes} is not set (Cognito's built-in scopes). */
export const DEFAULT_CLIENT_SCOPES: readonly string[] = [
  'openid',
  'email',
  'profile',
  'phone',
  'aws.cognito.signin.user.admin',
];

/**
 * Cognito's reserved scope: the only scope of tokens issued through the user pools API (`InitiateAuth`),
 * which therefore every client's resource server accepts.
 */
export const COGNITO_ADMIN_SCOPE = 'aws.cognito.signin.user.admin';

/** Cognito paths of the OAuth 2.0 endpoints. */
export const COGNITO_PATHS = {
  authorize: '/oauth2/authorize',
  token: '/oauth2/token',
  revoke: '/oauth2/revoke',
  userInfo: '/oauth2/userInfo',
  login: '/login',
  logout: '/logout',
  jwks: '/.well-known/jwks.json',
  discovery: '/.well-known/openid-configuration',
} as const;

/** Token lifetimes in seconds. */
export interface TokenLifetimes {
  readonly idToken: number;
  readonly accessToken: number;
  readonly refreshToken: number;
}

/** What {@link createCognitoProvider} needs. */
export interface ProviderSetup {
  /** The Cognito issuer URL. */
  readonly issuer: string;
  /** `http://host:port` where the server answers. */
  readonly baseUrl: string;
  readonly users: UserDirectory;
  readonly clients: readonly LocalClient[];
  readonly lifetimes: TokenLifetimes;
  /** RS256 private signing key. */
  readonly signingKey: JsonWebKeyWithKid;
}

/** The scopes `client` may request. */
export function clientScopes(client: LocalClient | undefined): readonly string[] {
  return client?.scopes ?? DEFAULT_CLIENT_SCOPES;
}

function originOf(uri: string): string | undefined {
  try {
    return new URL(uri).origin;
  } catch {
    return undefined;
  }
}

/**
 * The `redirect_uri` of the internal authorization codes that stand for an `InitiateAuth` password login.
 * Registered on every client so oidc-provider redeems those codes; browsers may never use it (the shim
 * refuses authorization requests naming it).
 */
export function internalRedirectUri(baseUrl: string): string {
  return `${baseUrl}/internal/initiate-auth`;
}

/** oidc-provider client metadata (RFC 7591 §2) for a local app client. */
function clientMetadata(client: LocalClient, baseUrl: string): Record<string, unknown> {
  return {
    client_id: client.clientId,
    ...(client.clientSecret === undefined
      ? { token_endpoint_auth_method: 'none' }
      : { client_secret: client.clientSecret, token_endpoint_auth_method: 'client_secret_basic' }),
    redirect_uris: [...(client.redirectUris ?? []), internalRedirectUri(baseUrl)],
    grant_types: ['authorization_code', 'refresh_token'],
    // Cognito id tokens always carry `auth_time`.
    require_auth_time: true,
    response_types: ['code'],
    // Allowed scopes are enforced by `loadExistingGrant` and the resource server (client metadata `scope`
    // may only list oidc-provider's static scopes, not `aws.cognito.signin.user.admin` or custom ones).
  };
}

/**
 * Rewrites an oidc-provider JWT access token into Cognito's shape: `token_use: 'access'`, `client_id`,
 * `username`, `scope`, `cognito:groups`, `auth_time`, `origin_jti` (the grant, revoked with the refresh
 * token), no `aud` and no `typ` header (oidc-provider would emit `typ: at+jwt`, RFC 9068).
 *
 * oidc-provider insists on an audience before signing; the resource audience is kept as a
 * non-enumerable property so that check passes while `JSON.stringify` leaves it out of the payload.
 *
 * @see https://docs.aws.amazon.com/cognito/latest/developerguide/amazon-cognito-user-pools-using-the-access-token.html
 */
function accessTokenCustomizer(issuer: string, users: UserDirectory) {
  return (
    ctx: KoaContextWithOIDC | undefined,
    token: { accountId: string; clientId: string; scope?: string; grantId?: string },
    jwt: { header?: Record<string, unknown>; payload: Record<string, unknown> },
  ): void => {
    const user = users.bySub(token.accountId);
    if (!user) throw new Error('access token for an unknown account');
    const entities = ctx?.oidc?.entities ?? {};
    const authTime: unknown = (entities.AuthorizationCode ?? entities.RefreshToken)?.authTime;
    const claims = userClaims(user);
    const payload: Record<string, unknown> = {
      sub: user.sub,
      ...(claims['cognito:groups'] === undefined ? {} : { 'cognito:groups': claims['cognito:groups'] }),
      iss: issuer,
      version: 2,
      client_id: token.clientId,
      ...(token.grantId === undefined ? {} : { origin_jti: token.grantId }),
      token_use: 'access',
      scope: token.scope ?? '',
      ...(typeof authTime === 'number' ? { auth_time: authTime } : {}),
      exp: jwt.payload.exp,
      iat: jwt.payload.iat,
      jti: jwt.payload.jti,
      username: user.username,
    };
    Object.defineProperty(payload, 'aud', {
      value: jwt.payload.aud,
      enumerable: false,
      writable: true,
      configurable: true,
    });
    jwt.payload = payload;
    jwt.header = { typ: undefined };
  };
}

/**
 * Creates the oidc-provider instance. Its Koa middleware stack handles the OAuth endpoints; the Cognito
 * shim routes (`/login`, `/logout`, `/oauth2/userInfo`, `InitiateAuth`) are added by the caller with
 * `provider.use`.
 *
 * @throws Error from oidc-provider when the configuration is invalid (e.g. a malformed redirect URI)
 */
export function createCognitoProvider(setup: ProviderSetup): Provider {
  const { issuer, baseUrl, users, clients, lifetimes, signingKey } = setup;
  const byId = new Map(clients.map((c) => [c.clientId, c]));

  const configuration: Record<string, unknown> = {
    adapter: createMemoryAdapterFactory(),
    clients: clients.map((c) => clientMetadata(c, baseUrl)),
    jwks: { keys: [signingKey] },
    cookies: { keys: [randomBytes(32).toString('base64url')] },
    findAccount: async (_ctx: unknown, sub: string) => {
      const user = users.bySub(sub);
      if (!user) return undefined;
      return {
        accountId: user.sub,
        claims: async (use: string) => ({
          ...userClaims(user),
          ...(use === 'id_token' ? { token_use: 'id' } : {}),
        }),
      };
    },
    // Cognito puts every readable attribute in the id token once `openid` is granted.
    claims: {
      openid: ['sub', 'cognito:username', 'cognito:groups', 'email', 'email_verified', 'token_use'],
      email: ['email', 'email_verified'],
      profile: [],
      phone: [],
    },
    scopes: ['openid', 'offline_access'],
    responseTypes: ['code'],
    clientAuthMethods: ['client_secret_basic', 'none'],
    allowOmittingSingleRegisteredRedirectUri: false,
    // PKCE (RFC 7636) is optional as in Cognito, but a code issued with a challenge needs the verifier.
    pkce: { required: () => false },
    routes: {
      authorization: COGNITO_PATHS.authorize,
      token: COGNITO_PATHS.token,
      revocation: COGNITO_PATHS.revoke,
      userinfo: COGNITO_PATHS.userInfo,
      jwks: COGNITO_PATHS.jwks,
      end_session: '/oidc/session/end',
      backchannel_authentication: '/oidc/backchannel',
      code_verification: '/oidc/device',
      device_authorization: '/oidc/device/auth',
      introspection: '/oidc/token/introspection',
      pushed_authorization_request: '/oidc/request',
      registration: '/oidc/reg',
      challenge: '/oidc/challenge',
      credential: '/oidc/credential',
    },
    features: {
      devInteractions: { enabled: false },
      rpInitiatedLogout: { enabled: false },
      pushedAuthorizationRequests: { enabled: false },
      // Served by the shim (`userinfo.ts`): oidc-provider refuses access tokens that carry an audience.
      userinfo: { enabled: false },
      revocation: {
        enabled: true,
        allowedPolicy: async (_ctx: unknown, client: { clientId: string }, token: { clientId: string }) =>
          token.clientId === client.clientId,
      },
      resourceIndicators: {
        enabled: true,
        defaultResource: async () => USER_POOL_RESOURCE,
        useGrantedResource: async () => true,
        getResourceServerInfo: async (_ctx: unknown, resource: string, client: { clientId: string }) => {
          if (resource !== USER_POOL_RESOURCE) throw new errors.InvalidTarget();
          return {
            scope: [...new Set([...clientScopes(byId.get(client.clientId)), COGNITO_ADMIN_SCOPE])].join(' '),
            accessTokenFormat: 'jwt',
            accessTokenTTL: lifetimes.accessToken,
            jwt: { sign: { alg: 'RS256' } },
          };
        },
      },
    },
    // No consent screen: the signed-in user grants the client every scope it asked for and may request.
    loadExistingGrant: async (ctx: KoaContextWithOIDC) => {
      const { oidc } = ctx;
      const clientId: string = oidc.client.clientId;
      const accountId: string = oidc.session.accountId;
      const existingId: string | undefined =
        oidc.result?.consent?.grantId ?? oidc.session.grantIdFor(clientId);
      const grant =
        (existingId === undefined ? undefined : await oidc.provider.Grant.find(existingId)) ??
        new oidc.provider.Grant({ clientId, accountId });
      const allowed = new Set(clientScopes(byId.get(clientId)));
      const requested = [...(oidc.requestParamScopes as Set<string>)].filter((s) => allowed.has(s)).join(' ');
      grant.addOIDCScope(requested);
      grant.addResourceScope(USER_POOL_RESOURCE, requested);
      await grant.save();
      return grant;
    },
    // Cognito issues a refresh token with every code exchange; it is not rotated on use and outlives the
    // hosted-UI session (sign-out revokes it explicitly through /oauth2/revoke).
    issueRefreshToken: async (_ctx: unknown, client: { grantTypeAllowed(t: string): boolean }) =>
      client.grantTypeAllowed('refresh_token'),
    rotateRefreshToken: false,
    expiresWithSession: async () => false,
    ttl: {
      AccessToken: lifetimes.accessToken,
      IdToken: lifetimes.idToken,
      RefreshToken: lifetimes.refreshToken,
      Grant: lifetimes.refreshToken,
      // Cognito authorization codes are valid for 5 minutes; the hosted-UI session for 1 hour.
      AuthorizationCode: 300,
      Interaction: 3600,
      Session: 3600,
    },
    interactions: {
      url: (_ctx: unknown, interaction: { params: { client_id?: string } }) =>
        `${COGNITO_PATHS.login}?client_id=${encodeURIComponent(interaction.params.client_id ?? '')}`,
    },
    formats: { customizers: { jwt: accessTokenCustomizer(issuer, users) } },
    clientBasedCORS: (_ctx: unknown, origin: string, client: { redirectUris: string[] }) =>
      client.redirectUris.some((uri) => originOf(uri) === origin),
    discovery: { userinfo_endpoint: `${baseUrl}${COGNITO_PATHS.userInfo}` },
    renderError: async (ctx: KoaContextWithOIDC, out: { error?: string; error_description?: string }) => {
      ctx.type = 'html';
      ctx.body = htmlPage(
        'Something went wrong',
        `<h1>Something went wrong</h1><p class="error">${escapeHtml(out.error ?? 'server_error')}: ${escapeHtml(
          out.error_description ?? '',
        )}</p>`,
      );
    },
  };
  return new Provider(issuer, configuration);
}
