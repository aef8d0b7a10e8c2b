/**
 * The local identity provider over real HTTP on 127.0.0.1: discovery, JWKS, the hosted-UI authorization
 * code flow with PKCE, Cognito-shaped tokens verified with jose (independent of the code under test),
 * refresh, revocation, userInfo and logout.
 *
 * Clock: oidc-provider stamps tokens with the real `Date.now()` (it has no clock option), so long-lived
 * tokens are verified against the real time here; expiry is driven by the verifier's clock (jose's
 * `currentDate`), pinned to the token's own `iat` / `exp`, never by waiting.
 *
 * Shapes follow the Cognito developer guide: "Understanding the ID token", "Understanding the access
 * token" (https://docs.aws.amazon.com/cognito/latest/developerguide/amazon-cognito-user-pools-using-the-access-token.html),
 * the token endpoint (token-endpoint.html), revoke (revocation-endpoint.html), logout (logout-endpoint.html)
 * and userInfo (userinfo-endpoint.html).
 */
import { createRemoteJWKSet, decodeJwt, errors, jwtVerify } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LocalIdp } from '../../../packages/cli/src/local/idp/index.js';
import { ISSUER } from '../../helpers/keys.js';
import {
  basicAuth,
  CookieJar,
  codeGrant,
  formUid,
  get,
  location,
  pkcePair,
  postForm,
  postLogin,
  signIn,
  startAuthorization,
  startTestIdp,
} from './flow.js';

const PUBLIC_CLIENT = 'edgeward-test-public';
const CONFIDENTIAL_CLIENT = 'edgeward-test-confidential';
const NARROW_CLIENT = 'edgeward-test-openid-only';
const CLIENT_SECRET = 'test-client-secret-0123456789abcdef';
const REDIRECT_URI = 'http://127.0.0.1:3999/_auth/callback';
const LOGOUT_URI = 'http://127.0.0.1:3999/signed-out';
const ALICE = { username: 'alice', password: 'alice-demo-password' };

let idp: LocalIdp;
let jwks: ReturnType<typeof createRemoteJWKSet>;

beforeAll(async () => {
  idp = await startTestIdp([
    { clientId: PUBLIC_CLIENT, redirectUris: [REDIRECT_URI], logoutUris: [LOGOUT_URI] },
    { clientId: CONFIDENTIAL_CLIENT, clientSecret: CLIENT_SECRET, redirectUris: [REDIRECT_URI] },
    { clientId: NARROW_CLIENT, redirectUris: [REDIRECT_URI], scopes: ['openid'] },
  ]);
  jwks = createRemoteJWKSet(new URL(idp.jwksUri));
});

afterAll(async () => {
  await idp?.close();
});

/** Signs alice in with PKCE and exchanges the code; returns the token response. */
async function aliceTokens(extra: { scope?: string; nonce?: string } = {}) {
  const { verifier, challenge } = pkcePair();
  const { callback } = await signIn(idp, {
    clientId: PUBLIC_CLIENT,
    redirectUri: REDIRECT_URI,
    ...ALICE,
    state: 'st-1',
    codeChallenge: challenge,
    ...extra,
  });
  const res = await postForm(
    idp.tokenEndpoint,
    codeGrant(callback, REDIRECT_URI, PUBLIC_CLIENT, { code_verifier: verifier }),
  );
  expect(res.status).toBe(200);
  return res.body as { access_token: string; id_token: string; refresh_token: string; expires_in: number };
}

/** A `Date` at `seconds` since the epoch: the verifier's pinned clock. */
const at = (seconds: number | undefined) => new Date((seconds as number) * 1000);

describe('discovery and JWKS', () => {
  it('serves the Cognito issuer with endpoints on the local base URL', async () => {
    expect(idp.issuer).toBe(ISSUER);
    expect(idp.baseUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    const doc = (await (await fetch(`${idp.baseUrl}/.well-known/openid-configuration`)).json()) as Record<
      string,
      unknown
    >;
    expect(doc).toMatchObject({
      issuer: ISSUER,
      authorization_endpoint: `${idp.baseUrl}/oauth2/authorize`,
      token_endpoint: `${idp.baseUrl}/oauth2/token`,
      revocation_endpoint: `${idp.baseUrl}/oauth2/revoke`,
      userinfo_endpoint: `${idp.baseUrl}/oauth2/userInfo`,
      jwks_uri: `${idp.baseUrl}/.well-known/jwks.json`,
      code_challenge_methods_supported: ['S256'],
      response_types_supported: ['code'],
      id_token_signing_alg_values_supported: ['RS256'],
    });
    expect(idp.jwksUri).toBe(doc.jwks_uri);
    expect(doc).not.toHaveProperty('authorization_response_iss_parameter_supported');
  });

  it('publishes exactly the public RS256 key with its kid', async () => {
    const body = (await (await fetch(idp.jwksUri)).json()) as { keys: Record<string, unknown>[] };
    expect(body.keys).toHaveLength(1);
    const [key] = body.keys;
    expect(key).toMatchObject({ kty: 'RSA', alg: 'RS256', use: 'sig', kid: idp.privateKeyJwk.kid });
    for (const secret of ['d', 'p', 'q', 'dp', 'dq', 'qi']) expect(key).not.toHaveProperty(secret);
    expect(idp.jwks.keys[0]).toMatchObject({ kid: idp.privateKeyJwk.kid, n: key?.n, e: key?.e });
    expect(idp.privateKeyJwk).toHaveProperty('d');
  });
});

describe('hosted-UI login page', () => {
  it('redirects the authorization request to an accessible, script-free login form', async () => {
    const jar = new CookieJar();
    const authorize = await startAuthorization(
      idp,
      { clientId: PUBLIC_CLIENT, redirectUri: REDIRECT_URI, ...ALICE, scope: 'openid' },
      jar,
    );
    expect(authorize.status).toBe(303);
    const loginUrl = location(authorize, idp.baseUrl);
    expect(loginUrl.pathname).toBe('/login');
    const page = await get(loginUrl, jar);
    expect(page.status).toBe(200);
    expect(page.headers.get('content-type')).toMatch(/^text\/html/);
    expect(page.headers.get('cache-control')).toBe('no-store');
    expect(page.headers.get('content-security-policy')).toContain("default-src 'none'");
    const html = await page.text();
    expect(html).toContain('<form method="post" action="/login">');
    expect(html).toMatch(/<label for="username">Username<\/label>\s*<input id="username" name="username"/);
    expect(html).toMatch(
      /<label for="password">Password<\/label>\s*<input id="password" name="password" type="password"/,
    );
    expect(html).toContain('<button type="submit">Sign in</button>');
    expect(html).not.toContain('<script');
  });

  it('re-renders the form with an error for a wrong password or an unknown user, then accepts the right one', async () => {
    const jar = new CookieJar();
    const authorize = await startAuthorization(
      idp,
      { clientId: PUBLIC_CLIENT, redirectUri: REDIRECT_URI, ...ALICE, scope: 'openid', state: 's' },
      jar,
    );
    const uid = formUid(await (await get(location(authorize, idp.baseUrl), jar)).text());
    for (const [username, password] of [
      ['alice', 'wrong'],
      ['mallory', 'alice-demo-password'],
      ['alice', ''],
    ] as const) {
      const wrong = await postLogin(idp, jar, { uid, username, password });
      expect(wrong.status).toBe(200);
      expect(wrong.headers.get('location')).toBeNull();
      const html = await wrong.text();
      expect(html).toContain('role="alert"');
      expect(html).toContain('Incorrect username or password.');
      if (password !== '') expect(html).not.toContain(password); // the password is never echoed
    }
    const ok = await postLogin(idp, jar, { uid, ...ALICE });
    expect(ok.status).toBe(303);
    const resumed = await get(location(ok, idp.baseUrl), jar);
    const callback = location(resumed, idp.baseUrl);
    expect(callback.origin + callback.pathname).toBe(REDIRECT_URI);
    expect(callback.searchParams.get('code')).toBeTruthy();
    expect(callback.searchParams.get('state')).toBe('s');
  });

  it('refuses a form whose uid does not match the pending interaction', async () => {
    const jar = new CookieJar();
    const authorize = await startAuthorization(
      idp,
      { clientId: PUBLIC_CLIENT, redirectUri: REDIRECT_URI, ...ALICE, scope: 'openid' },
      jar,
    );
    await (await get(location(authorize, idp.baseUrl), jar)).text();
    const forged = await postLogin(idp, jar, { uid: 'forged', ...ALICE });
    expect(forged.status).toBe(400);
    expect(forged.headers.get('location')).toBeNull();
  });

  it('answers 400 to a login post without a pending sign-in', async () => {
    const res = await postLogin(idp, new CookieJar(), { uid: 'x', ...ALICE });
    expect(res.status).toBe(400);
  });

  it('refuses an unregistered redirect_uri without redirecting to it', async () => {
    const res = await startAuthorization(
      idp,
      { clientId: PUBLIC_CLIENT, redirectUri: 'http://127.0.0.1:3999/evil', ...ALICE, scope: 'openid' },
      new CookieJar(),
    );
    expect(res.status).toBe(400);
    expect(res.headers.get('location')).toBeNull();
  });

  it('refuses browser use of the internal InitiateAuth redirect URI and POST authorization requests', async () => {
    const internal = await startAuthorization(
      idp,
      {
        clientId: PUBLIC_CLIENT,
        redirectUri: `${idp.baseUrl}/internal/initiate-auth`,
        ...ALICE,
        scope: 'openid',
      },
      new CookieJar(),
    );
    expect(internal.status).toBe(400);
    expect(internal.headers.get('location')).toBeNull();
    const posted = await fetch(idp.authorizeEndpoint, {
      method: 'POST',
      redirect: 'manual',
      body: new URLSearchParams({
        client_id: PUBLIC_CLIENT,
        redirect_uri: REDIRECT_URI,
        response_type: 'code',
      }),
    });
    expect(posted.status).toBe(400);
  });
});

describe('authorization code flow with PKCE', () => {
  it('passes state through and yields Cognito-shaped tokens that verify against the JWKS', async () => {
    const { verifier, challenge } = pkcePair();
    const { callback } = await signIn(idp, {
      clientId: PUBLIC_CLIENT,
      redirectUri: REDIRECT_URI,
      ...ALICE,
      state: 'state-123',
      nonce: 'nonce-456',
      scope: 'openid email',
      codeChallenge: challenge,
    });
    expect(callback.searchParams.get('state')).toBe('state-123');
    // Like Cognito, no RFC 9207 `iss` parameter in the authorization response.
    expect(callback.searchParams.has('iss')).toBe(false);
    const res = await postForm(
      idp.tokenEndpoint,
      codeGrant(callback, REDIRECT_URI, PUBLIC_CLIENT, { code_verifier: verifier }),
    );
    expect(res.status).toBe(200);
    const body = res.body as Record<string, string | number>;
    expect(body).toMatchObject({ token_type: 'Bearer', expires_in: 3600 });

    const id = await jwtVerify(String(body.id_token), jwks, { issuer: ISSUER, audience: PUBLIC_CLIENT });
    expect(id.protectedHeader).toMatchObject({ alg: 'RS256', kid: idp.privateKeyJwk.kid });
    expect(id.payload).toMatchObject({
      token_use: 'id',
      sub: '7d1b3f0e-1c2a-4e5b-9f60-a11ce0000001',
      aud: PUBLIC_CLIENT,
      'cognito:username': 'alice',
      'cognito:groups': ['members', 'admins'],
      email: 'alice@example.com',
      email_verified: true,
      nonce: 'nonce-456',
    });
    for (const claim of ['auth_time', 'iat', 'exp'] as const) expect(typeof id.payload[claim]).toBe('number');
    expect(id.payload.exp).toBe((id.payload.iat as number) + 3600);

    const access = await jwtVerify(String(body.access_token), jwks, { issuer: ISSUER });
    expect(access.protectedHeader).toEqual({ alg: 'RS256', kid: idp.privateKeyJwk.kid });
    expect(access.payload).toMatchObject({
      token_use: 'access',
      sub: '7d1b3f0e-1c2a-4e5b-9f60-a11ce0000001',
      client_id: PUBLIC_CLIENT,
      username: 'alice',
      scope: 'openid email',
      'cognito:groups': ['members', 'admins'],
      auth_time: id.payload.auth_time,
    });
    expect(access.payload).not.toHaveProperty('aud');
    expect(typeof access.payload.jti).toBe('string');
    expect(access.payload.exp).toBe((access.payload.iat as number) + 3600);

    const refresh = String(body.refresh_token);
    expect(refresh.length).toBeGreaterThan(20);
    expect(refresh.split('.')).toHaveLength(1); // opaque, not a JWT
  });

  it('omits cognito:groups for a user without groups', async () => {
    const { callback } = await signIn(idp, {
      clientId: PUBLIC_CLIENT,
      redirectUri: REDIRECT_URI,
      username: 'carol',
      password: 'carol-demo-password',
      scope: 'openid',
    });
    const res = await postForm(idp.tokenEndpoint, codeGrant(callback, REDIRECT_URI, PUBLIC_CLIENT));
    expect(res.status).toBe(200);
    const { payload } = await jwtVerify(String(res.body.access_token), jwks, { issuer: ISSUER });
    expect(payload).not.toHaveProperty('cognito:groups');
    expect(payload.username).toBe('carol');
  });

  it('grants every allowed scope when the request has no scope, as Cognito does', async () => {
    const { callback } = await signIn(idp, { clientId: PUBLIC_CLIENT, redirectUri: REDIRECT_URI, ...ALICE });
    const res = await postForm(idp.tokenEndpoint, codeGrant(callback, REDIRECT_URI, PUBLIC_CLIENT));
    const { payload } = await jwtVerify(String(res.body.access_token), jwks, { issuer: ISSUER });
    expect(String(payload.scope).split(' ').sort()).toEqual(
      ['aws.cognito.signin.user.admin', 'email', 'openid', 'phone', 'profile'].sort(),
    );
  });

  it('grants only the scopes the client allows', async () => {
    const { callback } = await signIn(idp, {
      clientId: NARROW_CLIENT,
      redirectUri: REDIRECT_URI,
      ...ALICE,
      scope: 'openid email aws.cognito.signin.user.admin',
    });
    const res = await postForm(idp.tokenEndpoint, codeGrant(callback, REDIRECT_URI, NARROW_CLIENT));
    const { payload } = await jwtVerify(String(res.body.access_token), jwks, { issuer: ISSUER });
    expect(payload.scope).toBe('openid');
  });

  it('requires the PKCE verifier when the request carried a challenge, and rejects a wrong one', async () => {
    for (const codeVerifier of [undefined, pkcePair().verifier]) {
      const { challenge } = pkcePair();
      const { callback } = await signIn(idp, {
        clientId: PUBLIC_CLIENT,
        redirectUri: REDIRECT_URI,
        ...ALICE,
        scope: 'openid',
        codeChallenge: challenge,
      });
      const res = await postForm(
        idp.tokenEndpoint,
        codeGrant(
          callback,
          REDIRECT_URI,
          PUBLIC_CLIENT,
          codeVerifier === undefined ? {} : { code_verifier: codeVerifier },
        ),
      );
      expect(res.status).toBe(400);
      expect(res.body.error).toBe('invalid_grant');
    }
  });

  it('redeems an authorization code only once', async () => {
    const { callback } = await signIn(idp, {
      clientId: PUBLIC_CLIENT,
      redirectUri: REDIRECT_URI,
      ...ALICE,
      scope: 'openid',
    });
    const form = codeGrant(callback, REDIRECT_URI, PUBLIC_CLIENT);
    expect((await postForm(idp.tokenEndpoint, form)).status).toBe(200);
    const again = await postForm(idp.tokenEndpoint, form);
    expect(again.status).toBe(400);
    expect(again.body.error).toBe('invalid_grant');
  });

  it('requires HTTP Basic client authentication for a client with a secret', async () => {
    const signInConfidential = () =>
      signIn(idp, { clientId: CONFIDENTIAL_CLIENT, redirectUri: REDIRECT_URI, ...ALICE, scope: 'openid' });
    const form = (code: string) => ({ grant_type: 'authorization_code', code, redirect_uri: REDIRECT_URI });

    const first = await signInConfidential();
    const noAuth = await postForm(idp.tokenEndpoint, {
      ...form(first.callback.searchParams.get('code') ?? ''),
      client_id: CONFIDENTIAL_CLIENT,
    });
    expect(noAuth.status).toBe(401);
    expect(noAuth.body.error).toBe('invalid_client');

    const second = await signInConfidential();
    const wrong = await postForm(idp.tokenEndpoint, form(second.callback.searchParams.get('code') ?? ''), {
      authorization: basicAuth(CONFIDENTIAL_CLIENT, 'not-the-secret'),
    });
    expect(wrong.status).toBe(401);

    const third = await signInConfidential();
    const ok = await postForm(idp.tokenEndpoint, form(third.callback.searchParams.get('code') ?? ''), {
      authorization: basicAuth(CONFIDENTIAL_CLIENT, CLIENT_SECRET),
    });
    expect(ok.status).toBe(200);
    const { payload } = await jwtVerify(String(ok.body.id_token), jwks, {
      issuer: ISSUER,
      audience: CONFIDENTIAL_CLIENT,
    });
    expect(payload.token_use).toBe('id');
    expect(typeof ok.body.refresh_token).toBe('string');
  });
});

describe('userInfo', () => {
  it('returns the user attributes for a valid access token', async () => {
    const tokens = await aliceTokens({ scope: 'openid email' });
    const res = await fetch(idp.userInfoEndpoint, {
      headers: { authorization: `Bearer ${tokens.access_token}` },
    });
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({
      sub: '7d1b3f0e-1c2a-4e5b-9f60-a11ce0000001',
      email_verified: 'true',
      email: 'alice@example.com',
      username: 'alice',
    });
  });

  it('answers 401 without a token, with an id token and with a token of another issuer', async () => {
    const tokens = await aliceTokens({ scope: 'openid' });
    const noToken = await fetch(idp.userInfoEndpoint);
    expect(noToken.status).toBe(401);
    expect(noToken.headers.get('www-authenticate')).toBe('Bearer');
    const withId = await fetch(idp.userInfoEndpoint, {
      headers: { authorization: `Bearer ${tokens.id_token}` },
    });
    expect(withId.status).toBe(401);
    expect(withId.headers.get('www-authenticate')).toContain('error="invalid_token"');
    const other = await startTestIdp([{ clientId: PUBLIC_CLIENT, redirectUris: [REDIRECT_URI] }]);
    try {
      // Same issuer string, different signing key: the signature check must refuse it.
      const foreign = await signIn(other, { clientId: PUBLIC_CLIENT, redirectUri: REDIRECT_URI, ...ALICE });
      const exchanged = await postForm(
        other.tokenEndpoint,
        codeGrant(foreign.callback, REDIRECT_URI, PUBLIC_CLIENT),
      );
      const res = await fetch(idp.userInfoEndpoint, {
        headers: { authorization: `Bearer ${String(exchanged.body.access_token)}` },
      });
      expect(res.status).toBe(401);
    } finally {
      await other.close();
    }
  });
});

describe('refresh and revocation', () => {
  it('refresh_token grant issues new access and id tokens and keeps the refresh token', async () => {
    const tokens = await aliceTokens({ scope: 'openid email' });
    const res = await postForm(idp.tokenEndpoint, {
      grant_type: 'refresh_token',
      refresh_token: tokens.refresh_token,
      client_id: PUBLIC_CLIENT,
    });
    expect(res.status).toBe(200);
    const access = await jwtVerify(String(res.body.access_token), jwks, { issuer: ISSUER });
    const before = await jwtVerify(tokens.access_token, jwks, { issuer: ISSUER });
    expect(access.payload.jti).not.toBe(before.payload.jti);
    expect(access.payload).toMatchObject({ token_use: 'access', username: 'alice', scope: 'openid email' });
    expect(access.payload.auth_time).toBe(before.payload.auth_time);
    const id = await jwtVerify(String(res.body.id_token), jwks, { issuer: ISSUER, audience: PUBLIC_CLIENT });
    expect(id.payload.token_use).toBe('id');
    // Cognito does not rotate refresh tokens by default: the same one keeps working.
    const again = await postForm(idp.tokenEndpoint, {
      grant_type: 'refresh_token',
      refresh_token: tokens.refresh_token,
      client_id: PUBLIC_CLIENT,
    });
    expect(again.status).toBe(200);
  });

  it('refuses a refresh token presented by another client', async () => {
    const tokens = await aliceTokens({ scope: 'openid' });
    const res = await postForm(
      idp.tokenEndpoint,
      { grant_type: 'refresh_token', refresh_token: tokens.refresh_token },
      { authorization: basicAuth(CONFIDENTIAL_CLIENT, CLIENT_SECRET) },
    );
    expect(res.status).toBe(400);
    expect(res.body.error).toBe('invalid_grant');
  });

  it('/oauth2/revoke revokes the refresh token and the access tokens issued with it', async () => {
    const tokens = await aliceTokens({ scope: 'openid email' });
    const revoked = await postForm(idp.revokeEndpoint, {
      token: tokens.refresh_token,
      client_id: PUBLIC_CLIENT,
    });
    expect(revoked.status).toBe(200);
    const refresh = await postForm(idp.tokenEndpoint, {
      grant_type: 'refresh_token',
      refresh_token: tokens.refresh_token,
      client_id: PUBLIC_CLIENT,
    });
    expect(refresh.status).toBe(400);
    expect(refresh.body.error).toBe('invalid_grant');
    const userInfo = await fetch(idp.userInfoEndpoint, {
      headers: { authorization: `Bearer ${tokens.access_token}` },
    });
    expect(userInfo.status).toBe(401);
  });

  it('with short lifetimes, an expired access token is replaced through the refresh grant', async () => {
    const shortLived = await startTestIdp([{ clientId: PUBLIC_CLIENT, redirectUris: [REDIRECT_URI] }], {
      accessTokenTtlSeconds: 1,
      idTokenTtlSeconds: 1,
    });
    try {
      const keys = createRemoteJWKSet(new URL(shortLived.jwksUri));
      const { callback } = await signIn(shortLived, {
        clientId: PUBLIC_CLIENT,
        redirectUri: REDIRECT_URI,
        ...ALICE,
      });
      const first = await postForm(
        shortLived.tokenEndpoint,
        codeGrant(callback, REDIRECT_URI, PUBLIC_CLIENT),
      );
      expect(first.body.expires_in).toBe(1);
      const access = String(first.body.access_token);
      const { iat, exp } = decodeJwt(access);
      expect(exp).toBe((iat as number) + 1);
      // The verifier's clock, not a wait: valid at its iat, expired at its exp (a second later).
      const { payload } = await jwtVerify(access, keys, { issuer: ISSUER, currentDate: at(iat) });
      expect(payload.token_use).toBe('access');
      await expect(jwtVerify(access, keys, { issuer: ISSUER, currentDate: at(exp) })).rejects.toBeInstanceOf(
        errors.JWTExpired,
      );
      const refreshed = await postForm(shortLived.tokenEndpoint, {
        grant_type: 'refresh_token',
        refresh_token: String(first.body.refresh_token),
        client_id: PUBLIC_CLIENT,
      });
      expect(refreshed.status).toBe(200);
      const replacement = String(refreshed.body.access_token);
      expect(replacement).not.toBe(access);
      const issued = decodeJwt(replacement);
      expect(issued.iat).toBeGreaterThanOrEqual(iat as number);
      expect(issued.exp).toBe((issued.iat as number) + 1);
      await expect(
        jwtVerify(replacement, keys, { issuer: ISSUER, currentDate: at(issued.iat) }),
      ).resolves.toBeDefined();
    } finally {
      await shortLived.close();
    }
  });
});

describe('logout', () => {
  it('keeps the IdP session for single sign-on until /logout ends it and redirects to logout_uri', async () => {
    const { jar } = await signIn(idp, {
      clientId: PUBLIC_CLIENT,
      redirectUri: REDIRECT_URI,
      ...ALICE,
      scope: 'openid',
    });
    // Signed in: a new authorization request goes straight back to the client with a code.
    const sso = await startAuthorization(
      idp,
      { clientId: PUBLIC_CLIENT, redirectUri: REDIRECT_URI, ...ALICE, scope: 'openid' },
      jar,
    );
    const resumed = location(sso, idp.baseUrl);
    expect(resumed.origin + resumed.pathname).toBe(REDIRECT_URI);
    expect(resumed.searchParams.get('code')).toBeTruthy();

    const logout = await get(
      `${idp.logoutEndpoint}?client_id=${PUBLIC_CLIENT}&logout_uri=${encodeURIComponent(LOGOUT_URI)}`,
      jar,
    );
    expect(logout.status).toBe(302);
    expect(logout.headers.get('location')).toBe(LOGOUT_URI);

    const after = await startAuthorization(
      idp,
      { clientId: PUBLIC_CLIENT, redirectUri: REDIRECT_URI, ...ALICE, scope: 'openid' },
      jar,
    );
    expect(location(after, idp.baseUrl).pathname).toBe('/login');
  });

  it('refuses an unregistered logout_uri or unknown client without redirecting, keeping the session', async () => {
    const { jar } = await signIn(idp, {
      clientId: PUBLIC_CLIENT,
      redirectUri: REDIRECT_URI,
      ...ALICE,
      scope: 'openid',
    });
    for (const query of [
      `client_id=${PUBLIC_CLIENT}&logout_uri=${encodeURIComponent('https://evil.example/')}`,
      `client_id=nope&logout_uri=${encodeURIComponent(LOGOUT_URI)}`,
      `client_id=${PUBLIC_CLIENT}`,
    ]) {
      const res = await get(`${idp.logoutEndpoint}?${query}`, jar);
      expect(res.status).toBe(400);
      expect(res.headers.get('location')).toBeNull();
    }
    const sso = await startAuthorization(
      idp,
      { clientId: PUBLIC_CLIENT, redirectUri: REDIRECT_URI, ...ALICE, scope: 'openid' },
      jar,
    );
    expect(location(sso, idp.baseUrl).origin + location(sso, idp.baseUrl).pathname).toBe(REDIRECT_URI);
  });

  it('with redirect_uri and response_type, ends the session and starts a new sign-in', async () => {
    const { jar } = await signIn(idp, {
      clientId: PUBLIC_CLIENT,
      redirectUri: REDIRECT_URI,
      ...ALICE,
      scope: 'openid',
    });
    const res = await get(
      `${idp.logoutEndpoint}?client_id=${PUBLIC_CLIENT}&response_type=code&redirect_uri=${encodeURIComponent(REDIRECT_URI)}&state=again`,
      jar,
    );
    expect(res.status).toBe(302);
    const authorize = await get(location(res, idp.baseUrl), jar);
    expect(location(authorize, idp.baseUrl).pathname).toBe('/login');
  });
});
