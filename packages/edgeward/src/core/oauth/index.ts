/**
 * OAuth 2.0 / OpenID Connect client for the hosted-UI login: endpoint resolution, authorization and
 * logout URLs, authorization code exchange with PKCE, refresh and revocation (over oauth4webapi).
 *
 * @module
 */
export {
  type CodeExchangeParams,
  createOAuthClient,
  MAX_OAUTH_TIMEOUT_MS,
  type OAuthClient,
  type TokenSet,
} from './client.js';
export {
  type AuthorizationRequestParams,
  buildAuthorizationUrl,
  buildLogoutUrl,
  isLoopbackHost,
  type OAuthEndpoints,
  resolveEndpoints,
} from './endpoints.js';
export type { OAuthClientConfig, OAuthEndpointsConfig } from './types.js';
