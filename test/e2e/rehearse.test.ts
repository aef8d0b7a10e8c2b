/**
 * End to end, in headless Chromium, against the deploy rehearsal of `examples/cdk`: the CDK app is
 * synthesized offline (its `cdk.json` app, with the rehearsal JWKS in the context) and the resulting cloud
 * assembly runs in the local stack — the distribution's behaviors, key group and headers policies, the
 * staged viewer-request and authorizer assets — with the local identity provider answering for the
 * example's user pool and hosted-UI domain. Nothing is rebuilt from the configuration.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rehearsalKey } from '../../packages/cli/src/local/rehearsal/idp-key.js';
import { type Rehearsal, startRehearsal } from '../../packages/cli/src/local/rehearsal/rehearse.js';
import { synthesizeForRehearsal } from '../../packages/cli/src/local/rehearsal/synth.js';
import { inContext, launchBrowser, signInAtIdp } from './browser.js';

const APP = resolve('examples/cdk');

let work: string;
let rehearsal: Rehearsal;
let browser: Browser;
let site: string;
let idpOrigin: string;
let api: string;

beforeAll(async () => {
  work = mkdtempSync(join(tmpdir(), 'edgeward-rehearse-e2e-'));
  const keyDir = join(work, 'key');
  const key = await rehearsalKey(keyDir);
  const assembly = await synthesizeForRehearsal({
    appDir: APP,
    outDir: join(work, 'cdk.out'),
    jwksFile: key.jwksFile,
  });
  // No bucket folders given: the buckets serve what the example's `contentDir` BucketDeployments upload
  // (the demo pages, split between the public and the private bucket), staged in the assembly.
  rehearsal = await startRehearsal({ assembly, cwd: APP, keyDir, port: 0 });
  site = rehearsal.distributions[0]!.url;
  idpOrigin = rehearsal.identityProviders[0]!.url;
  api = rehearsal.apis[0]!.url;
  browser = await launchBrowser();
}, 240_000);

afterAll(async () => {
  await browser?.close();
  await rehearsal?.close();
  if (work) rmSync(work, { recursive: true, force: true });
});

const onIdp = (url: URL) => url.origin === idpOrigin;
const onSite = (url: URL) => url.origin === site;

const signIn = (page: Page, username: string) => signInAtIdp(page, onIdp, onSite, username);

async function signedIn(page: Page, username: string): Promise<void> {
  await page.goto(`${site}/members/index.html`);
  await signIn(page, username);
  expect(page.url()).toBe(`${site}/members/index.html`);
}

/** The access token of the browser's edge session (the `edgeward.access` cookie). */
async function accessToken(context: BrowserContext): Promise<string> {
  const cookie = (await context.cookies(site)).find((c) => c.name === 'edgeward.access');
  expect(cookie).toBeDefined();
  return cookie!.value;
}

/** Flips one bit of the signature's first byte and re-encodes it. */
function tampered(jwt: string): string {
  const [header, payload, signature] = jwt.split('.');
  const bytes = Buffer.from(signature!, 'base64url');
  bytes[0] = bytes[0]! ^ 0x01;
  return `${header}.${payload}.${bytes.toString('base64url')}`;
}

describe('rehearsal of examples/cdk', () => {
  it('runs the synthesized distribution and authorizer from their staged assets', () => {
    expect(rehearsal.distributions[0]?.publicOrigin).toMatch(/^https:\/\//);
    expect(rehearsal.distributions[0]?.behaviors).toEqual([
      '/_edgeward/*',
      '/members/*',
      '/admin/*',
      '/private/login',
      // directoryIndex: the bare directory URLs of the protected patterns run the function too
      '/members',
      '/admin',
      '/private/app/*',
      '*',
    ]);
    const [viewer] = rehearsal.functions.filter((f) => f.id.includes('ViewerRequest'));
    const [authorizer] = rehearsal.apis[0]!.authorizers;
    expect(viewer).toBeDefined();
    expect(authorizer?.type).toBe('TOKEN');
    // The fixed CDK bundling gives each function its own asset.
    expect(authorizer?.source).not.toBe(viewer?.source);
    expect(rehearsal.identityProviders[0]?.publicOrigins[0]).toMatch(
      /\.auth\.[a-z0-9-]+\.amazoncognito\.com$/,
    );
  });

  it('login through the hosted UI, a members page, and the admin 403 for a non-admin', async () => {
    await inContext(browser, 'rehearse-login', async (_context, page) => {
      const wanted = `${site}/members/index.html?tab=pets`;
      await page.goto(wanted);
      expect(onIdp(new URL(page.url()))).toBe(true);
      await signIn(page, 'bob');
      expect(page.url()).toBe(wanted);
      expect(await page.textContent('h1')).toContain('Members area');
      const admin = await page.goto(`${site}/admin/index.html`);
      expect(admin?.status()).toBe(403);
      // The example distribution's 403 page (ProtectedSite errorPages, with signed cookies), as CloudFront
      // answers every 403 — the function's own included.
      expect(await page.textContent('h1')).toBe('Access denied');
    });
  }, 60_000);

  it('calls the REST API through the synthesized TOKEN authorizer: allowed and refused', async () => {
    await inContext(browser, 'rehearse-api', async (context, page) => {
      await signedIn(page, 'bob');
      const token = await accessToken(context);
      const call = (method: string, path: string, authorization?: string) =>
        page.request.fetch(`${api}${path}`, {
          method,
          headers: authorization === undefined ? {} : { authorization },
          failOnStatusCode: false,
        });
      const pets = await call('GET', '/pets', `Bearer ${token}`);
      expect(pets.status()).toBe(200);
      const body = (await pets.json()) as { authorizer: { principalId: string } };
      expect(body.authorizer.principalId).toMatch(/-b0b0/);
      expect((await call('DELETE', '/pets/7', `Bearer ${token}`)).status()).toBe(403);
      expect((await call('GET', '/pets')).status()).toBe(401);
      expect((await call('GET', '/pets', `Bearer ${tampered(token)}`)).status()).toBe(401);
    });
    await inContext(browser, 'rehearse-api-admin', async (context, page) => {
      await signedIn(page, 'alice');
      const token = await accessToken(context);
      const res = await page.request.fetch(`${api}/pets/7`, {
        method: 'DELETE',
        headers: { authorization: `Bearer ${token}` },
        failOnStatusCode: false,
      });
      expect(res.status()).toBe(200);
    });
  }, 60_000);

  it('serves the key-group behavior only with the signed cookies the function issues', async () => {
    await inContext(browser, 'rehearse-signed-cookies', async (context, page) => {
      expect((await page.goto(`${site}/private/app/index.html`))?.status()).toBe(403);
      await page.goto(`${site}/private/login`);
      await signIn(page, 'bob');
      await page.waitForURL(`${site}/private/app/index.html`);
      const cookies = await context.cookies(`${site}/private/app/`);
      expect(cookies.map((c) => c.name)).toEqual(
        expect.arrayContaining(['CloudFront-Policy', 'CloudFront-Signature', 'CloudFront-Key-Pair-Id']),
      );
      expect((await page.goto(`${site}/private/app/index.html`))?.status()).toBe(200);
      const signature = cookies.find((c) => c.name === 'CloudFront-Signature')!;
      const bytes = Buffer.from(
        signature.value.replace(/-/g, '+').replace(/_/g, '=').replace(/~/g, '/'),
        'base64',
      );
      bytes[0] = bytes[0]! ^ 0x01;
      const flipped = bytes.toString('base64').replace(/\+/g, '-').replace(/=/g, '_').replace(/\//g, '~');
      await context.addCookies([{ ...signature, value: flipped }]);
      expect((await page.goto(`${site}/private/app/index.html`))?.status()).toBe(403);
    });
  }, 60_000);

  it('signs out of the edge session and the identity provider', async () => {
    await inContext(browser, 'rehearse-sign-out', async (context, page) => {
      await signedIn(page, 'bob');
      await page.goto(`${site}/_edgeward/signout`);
      await page.waitForURL((url) => onSite(url) && url.pathname === '/');
      const left = (await context.cookies(site)).filter((c) => c.name.startsWith('edgeward.'));
      expect(left).toEqual([]);
      await page.goto(`${site}/members/index.html`);
      await page.waitForURL(onIdp);
      expect(await page.isVisible('#password')).toBe(true);
    });
  }, 60_000);
});
