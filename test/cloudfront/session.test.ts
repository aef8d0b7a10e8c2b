/**
 * Cookie mode with a session: cookie parsing across entries and duplicates, chunking, the header budget,
 * inline refresh (success, failure, parallel), the loop guard, sign-out, Amplify naming, rules.
 */
import type { JWTPayload } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FETCH, HOST, NAVIGATION } from '../fixtures/cloudfront/viewer-request.js';
import { accessClaims, CLIENT_ID, FIXED_NOW, idClaims, signToken } from '../helpers/keys.js';
import {
  asRequest,
  asResponse,
  harness,
  header,
  Jar,
  logIn,
  navigate,
  setCookie,
  siteConfig,
} from './harness.js';
import { startTokenEndpoint, type TokenEndpoint } from './token-endpoint.js';

let idp: TokenEndpoint;
beforeAll(async () => {
  idp = await startTokenEndpoint();
});
afterAll(async () => idp.close());

const access = (claims = {}) => signToken(idp.key, accessClaims(claims));
const id = (claims = {}) => signToken(idp.key, idClaims(claims));

describe('session cookies', () => {
  it('forwards a request with a valid access token cookie, across several Cookie header entries', async () => {
    const h = harness(siteConfig(idp));
    const req = asRequest(
      await navigate(h, '/docs/a', ['theme=dark; lang=en', `edgeward.access=${await access()}`, 'x=1']),
    );
    expect(req.headers['cookie']?.map((c) => c.value)).toEqual(['theme=dark; lang=en', 'x=1']);
    expect(req.headers['x-edgeward-sub']?.[0]?.value).toBe('aaaaaaaa-bbbb-cccc-dddd-eeeeeeeeeeee');
  });

  it('removes the Cookie header entirely when only edgeward cookies were sent, and keeps them when configured', async () => {
    const token = await access();
    const h = harness(siteConfig(idp));
    const req = asRequest(await navigate(h, '/docs/a', [`edgeward.access=${token}`]));
    expect(req.headers['cookie']).toBeUndefined();
    const keep = harness(siteConfig(idp, { forwardSessionCookies: true }));
    const kept = asRequest(await navigate(keep, '/docs/a', [`edgeward.access=${token}`]));
    expect(kept.headers['cookie']?.[0]?.value).toBe(`edgeward.access=${token}`);
  });

  it('reads the first of duplicate cookie names (RFC 6265 order) and a forged later duplicate changes nothing', async () => {
    const h = harness(siteConfig(idp));
    const good = await access();
    const ok = await navigate(h, '/docs/a', [`edgeward.access=${good}`, 'edgeward.access=forged.value.x']);
    asRequest(ok);
    // A broken first occurrence is not rescued by a valid later one: the session is rejected, not guessed.
    const bad = asResponse(
      await h.handle({
        uri: '/docs/a',
        headers: FETCH,
        cookies: ['edgeward.access=forged.value.x', `edgeward.access=${good}`],
      }),
    );
    expect(bad.status).toBe('401');
    expect(header(bad, 'www-authenticate')[0]).toContain('error="invalid_token"');
  });

  it('reassembles a large token split across numbered cookies (many groups), in any order', async () => {
    const groups = [...Array.from({ length: 300 }, (_, i) => `group-with-a-long-name-${i}`), 'admins'];
    const big = await access({ 'cognito:groups': groups });
    expect(big.length).toBeGreaterThan(4096);
    const chunks = big.match(/.{1,3800}/g)!;
    const cookies = chunks.map((c, i) => `edgeward.access.${i}=${c}`);
    const h = harness(siteConfig(idp, { issuer: { ...siteConfig(idp).issuer, maxTokenBytes: 16384 } }));
    // /admin/* needs the last group: only the fully reassembled token grants it.
    const req = asRequest(await navigate(h, '/admin/x', cookies.reverse()));
    expect(req.headers['x-edgeward-sub']?.[0]?.value).toBe('aaaaaaaa-bbbb-cccc-dddd-eeeeeeeeeeee');
    // An identity value too long for a header is left out, never cut.
    expect(req.headers['x-edgeward-groups']).toBeUndefined();
    const missing = asResponse(
      await h.handle({ uri: '/admin/x', headers: FETCH, cookies: cookies.slice(1) }),
    );
    expect(missing.status).toBe('401');
  });

  it('rejects an expired token without a refresh token: clears the session and sends to login', async () => {
    const h = harness(siteConfig(idp));
    const expired = await access({ exp: FIXED_NOW - 10, iat: FIXED_NOW - 3610 });
    const res = asResponse(await navigate(h, '/docs/a', [`edgeward.access=${expired}`]));
    expect(res.status).toBe('302');
    expect(setCookie(res, 'edgeward.access')).toMatch(/Max-Age=0/);
    expect(h.logs.find((l) => l.event === 'login_redirect')?.['reason']).toBe('token_expired');
  });

  it('answers an oversized session cookie deliberately (token_too_large), clearing it', async () => {
    const h = harness(siteConfig(idp));
    const huge = 'a'.repeat(3800);
    const cookies = Array.from({ length: 4 }, (_, i) => `edgeward.access.${i}=${huge}`);
    const res = asResponse(await h.handle({ uri: '/docs/a', headers: FETCH, cookies }));
    expect(res.status).toBe('401');
    expect(h.logs.find((l) => l.status === 401)?.['event']).toBe('token_too_large');
    expect(setCookie(res, 'edgeward.access.3')).toMatch(/Max-Age=0/);
  });

  it('rejects an id token used as the session access token', async () => {
    const h = harness(siteConfig(idp));
    const res = asResponse(
      await h.handle({ uri: '/docs/a', headers: FETCH, cookies: [`edgeward.access=${await id()}`] }),
    );
    expect(res.status).toBe('401');
  });
});

describe('rules in cookie mode', () => {
  it('serves public paths without any session and strips forged identity headers there too', async () => {
    const h = harness(siteConfig(idp));
    const req = asRequest(
      await h.handle({ uri: '/public/index.html', headers: { 'x-edgeward-groups': 'admins' } }),
    );
    expect(req.headers['x-edgeward-groups']).toBeUndefined();
  });

  it('answers 403 to a signed-in user outside the required group', async () => {
    const h = harness(siteConfig(idp));
    const res = asResponse(await navigate(h, '/admin/x', [`edgeward.access=${await access()}`]));
    expect(res.status).toBe('403');
    expect(res.body).toContain('group_missing');
    const admin = await access({ 'cognito:groups': ['admins'] });
    asRequest(await navigate(h, '/admin/x', [`edgeward.access=${admin}`]));
  });

  it('names the signed-in user on the 403 page, escaped, and links to sign-out', async () => {
    const h = harness(siteConfig(idp, { paths: { signOut: '/auth/bye' } }));
    const res = asResponse(await navigate(h, '/admin/x', [`edgeward.access=${await access()}`]));
    expect(res.status).toBe('403');
    expect(res.body).toContain('You are signed in as alice, but you do not have access to this page.');
    expect(res.body).toContain('<a href="/auth/bye">Sign out (to use another account)</a>');
    expect(res.body).toContain('<a href="/">Home page</a>');
    const hostile = await access({ username: '<img src=x onerror=alert(1)>' });
    const escaped = asResponse(await navigate(h, '/admin/x', [`edgeward.access=${hostile}`]));
    expect(escaped.body).not.toContain('<img');
    expect(escaped.body).toContain('signed in as &#60;img src=x onerror=alert(1)&#62;,');
    // No username and no sub: the generic page, never "signed in as ,".
    const anonymous = await access({ username: undefined, sub: undefined });
    const generic = asResponse(await navigate(h, '/admin/x', [`edgeward.access=${anonymous}`]));
    expect(generic.status).toBe('403');
    expect(generic.body).toContain('You are signed in, but you do not have access to this page.');
    // An API client gets JSON, without the username.
    const api = asResponse(
      await h.handle({ uri: '/admin/x', headers: FETCH, cookies: [`edgeward.access=${await access()}`] }),
    );
    expect(api.status).toBe('403');
    expect(api.body).not.toContain('alice');
  });

  it('answers a deny rule 403 without sending anyone to login', async () => {
    const h = harness(siteConfig(idp));
    const res = asResponse(await navigate(h, '/users/'));
    expect(res.status).toBe('403');
    expect(res.body).toContain('rule_denied');
  });

  it('matches per-user paths to the verified sub only', async () => {
    const h = harness(siteConfig(idp));
    const cookies = [`edgeward.access=${await access()}`];
    asRequest(
      await h.handle({
        uri: '/users/aaaaaaaa-bbbb-cccc-dddd-eeeeeeeeeeee/file',
        headers: NAVIGATION,
        cookies,
      }),
    );
    const other = asResponse(
      await h.handle({ uri: '/users/someone-else/file', headers: NAVIGATION, cookies }),
    );
    expect(other.status).toBe('403');
  });

  it.each([
    ['/public/../admin/x'],
    ['/public/%2e%2e/admin/x'],
    ['/admin%2fx'],
    ['/public/%2fadmin/x'],
    ['/public/\u0000x'],
    ['/public/%zz'],
  ])('answers 400 to the bypass %s and never forwards it', async (uri) => {
    const h = harness(siteConfig(idp));
    const res = asResponse(await h.handle({ uri, headers: NAVIGATION }));
    expect(res.status).toBe('400');
    expect(res.body).toContain('path_invalid');
  });

  it.each([
    ['//admin/x', '400'],
    ['/admin/x;jsessionid=1', '403'],
  ])('refuses the bypass %s to a signed-in non-admin (%s)', async (uri, status) => {
    const h = harness(siteConfig(idp));
    const res = asResponse(
      await h.handle({ uri, headers: FETCH, cookies: [`edgeward.access=${await access()}`] }),
    );
    expect(res.status).toBe(status);
  });

  it('treats /Admin/x as another object (case-sensitive patterns): never public, never /admin/*', async () => {
    const h = harness(siteConfig(idp));
    expect(asResponse(await h.handle({ uri: '/Admin/x', headers: FETCH })).status).toBe('401');
    expect(asResponse(await h.handle({ uri: '/PUBLIC/x', headers: FETCH })).status).toBe('401');
  });
});

describe('inline refresh', () => {
  it('refreshes an expired session and redirects to the same URL with new cookies that work', async () => {
    idp.addRefreshToken('rt-good');
    const h = harness(siteConfig(idp));
    const expired = await access({ exp: FIXED_NOW - 10, iat: FIXED_NOW - 3610 });
    const jar = new Jar();
    jar.cookies.set('edgeward.access', expired);
    jar.cookies.set('edgeward.refresh', 'rt-good');
    const res = asResponse(
      await h.handle({ uri: '/docs/a', querystring: 'x=1', headers: NAVIGATION, cookies: jar.entries() }),
    );
    expect(res.status).toBe('302');
    expect(header(res, 'location')).toEqual(['/docs/a?x=1']);
    expect(setCookie(res, 'edgeward.guard')).toMatch(/^edgeward\.guard=1;/);
    jar.apply(res);
    expect(jar.cookies.get('edgeward.access')).not.toBe(expired);
    expect(jar.cookies.get('edgeward.refresh')).toBe('rt-good');
    asRequest(
      await h.handle({ uri: '/docs/a', querystring: 'x=1', headers: NAVIGATION, cookies: jar.entries() }),
    );
  });

  it('uses 307 for a POST so the method and body are kept', async () => {
    idp.addRefreshToken('rt-post');
    const h = harness(siteConfig(idp));
    const expired = await access({ exp: FIXED_NOW - 10, iat: FIXED_NOW - 3610 });
    const res = asResponse(
      await h.handle({
        uri: '/docs/form',
        method: 'POST',
        headers: FETCH,
        cookies: [`edgeward.access=${expired}; edgeward.refresh=rt-post`],
      }),
    );
    expect(res.status).toBe('307');
  });

  it('refreshes parallel requests independently, each with a valid session', async () => {
    idp.addRefreshToken('rt-parallel');
    const h = harness(siteConfig(idp));
    const expired = await access({ exp: FIXED_NOW - 10, iat: FIXED_NOW - 3610 });
    const cookies = [`edgeward.access=${expired}; edgeward.refresh=rt-parallel`];
    const results = await Promise.all(
      ['/a', '/b', '/c'].map((uri) => h.handle({ uri, headers: FETCH, cookies })),
    );
    for (const r of results) {
      const res = asResponse(r);
      expect(res.status).toBe('302');
      const jar = new Jar().apply(res);
      asRequest(await h.handle({ uri: header(res, 'location')[0]!, headers: FETCH, cookies: jar.entries() }));
    }
  });

  it('clears the session and goes to login once when the refresh fails, then stops instead of looping', async () => {
    const h = harness(siteConfig(idp));
    const expired = await access({ exp: FIXED_NOW - 10, iat: FIXED_NOW - 3610 });
    const jar = new Jar();
    jar.cookies.set('edgeward.access', expired);
    jar.cookies.set('edgeward.refresh', 'rt-revoked');
    const res = asResponse(await navigate(h, '/docs/a', jar.entries()));
    expect(res.status).toBe('302');
    expect(header(res, 'location')[0]).toContain('/oauth2/authorize');
    expect(setCookie(res, 'edgeward.access')).toMatch(/Max-Age=0/);
    expect(setCookie(res, 'edgeward.refresh')).toMatch(/Max-Age=0/);
    expect(h.logs.some((l) => l.event === 'refresh_failed')).toBe(true);
    jar.apply(res);
    expect(jar.cookies.has('edgeward.refresh')).toBe(false);

    // A browser that keeps coming back without a session (cookies dropped) is stopped by the guard.
    let last = res;
    for (let i = 0; i < 5; i++) {
      last = asResponse(await navigate(h, '/docs/a', jar.entries()));
      jar.apply(last);
      if (last.status !== '302') break;
    }
    expect(last.status).toBe('401');
    expect(last.body).toContain('Sign out and start again');
    expect(h.logs.some((l) => l.event === 'redirect_loop_stopped')).toBe(true);
  });

  it('keeps the session and answers 502 when the token endpoint is unreachable', async () => {
    idp.addRefreshToken('rt-down');
    const h = harness(siteConfig(idp));
    const expired = await access({ exp: FIXED_NOW - 10, iat: FIXED_NOW - 3610 });
    idp.setDown(true);
    try {
      const res = asResponse(
        await navigate(h, '/docs/a', [`edgeward.access=${expired}; edgeward.refresh=rt-down`]),
      );
      expect(res.status).toBe('502');
      expect(setCookie(res, 'edgeward.refresh')).toBeUndefined();
    } finally {
      idp.setDown(false);
    }
  });
});

describe('sign-out', () => {
  it('clears every edgeward cookie, revokes the refresh token and redirects to the IdP logout', async () => {
    const h = harness(siteConfig(idp));
    const res = asResponse(
      await navigate(h, '/_edgeward/signout', [
        `edgeward.access.0=a; edgeward.access.1=b; edgeward.refresh=rt-signout`,
        'edgeward.guard=2; theme=dark',
      ]),
    );
    expect(res.status).toBe('302');
    const logout = new URL(header(res, 'location')[0]!);
    expect(`${logout.origin}${logout.pathname}`).toBe(`${idp.origin}/logout`);
    expect(logout.searchParams.get('client_id')).toBe(CLIENT_ID);
    expect(logout.searchParams.get('logout_uri')).toBe(`https://${HOST}/`);
    const cleared = header(res, 'set-cookie').map((c) => c.split('=')[0]);
    for (const name of [
      'edgeward.access.0',
      'edgeward.access.1',
      'edgeward.refresh',
      'edgeward.guard',
      'edgeward.state',
      'edgeward.id',
      'edgeward.access',
    ]) {
      expect(cleared).toContain(name);
    }
    expect(cleared).not.toContain('theme');
    for (const c of header(res, 'set-cookie')) expect(c).toMatch(/Max-Age=0/);
    expect(idp.revoked).toContain('rt-signout');
  });

  it('bounds the revocation call by the client timeout', async () => {
    const h = harness(
      siteConfig(idp, { client: { clientId: CLIENT_ID, cognitoDomain: idp.origin, timeoutMs: 150 } }),
    );
    idp.setDelayMs(1500);
    try {
      const started = performance.now();
      const res = asResponse(await navigate(h, '/_edgeward/signout', ['edgeward.refresh=rt-slow']));
      // revoked: false proves the cut-off (the endpoint would have answered 200 after 1500 ms); the bound
      // only says "before it would have", with no tighter wall-clock assumption that load could break.
      expect(performance.now() - started).toBeLessThan(1500);
      expect(res.status).toBe('302');
      expect(h.logs.find((l) => l.event === 'signed_out')?.['revoked']).toBe(false);
    } finally {
      idp.setDelayMs(0);
    }
  });

  it('uses a configured absolute post-logout URL', async () => {
    const h = harness(siteConfig(idp, { signOut: { postLogoutRedirect: 'https://www.example.com/bye' } }));
    const res = asResponse(await navigate(h, '/_edgeward/signout'));
    expect(new URL(header(res, 'location')[0]!).searchParams.get('logout_uri')).toBe(
      'https://www.example.com/bye',
    );
  });
});

describe('Amplify naming', () => {
  it('writes and reads CognitoIdentityServiceProvider.<clientId>.<username>.* cookies', async () => {
    const h = harness(siteConfig(idp, { cookies: { naming: 'amplify', httpOnly: false } }));
    const { res: cb, jar } = await logIn(h, idp, '/docs/a');
    expect(cb.status).toBe('302');
    const base = `CognitoIdentityServiceProvider.${CLIENT_ID}`;
    expect(setCookie(cb, `${base}.LastAuthUser`)).toMatch(/^[^;]+=alice;/);
    expect(setCookie(cb, `${base}.alice.accessToken`)).not.toMatch(/HttpOnly/);
    expect(setCookie(cb, `${base}.alice.idToken`)).toBeDefined();
    expect(setCookie(cb, `${base}.alice.refreshToken`)).toBeDefined();
    jar.apply(cb);
    const req = asRequest(await navigate(h, '/docs/a', jar.entries()));
    expect(req.headers['x-edgeward-username']?.[0]?.value).toBe('alice');
    expect(req.headers['cookie']).toBeUndefined();
  });
});

describe('cookie budget', () => {
  it('drops the id token cookie when the session would exceed the budget, and refuses deliberately when even that is too large', async () => {
    const groups = (n: number) => Array.from({ length: n }, (_, i) => `a-rather-long-group-name-number-${i}`);
    const issuer = { ...siteConfig(idp).issuer, maxTokenBytes: 65536 };
    const h = harness(siteConfig(idp, { issuer }));
    const login = async (claims: JWTPayload) => (await logIn(h, idp, '/docs/a', claims)).res;
    const medium = await login({ 'cognito:groups': groups(150) });
    expect(medium.status).toBe('302');
    expect(setCookie(medium, 'edgeward.access.0')).toBeDefined();
    expect(header(medium, 'set-cookie').some((c) => c.startsWith('edgeward.id'))).toBe(false);

    const huge = await login({ 'cognito:groups': groups(400) });
    expect(huge.status).toBe('401');
    expect(huge.body).toContain('token_too_large');
  });
});
