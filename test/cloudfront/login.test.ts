/**
 * Cookie mode: the hosted-UI login flow end to end over real HTTP (token endpoint on 127.0.0.1, real
 * RS256 tokens, pinned clock), and every way the callback must refuse.
 */
import type { JWTPayload } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FETCH, HOST, NAVIGATION } from '../fixtures/cloudfront/viewer-request.js';
import { CLIENT_ID, ISSUER } from '../helpers/keys.js';
import {
  asRequest,
  asResponse,
  callback,
  callbackQuery,
  harness,
  header,
  navigate,
  setCookie,
  siteConfig,
  startLogin,
} from './harness.js';
import { startTokenEndpoint, type TokenEndpoint } from './token-endpoint.js';

let idp: TokenEndpoint;
beforeAll(async () => {
  idp = await startTokenEndpoint({ clientSecret: 'test-client-secret-value' });
});
afterAll(async () => idp.close());

const config = () =>
  siteConfig(idp, {
    client: {
      clientId: CLIENT_ID,
      clientSecret: 'test-client-secret-value',
      cognitoDomain: idp.origin,
      scopes: ['openid', 'email'],
      identityProvider: 'COGNITO',
      lang: 'fr',
    },
  });

/** The original URL the logins here start from: the callback must return to it byte for byte. */
const ORIGINAL = { uri: '/docs/page', querystring: 'a=1&b=%2F&a=2' };

/** Runs `body` while the token endpoint mints id tokens with `claims` overridden, then restores them. */
async function withIdTokenOverrides(claims: JWTPayload, body: () => Promise<void>): Promise<void> {
  idp.setIdTokenOverrides(claims);
  try {
    await body();
  } finally {
    idp.setIdTokenOverrides({});
  }
}

describe('redirect to login', () => {
  it('sends a navigation without a session to the authorization endpoint with state, PKCE S256 and nonce', async () => {
    const h = harness(config());
    const { res, location } = await startLogin(h, ORIGINAL);
    expect(res.status).toBe('302');
    const url = new URL(location);
    expect(`${url.origin}${url.pathname}`).toBe(`${idp.origin}/oauth2/authorize`);
    const q = url.searchParams;
    expect(q.get('response_type')).toBe('code');
    expect(q.get('client_id')).toBe(CLIENT_ID);
    expect(q.get('redirect_uri')).toBe(`https://${HOST}/_edgeward/callback`);
    expect(q.get('scope')).toBe('openid email');
    expect(q.get('code_challenge_method')).toBe('S256');
    expect(q.get('code_challenge')).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(q.get('state')).toMatch(/^[A-Za-z0-9_-]{20,}$/);
    expect(q.get('nonce')).toMatch(/^[A-Za-z0-9_-]{20,}$/);
    expect(q.get('identity_provider')).toBe('COGNITO');
    expect(q.get('lang')).toBe('fr');
    const state = setCookie(res, 'edgeward.state')!;
    expect(state).toMatch(/; Max-Age=600/);
    expect(state).toMatch(/; HttpOnly/);
    expect(state).toMatch(/; Secure/);
    expect(state).toMatch(/; SameSite=Lax/);
    expect(state).toMatch(/; Path=\//);
    expect(state).not.toMatch(/Domain=/);
    expect(h.logs.some((l) => l.event === 'login_redirect' && l.requestId)).toBe(true);
  });

  it('answers a fetch() without a session 401 with WWW-Authenticate instead of a redirect', async () => {
    const h = harness(config());
    const res = asResponse(await h.handle({ uri: '/docs/page', headers: FETCH }));
    expect(res.status).toBe('401');
    expect(header(res, 'www-authenticate')[0]).toBe(`Bearer realm="${HOST}"`);
    expect(header(res, 'location')).toEqual([]);
  });

  it('treats the documented example event (Accept */*, no Sec-Fetch-Mode) as a non-navigation', async () => {
    const h = harness(config());
    const res = asResponse(await h.handle());
    expect(res.status).toBe('401');
  });

  it('redirects non-navigations too when nonNavigation is "redirect"', async () => {
    const h = harness({ ...config(), nonNavigation: 'redirect' });
    const res = asResponse(await h.handle({ uri: '/docs/page', headers: FETCH }));
    expect(res.status).toBe('302');
  });
});

describe('callback', () => {
  it('exchanges the code, sets Secure HttpOnly SameSite=Lax session cookies and returns to the exact original URL', async () => {
    const h = harness(config());
    const { jar, location } = await startLogin(h, ORIGINAL);
    const res = await callback(h, callbackQuery(idp, location), jar.entries());
    expect(res.status).toBe('302');
    expect(header(res, 'location')).toEqual(['/docs/page?a=1&b=%2F&a=2']);
    for (const name of ['edgeward.access', 'edgeward.id', 'edgeward.refresh']) {
      const c = setCookie(res, name)!;
      expect(c, name).toBeDefined();
      expect(c).toMatch(/; Secure/);
      expect(c).toMatch(/; HttpOnly/);
      expect(c).toMatch(/; SameSite=Lax/);
      expect(c).toMatch(/; Path=\//);
      expect(c).toMatch(/; Max-Age=2592000/);
      expect(c).not.toMatch(/Domain=/);
    }
    expect(setCookie(res, 'edgeward.state')).toMatch(/Max-Age=0/);
    jar.apply(res);
    expect(jar.cookies.has('edgeward.state')).toBe(false);

    // The session now opens the page; edgeward's cookies and forged identity headers never reach the origin.
    const forwarded = asRequest(
      await h.handle({
        uri: '/docs/page',
        querystring: 'a=1&b=%2F&a=2',
        headers: { ...NAVIGATION, 'x-edgeward-sub': 'forged' },
        cookies: ['theme=dark', jar.header()],
      }),
    );
    expect(forwarded.headers['cookie']?.map((c) => c.value)).toEqual(['theme=dark']);
    expect(forwarded.headers['x-edgeward-sub']?.[0]?.value).toBe('aaaaaaaa-bbbb-cccc-dddd-eeeeeeeeeeee');
    expect(forwarded.headers['x-edgeward-username']?.[0]?.value).toBe('alice');
    expect(forwarded.headers['x-edgeward-groups']?.[0]?.value).toBe('members');
    expect(forwarded.headers['x-edgeward-token-use']?.[0]?.value).toBe('access');
  });

  it('uses the code parameter, not "code=" inside another parameter', async () => {
    const h = harness(config());
    const { jar, location } = await startLogin(h, ORIGINAL);
    const q = `next=%2Fx%3Fcode%3Devil&${callbackQuery(idp, location)}&other=code=evil2`;
    const res = await callback(h, q, jar.entries());
    expect(res.status).toBe('302');
    expect(header(res, 'location')).toEqual(['/docs/page?a=1&b=%2F&a=2']);
  });

  it('refuses a callback whose only "code=" sits inside another parameter', async () => {
    const h = harness(config());
    const { jar, location } = await startLogin(h, ORIGINAL);
    const state = new URL(location).searchParams.get('state')!;
    const tokenCalls = idp.hits['/oauth2/token'] ?? 0;
    const q = `next=code%3D${idp.issueCode(location)}&state=${state}`;
    const res = await callback(h, q, jar.entries());
    expect(res.status).toBe('400');
    expect(res.body).toContain('event_invalid');
    expect(idp.hits['/oauth2/token'] ?? 0).toBe(tokenCalls);
  });

  it('shows a friendly 401 page for an IdP error=access_denied, clears the state cookie and does not redirect', async () => {
    const h = harness(config());
    const { jar } = await startLogin(h, ORIGINAL);
    const res = await callback(
      h,
      'error=access_denied&error_description=User+cancelled&state=abc',
      jar.entries(),
    );
    expect(res.status).toBe('401');
    expect(header(res, 'location')).toEqual([]);
    expect(header(res, 'content-type')[0]).toMatch(/^text\/html/);
    expect(res.body).toContain('Sign-in was not completed');
    expect(setCookie(res, 'edgeward.state')).toMatch(/Max-Age=0/);
    expect(h.logs.find((l) => l.event === 'idp_error')?.['idpError']).toBe('access_denied');
  });

  it('answers 400 for another IdP error and never echoes attacker text', async () => {
    const h = harness(config());
    const res = await callback(h, 'error=%3Cscript%3Ealert(1)%3C%2Fscript%3E');
    expect(res.status).toBe('400');
    expect(res.body).not.toContain('<script>');
    expect(h.logs.find((l) => l.event === 'idp_error')?.['idpError']).toBe('unrecognized');
  });

  it('refuses a replay of the same state cookie + state after use (same container)', async () => {
    const h = harness(config());
    const { jar, location } = await startLogin(h, ORIGINAL);
    const q = callbackQuery(idp, location);
    const stateCookie = jar.header();
    const first = await callback(h, q, [stateCookie]);
    expect(first.status).toBe('302');
    const replay = await callback(h, q, [stateCookie]);
    expect(replay.status).toBe('400');
    expect(replay.body).toContain('state_invalid');
    expect(setCookie(replay, 'edgeward.access')).toBeUndefined();
  });

  it('refuses a replay that reaches another container: the authorization code is single-use', async () => {
    const h = harness(config());
    const { jar, location } = await startLogin(h, ORIGINAL);
    const q = callbackQuery(idp, location);
    const stateCookie = jar.header();
    expect((await callback(h, q, [stateCookie])).status).toBe('302');
    const other = harness(config(), h.clock);
    const replay = await callback(other, q, [stateCookie]);
    expect(replay.status).toBe('502');
    expect(setCookie(replay, 'edgeward.access')).toBeUndefined();
    expect(other.logs.find((l) => l.event === 'token_endpoint_error')?.['detail']).toMatch(/invalid_grant/);
  });

  it('refuses a state from another login session (login CSRF)', async () => {
    const h = harness(config());
    const mine = await startLogin(h, ORIGINAL);
    const attacker = await startLogin(h, ORIGINAL);
    const res = await callback(h, callbackQuery(idp, attacker.location), mine.jar.entries());
    expect(res.status).toBe('400');
    expect(res.body).toContain('state_invalid');
  });

  it('refuses a callback without the state cookie (missing PKCE verifier)', async () => {
    const h = harness(config());
    const { location } = await startLogin(h, ORIGINAL);
    const res = await callback(h, callbackQuery(idp, location));
    expect(res.status).toBe('400');
    expect(res.body).toContain('pkce_missing');
  });

  it('refuses a callback without a state parameter', async () => {
    const h = harness(config());
    const { jar, location } = await startLogin(h, ORIGINAL);
    const res = await callback(h, `code=${idp.issueCode(location)}`, jar.entries());
    expect(res.status).toBe('400');
    expect(res.body).toContain('state_missing');
  });

  it('refuses an expired state (10 minutes by default)', async () => {
    const h = harness(config());
    const { jar, location } = await startLogin(h, ORIGINAL);
    h.clock.advance(601);
    const res = await callback(h, callbackQuery(idp, location), jar.entries());
    expect(res.status).toBe('400');
    expect(res.body).toContain('state_expired');
  });

  it('refuses a tampered state cookie without revealing the expected MAC', async () => {
    const h = harness(config());
    const { jar, location } = await startLogin(h, ORIGINAL);
    const value = jar.cookies.get('edgeward.state')!;
    const [v, payload] = value.split('.');
    const forged = `${v}.${payload}.${'A'.repeat(43)}`;
    const res = await callback(h, callbackQuery(idp, location), [`edgeward.state=${forged}`]);
    expect(res.status).toBe('400');
    expect(res.body).toContain('state_invalid');
    expect(res.body).not.toContain(value.split('.')[2]);
    expect(JSON.stringify(h.logs)).not.toContain(value.split('.')[2]);
  });

  it.each([
    ['whose nonce does not match', { nonce: 'another-nonce' }, 'token_nonce_invalid'],
    ['for another app client (aud)', { aud: 'another-client' }, 'token_audience_invalid'],
  ])('refuses an id token %s', async (_case, overrides, code) => {
    const h = harness(config());
    const { jar, location } = await startLogin(h, ORIGINAL);
    await withIdTokenOverrides(overrides, async () => {
      const res = await callback(h, callbackQuery(idp, location), jar.entries());
      expect(res.status).toBe('401');
      expect(res.body).toContain(code);
      expect(setCookie(res, 'edgeward.access')).toBeUndefined();
    });
  });

  it('answers 502 when the token endpoint is down, without a redirect', async () => {
    const h = harness(config());
    const { jar, location } = await startLogin(h, ORIGINAL);
    idp.setDown(true);
    try {
      const res = await callback(h, callbackQuery(idp, location), jar.entries());
      expect(res.status).toBe('502');
      expect(header(res, 'location')).toEqual([]);
    } finally {
      idp.setDown(false);
    }
  });

  it('never logs the code, the state, tokens or cookie values', async () => {
    const h = harness(config());
    const { jar, location } = await startLogin(h, ORIGINAL);
    const q = callbackQuery(idp, location);
    const res = await callback(h, q, jar.entries());
    jar.apply(res);
    await navigate(h, '/docs/page', jar.entries());
    const logs = JSON.stringify(h.logs);
    const params = new URLSearchParams(q);
    expect(logs).not.toContain(params.get('code')!);
    expect(logs).not.toContain(params.get('state')!);
    for (const value of jar.cookies.values())
      if (value.length > 16) expect(logs).not.toContain(value.slice(0, 40));
  });
});

describe('generic OIDC issuer', () => {
  it('logs in with explicit endpoints, keeps the id token as the session and signs out with post_logout_redirect_uri', async () => {
    const h = harness(
      siteConfig(idp, {
        issuer: {
          kind: 'oidc',
          issuer: ISSUER,
          jwksUri: idp.jwksUri,
          audience: [CLIENT_ID],
          jwksPolicy: { allowHttp: true },
        },
        client: {
          clientId: CLIENT_ID,
          clientSecret: 'test-client-secret-value',
          endpoints: {
            authorization: `${idp.origin}/oauth2/authorize`,
            token: `${idp.origin}/oauth2/token`,
            logout: `${idp.origin}/end-session`,
            logoutRedirectParam: 'post_logout_redirect_uri',
          },
        },
        sessionTokenUse: 'id',
      }),
    );
    const { jar, location } = await startLogin(h, { uri: '/docs/x' });
    const cb = await callback(h, callbackQuery(idp, location), jar.entries());
    expect(cb.status).toBe('302');
    jar.apply(cb);
    const req = asRequest(await navigate(h, '/docs/x', jar.entries()));
    expect(req.headers['x-edgeward-token-use']?.[0]?.value).toBe('id');
    expect(req.headers['x-edgeward-email']?.[0]?.value).toBe('alice@example.com');
    const out = asResponse(await navigate(h, '/_edgeward/signout', jar.entries()));
    const logout = new URL(header(out, 'location')[0]!);
    expect(logout.pathname).toBe('/end-session');
    expect(logout.searchParams.get('post_logout_redirect_uri')).toBe(`https://${HOST}/`);
  });
});
