/**
 * Real keys, real signatures and a real JWKS server on 127.0.0.1 for tests. Tokens are signed with jose
 * (a reference implementation independent of the code under test).
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { type CryptoKey, exportJWK, generateKeyPair, type JWK, type JWTPayload, SignJWT } from 'jose';

/** The pinned clock every test uses: 2026-01-01T00:00:00Z, in ms. */
export const FIXED_NOW_MS = Date.UTC(2026, 0, 1);
/** The pinned clock in seconds. */
export const FIXED_NOW = FIXED_NOW_MS / 1000;
/** A clock that always returns {@link FIXED_NOW_MS}. */
export const fixedClock = (): number => FIXED_NOW_MS;

export const REGION = 'eu-west-1';
export const USER_POOL_ID = 'eu-west-1_TestPool1';
export const ISSUER = `https://cognito-idp.${REGION}.amazonaws.com/${USER_POOL_ID}`;
export const CLIENT_ID = '1example23456789clientid';

/** A signing key with its public JWK. */
export interface TestKey {
  readonly kid: string;
  readonly alg: 'RS256' | 'ES256';
  readonly privateKey: CryptoKey;
  readonly publicKey: CryptoKey;
  readonly publicJwk: JWK;
}

/** Generates a fresh RSA-2048 (RS256) or P-256 (ES256) key pair. */
export async function makeKey(kid: string, alg: 'RS256' | 'ES256' = 'RS256'): Promise<TestKey> {
  const { privateKey, publicKey } = await generateKeyPair(alg, { extractable: true });
  const publicJwk = { ...(await exportJWK(publicKey)), kid, alg, use: 'sig' };
  return { kid, alg, privateKey, publicKey, publicJwk };
}

/** Cognito-shaped access token claims at {@link FIXED_NOW}, valid one hour. */
export function accessClaims(overrides: JWTPayload = {}): JWTPayload {
  return {
    sub: 'aaaaaaaa-bbbb-cccc-dddd-eeeeeeeeeeee',
    iss: ISSUER,
    client_id: CLIENT_ID,
    token_use: 'access',
    scope: 'openid email',
    auth_time: FIXED_NOW,
    iat: FIXED_NOW,
    exp: FIXED_NOW + 3600,
    jti: 'jti-1',
    username: 'alice',
    'cognito:groups': ['members'],
    ...overrides,
  };
}

/** Cognito-shaped id token claims at {@link FIXED_NOW}, valid one hour. */
export function idClaims(overrides: JWTPayload = {}): JWTPayload {
  return {
    sub: 'aaaaaaaa-bbbb-cccc-dddd-eeeeeeeeeeee',
    iss: ISSUER,
    aud: CLIENT_ID,
    token_use: 'id',
    auth_time: FIXED_NOW,
    iat: FIXED_NOW,
    exp: FIXED_NOW + 3600,
    'cognito:username': 'alice',
    'cognito:groups': ['members'],
    email: 'alice@example.com',
    ...overrides,
  };
}

/** Signs `claims` with `key` (header `{alg, kid}` plus `header` overrides). */
export async function signToken(
  key: TestKey,
  claims: JWTPayload,
  header: Record<string, unknown> = {},
): Promise<string> {
  return new SignJWT(claims)
    .setProtectedHeader({ alg: key.alg, kid: key.kid, ...header })
    .sign(key.privateKey);
}

/** Signs `claims` with an HS256 shared secret. */
export async function signHs256(
  secret: Uint8Array,
  claims: JWTPayload,
  header: Record<string, unknown> = {},
): Promise<string> {
  return new SignJWT(claims).setProtectedHeader({ alg: 'HS256', ...header }).sign(secret);
}

/** A JWKS server on 127.0.0.1 whose keys, availability and latency tests can change. */
export interface JwksServer {
  readonly url: string;
  /** Number of JWKS requests served so far. */
  readonly hits: () => number;
  setKeys(keys: readonly JWK[]): void;
  /** When false the server answers 503. */
  setAvailable(available: boolean): void;
  /** Delay before answering, in ms. */
  setDelayMs(ms: number): void;
  close(): Promise<void>;
}

/** Starts a JWKS server on an ephemeral port of 127.0.0.1 at path `/.well-known/jwks.json`. */
export async function startJwksServer(keys: readonly JWK[]): Promise<JwksServer> {
  let current = keys;
  let available = true;
  let delay = 0;
  let count = 0;
  const server: Server = createServer((req, res) => {
    count++;
    const answer = () => {
      if (!available) {
        res.writeHead(503).end();
        return;
      }
      if (req.url !== '/.well-known/jwks.json') {
        res.writeHead(404).end();
        return;
      }
      res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ keys: current }));
    };
    if (delay > 0) setTimeout(answer, delay);
    else answer();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/.well-known/jwks.json`,
    hits: () => count,
    setKeys: (k) => {
      current = k;
    },
    setAvailable: (a) => {
      available = a;
    },
    setDelayMs: (ms) => {
      delay = ms;
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
