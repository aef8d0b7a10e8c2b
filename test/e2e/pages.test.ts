/**
 * The edge pages in headless Chromium, light and dark: each page is served with its real headers (so the
 * browser enforces its Content-Security-Policy), screenshotted to `test-results/pages/<page>-<scheme>.png`,
 * and checked: the style applied under the CSP (no violation), the card centred and inside the viewport
 * on a phone and a desktop, the dark palette under `prefers-color-scheme: dark`, no horizontal scrolling.
 */
import { mkdir } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import type { CloudFrontResultResponse } from 'aws-lambda';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  failurePage,
  idpErrorPage,
  redirectLoopPage,
} from '../../packages/edgeward/src/cloudfront/page-text.js';
import { htmlPage } from '../../packages/edgeward/src/cloudfront/pages.js';
import {
  SIGN_OUT_CONFIRMATION,
  signOutConfirmationPage,
} from '../../packages/edgeward/src/cloudfront/signout.js';
import { launchBrowser } from './browser.js';

const REQUEST_ID = 'Zq0mD3bQ8pS1n_7xYwH2kLr5tVu9cE4fGjA6iBoN0sM-XyT1_wQeRg==';
const SIGN_OUT_PATH = '/_edgeward/signout';
const signedIn = { username: 'bob', signOutPath: SIGN_OUT_PATH };
const base = { requestId: REQUEST_ID };

/** One page of each kind the function answers. */
const PAGES: Readonly<Record<string, CloudFrontResultResponse>> = {
  'not-available': htmlPage(403, failurePage('rule_denied', base)),
  'group-missing': htmlPage(
    403,
    failurePage('group_missing', { ...base, signedIn, missing: 'the group "admins"' }),
  ),
  'login-timed-out': htmlPage(400, failurePage('state_expired', { ...base, retryPath: '/members/' })),
  'login-interrupted': htmlPage(400, failurePage('pkce_missing', base)),
  'login-failed': htmlPage(401, failurePage('token_nonce_invalid', base)),
  'idp-declined': htmlPage(401, idpErrorPage(true, { ...base, retryPath: '/members/' })),
  'redirect-loop': htmlPage(401, redirectLoopPage('refresh_failed', '/_edgeward/signout', base)),
  'bad-address': htmlPage(400, failurePage('path_invalid', base)),
  'idp-down': htmlPage(502, failurePage('jwks_unavailable', { ...base, retryPath: '/members/' })),
  'internal-error': htmlPage(502, failurePage('internal_error', base)),
  'sign-out-confirmation': signOutConfirmationPage(200, SIGN_OUT_PATH, REQUEST_ID),
};

/** What the test server received outside the pages (the confirmation page's form post). */
const received: string[] = [];

let server: Server;
let origin: string;
let browser: Browser;

beforeAll(async () => {
  server = createServer((req, res) => {
    const page = PAGES[(req.url ?? '/').slice(1)];
    if (page === undefined) {
      received.push(`${req.method} ${req.url}`);
      res.writeHead(req.url === SIGN_OUT_PATH ? 200 : 404, { 'content-type': 'text/plain' }).end('test');
      return;
    }
    for (const [name, values] of Object.entries(page.headers ?? {})) {
      res.setHeader(
        name,
        values.map((h) => h.value),
      );
    }
    res.writeHead(Number(page.status)).end(page.body);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  browser = await launchBrowser();
}, 60_000);

afterAll(async () => {
  await browser?.close();
  await new Promise((resolve) => server?.close(resolve));
});

const VIEWPORTS = { phone: { width: 390, height: 740 }, desktop: { width: 1200, height: 800 } } as const;

describe('edge pages in Chromium', () => {
  for (const name of Object.keys(PAGES)) {
    for (const scheme of ['light', 'dark'] as const) {
      it(`${name} (${scheme})`, async () => {
        const context = await browser.newContext({ colorScheme: scheme, viewport: VIEWPORTS.desktop });
        const page = await context.newPage();
        const violations: string[] = [];
        page.on('console', (m) => {
          if (/Content Security Policy|Refused to/i.test(m.text())) violations.push(m.text());
        });
        try {
          const res = await page.goto(`${origin}/${name}`);
          expect(res?.status()).toBe(Number(PAGES[name]!.status));
          const dir = join('test-results', 'pages');
          await mkdir(dir, { recursive: true });
          await page.screenshot({ path: join(dir, `${name}-${scheme}.png`) });
          expect(violations).toEqual([]);
          const look = await page.evaluate(() => {
            const main = document.querySelector('main')!;
            const style = getComputedStyle(main);
            const box = main.getBoundingClientRect();
            return {
              background: getComputedStyle(document.body).backgroundColor,
              radius: style.borderTopLeftRadius,
              left: box.left,
              right: window.innerWidth - box.right,
              top: box.top,
              bottom: window.innerHeight - box.bottom,
              overflow: document.documentElement.scrollWidth > window.innerWidth,
            };
          });
          // The inline style applied (allowed by its hash): rounded card, the scheme's page background.
          expect(look.radius).toBe('12px');
          expect(look.background).toBe(scheme === 'dark' ? 'rgb(17, 20, 26)' : 'rgb(247, 248, 251)');
          // Centred horizontally and vertically.
          expect(Math.abs(look.left - look.right)).toBeLessThanOrEqual(1);
          expect(Math.abs(look.top - look.bottom)).toBeLessThanOrEqual(1);
          expect(look.overflow).toBe(false);
          // On a phone, the card fits the width without scrolling sideways.
          await page.setViewportSize(VIEWPORTS.phone);
          await page.screenshot({ path: join(dir, `${name}-${scheme}-phone.png`), fullPage: true });
          expect(await page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth)).toBe(
            true,
          );
        } finally {
          await context.close();
        }
      });
    }
  }
});

describe('the sign-out confirmation page in Chromium', () => {
  it('is not framed, and its button POSTs to the sign-out path under the page CSP', async () => {
    const context = await browser.newContext();
    const page = await context.newPage();
    try {
      const res = await page.goto(`${origin}/sign-out-confirmation`);
      expect(res?.headers()['x-frame-options']).toBe('DENY');
      expect(await page.textContent('h1')).toBe(SIGN_OUT_CONFIRMATION.title);
      expect(await page.textContent('a')).toBe(SIGN_OUT_CONFIRMATION.cancel);
      received.length = 0;
      await Promise.all([
        page.waitForURL(`${origin}${SIGN_OUT_PATH}`),
        page.click(`button:has-text("${SIGN_OUT_CONFIRMATION.button}")`),
      ]);
      // (Chromium may also ask for /favicon.ico.)
      expect(received.filter((r) => r.endsWith(` ${SIGN_OUT_PATH}`))).toEqual([`POST ${SIGN_OUT_PATH}`]);
    } finally {
      await context.close();
    }
  });
});
