/**
 * The token endpoint and revocation calls of the hosted-UI login, over oauth4webapi: authorization code
 * exchange with PKCE (RFC 6749 §4.1.3, RFC 7636 §4.5), refresh (RFC 6749 §6) and revocation (RFC 7009).
 *
 * All I/O goes through the injected `fetch` with a timeout (default and maximum 2,000 ms); the clock is
 * the injected one (oauth4webapi's `clockSkew`). oauth4webapi validates the token response and the id
 * token's claims (`iss`, `aud`, `exp`, `iat`, `nonce`); signatures are verified by the caller with the
 * site's verifier.
 *
 * @module
 */
import * as oauth from 'oauth4webapi';
import { AuthError, type AuthErrorCode } from '../errors.js';
import { type Clock, type FetchLike, nowSeconds, type RuntimeDeps } from '../runtime.js';
import { checkOAuthTimeout, isLoopbackHost, type OAuthEndpoints, resolveEndpoints } from './endpoints.js';
import type { OAuthClientConfig } from './types.js';

export { MAX_OAUTH_TIMEOUT_MS } from './endpoints.js';

/** Tokens returned by the token endpoint (RFC 6749 §5.1). */
export interface TokenSet {
  readonly accessToken: string;
  readonly idToken?: string;
  /** Absent when the IdP did not issue (or, on refresh, did not rotate) one. */
  readonly refreshToken?: string;
  /** Seconds, when the IdP sent `expires_in`. */
  readonly expiresIn?: number;
}

/** Per-login values the callback checks and sends. */
export interface CodeExchangeParams {
  /** The `redirect_uri` sent in the authorization request (RFC 6749 §4.1.3). */
  readonly redirectUri: string;
  /** The PKCE code verifier (RFC 7636 §4.5). */
  readonly codeVerifier: string;
  /** The expected id token `nonce`. */
  readonly nonce: string;
  /** The expected `state` (already compared in constant time by the caller). */
  readonly state: string;
}

/** The OAuth calls one site makes. */
export interface OAuthClient {
  readonly endpoints: OAuthEndpoints;
  /**
   * Exchanges the authorization code in `callbackParams` for tokens.
   *
   * @param callbackParams - the callback's query, parsed with `URLSearchParams`
   * @throws AuthError `state_invalid` (missing/duplicated parameters), `idp_error` (an `error=` response),
   *   `token_endpoint_error` (network, timeout, non-2xx, malformed response), or a token claim code
   *   (`token_nonce_invalid`, `token_audience_invalid`, `token_issuer_invalid`, `token_expired`)
   */
  exchangeCode(callbackParams: URLSearchParams, params: CodeExchangeParams): Promise<TokenSet>;
  /**
   * Uses a refresh token at the token endpoint.
   *
   * @throws AuthError `refresh_failed` when the IdP refuses the grant (e.g. `invalid_grant`) or the
   *   response fails validation; `token_endpoint_error` for network failures, timeouts and non-OAuth
   *   (e.g. 5xx) responses
   */
  refresh(refreshToken: string): Promise<TokenSet>;
  /**
   * Revokes a refresh token, best effort within the timeout. Never throws.
   *
   * @returns true when the IdP confirmed the revocation, false otherwise (or with no revocation endpoint)
   */
  revoke(refreshToken: string): Promise<boolean>;
}

function claimCode(claim: unknown): AuthErrorCode {
  switch (claim) {
    case 'nonce':
      return 'token_nonce_invalid';
    case 'aud':
    case 'azp':
      return 'token_audience_invalid';
    case 'iss':
      return 'token_issuer_invalid';
    default:
      return 'token_claim_invalid';
  }
}

/** Maps an oauth4webapi / fetch failure to an AuthError without copying response bodies or tokens. */
function toAuthError(e: unknown, what: string): AuthError {
  if (e instanceof AuthError) return e;
  if (e instanceof oauth.ResponseBodyError) {
    // `error` is a registered OAuth error code (RFC 6749 §5.2), safe to log.
    return new AuthError('token_endpoint_error', `${what}: ${e.status} ${e.error}`, { cause: e.error });
  }
  if (e instanceof oauth.OperationProcessingError) {
    const cause = e.cause as { claim?: unknown } | undefined;
    if (e.code === oauth.JWT_CLAIM_COMPARISON)
      return new AuthError(claimCode(cause?.claim), `${what}: id token claim check failed`);
    if (e.code === oauth.JWT_TIMESTAMP_CHECK)
      return new AuthError('token_expired', `${what}: id token time check failed`);
    return new AuthError('token_endpoint_error', `${what}: ${e.code ?? 'invalid response'}`);
  }
  const name = e instanceof Error ? e.name : 'error';
  return new AuthError(
    'token_endpoint_error',
    `${what}: ${name === 'TimeoutError' ? 'timed out' : 'request failed'}`,
    {
      cause: name,
    },
  );
}

/**
 * Builds the OAuth client of a site. Endpoints are resolved once, here.
 *
 * @param config - the client configuration
 * @param issuer - the exact `iss` of the id tokens (for Cognito the user pool issuer, not the domain)
 * @param algorithms - accepted id token `alg` values; default `["RS256"]`
 * @param deps - injected clock and fetch
 * @throws AuthError `config_invalid` for unusable endpoints or timeout
 */
export function createOAuthClient(
  config: OAuthClientConfig,
  issuer: string,
  algorithms: readonly string[] = ['RS256'],
  deps: RuntimeDeps = {},
): OAuthClient {
  const endpoints = resolveEndpoints(config);
  const timeoutMs = checkOAuthTimeout(config);
  const clock: Clock = deps.clock ?? Date.now;
  const fetchImpl: FetchLike = deps.fetch ?? ((input, init) => fetch(input, init));
  const as: oauth.AuthorizationServer = {
    issuer,
    authorization_endpoint: endpoints.authorization.href,
    token_endpoint: endpoints.token.href,
    ...(endpoints.revocation === undefined ? {} : { revocation_endpoint: endpoints.revocation.href }),
    id_token_signing_alg_values_supported: [...algorithms],
  };
  const clientAuth =
    config.clientSecret === undefined ? oauth.None() : oauth.ClientSecretBasic(config.clientSecret);
  const insecureOk = (url: URL | undefined): boolean => url?.protocol === 'http:' && isLoopbackHost(url.host);

  const client = (): oauth.Client => ({
    client_id: config.clientId,
    // oauth4webapi reads the time through `clockSkew`: align it with the injected clock.
    [oauth.clockSkew]: nowSeconds(clock) - Math.floor(Date.now() / 1000),
  });
  const options = (url: URL | undefined) => ({
    [oauth.customFetch]: fetchImpl as unknown as typeof fetch,
    [oauth.allowInsecureRequests]: insecureOk(url),
    signal: () => AbortSignal.timeout(timeoutMs),
  });
  const tokenSet = (r: oauth.TokenEndpointResponse): TokenSet => ({
    accessToken: r.access_token,
    ...(r.id_token === undefined ? {} : { idToken: r.id_token }),
    ...(r.refresh_token === undefined ? {} : { refreshToken: r.refresh_token }),
    ...(r.expires_in === undefined ? {} : { expiresIn: r.expires_in }),
  });

  return {
    endpoints,
    async exchangeCode(callbackParams, params) {
      let validated: URLSearchParams;
      try {
        validated = oauth.validateAuthResponse(as, client(), callbackParams, params.state);
      } catch (e) {
        if (e instanceof oauth.AuthorizationResponseError) {
          throw new AuthError('idp_error', `authorization response carries error ${e.error}`);
        }
        throw new AuthError('state_invalid', 'authorization response parameters are invalid');
      }
      try {
        const c = client();
        const response = await oauth.authorizationCodeGrantRequest(
          as,
          c,
          clientAuth,
          validated,
          params.redirectUri,
          params.codeVerifier,
          options(endpoints.token),
        );
        return tokenSet(
          await oauth.processAuthorizationCodeResponse(as, c, response, {
            expectedNonce: params.nonce,
            requireIdToken: true,
          }),
        );
      } catch (e) {
        throw toAuthError(e, 'code exchange');
      }
    },
    async refresh(refreshToken) {
      try {
        const c = client();
        const response = await oauth.refreshTokenGrantRequest(
          as,
          c,
          clientAuth,
          refreshToken,
          options(endpoints.token),
        );
        return tokenSet(await oauth.processRefreshTokenResponse(as, c, response));
      } catch (e) {
        // The IdP refused the grant (RFC 6749 §5.2, e.g. invalid_grant) or the response failed checks:
        // the refresh token is unusable. Network failures and timeouts stay `token_endpoint_error`.
        const cause = toAuthError(e, 'refresh');
        const refused =
          e instanceof oauth.ResponseBodyError ? e.status < 500 : cause.code !== 'token_endpoint_error';
        if (!refused) throw cause;
        throw new AuthError('refresh_failed', cause.message, { cause });
      }
    },
    async revoke(refreshToken) {
      if (endpoints.revocation === undefined) return false;
      try {
        const response = await oauth.revocationRequest(
          as,
          client(),
          clientAuth,
          refreshToken,
          options(endpoints.revocation),
        );
        await oauth.processRevocationResponse(response);
        return true;
      } catch {
        return false;
      }
    },
  };
}
