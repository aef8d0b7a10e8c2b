/**
 * Starts the local Cognito-compatible identity provider: one HTTP server on 127.0.0.1 serving
 * oidc-provider (configured as a Cognito user pool) behind the Cognito shim routes.
 *
 * @module
 */

import { createPublicKey, type JsonWebKey as NodeJsonWebKey } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { calculateJwkThumbprint, exportJWK, generateKeyPair } from 'jose';
import { LocalStackError } from '../errors.js';
import { allowedHostNames, closeServer, LOCAL_HOST, listen, refuseForeignHost } from '../http.js';
import { COGNITO_PATHS, createCognitoProvider } from './provider.js';
import { cognitoShim } from './shim.js';
import type { IdentityProviderOptions, JsonWebKeyWithKid, LocalIdp } from './types.js';
import { createUserDirectory, readUsersFile } from './users.js';

/** Cognito's default token lifetimes, in seconds. */
const DEFAULTS = { idToken: 3600, accessToken: 3600, refreshToken: 30 * 24 * 3600 } as const;

/** Generates an RS256 (RSA-2048) private JWK whose `kid` is its RFC 7638 thumbprint. */
export async function newSigningKey(): Promise<JsonWebKeyWithKid> {
  const { privateKey } = await generateKeyPair('RS256', { extractable: true });
  const jwk = await exportJWK(privateKey);
  const kid = await calculateJwkThumbprint(jwk);
  return { ...jwk, kty: 'RSA', kid, alg: 'RS256', use: 'sig' };
}

function positiveSeconds(name: string, value: number | undefined, fallback: number): number {
  const v = value ?? fallback;
  if (!Number.isInteger(v) || v <= 0)
    throw new LocalStackError('local_config_invalid', `${name} must be a positive integer (seconds)`);
  return v;
}

/**
 * Starts a local identity provider that behaves like an Amazon Cognito user pool with a domain:
 * `/oauth2/authorize`, `/oauth2/token`, `/oauth2/userInfo`, `/oauth2/revoke`, `/login`, `/logout`,
 * `/.well-known/jwks.json`, `/.well-known/openid-configuration` and the JSON API `InitiateAuth` at `/`.
 * Tokens carry the issuer `https://cognito-idp.<region>.amazonaws.com/<userPoolId>` so production
 * verification code accepts them when pointed at {@link LocalIdp.jwksUri} (with `allowHttp`).
 *
 * Clock: oidc-provider reads `Date.now()` itself and has no clock option, so tokens are stamped with the
 * real time. To exercise expiry without waiting, verify with a clock pinned to the token's own `iat`/`exp`
 * (jose's `currentDate`), or sign an aged copy with {@link LocalIdp.privateKeyJwk}; a short real lifetime
 * makes a test slow and, on a loaded machine, flaky.
 *
 * State (sessions, codes, refresh tokens) lives in memory and ends with {@link LocalIdp.close}. Requests
 * whose `Host` is not `localhost`, `127.0.0.1`, `[::1]` (or `options.allowedHosts`) get 421: a page on
 * another domain re-pointed at 127.0.0.1 (DNS rebinding) cannot sign in or mint tokens here.
 *
 * @example
 * ```ts
 * const idp = await startIdentityProvider({
 *   users: 'examples/users.json',
 *   clients: [{ clientId: 'demo', redirectUris: ['http://127.0.0.1:3000/_auth/callback'] }],
 * });
 * console.log(idp.authorizeEndpoint); // http://127.0.0.1:<port>/oauth2/authorize
 * await idp.close();
 * ```
 * @throws Error when users or clients are invalid (duplicate names, malformed entries, unreadable file),
 *   a lifetime is not a positive integer, or the port cannot be bound
 * @see [Amazon Cognito Developer Guide - User pool endpoints and managed login reference](https://docs.aws.amazon.com/cognito/latest/developerguide/cognito-userpools-server-contract-reference.html)
 */
export async function startIdentityProvider(options: IdentityProviderOptions): Promise<LocalIdp> {
  const region = options.region ?? 'us-east-1';
  const userPoolId = options.userPoolId ?? `${region}_edgeward`;
  const issuer = `https://cognito-idp.${region}.amazonaws.com/${userPoolId}`;
  const users = createUserDirectory(
    typeof options.users === 'string' ? readUsersFile(options.users) : options.users,
  );
  if (options.clients.length === 0)
    throw new LocalStackError('local_config_invalid', 'at least one client is required');
  const clients = new Map(options.clients.map((c) => [c.clientId, c]));
  if (clients.size !== options.clients.length)
    throw new LocalStackError('local_config_invalid', 'duplicate clientId');
  const lifetimes = {
    idToken: positiveSeconds('idTokenTtlSeconds', options.idTokenTtlSeconds, DEFAULTS.idToken),
    accessToken: positiveSeconds(
      'accessTokenTtlSeconds',
      options.accessTokenTtlSeconds,
      DEFAULTS.accessToken,
    ),
    refreshToken: positiveSeconds(
      'refreshTokenTtlSeconds',
      options.refreshTokenTtlSeconds,
      DEFAULTS.refreshToken,
    ),
  };
  const signingKey = options.privateKeyJwk ?? (await newSigningKey());
  const publicKey = createPublicKey({ key: signingKey as NodeJsonWebKey, format: 'jwk' });
  const publicJwk = {
    ...(publicKey.export({ format: 'jwk' }) as { kty: string }),
    kid: signingKey.kid,
    alg: 'RS256',
    use: 'sig',
  };

  // Bind first: the base URL (with the chosen port) goes into the provider's discovery metadata.
  let handle: (req: IncomingMessage, res: ServerResponse) => void = (_req, res) => {
    res.writeHead(503).end();
  };
  const host = options.host ?? LOCAL_HOST;
  const allowed = allowedHostNames(host, options.allowedHosts);
  const server = createServer((req, res) => {
    if (!refuseForeignHost(req, res, allowed)) handle(req, res);
  });
  const port = await listen(server, options.port ?? 0, host, false);
  const baseUrl = `http://${host.includes(':') ? `[${host}]` : host}:${port}`;

  try {
    const provider = createCognitoProvider({
      issuer,
      baseUrl,
      users,
      clients: options.clients,
      lifetimes,
      signingKey,
    });
    provider.use(
      cognitoShim({
        provider,
        users,
        clients,
        issuer,
        baseUrl,
        publicKey,
        showUsers: options.showUsersOnLoginPage ?? false,
        ...(options.identityPool === undefined ? {} : { identityPool: options.identityPool }),
      }),
    );
    handle = provider.callback();
  } catch (error) {
    await closeServer(server);
    throw error;
  }

  return {
    issuer,
    region,
    userPoolId,
    baseUrl,
    jwksUri: `${baseUrl}${COGNITO_PATHS.jwks}`,
    jwks: { keys: [publicJwk] },
    authorizeEndpoint: `${baseUrl}${COGNITO_PATHS.authorize}`,
    tokenEndpoint: `${baseUrl}${COGNITO_PATHS.token}`,
    revokeEndpoint: `${baseUrl}${COGNITO_PATHS.revoke}`,
    logoutEndpoint: `${baseUrl}${COGNITO_PATHS.logout}`,
    userInfoEndpoint: `${baseUrl}${COGNITO_PATHS.userInfo}`,
    loginEndpoint: `${baseUrl}${COGNITO_PATHS.login}`,
    cognitoApiEndpoint: `${baseUrl}/`,
    privateKeyJwk: signingKey,
    close: () => closeServer(server),
  };
}
