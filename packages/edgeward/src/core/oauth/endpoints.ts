/**
 * Endpoint resolution and the two browser-facing URLs: the authorization request and the logout URL.
 *
 * @module
 */
import { AuthError } from '../errors.js';
import type { OAuthClientConfig } from './types.js';

/** The resolved endpoints of one OAuth client. */
export interface OAuthEndpoints {
  readonly authorization: URL;
  readonly token: URL;
  readonly revocation?: URL;
  readonly logout?: URL;
  readonly logoutRedirectParam: 'logout_uri' | 'post_logout_redirect_uri';
}

const LOOPBACK = new Set(['127.0.0.1', 'localhost', '[::1]']);

/** True for `localhost`, `127.0.0.1` and `[::1]` (with or without a port). */
export function isLoopbackHost(host: string): boolean {
  const name = host.startsWith('[') ? host.slice(0, host.indexOf(']') + 1) : host.split(':')[0]!;
  return LOOPBACK.has(name.toLowerCase());
}

/**
 * Parses an endpoint URL from configuration: absolute, `https:` (or `http:` on a loopback host), without
 * credentials or a fragment.
 *
 * @throws AuthError `config_invalid` naming `name`
 */
export function endpointUrl(value: string, name: string): URL {
  let url: URL;
  try {
    url = new URL(value);
  } catch (cause) {
    throw new AuthError('config_invalid', `${name} is not an absolute URL`, { cause });
  }
  if (url.protocol !== 'https:' && !(url.protocol === 'http:' && isLoopbackHost(url.host))) {
    throw new AuthError('config_invalid', `${name} must use https (http only on a loopback host)`);
  }
  if (url.username || url.password || url.hash) {
    throw new AuthError('config_invalid', `${name} must not contain credentials or a fragment`);
  }
  return url;
}

function domainOrigin(domain: string): string {
  return /^https?:\/\//i.test(domain) ? domain.replace(/\/+$/, '') : `https://${domain}`;
}

/**
 * Resolves the endpoints of `client`.
 *
 * @throws AuthError `config_invalid` when the authorization or token endpoint is missing, or an endpoint
 *   is not an absolute `https:` URL (`http:` is allowed on loopback hosts only)
 */
export function resolveEndpoints(client: OAuthClientConfig): OAuthEndpoints {
  const base = client.cognitoDomain === undefined ? undefined : domainOrigin(client.cognitoDomain);
  const pick = (explicit: string | undefined, path: string): string | undefined =>
    explicit ?? (base === undefined ? undefined : `${base}${path}`);
  const e = client.endpoints ?? {};
  const authorization = pick(e.authorization, '/oauth2/authorize');
  const token = pick(e.token, '/oauth2/token');
  const revocation = pick(e.revocation, '/oauth2/revoke');
  const logout = pick(e.logout, '/logout');
  if (authorization === undefined || token === undefined) {
    throw new AuthError(
      'config_invalid',
      'client needs cognitoDomain or endpoints.authorization and endpoints.token',
    );
  }
  return {
    authorization: endpointUrl(authorization, 'authorization endpoint'),
    token: endpointUrl(token, 'token endpoint'),
    ...(revocation === undefined ? {} : { revocation: endpointUrl(revocation, 'revocation endpoint') }),
    ...(logout === undefined ? {} : { logout: endpointUrl(logout, 'logout endpoint') }),
    logoutRedirectParam: e.logoutRedirectParam ?? 'logout_uri',
  };
}

/** Per-login parameters of an authorization request. */
export interface AuthorizationRequestParams {
  /** Absolute callback URL (`redirect_uri`), registered with the IdP. */
  readonly redirectUri: string;
  readonly state: string;
  /** PKCE S256 code challenge (RFC 7636 §4.3). */
  readonly codeChallenge: string;
  /** OIDC nonce (OIDC Core §3.1.2.1). */
  readonly nonce: string;
}

/**
 * Builds the authorization request URL: `response_type=code`, `client_id`, `redirect_uri`, `scope`,
 * `state`, `code_challenge` + `code_challenge_method=S256`, `nonce`, and the optional Cognito
 * `identity_provider`, `idp_identifier`, `lang`.
 *
 * @see [RFC 6749 - OAuth 2.0, section 4.1.1](https://www.rfc-editor.org/rfc/rfc6749.html#section-4.1.1)
 * @see [Amazon Cognito Developer Guide - Authorize endpoint](https://docs.aws.amazon.com/cognito/latest/developerguide/authorization-endpoint.html)
 */
export function buildAuthorizationUrl(
  endpoints: OAuthEndpoints,
  client: OAuthClientConfig,
  params: AuthorizationRequestParams,
): string {
  const url = new URL(endpoints.authorization);
  const q = url.searchParams;
  q.set('response_type', 'code');
  q.set('client_id', client.clientId);
  q.set('redirect_uri', params.redirectUri);
  q.set('scope', (client.scopes ?? ['openid']).join(' '));
  q.set('state', params.state);
  q.set('code_challenge', params.codeChallenge);
  q.set('code_challenge_method', 'S256');
  q.set('nonce', params.nonce);
  if (client.identityProvider !== undefined) q.set('identity_provider', client.identityProvider);
  if (client.idpIdentifier !== undefined) q.set('idp_identifier', client.idpIdentifier);
  if (client.lang !== undefined) q.set('lang', client.lang);
  return url.href;
}

/**
 * Builds the IdP logout URL: `<logout>?client_id=…&logout_uri=…` (Cognito) or
 * `…&post_logout_redirect_uri=…` (OIDC RP-Initiated Logout).
 *
 * @param postLogoutUri - absolute URL the IdP sends the browser to afterwards (registered with the IdP)
 * @returns the URL, or `undefined` when no logout endpoint is configured
 * @see [Amazon Cognito Developer Guide - Logout endpoint](https://docs.aws.amazon.com/cognito/latest/developerguide/logout-endpoint.html)
 */
export function buildLogoutUrl(
  endpoints: OAuthEndpoints,
  client: OAuthClientConfig,
  postLogoutUri: string,
): string | undefined {
  if (endpoints.logout === undefined) return undefined;
  const url = new URL(endpoints.logout);
  url.searchParams.set('client_id', client.clientId);
  url.searchParams.set(endpoints.logoutRedirectParam, postLogoutUri);
  return url.href;
}

/** Default and maximum timeout of one token endpoint or revocation request, in milliseconds. */
export const MAX_OAUTH_TIMEOUT_MS = 2000;

/**
 * The client's request timeout in milliseconds (`timeoutMs`, default and maximum
 * {@link MAX_OAUTH_TIMEOUT_MS}).
 *
 * @throws AuthError `config_invalid` naming `client.timeoutMs` when it is not in (0, 2000]
 */
export function checkOAuthTimeout(config: OAuthClientConfig): number {
  const timeoutMs = config.timeoutMs ?? MAX_OAUTH_TIMEOUT_MS;
  if (!(timeoutMs > 0 && timeoutMs <= MAX_OAUTH_TIMEOUT_MS)) {
    throw new AuthError('config_invalid', `client.timeoutMs must be in (0, ${MAX_OAUTH_TIMEOUT_MS}]`);
  }
  return timeoutMs;
}
