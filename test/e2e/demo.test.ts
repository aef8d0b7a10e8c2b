/**
 * End to end, in headless Chromium, against the demo stack as `npm start` runs it: the built bundles in
 * the CloudFront and API Gateway emulators, the local Cognito-compatible identity provider, real cookies,
 * real redirects. Time never has to pass: the refresh path runs on an access token that expired an hour ago,
 * signed with the local identity provider's own key (the token it would have issued then), put in the
 * browser's cookie jar; the edge refreshes it with the real refresh token.
 */
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { decodeJwt, decodeProtectedHeader, importJWK, SignJWT } from 'jose';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type DevStack, startDevStack } from '../../packages/cli/src/local/dev.js';
import { flipBit, tamperCloudFrontBase64 } from '../helpers/tamper.js';
import { DEMO_PASSWORDS, inContext, launchBrowser, signInAtIdp } from './browser.js';

/** What the demo's files page exposes on `window` (the browser side of the identity-pool demo). */
interface Files {
  edgewardFiles: {
    read(key: string): Promise<{ status: number; text: string }>;
    list(prefix?: string): Promise<{ status: number; keys: string[] }>;
  };
}

/** Polls a page value for up to 8 s (a loaded machine may be slow to run the page's fetches). */
const eventually = <T>(read: () => T | Promise<T>) => expect.poll(read, { timeout: 8000, interval: 100 });

let stack: DevStack;
let browser: Browser;
let site: string;

beforeAll(async () => {
  stack = await startDevStack({
    ports: { cloudfront: 0, idp: 0, restApi: 0, httpApi: 0, s3: 0 },
  });
  site = stack.urls.site;
  browser = await launchBrowser();
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await stack?.close();
});

const onIdp = (url: URL) => url.origin === new URL(stack.urls.idp).origin;
const onSite = (url: URL) => url.origin === new URL(site).origin;

/**
 * `token` with `iat`/`exp` moved `seconds` into the past, signed again with the local identity provider's
 * private key: the token it issued `seconds` ago (kid, claims and signature all genuine).
 */
async function aged(token: string, seconds: number): Promise<string> {
  const { iat, exp, ...claims } = decodeJwt(token);
  const { kid } = decodeProtectedHeader(token);
  const key = await importJWK(stack.idp.privateKeyJwk, 'RS256');
  return new SignJWT(claims)
    .setProtectedHeader({ alg: 'RS256', kid: kid! })
    .setIssuedAt((iat as number) - seconds)
    .setExpirationTime((exp as number) - seconds)
    .sign(key);
}

/** Fills the identity provider's login form and waits until the browser is back on the site. */
const signIn = (page: Page, username: string) => signInAtIdp(page, onIdp, onSite, username);

/** Signs `username` in through the members page. */
async function signedIn(page: Page, username: string): Promise<void> {
  await page.goto(`${site}/members/index.html`);
  await signIn(page, username);
  await eventually(() => page.url()).toBe(`${site}/members/index.html`);
}

async function edgeCookies(context: BrowserContext): Promise<Record<string, string>> {
  const cookies = await context.cookies(site);
  return Object.fromEntries(cookies.map((c) => [c.name, c.value]));
}

describe('demo site in a browser', () => {
  it('serves the public landing page without a login', async () => {
    await inContext(browser, 'public', async (_context, page) => {
      const res = await page.goto(`${site}/`);
      expect(res?.status()).toBe(200);
      await eventually(() => page.textContent('h1')).toContain('Welcome');
    });
  });

  it('member page → login page → back on the exact page first asked for (path and query)', async () => {
    await inContext(browser, 'login-return', async (_context, page) => {
      const wanted = `${site}/members/index.html?tab=pets&sort=name%20asc`;
      await page.goto(wanted);
      expect(onIdp(new URL(page.url()))).toBe(true);
      await signIn(page, 'bob');
      expect(page.url()).toBe(wanted);
      await eventually(() => page.textContent('h1')).toContain('Members area');
    });
  }, 30_000);

  it('shows an error on the login page for a wrong password, then signs in on a retry', async () => {
    await inContext(browser, 'wrong-password', async (context, page) => {
      await page.goto(`${site}/`);
      await page.getByRole('link', { name: 'Members area' }).click();
      await page.waitForURL(onIdp);
      await page.getByLabel('Username').fill('bob');
      await page.getByLabel('Password').fill('not-the-password');
      await page.getByRole('button', { name: 'Sign in' }).click();
      await eventually(() => page.textContent('[role=alert]')).toBe('Incorrect username or password.');
      expect(onIdp(new URL(page.url()))).toBe(true);
      expect(await page.inputValue('#username')).toBe('bob');
      expect((await edgeCookies(context))['edgeward.access']).toBeUndefined();
      await page.getByLabel('Password').fill(DEMO_PASSWORDS['bob']!);
      await Promise.all([page.waitForURL(onSite), page.getByRole('button', { name: 'Sign in' }).click()]);
      expect(page.url()).toBe(`${site}/members/index.html`);
      // The session cookies: HttpOnly, Secure, SameSite=Lax.
      const session = (await context.cookies(site)).filter((c) => c.name.startsWith('edgeward.'));
      expect(session.map((c) => c.name)).toEqual(
        expect.arrayContaining(['edgeward.access', 'edgeward.refresh']),
      );
      for (const c of session)
        expect([c.name, c.httpOnly, c.secure, c.sameSite]).toEqual([c.name, true, true, 'Lax']);
    });
  }, 30_000);

  it('refuses the admin area to a non-admin with a clear 403 page, and admits an admin', async () => {
    await inContext(browser, 'admin-bob', async (_context, page) => {
      await signedIn(page, 'bob');
      const [res] = await Promise.all([
        page.waitForResponse((r) => new URL(r.url()).pathname === '/admin/index.html'),
        page.getByRole('link', { name: 'Admin' }).click(),
      ]);
      expect(res.status()).toBe(403);
      // The distribution's custom error response for 403 (as CloudFront applies it to every 403, the
      // function's own included): the demo's friendly page, never CloudFront's or S3's XML.
      expect(await page.textContent('h1')).toBe('Access denied');
      expect(await page.textContent('body')).toContain('your account does not have access');
      // The page says how to switch account: its sign-out link ends both sessions.
      await page.getByRole('link', { name: /^Sign out/ }).click();
      await page.waitForURL(`${site}/`);
      await page.getByRole('link', { name: 'Admin area' }).click();
      await page.waitForURL(onIdp);
      await eventually(() => page.isVisible('#password')).toBe(true);
    });
    await inContext(browser, 'admin-alice', async (_context, page) => {
      await signedIn(page, 'alice');
      const res = await page.goto(`${site}/admin/index.html`);
      expect(res?.status()).toBe(200);
      await eventually(() => page.textContent('h1')).toContain('Admin area');
    });
  }, 40_000);

  it('lets the API allow or refuse calls by group (cookie session through CloudFront)', async () => {
    await inContext(browser, 'api-bob', async (_context, page) => {
      await signedIn(page, 'bob');
      await eventually(() => page.textContent('#me')).toMatch(/^bob — groups: members$/);
      await eventually(() => page.textContent('#pets-status')).toMatch(/^200 — \d+ pets$/);
      await page.click('#add-pet');
      await eventually(() => page.textContent('#add-status')).toMatch(/^403 — refused/);
    });
    await inContext(browser, 'api-alice', async (_context, page) => {
      await signedIn(page, 'alice');
      await page.click('#add-pet');
      await eventually(() => page.textContent('#add-status')).toBe('201 — pet added');
    });
    await inContext(browser, 'api-carol', async (_context, page) => {
      await signedIn(page, 'carol');
      await eventually(() => page.textContent('#pets-status')).toMatch(/^403 — refused/);
    });
  }, 60_000);

  it('serves the private app only with CloudFront signed cookies', async () => {
    await inContext(browser, 'private-app', async (context, page) => {
      const direct = await page.goto(`${site}/private/app/index.html`);
      expect(direct?.status()).toBe(403);
      // Without signed cookies: a friendly page leading back to the issue route, not CloudFront's XML.
      expect(await direct?.text()).not.toContain('<?xml');
      await page.getByRole('link', { name: 'Sign in to the private app' }).click();
      await signIn(page, 'alice');
      await page.waitForURL(`${site}/private/app/index.html`);
      await eventually(() => page.textContent('h1')).toContain('Private app');
      const cookies = await context.cookies(`${site}/private/app/`);
      const names = cookies.map((c) => c.name);
      expect(names).toEqual(
        expect.arrayContaining(['CloudFront-Policy', 'CloudFront-Signature', 'CloudFront-Key-Pair-Id']),
      );
      for (const cookie of cookies.filter((c) => c.name.startsWith('CloudFront-'))) {
        expect([cookie.name, cookie.httpOnly, cookie.secure, cookie.sameSite]).toEqual([
          cookie.name,
          true,
          true,
          'Lax',
        ]);
      }
      // Tampering with the signature locks the app again: the key group, not the function, decides.
      const signature = cookies.find((c) => c.name === 'CloudFront-Signature')!;
      await context.addCookies([{ ...signature, value: tamperCloudFrontBase64(signature.value, 7) }]);
      expect((await page.goto(`${site}/private/app/index.html`))?.status()).toBe(403);
      await context.addCookies([signature]);
      expect((await page.goto(`${site}/private/app/index.html`))?.status()).toBe(200);
      // The directory URL of the app: the CloudFront Function ProtectedSite deploys for directoryIndex.
      expect((await page.goto(`${site}/private/app/`))?.status()).toBe(200);
      expect(await page.textContent('h1')).toContain('Private app');
      // Sign-out clears the signed cookies too: the app is locked again.
      await page.getByRole('link', { name: 'Sign out' }).click();
      await page.waitForURL(`${site}/`);
      expect((await context.cookies(`${site}/private/app/`)).map((c) => c.name)).toEqual([]);
      expect((await page.goto(`${site}/private/app/index.html`))?.status()).toBe(403);
    });
  }, 30_000);

  it('serves directory URLs from their index page and a friendly page for a missing one', async () => {
    await inContext(browser, 'directory-urls', async (_context, page) => {
      await page.goto(`${site}/members/`);
      await signIn(page, 'bob');
      await eventually(() => page.url()).toBe(`${site}/members/`);
      await eventually(() => page.textContent('h1')).toContain('Members area');
      for (const path of ['/members/', '/members']) {
        const res = await page.goto(`${site}${path}`);
        expect([path, res?.status()]).toEqual([path, 200]);
        await eventually(() => page.textContent('h1')).toContain('Members area');
      }
      const missing = await page.goto(`${site}/members/no-such-page.html`);
      expect(missing?.status()).toBe(404);
      expect(await page.textContent('h1')).toBe('Page not found');
    });
  }, 30_000);

  it('gives signed-in users AWS credentials for their own S3 prefix only (identity pool)', async () => {
    let aliceKey = '';
    await inContext(browser, 'files-alice', async (_context, page) => {
      await page.goto(`${site}/members/files/`);
      await signIn(page, 'alice');
      await eventually(() => page.textContent('#identity')).toMatch(/^us-east-1:[0-9a-f-]{36}$/);
      const identityId = (await page.textContent('#identity'))!;
      await page.fill('#name', 'alice-note.txt');
      await page.fill('#content', 'only for alice');
      await page.getByRole('button', { name: 'Upload' }).click();
      await eventually(() => page.textContent('#upload-status')).toBe('200 — uploaded');
      await eventually(() => page.textContent('#files')).toContain('alice-note.txt');
      aliceKey = `private/${identityId}/alice-note.txt`;
      const own = await page.evaluate((key) => (window as never as Files).edgewardFiles.read(key), aliceKey);
      expect(own).toEqual({ status: 200, text: 'only for alice' });
    });
    await inContext(browser, 'files-bob', async (_context, page) => {
      await page.goto(`${site}/members/files/`);
      await signIn(page, 'bob');
      await eventually(() => page.textContent('#list-status')).toBe('200 — 0 file(s)');
      const read = await page.evaluate(
        ([key]) => (window as never as Files).edgewardFiles.read(key!),
        [aliceKey],
      );
      expect(read.status).toBe(403);
      const prefix = aliceKey.slice(0, aliceKey.lastIndexOf('/') + 1);
      const list = await page.evaluate((p) => (window as never as Files).edgewardFiles.list(p), prefix);
      expect(list.status).toBe(403);
      // Typed in the address bar (not a same-origin fetch): no credentials, just the 403 page.
      const direct = await page.goto(`${site}/_edgeward/credentials`);
      expect(direct?.status()).toBe(403);
      expect(await direct?.text()).not.toContain('accessKeyId');
    });
  }, 60_000);

  it('refreshes the session past the access-token lifetime without a new login', async () => {
    await inContext(browser, 'refresh', async (context, page) => {
      await signedIn(page, 'bob');
      const cookie = (await context.cookies(site)).find((c) => c.name === 'edgeward.access');
      expect(cookie).toBeDefined();
      // The same token, as the identity provider issued it two hours ago: expired an hour ago.
      const before = await aged(cookie!.value, 2 * 3600);
      await context.addCookies([{ ...cookie!, value: before }]);
      // Refreshed at the edge with the refresh token: no round trip through the identity provider's pages.
      const idpRequests: string[] = [];
      page.on('request', (r) => {
        if (onIdp(new URL(r.url()))) idpRequests.push(new URL(r.url()).pathname);
      });
      const res = await page.goto(`${site}/members/index.html?after=refresh`);
      expect(idpRequests).toEqual([]);
      expect(res?.status()).toBe(200);
      expect(page.url()).toBe(`${site}/members/index.html?after=refresh`);
      const after = (await edgeCookies(context))['edgeward.access'];
      expect(after).toBeDefined();
      expect(after).not.toBe(before);
      await eventually(() => page.textContent('#pets-status')).toMatch(/^200/);
    });
  }, 40_000);

  it('signs out of both the edge session and the identity provider session', async () => {
    await inContext(browser, 'sign-out', async (context, page) => {
      await signedIn(page, 'bob');
      // A second visit answered 200 by the origin: S3 objects carry no Cache-Control, so without the
      // behavior's `no-cache` the browser would reuse this page after sign-out without asking the edge.
      const members = await page.goto(`${site}/members/index.html`);
      expect(members?.status()).toBe(200);
      expect(members?.headers()['cache-control']).toBe('private, no-cache');
      await page.getByRole('link', { name: 'Sign out' }).click();
      await page.waitForURL(`${site}/`);
      const left = Object.keys(await edgeCookies(context)).filter((n) => n.startsWith('edgeward.'));
      expect(left).toEqual([]);
      // The identity provider asks for the password again: its session ended too.
      await page.getByRole('link', { name: 'Members area' }).click();
      await page.waitForURL(onIdp);
      await eventually(() => page.isVisible('#password')).toBe(true);
    });
  }, 30_000);

  it('a sign-out link on another site asks first; the confirmation button signs out', async () => {
    await inContext(browser, 'sign-out-cross-site', async (context, page) => {
      await signedIn(page, 'bob');
      // Another site (served by Playwright at an origin of its own) links to the sign-out path.
      await page.route('http://elsewhere.test/**', (route) =>
        route.fulfill({
          contentType: 'text/html',
          body: `<!doctype html><title>elsewhere</title><a href="${site}/_edgeward/signout">Win a prize</a>`,
        }),
      );
      await page.goto('http://elsewhere.test/');
      await page.getByRole('link', { name: 'Win a prize' }).click();
      await page.waitForURL(`${site}/_edgeward/signout`);
      await eventually(() => page.textContent('h1')).toBe('Sign out?');
      expect((await edgeCookies(context))['edgeward.access']).toBeDefined();
      // The page's form POSTs from the site's own origin: that signs out.
      await page.getByRole('button', { name: 'Sign out' }).click();
      await page.waitForURL(`${site}/`);
      const left = Object.keys(await edgeCookies(context)).filter((n) => n.startsWith('edgeward.'));
      expect(left).toEqual([]);
    });
  }, 30_000);

  it('refuses a tampered state at the callback', async () => {
    await inContext(browser, 'tampered-state', async (context, page) => {
      // Playwright cannot intercept redirected requests, so the identity provider's redirect chain after
      // the login POST is followed here (with the context's cookies) and its final Location — the callback
      // — is handed to the browser with one bit of `state` flipped (decoded, flipped, re-encoded).
      await page.route(
        (url) => onIdp(url) && url.pathname === '/login',
        async (route) => {
          if (route.request().method() !== 'POST') return route.continue();
          let response = await route.fetch({ maxRedirects: 0 });
          for (let hop = 0; hop < 10; hop++) {
            const location = response.headers()['location'];
            if (location === undefined) break;
            const next = new URL(location, response.url());
            if (onSite(next)) {
              const state = next.searchParams.get('state') ?? '';
              const flipped = flipBit(Buffer.from(state, 'base64url'), 0).toString('base64url');
              next.searchParams.set('state', flipped);
              return route.fulfill({ status: 302, headers: { location: next.toString() } });
            }
            response = await context.request.get(next.toString(), { maxRedirects: 0 });
          }
          return route.fulfill({ response });
        },
      );
      await page.goto(`${site}/members/index.html`);
      await page.waitForURL(onIdp);
      await page.fill('#username', 'bob');
      await page.fill('#password', DEMO_PASSWORDS['bob']!);
      const [response] = await Promise.all([
        page.waitForResponse((r) => new URL(r.url()).pathname === '/_edgeward/callback'),
        page.click('button[type=submit]'),
      ]);
      expect(response.status()).toBe(400);
      expect(await page.textContent('h1')).toBe('Sign-in could not be completed');
      expect((await edgeCookies(context))['edgeward.access']).toBeUndefined();
    });
  }, 30_000);
});

describe('the demo for a newcomer', () => {
  /** Screenshots of the demo for people to look at: `test-results/demo/<name>.png`. */
  async function shot(page: Page, name: string): Promise<void> {
    const dir = join('test-results', 'demo');
    await mkdir(dir, { recursive: true });
    await page.screenshot({ path: join(dir, `${name}.png`), fullPage: true });
  }

  it('the home page says nobody is signed in and links to sign in, then who is', async () => {
    await inContext(browser, 'home-session', async (_context, page) => {
      await page.goto(`${site}/`);
      await eventually(() => page.textContent('#who')).toContain('You are not signed in.');
      expect(await page.getByRole('link', { name: 'Sign in' }).first().getAttribute('href')).toBe(
        '/members/index.html',
      );
      await shot(page, 'home-signed-out');
      await signedIn(page, 'bob');
      await page.goto(`${site}/`);
      await eventually(() => page.textContent('#who')).toBe('Signed in as bob — groups: members.');
      await eventually(() => page.textContent('#session')).toContain('Sign out');
      await shot(page, 'home-signed-in');
    });
  }, 30_000);

  it('the sign-in page lists the demo users and links back to the site, in light and dark', async () => {
    for (const colorScheme of ['light', 'dark'] as const) {
      const context = await browser.newContext({ colorScheme });
      const page = await context.newPage();
      try {
        await page.goto(`${site}/members/index.html`);
        await page.waitForURL(onIdp);
        const rows = await page.locator('.users tbody tr').allTextContents();
        expect(rows).toEqual([
          'alicealice-demo-passwordmembers, admins',
          'bobbob-demo-passwordmembers',
          'carolcarol-demo-password(no group)',
        ]);
        expect(await page.getByRole('link', { name: 'Back to the site' }).getAttribute('href')).toBe(
          `${site}/`,
        );
        await shot(page, `sign-in-${colorScheme}`);
      } finally {
        await context.close();
      }
    }
  }, 30_000);

  it('"Add a pet" tells 401 (session gone) from 403 (not an admin)', async () => {
    await inContext(browser, 'add-pet-401', async (context, page) => {
      await signedIn(page, 'bob');
      await page.click('#add-pet');
      await eventually(() => page.textContent('#add-status')).toBe('403 — refused: admins only');
      await shot(page, 'members-bob');
      // The session ends (cookies cleared, as after a sign-out in another tab): the API answers 401.
      await context.clearCookies();
      await page.click('#add-pet');
      await eventually(() => page.textContent('#add-status')).toMatch(/^401 — not signed in/);
    });
  }, 30_000);

  it('serves /favicon.ico', async () => {
    const res = await fetch(`${site}/favicon.ico`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('image/x-icon');
    const bytes = new Uint8Array(await res.arrayBuffer());
    expect([...bytes.slice(0, 4)]).toEqual([0, 0, 1, 0]);
  });

  it('screenshots the 403 page as the demo shows it: the custom error page, saying who is signed in', async () => {
    await inContext(browser, 'edge-403', async (_context, page) => {
      await signedIn(page, 'carol');
      const res = await page.goto(`${site}/admin/index.html`);
      expect(res?.status()).toBe(403);
      // The demo has signed-cookie paths, so its distribution answers every 403 with /errors/403.html (the
      // function's own 403 pages included, as CloudFront does); the page asks the API who is signed in.
      expect(await page.textContent('h1')).toBe('Access denied');
      await eventually(() => page.textContent('#who')).toMatch(/^Signed in as carol/);
      await shot(page, 'edge-403-carol');
    });
  }, 30_000);
});

describe('Bearer requests (curl-style fetch)', () => {
  async function accessToken(username: string): Promise<string> {
    const res = await fetch(stack.idp.cognitoApiEndpoint, {
      method: 'POST',
      headers: {
        'content-type': 'application/x-amz-json-1.1',
        'x-amz-target': 'AWSCognitoIdentityProviderService.InitiateAuth',
      },
      body: JSON.stringify({
        AuthFlow: 'USER_PASSWORD_AUTH',
        ClientId: stack.clientId,
        AuthParameters: { USERNAME: username, PASSWORD: DEMO_PASSWORDS[username] },
      }),
    });
    expect(res.status).toBe(200);
    const body = (await res.json()) as { AuthenticationResult: { AccessToken: string } };
    return body.AuthenticationResult.AccessToken;
  }

  it('calls the HTTP API with a Bearer access token, allowed or refused by group', async () => {
    const api = stack.urls.httpApi!;
    const bob = await accessToken('bob');
    const pets = await fetch(`${api}/api/pets`, { headers: { Authorization: `Bearer ${bob}` } });
    expect(pets.status).toBe(200);
    expect(((await pets.json()) as { pets: unknown[] }).pets.length).toBeGreaterThan(0);
    const add = await fetch(`${api}/api/pets`, {
      method: 'POST',
      headers: { Authorization: `Bearer ${bob}` },
      body: '{"name":"x"}',
    });
    expect(add.status).toBe(403);
    expect((await fetch(`${api}/api/pets`)).status).toBe(401);
    expect((await fetch(`${api}/api/pets`, { headers: { Authorization: `Bearer ${bob}x` } })).status).toBe(
      401,
    );
  });

  it('reads a members page through CloudFront with a Bearer access token', async () => {
    const bob = await accessToken('bob');
    const res = await fetch(`${site}/members/index.html`, { headers: { Authorization: `Bearer ${bob}` } });
    expect(res.status).toBe(200);
    expect(await res.text()).toContain('Members area');
    const admin = await fetch(`${site}/admin/index.html`, { headers: { Authorization: `Bearer ${bob}` } });
    expect(admin.status).toBe(403);
  });
});
