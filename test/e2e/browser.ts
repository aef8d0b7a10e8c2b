/**
 * Browser harness for the end-to-end tests: one headless Debian Chromium per test file (playwright-core),
 * an isolated context per scenario, and a screenshot of every open page when a scenario fails
 * (`test-results/e2e/<scenario>-<n>.png`).
 */
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { type Browser, type BrowserContext, chromium, type Page } from 'playwright-core';

/** Debian's chromium (`apt-get install -y chromium`); override with `CHROMIUM_PATH`. */
export const CHROMIUM_PATH = process.env['CHROMIUM_PATH'] ?? '/usr/bin/chromium';

const ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
];

/** Launches headless Chromium with a fresh profile (playwright creates a new user-data-dir per launch). */
export function launchBrowser(): Promise<Browser> {
  return chromium.launch({ executablePath: CHROMIUM_PATH, headless: true, args: ARGS });
}

/**
 * Runs `scenario` in a new isolated browser context (its own cookie jar); on failure, screenshots every
 * page of the context before rethrowing. The context is always closed.
 */
export async function inContext(
  browser: Browser,
  name: string,
  scenario: (context: BrowserContext, page: Page) => Promise<void>,
): Promise<void> {
  const context = await browser.newContext();
  context.setDefaultTimeout(10_000);
  const page = await context.newPage();
  try {
    await scenario(context, page);
  } catch (error) {
    const dir = join('test-results', 'e2e');
    await mkdir(dir, { recursive: true });
    const safe = name.replace(/[^A-Za-z0-9_-]+/g, '-');
    let n = 0;
    for (const open of context.pages()) {
      await open.screenshot({ path: join(dir, `${safe}-${n++}.png`), fullPage: true }).catch(() => {});
    }
    throw error;
  } finally {
    await context.close();
  }
}

/** The passwords of the demo users (`examples/users.json`, local use only). */
export const DEMO_PASSWORDS: Readonly<Record<string, string>> = {
  alice: 'alice-demo-password',
  bob: 'bob-demo-password',
  carol: 'carol-demo-password',
};

/**
 * Fills the local identity provider's login form as `username` (a demo user) once the page is on the
 * identity provider, and waits until the browser is back on the site.
 */
export async function signInAtIdp(
  page: Page,
  onIdp: (url: URL) => boolean,
  onSite: (url: URL) => boolean,
  username: string,
): Promise<void> {
  await page.waitForURL(onIdp);
  await page.fill('#username', username);
  await page.fill('#password', DEMO_PASSWORDS[username]!);
  await Promise.all([page.waitForURL(onSite), page.click('button[type=submit]')]);
}
