/**
 * How `npm test` finds (or installs) the browser: `CHROMIUM_PATH` good and bad, the install paths, the
 * `PATH`, Playwright's cache (pinned revision first) — all on temporary folders with fake executables,
 * through an injected host — and the one-line hint when nothing is found and nothing can be installed.
 * Nothing here downloads or installs: the installers are stubs.
 */
import { spawnSync } from 'node:child_process';
import { chmodSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import {
  type BrowserHost,
  type BrowserInstaller,
  currentHost,
  ensureChromium,
  findChromium,
  installHint,
} from './chromium.js';

const root = mkdtempSync(join(tmpdir(), 'edgeward-chromium-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

let n = 0;
/** A fresh empty folder. */
const folder = (): string => {
  const d = join(root, String(n++));
  mkdirSync(d, { recursive: true });
  return d;
};

/** A fake browser at `path` whose `--version` prints `version` (or fails with exit 1). */
function fakeBrowser(path: string, version: string | undefined): string {
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, version === undefined ? '#!/bin/sh\nexit 1\n' : `#!/bin/sh\necho "${version}"\n`);
  chmodSync(path, 0o755);
  return path;
}

/** A Linux host that sees nothing unless told: no install paths, an empty PATH and home. */
function host(env: Record<string, string> = {}, more: Partial<BrowserHost> = {}): BrowserHost {
  const home = folder();
  return {
    env: { CHROMIUM_SEARCH_PATHS: '', PATH: folder(), PLAYWRIGHT_BROWSERS_PATH: folder(), ...env },
    platform: 'linux',
    home,
    osRelease: '',
    uid: 1000,
    ...more,
  };
}

const PINNED = (
  JSON.parse(
    readFileSync(
      join(dirname(createRequire(import.meta.url).resolve('playwright-core/package.json')), 'browsers.json'),
      'utf8',
    ),
  ) as { browsers: { name: string; revision: string }[] }
).browsers.find((b) => b.name === 'chromium')!.revision;

describe.skipIf(process.platform === 'win32')('findChromium', () => {
  it('uses a working CHROMIUM_PATH', () => {
    const path = fakeBrowser(join(folder(), 'my-chrome'), 'Chromium 131.0.1 fake');
    expect(findChromium(host({ CHROMIUM_PATH: path }))).toEqual({
      path,
      version: 'Chromium 131.0.1 fake',
      source: 'CHROMIUM_PATH',
    });
  });

  it('refuses a CHROMIUM_PATH that is missing or does not run, without falling back to another browser', () => {
    const other = fakeBrowser(join(folder(), 'chromium'), 'Chromium 1 other');
    const broken = fakeBrowser(join(folder(), 'broken'), undefined);
    for (const bad of [join(root, 'nope', 'chrome'), broken]) {
      expect(() => findChromium(host({ CHROMIUM_PATH: bad, CHROMIUM_SEARCH_PATHS: other }))).toThrow(
        `CHROMIUM_PATH=${bad} does not exist or does not run`,
      );
    }
  });

  it('finds nothing on a host without a browser', () => {
    expect(findChromium(host())).toBeUndefined();
  });

  it('tries the install paths in order, skipping one whose --version fails', () => {
    const dir = folder();
    const stub = fakeBrowser(join(dir, 'chromium-browser'), undefined);
    const real = fakeBrowser(join(dir, 'google-chrome'), 'Google Chrome 130');
    const found = findChromium(host({ CHROMIUM_SEARCH_PATHS: [join(dir, 'missing'), stub, real].join(':') }));
    expect(found).toEqual({ path: real, version: 'Google Chrome 130', source: 'install path' });
  });

  it('finds a browser on the PATH by its usual names', () => {
    const dir = folder();
    const path = fakeBrowser(join(dir, 'chromium'), 'Chromium 129');
    expect(findChromium(host({ PATH: `${folder()}:${dir}` }))).toEqual({
      path,
      version: 'Chromium 129',
      source: 'PATH',
    });
  });

  it("finds Playwright's cache through PLAYWRIGHT_BROWSERS_PATH, the pinned revision before newer ones", () => {
    const cache = folder();
    const newer = String(Number(PINNED) + 10);
    fakeBrowser(join(cache, `chromium-${newer}`, 'chrome-linux64', 'chrome'), 'Chrome for Testing newer');
    const pinned = fakeBrowser(
      join(cache, `chromium-${PINNED}`, 'chrome-linux64', 'chrome'),
      'Chrome for Testing pinned',
    );
    mkdirSync(join(cache, 'ffmpeg-1011'));
    expect(findChromium(host({ PLAYWRIGHT_BROWSERS_PATH: cache }))).toEqual({
      path: pinned,
      version: 'Chrome for Testing pinned',
      source: 'Playwright cache',
    });
    rmSync(join(cache, `chromium-${PINNED}`), { recursive: true });
    expect(findChromium(host({ PLAYWRIGHT_BROWSERS_PATH: cache }))?.version).toBe('Chrome for Testing newer');
  });

  it("finds Playwright's default cache under the home folder when PLAYWRIGHT_BROWSERS_PATH is unset", () => {
    const h = host();
    const { PLAYWRIGHT_BROWSERS_PATH: _unset, ...env } = h.env;
    const path = fakeBrowser(
      join(h.home, '.cache', 'ms-playwright', 'chromium-1000', 'chrome-linux', 'chrome'),
      'C 1',
    );
    expect(findChromium({ ...h, env })).toEqual({ path, version: 'C 1', source: 'Playwright cache' });
  });
});

describe.skipIf(process.platform === 'win32')('ensureChromium', () => {
  const DEBIAN = 'PRETTY_NAME="Debian GNU/Linux 12 (bookworm)"\nID=debian\n';

  it('returns a found browser without installing', () => {
    const path = fakeBrowser(join(folder(), 'chrome'), 'Chromium 2');
    const calls: string[] = [];
    const installer: BrowserInstaller = () => {
      calls.push('install');
      return true;
    };
    expect(ensureChromium(() => {}, host({ CHROMIUM_PATH: path }), [installer]).path).toBe(path);
    expect(calls).toEqual([]);
  });

  it('tries each installer in order and returns what the first successful one installed', () => {
    const dir = folder();
    const h = host({ CHROMIUM_SEARCH_PATHS: join(dir, 'chromium') });
    const calls: string[] = [];
    const failing: BrowserInstaller = () => {
      calls.push('apt');
      return false;
    };
    const working: BrowserInstaller = () => {
      calls.push('playwright');
      fakeBrowser(join(dir, 'chromium'), 'Chromium 3 installed');
      return true;
    };
    expect(ensureChromium(() => {}, h, [failing, working]).version).toBe('Chromium 3 installed');
    expect(calls).toEqual(['apt', 'playwright']);
  });

  it('fails with the one-line hint when nothing is found and every installer fails', () => {
    const lines: string[] = [];
    const never: BrowserInstaller = () => false;
    expect(() => ensureChromium((l) => lines.push(l), host(), [never, never])).toThrow(installHint(host()));
    expect(lines).toHaveLength(1);
  });

  it('does not install at all with CHROMIUM_INSTALL=never', () => {
    const calls: string[] = [];
    const installer: BrowserInstaller = () => {
      calls.push('install');
      return true;
    };
    const lines: string[] = [];
    expect(() =>
      ensureChromium((l) => lines.push(l), host({ CHROMIUM_INSTALL: 'never' }), [installer]),
    ).toThrow(/^The browser tests need Chromium and none was found or could be installed: run `/);
    expect(calls).toEqual([]);
    expect(lines).toEqual([]);
  });

  it('says exactly what to run, for the host', () => {
    const tail = 'or set CHROMIUM_PATH to a Chromium or Google Chrome executable.';
    const hint = (more: Partial<BrowserHost>) => installHint(host({}, more));
    expect(hint({ osRelease: DEBIAN, uid: 0 })).toBe(
      `The browser tests need Chromium and none was found or could be installed: run \`apt-get install -y chromium\`, ${tail}`,
    );
    expect(hint({ osRelease: 'ID=ubuntu\nID_LIKE=debian\n', uid: 1000 })).toContain(
      'run `sudo apt-get install -y chromium`',
    );
    expect(hint({ osRelease: 'ID=fedora\n' })).toContain('run `npx playwright-core install chromium`');
    expect(hint({ platform: 'darwin', osRelease: DEBIAN })).toContain(
      'run `npx playwright-core install chromium`',
    );
    for (const h of [hint({}), hint({ osRelease: DEBIAN })]) expect(h.split('\n')).toHaveLength(1);
  });
});

describe.skipIf(process.platform === 'win32')(
  'npm test on a machine where no browser can be found or installed',
  () => {
    it('the pretest step exits 1 at once with the one line', () => {
      const h = host({ CHROMIUM_INSTALL: 'never' });
      const r = spawnSync(process.execPath, ['--import', 'tsx', 'test/e2e/ensure-chromium.ts'], {
        encoding: 'utf8',
        env: { ...h.env, HOME: h.home },
        timeout: 60_000,
      });
      expect(r.status).toBe(1);
      expect(r.stdout).toBe('');
      expect(r.stderr.trim().split('\n')).toEqual([installHint(currentHost())]);
    });
  },
);
