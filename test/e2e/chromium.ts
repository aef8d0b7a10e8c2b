/**
 * Finding — and, on a fresh machine, installing — the Chromium-family browser the browser tests drive
 * through playwright-core (which ships no browser of its own).
 *
 * Search order: `CHROMIUM_PATH`; the usual install paths of Chromium and Google Chrome (Linux, macOS,
 * Windows); the `PATH`; Playwright's browser cache (`PLAYWRIGHT_BROWSERS_PATH`, else
 * `~/.cache/ms-playwright`, `~/Library/Caches/ms-playwright`, `%LOCALAPPDATA%\ms-playwright`). A candidate
 * counts only when `<browser> --version` succeeds (Ubuntu's `chromium-browser` is a snap stub that fails).
 *
 * Installing: Debian and Ubuntu as root, `apt-get install chromium`; otherwise (and when apt has no such
 * package) playwright-core's own installer, `npx playwright-core install chromium`, which downloads Chrome
 * for Testing into Playwright's cache when it can reach its download host. When neither works,
 * {@link installHint} is the one line that says what to run.
 *
 * @module
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { homedir } from 'node:os';
import { delimiter, dirname, join } from 'node:path';

/** Where a usable browser was found. */
export interface FoundBrowser {
  readonly path: string;
  /** What `--version` printed, e.g. `Chromium 131.0.6778.139 built on Debian 12.8`. */
  readonly version: string;
  /** How it was found: `CHROMIUM_PATH`, `install path`, `PATH` or `Playwright cache`. */
  readonly source: string;
}

const INSTALL_PATHS: Readonly<Record<string, readonly string[]>> = {
  linux: [
    '/usr/bin/chromium',
    '/usr/bin/chromium-browser',
    '/usr/bin/google-chrome',
    '/usr/bin/google-chrome-stable',
    '/snap/bin/chromium',
    '/opt/google/chrome/chrome',
  ],
  darwin: [
    '/Applications/Chromium.app/Contents/MacOS/Chromium',
    '/Applications/Google Chrome.app/Contents/MacOS/Google Chrome',
    join(homedir(), 'Applications/Chromium.app/Contents/MacOS/Chromium'),
    join(homedir(), 'Applications/Google Chrome.app/Contents/MacOS/Google Chrome'),
  ],
  win32: [
    join(process.env['PROGRAMFILES'] ?? 'C:\\Program Files', 'Google\\Chrome\\Application\\chrome.exe'),
    join(
      process.env['PROGRAMFILES(X86)'] ?? 'C:\\Program Files (x86)',
      'Google\\Chrome\\Application\\chrome.exe',
    ),
    join(process.env['LOCALAPPDATA'] ?? '', 'Chromium\\Application\\chrome.exe'),
  ],
};

const PATH_NAMES = ['chromium', 'chromium-browser', 'google-chrome', 'google-chrome-stable'];

/** Executables inside one Playwright cache entry (`chromium-1234/…`), per platform. */
const CACHE_EXECUTABLES = [
  'chrome-linux64/chrome',
  'chrome-linux/chrome',
  'chrome-mac-arm64/Google Chrome for Testing.app/Contents/MacOS/Google Chrome for Testing',
  'chrome-mac-x64/Google Chrome for Testing.app/Contents/MacOS/Google Chrome for Testing',
  'chrome-mac/Chromium.app/Contents/MacOS/Chromium',
  'chrome-win64/chrome.exe',
  'chrome-win/chrome.exe',
];

/** Playwright's browser cache folders that exist on this machine. */
function playwrightCaches(): string[] {
  const env = process.env['PLAYWRIGHT_BROWSERS_PATH'];
  const dirs =
    env !== undefined && env !== '' && env !== '0'
      ? [env]
      : [
          join(homedir(), '.cache', 'ms-playwright'),
          join(homedir(), 'Library', 'Caches', 'ms-playwright'),
          join(process.env['LOCALAPPDATA'] ?? homedir(), 'ms-playwright'),
        ];
  return dirs.filter((d) => existsSync(d));
}

/** The browser playwright-core itself would launch (its pinned revision), then any other cached revision. */
function playwrightCandidates(): string[] {
  const out: string[] = [];
  try {
    const require = createRequire(import.meta.url);
    const { chromium } = require('playwright-core') as { chromium: { executablePath(): string } };
    out.push(chromium.executablePath());
  } catch {
    // playwright-core knows no browser for this platform: scan the cache below.
  }
  for (const cache of playwrightCaches()) {
    const revisions = readdirSync(cache)
      .filter((d) => /^chromium-\d+$/.test(d))
      .sort((a, b) => Number(b.split('-')[1]) - Number(a.split('-')[1]));
    for (const revision of revisions) out.push(...CACHE_EXECUTABLES.map((e) => join(cache, revision, e)));
  }
  return out;
}

function onPath(): string[] {
  const dirs = (process.env['PATH'] ?? '').split(delimiter).filter(Boolean);
  return dirs.flatMap((d) => PATH_NAMES.map((n) => join(d, n)));
}

/** `--version` of a candidate, or `undefined` when it is missing or does not run. */
function versionOf(path: string): string | undefined {
  if (!existsSync(path)) return undefined;
  const r = spawnSync(path, ['--version'], { encoding: 'utf8', timeout: 20_000 });
  const text = `${r.stdout ?? ''}`.trim();
  return r.status === 0 && text !== '' ? text.split('\n')[0]! : undefined;
}

/**
 * The first usable Chromium-family browser.
 *
 * @throws Error when `CHROMIUM_PATH` is set (non-empty) but does not run: a wrong explicit choice is not
 *   silently replaced by another browser
 */
export function findChromium(): FoundBrowser | undefined {
  const explicit = process.env['CHROMIUM_PATH'];
  if (explicit !== undefined && explicit !== '') {
    const version = versionOf(explicit);
    if (version === undefined) throw new Error(`CHROMIUM_PATH=${explicit} does not exist or does not run`);
    return { path: explicit, version, source: 'CHROMIUM_PATH' };
  }
  const groups: [string, string[]][] = [
    ['install path', [...(INSTALL_PATHS[process.platform] ?? [])]],
    ['PATH', onPath()],
    ['Playwright cache', playwrightCandidates()],
  ];
  const seen = new Set<string>();
  for (const [source, paths] of groups) {
    for (const path of paths) {
      if (seen.has(path)) continue;
      seen.add(path);
      const version = versionOf(path);
      if (version !== undefined) return { path, version, source };
    }
  }
  return undefined;
}

/** `ID` and `ID_LIKE` of `/etc/os-release` (e.g. `debian`, `ubuntu debian`). */
function linuxFamily(): string {
  try {
    const text = readFileSync('/etc/os-release', 'utf8');
    const field = (name: string) => new RegExp(`^${name}="?([^"\\n]*)"?$`, 'm').exec(text)?.[1] ?? '';
    return `${field('ID')} ${field('ID_LIKE')}`;
  } catch {
    return '';
  }
}

const isDebianFamily = (): boolean =>
  process.platform === 'linux' && /\b(debian|ubuntu)\b/.test(linuxFamily());
const isRoot = (): boolean => typeof process.getuid === 'function' && process.getuid() === 0;

/** The one line that says what to run when no browser is found and none could be installed. */
export function installHint(): string {
  const cmd = isDebianFamily()
    ? `${isRoot() ? '' : 'sudo '}apt-get install -y chromium`
    : 'npx playwright-core install chromium';
  return (
    `The browser tests need Chromium and none was found or could be installed: run \`${cmd}\`, ` +
    'or set CHROMIUM_PATH to a Chromium or Google Chrome executable.'
  );
}

function run(command: string, args: readonly string[], log: (line: string) => void): boolean {
  log(`$ ${command} ${args.join(' ')}`);
  const r = spawnSync(command, args, {
    stdio: ['ignore', 'inherit', 'inherit'],
    timeout: 15 * 60_000,
    env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' },
  });
  return r.status === 0;
}

/** Debian/Ubuntu as root: `apt-get update && apt-get install -y chromium` (waits for another apt). */
function installWithApt(log: (line: string) => void): boolean {
  if (!isDebianFamily() || !isRoot() || !existsSync('/usr/bin/apt-get')) return false;
  const lock = ['-o', 'DPkg::Lock::Timeout=600'];
  return (
    run('apt-get', [...lock, '-qq', 'update'], log) &&
    run('apt-get', [...lock, '-qq', '-y', '--no-install-recommends', 'install', 'chromium'], log)
  );
}

/** playwright-core's installer: Chrome for Testing into Playwright's cache (needs its download host). */
function installWithPlaywright(log: (line: string) => void): boolean {
  const require = createRequire(import.meta.url);
  const cli = join(dirname(require.resolve('playwright-core/package.json')), 'cli.js');
  return run(process.execPath, [cli, 'install', '--no-shell', 'chromium'], log);
}

/**
 * Finds a browser, installing one when none is found (apt as root on Debian/Ubuntu, else Playwright's
 * download).
 *
 * @param log - progress lines (the commands run)
 * @throws Error with {@link installHint} as its message when no browser can be found or installed
 */
export function ensureChromium(log: (line: string) => void): FoundBrowser {
  const found = findChromium();
  if (found !== undefined) return found;
  log('No Chromium-family browser found for the browser tests; installing one (once per machine).');
  for (const install of [installWithApt, installWithPlaywright]) {
    if (!install(log)) continue;
    const installed = findChromium();
    if (installed !== undefined) return installed;
  }
  throw new Error(installHint());
}
