/**
 * OAuth 2.0 / OpenID Connect client configuration for the hosted-UI login (plain JSON data).
 *
 * @module
 */

/** Explicit endpoint URLs (absolute `https:` URLs; `http:` only on a loopback host for local testing). */
export interface OAuthEndpointsConfig {
  /** Authorization endpoint (RFC 6749 §3.1), e.g. `https://auth.example.com/oauth2/authorize`. */
  readonly authorization?: string;
  /** Token endpoint (RFC 6749 §3.2), e.g. `https://auth.example.com/oauth2/token`. */
  readonly token?: string;
  /** Revocation endpoint (RFC 7009), e.g. `https://auth.example.com/oauth2/revoke`. Optional. */
  readonly revocation?: string;
  /** Logout / end-session endpoint, e.g. `https://auth.example.com/logout`. Optional. */
  readonly logout?: string;
  /**
   * Query parameter carrying the post-logout URL at the logout endpoint: `logout_uri` (Cognito, the
   * default) or `post_logout_redirect_uri` (OIDC RP-Initiated Logout §2).
   */
  readonly logoutRedirectParam?: 'logout_uri' | 'post_logout_redirect_uri';
}

/**
 * The OAuth client (app client) edgeward uses for the authorization code flow.
 *
 * Give either `cognitoDomain` (endpoints derived: `/oauth2/authorize`, `/oauth2/token`,
 * `/oauth2/revoke`, `/logout`) or `endpoints` (which also override derived ones).
 *
 * @see https://docs.aws.amazon.com/cognito/latest/developerguide/authorization-endpoint.html
 * @see https://docs.aws.amazon.com/cognito/latest/developerguide/token-endpoint.html
 */
export interface OAuthClientConfig {
  /** The app client id. */
  readonly clientId: string;
  /**
   * The app client secret, when the client has one: sent with HTTP Basic authentication
   * (RFC 6749 §2.3.1). Baked into the bundle like the rest of the configuration; never logged.
   */
  readonly clientSecret?: string;
  /**
   * The Cognito domain: `myprefix.auth.eu-west-1.amazoncognito.com`, a custom domain
   * `auth.example.com`, or a full origin `https://auth.example.com` (`http://127.0.0.1:port` for the
   * local stack).
   */
  readonly cognitoDomain?: string;
  /** Explicit endpoints; each overrides the one derived from `cognitoDomain`. */
  readonly endpoints?: OAuthEndpointsConfig;
  /** Scopes requested (RFC 6749 §3.3). Default `["openid"]`; `openid` is required for the id token. */
  readonly scopes?: readonly string[];
  /** Cognito `identity_provider` (e.g. `Google`, a SAML provider name): skips the hosted UI chooser. */
  readonly identityProvider?: string;
  /** Cognito `idp_identifier`: selects a federated provider by identifier. */
  readonly idpIdentifier?: string;
  /** Cognito `lang` of the hosted UI (managed login), e.g. `fr`. */
  readonly lang?: string;
  /** Timeout of one token/revocation request in milliseconds. Default 2000, at most 2000. */
  readonly timeoutMs?: number;
}
