/**
 * A small Cognito-like token endpoint on 127.0.0.1 for the cookie-login tests (real HTTP, real tokens
 * signed with test/helpers/keys.ts keys, pinned clock claims):
 *
 * - `GET /.well-known/jwks.json` — the signing key's JWKS;
 * - `POST /oauth2/token` — `authorization_code` (single-use codes bound to redirect_uri, PKCE S256
 *   challenge and nonce, HTTP Basic client authentication when a secret is set) and `refresh_token`;
 * - `POST /oauth2/revoke` — records revoked refresh tokens.
 *
 * Tests obtain a code with {@link TokenEndpoint.issueCode} from the parameters of edgeward's 302 to the
 * authorization endpoint, as the hosted UI would after a successful sign-in.
 */
import { createHash } from 'node:crypto';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { JWTPayload } from 'jose';
import { accessClaims, CLIENT_ID, idClaims, makeKey, signToken, type TestKey } from '../helpers/keys.js';

/** What the authorization endpoint would have recorded for one code. */
interface CodeGrant {
  readonly redirectUri: string;
  readonly codeChallenge: string;
  readonly nonce: string;
  readonly claims: JWTPayload;
  used: boolean;
}

/** Options of {@link startTokenEndpoint}. */
export interface TokenEndpointOptions {
  /** Client secret required with HTTP Basic; none → public client (client_id in the body). */
  readonly clientSecret?: string;
}

/** A running token endpoint. */
export interface TokenEndpoint {
  /** `http://127.0.0.1:<port>` (use as `client.cognitoDomain`). */
  readonly origin: string;
  readonly jwksUri: string;
  readonly key: TestKey;
  /** Issues a code as the hosted UI would after sign-in. `claims` override both tokens' claims. */
  issueCode(authorizeUrl: string, claims?: JWTPayload): string;
  /** Registers a refresh token that the refresh grant accepts. */
  addRefreshToken(token: string, claims?: JWTPayload): void;
  /** Refresh tokens revoked so far. */
  readonly revoked: string[];
  /** Requests received, by path. */
  readonly hits: Record<string, number>;
  /** Make the token endpoint answer 503 (true) or delay each answer (ms). */
  setDown(down: boolean): void;
  /** The `error` value of refused refresh grants (default `invalid_grant`), e.g. a hostile one. */
  setRefreshError(error: string): void;
  setDelayMs(ms: number): void;
  /** Change the claims of the id token minted for the next exchanges (e.g. a wrong nonce). */
  setIdTokenOverrides(claims: JWTPayload): void;
  close(): Promise<void>;
}

async function body(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const c of req) chunks.push(c as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

/** Starts the token endpoint on an ephemeral port of 127.0.0.1. */
export async function startTokenEndpoint(options: TokenEndpointOptions = {}): Promise<TokenEndpoint> {
  const key = await makeKey('token-endpoint-key');
  const codes = new Map<string, CodeGrant>();
  const refreshTokens = new Map<string, JWTPayload>();
  const revoked: string[] = [];
  const hits: Record<string, number> = {};
  let down = false;
  let refreshError = 'invalid_grant';
  let delay = 0;
  let counter = 0;
  let idOverrides: JWTPayload = {};

  const authenticate = (req: IncomingMessage, form: URLSearchParams): boolean => {
    if (options.clientSecret === undefined) return form.get('client_id') === CLIENT_ID;
    // RFC 6749 §2.3.1: Basic credentials are the form-urlencoded client id and secret.
    const m = /^Basic ([A-Za-z0-9+/=]+)$/.exec(req.headers.authorization ?? '');
    if (!m) return false;
    const decoded = Buffer.from(m[1]!, 'base64').toString('utf8');
    const colon = decoded.indexOf(':');
    const formDecode = (v: string) => decodeURIComponent(v.replace(/\+/g, ' '));
    return (
      formDecode(decoded.slice(0, colon)) === CLIENT_ID &&
      formDecode(decoded.slice(colon + 1)) === options.clientSecret
    );
  };

  const tokens = async (claims: JWTPayload, nonce?: string) => ({
    access_token: await signToken(key, accessClaims(claims)),
    id_token: await signToken(
      key,
      idClaims({ ...claims, ...(nonce === undefined ? {} : { nonce }), ...idOverrides }),
    ),
    token_type: 'Bearer',
    expires_in: 3600,
  });

  const server: Server = createServer((req, res) => {
    const path = (req.url ?? '').split('?')[0]!;
    hits[path] = (hits[path] ?? 0) + 1;
    const json = (status: number, value: unknown) =>
      res
        .writeHead(status, { 'content-type': 'application/json', 'cache-control': 'no-store' })
        .end(JSON.stringify(value));
    const answer = async () => {
      if (path === '/.well-known/jwks.json') return json(200, { keys: [key.publicJwk] });
      if (down) return res.writeHead(503).end('unavailable');
      const form = new URLSearchParams(await body(req));
      if (path === '/oauth2/revoke') {
        if (!authenticate(req, form)) return json(401, { error: 'invalid_client' });
        revoked.push(form.get('token') ?? '');
        return res.writeHead(200).end();
      }
      if (path !== '/oauth2/token' || req.method !== 'POST') return res.writeHead(404).end();
      if (!authenticate(req, form)) return json(401, { error: 'invalid_client' });
      const grant = form.get('grant_type');
      if (grant === 'authorization_code') {
        const code = codes.get(form.get('code') ?? '');
        if (!code || code.used) return json(400, { error: 'invalid_grant' });
        code.used = true;
        const verifier = form.get('code_verifier') ?? '';
        const challenge = createHash('sha256').update(verifier).digest('base64url');
        if (challenge !== code.codeChallenge || form.get('redirect_uri') !== code.redirectUri) {
          return json(400, { error: 'invalid_grant' });
        }
        const refresh = `refresh-${++counter}`;
        refreshTokens.set(refresh, code.claims);
        return json(200, { ...(await tokens(code.claims, code.nonce)), refresh_token: refresh });
      }
      if (grant === 'refresh_token') {
        const claims = refreshTokens.get(form.get('refresh_token') ?? '');
        if (!claims) return json(400, { error: refreshError, error_description: `no grant ${refreshError}` });
        // Cognito returns new id and access tokens and no refresh token (no rotation).
        return json(200, await tokens(claims));
      }
      return json(400, { error: 'unsupported_grant_type' });
    };
    const run = () => {
      answer().catch(() => res.writeHead(500).end());
    };
    if (delay > 0) setTimeout(run, delay);
    else run();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  const origin = `http://127.0.0.1:${port}`;
  return {
    origin,
    jwksUri: `${origin}/.well-known/jwks.json`,
    key,
    issueCode(authorizeUrl, claims = {}) {
      const q = new URL(authorizeUrl).searchParams;
      const code = `code-${++counter}`;
      codes.set(code, {
        redirectUri: q.get('redirect_uri') ?? '',
        codeChallenge: q.get('code_challenge') ?? '',
        nonce: q.get('nonce') ?? '',
        claims,
        used: false,
      });
      return code;
    },
    addRefreshToken(token, claims = {}) {
      refreshTokens.set(token, claims);
    },
    revoked,
    hits,
    setDown(d) {
      down = d;
    },
    setRefreshError(error) {
      refreshError = error;
    },
    setDelayMs(ms) {
      delay = ms;
    },
    setIdTokenOverrides(claims) {
      idOverrides = claims;
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
