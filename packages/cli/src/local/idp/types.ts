/**
 * Public types of the local Cognito-compatible identity provider.
 *
 * @module
 */
import type { Jwks } from 'edgeward/internal/core/config.js';
import type { LocalIdentityPool } from './identity-pool.js';

/**
 * A user of the local user pool. Demo data only: passwords are compared in clear text.
 *
 * @see [Amazon Cognito Developer Guide - Working with user attributes](https://docs.aws.amazon.com/cognito/latest/developerguide/user-pool-settings-attributes.html)
 */
export interface LocalUser {
  /** The Cognito `username` (access token) / `cognito:username` (id token). Unique. */
  readonly username: string;
  /** The password accepted by the login page and `USER_PASSWORD_AUTH`. Demo-only. */
  readonly password: string;
  /** The immutable subject (`sub`), a UUID in Cognito. Unique. */
  readonly sub: string;
  /** The `email` attribute; put in id tokens and userInfo when set. */
  readonly email?: string;
  /** `email_verified`. Default `true` when `email` is set. */
  readonly emailVerified?: boolean;
  /** User pool groups, emitted as `cognito:groups` (claim omitted when empty). Default none. */
  readonly groups?: readonly string[];
  /**
   * Cognito's `FORCE_CHANGE_PASSWORD` status (an administrator created the user with a temporary
   * password): `USER_PASSWORD_AUTH` answers the `NEW_PASSWORD_REQUIRED` challenge instead of tokens, and
   * `RespondToAuthChallenge` sets the new password (in memory, until the server stops). The local hosted UI
   * refuses such a user. Default `false`.
   */
  readonly forceChangePassword?: boolean;
}

/**
 * An app client of the local user pool.
 *
 * @see [Amazon Cognito Developer Guide - Application-specific settings with app clients](https://docs.aws.amazon.com/cognito/latest/developerguide/user-pool-settings-client-apps.html)
 */
export interface LocalClient {
  /** The app client id (`client_id` in access tokens, `aud` in id tokens). */
  readonly clientId: string;
  /**
   * The client secret. When set, the token and revoke endpoints require HTTP Basic client authentication
   * (`client_secret_basic`, RFC 6749 §2.3.1) and `InitiateAuth` requires `SECRET_HASH`. Default: a
   * public client (no secret).
   */
  readonly clientSecret?: string;
  /** Allowed callback URLs (`redirect_uri`), compared exactly. At least one for the hosted UI. */
  readonly redirectUris?: readonly string[];
  /** Allowed sign-out URLs (`logout_uri` of `/logout`), compared exactly. Default none. */
  readonly logoutUris?: readonly string[];
  /**
   * Allowed OAuth scopes; an authorization request without `scope` gets all of them, as with Cognito.
   * Default `['openid', 'email', 'profile', 'phone', 'aws.cognito.signin.user.admin']`.
   */
  readonly scopes?: readonly string[];
}

/** Options of {@link startIdentityProvider}. Times are in **seconds**. */
export interface IdentityProviderOptions {
  /** TCP port; 0 (the default) picks a free port. */
  readonly port?: number;
  /** Interface to bind. Default `127.0.0.1`. */
  readonly host?: string;
  /**
   * Host names answered besides `localhost`, `127.0.0.1`, `[::1]` and the bound address; any other `Host`
   * gets 421 (DNS rebinding protection). Default none.
   */
  readonly allowedHosts?: readonly string[];
  /** AWS region used in the issuer. Default `us-east-1`. */
  readonly region?: string;
  /** User pool id used in the issuer. Default `<region>_edgeward`. */
  readonly userPoolId?: string;
  /** The users, or the path of a `users.json` file (`{ "users": [...] }` or an array). */
  readonly users: readonly LocalUser[] | string;
  /** The app clients. Non-empty. */
  readonly clients: readonly LocalClient[];
  /** Id token lifetime. Default 3600 (Cognito default). */
  readonly idTokenTtlSeconds?: number;
  /** Access token lifetime. Default 3600 (Cognito default). */
  readonly accessTokenTtlSeconds?: number;
  /** Refresh token lifetime. Default 2,592,000 (30 days, Cognito default). */
  readonly refreshTokenTtlSeconds?: number;
  /**
   * The RS256 private signing key as a JWK (with `kid`). Default: a fresh RSA-2048 key per start. Pass
   * {@link LocalIdp.privateKeyJwk} of an earlier run to keep tokens and baked JWKS valid across restarts.
   */
  readonly privateKeyJwk?: JsonWebKeyWithKid;
  /**
   * List the users with their passwords and groups on the sign-in page (the demo: local, public
   * passwords only). Default false.
   */
  readonly showUsersOnLoginPage?: boolean;
  /**
   * An identity pool whose login provider is this user pool: the Cognito Identity API `GetId` and
   * `GetCredentialsForIdentity` at {@link LocalIdp.cognitoApiEndpoint}, issuing clearly fake credentials
   * from `credentials`. Default: none.
   */
  readonly identityPool?: LocalIdentityPool;
}

/** A JWK that carries a `kid` (RFC 7517 §4.5). */
export interface JsonWebKeyWithKid {
  readonly kty: string;
  readonly kid: string;
  readonly [member: string]: unknown;
}

/** A running local identity provider. URLs are absolute. */
export interface LocalIdp {
  /** `https://cognito-idp.<region>.amazonaws.com/<userPoolId>`: the `iss` of every token. */
  readonly issuer: string;
  /** The AWS region in the issuer. */
  readonly region: string;
  /** The user pool id in the issuer. */
  readonly userPoolId: string;
  /** `http://<host>:<port>`: where the Cognito endpoints are served. */
  readonly baseUrl: string;
  /** `<baseUrl>/.well-known/jwks.json`. */
  readonly jwksUri: string;
  /** The public JWKS (one RS256 key). */
  readonly jwks: Jwks;
  /** `<baseUrl>/oauth2/authorize`. */
  readonly authorizeEndpoint: string;
  /** `<baseUrl>/oauth2/token`. */
  readonly tokenEndpoint: string;
  /** `<baseUrl>/oauth2/revoke`. */
  readonly revokeEndpoint: string;
  /** `<baseUrl>/logout`. */
  readonly logoutEndpoint: string;
  /** `<baseUrl>/oauth2/userInfo`. */
  readonly userInfoEndpoint: string;
  /** `<baseUrl>/login`: the hosted-UI login page. */
  readonly loginEndpoint: string;
  /**
   * `<baseUrl>/`: the Cognito JSON APIs (`InitiateAuth`; with an identity pool also `GetId` and
   * `GetCredentialsForIdentity`), for the AWS SDK `endpoint` option.
   */
  readonly cognitoApiEndpoint: string;
  /** The RS256 private signing key (JWK with `kid`), so `edgeward token` can mint with the same key. */
  readonly privateKeyJwk: JsonWebKeyWithKid;
  /** Stops the server (open connections are dropped). */
  close(): Promise<void>;
}
