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
 * Environment: `CHROMIUM_PATH` (use this browser, nothing else); `CHROMIUM_SEARCH_PATHS` (a `PATH`-style
 * list that replaces the usual install paths; empty: search none of them); `PLAYWRIGHT_BROWSERS_PATH`
 * (Playwright's cache); `CHROMIUM_INSTALL=never` (find only: never install, print the hint instead).
 * Everything the search reads comes from a {@link BrowserHost}, so tests run it on temporary folders.
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

/** What the search reads from the machine (all of it injectable, for tests). */
export interface BrowserHost {
  readonly env: Readonly<Record<string, string | undefined>>;
  readonly platform: NodeJS.Platform;
  readonly home: string;
  /** The text of `/etc/os-release` (empty when there is none). */
  readonly osRelease: string;
  /** The user id (undefined where there is none, e.g. Windows). */
  readonly uid: number | undefined;
}

/** This machine. */
export function currentHost(): BrowserHost {
  let osRelease = '';
  try {
    osRelease = readFileSync('/etc/os-release', 'utf8');
  } catch {
    // not Linux, or no os-release: not a Debian-family machine
  }
  return {
    env: process.env,
    platform: process.platform,
    home: homedir(),
    osRelease,
    uid: typeof process.getuid === 'function' ? process.getuid() : undefined,
  };
}

/** The usual install paths of Chromium and Google Chrome on the host's platform. */
function installPaths(host: BrowserHost): string[] {
  const { env, home } = host;
  const listed = env['CHROMIUM_SEARCH_PATHS'];
  if (listed !== undefined) return listed.split(delimiter).filter(Boolean);
  switch (host.platform) {
    case 'linux':
      return [
        '/usr/bin/chromium',
        '/usr/bin/chromium-browser',
        '/usr/bin/google-chrome',
        '/usr/bin/google-chrome-stable',
        '/snap/bin/chromium',
        '/opt/google/chrome/chrome',
      ];
    case 'darwin':
      return [
        '/Applications/Chromium.app/Contents/MacOS/Chromium',
        '/Applications/Google Chrome.app/Contents/MacOS/Google Chrome',
        join(home, 'Applications/Chromium.app/Contents/MacOS/Chromium'),
        join(home, 'Applications/Google Chrome.app/Contents/MacOS/Google Chrome'),
      ];
    case 'win32':
      return [
        join(env['PROGRAMFILES'] ?? 'C:\\Program Files', 'Google\\Chrome\\Application\\chrome.exe'),
        join(
          env['PROGRAMFILES(X86)'] ?? 'C:\\Program Files (x86)',
          'Google\\Chrome\\Application\\chrome.exe',
        ),
        join(env['LOCALAPPDATA'] ?? '', 'Chromium\\Application\\chrome.exe'),
      ];
    default:
      return [];
  }
}

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

/** Playwright's browser cache folders that exist on the host. */
function playwrightCaches(host: BrowserHost): string[] {
  const { env, home } = host;
  const set = env['PLAYWRIGHT_BROWSERS_PATH'];
  const dirs =
    set !== undefined && set !== '' && set !== '0'
      ? [set]
      : [
          join(home, '.cache', 'ms-playwright'),
          join(home, 'Library', 'Caches', 'ms-playwright'),
          join(env['LOCALAPPDATA'] ?? home, 'ms-playwright'),
        ];
  return dirs.filter((d) => existsSync(d));
}

/** The Chromium revision playwright-core is pinned to (its `browsers.json`), if it can be read. */
function pinnedRevision(): string | undefined {
  try {
    const require = createRequire(import.meta.url);
    const file = join(dirname(require.resolve('playwright-core/package.json')), 'browsers.json');
    const { browsers } = JSON.parse(readFileSync(file, 'utf8')) as {
      browsers: { name: string; revision: string }[];
    };
    return browsers.find((b) => b.name === 'chromium')?.revision;
  } catch {
    return undefined;
  }
}

/** Cached browsers: playwright-core's pinned revision first, then the other revisions, newest first. */
function playwrightCandidates(host: BrowserHost): string[] {
  const pinned = pinnedRevision();
  const rank = (dir: string) =>
    dir === `chromium-${pinned}` ? Number.POSITIVE_INFINITY : Number(dir.split('-')[1]);
  return playwrightCaches(host).flatMap((cache) =>
    readdirSync(cache)
      .filter((d) => /^chromium-\d+$/.test(d))
      .sort((a, b) => rank(b) - rank(a))
      .flatMap((revision) => CACHE_EXECUTABLES.map((e) => join(cache, revision, e))),
  );
}

function onPath(host: BrowserHost): string[] {
  const dirs = (host.env['PATH'] ?? '').split(delimiter).filter(Boolean);
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
export function findChromium(host: BrowserHost = currentHost()): FoundBrowser | undefined {
  const explicit = host.env['CHROMIUM_PATH'];
  if (explicit !== undefined && explicit !== '') {
    const version = versionOf(explicit);
    if (version === undefined) throw new Error(`CHROMIUM_PATH=${explicit} does not exist or does not run`);
    return { path: explicit, version, source: 'CHROMIUM_PATH' };
  }
  const groups: [string, string[]][] = [
    ['install path', installPaths(host)],
    ['PATH', onPath(host)],
    ['Playwright cache', playwrightCandidates(host)],
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
function linuxFamily(host: BrowserHost): string {
  const field = (name: string) => new RegExp(`^${name}="?([^"\\n]*)"?$`, 'm').exec(host.osRelease)?.[1] ?? '';
  return `${field('ID')} ${field('ID_LIKE')}`;
}

const isDebianFamily = (host: BrowserHost): boolean =>
  host.platform === 'linux' && /\b(debian|ubuntu)\b/.test(linuxFamily(host));
const isRoot = (host: BrowserHost): boolean => host.uid === 0;

/** The one line that says what to run when no browser is found and none could be installed. */
export function installHint(host: BrowserHost = currentHost()): string {
  const cmd = isDebianFamily(host)
    ? `${isRoot(host) ? '' : 'sudo '}apt-get install -y chromium`
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
function installWithApt(log: (line: string) => void, host: BrowserHost): boolean {
  if (!isDebianFamily(host) || !isRoot(host) || !existsSync('/usr/bin/apt-get')) return false;
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

/** One way to install a browser; true when it ran successfully. */
export type BrowserInstaller = (log: (line: string) => void, host: BrowserHost) => boolean;

/** apt as root on Debian/Ubuntu, then Playwright's download. */
export const INSTALLERS: readonly BrowserInstaller[] = [installWithApt, installWithPlaywright];

/**
 * Finds a browser, installing one when none is found (apt as root on Debian/Ubuntu, else Playwright's
 * download) unless `CHROMIUM_INSTALL=never`.
 *
 * @param log - progress lines (the commands run)
 * @param host - the machine to search (default: this one)
 * @param installers - the ways to install, tried in order (default: {@link INSTALLERS})
 * @throws Error with {@link installHint} as its message when no browser can be found or installed
 */
export function ensureChromium(
  log: (line: string) => void,
  host: BrowserHost = currentHost(),
  installers: readonly BrowserInstaller[] = INSTALLERS,
): FoundBrowser {
  const found = findChromium(host);
  if (found !== undefined) return found;
  if (host.env['CHROMIUM_INSTALL'] !== 'never') {
    log('No Chromium-family browser found for the browser tests; installing one (once per machine).');
    for (const install of installers) {
      if (!install(log, host)) continue;
      const installed = findChromium(host);
      if (installed !== undefined) return installed;
    }
  }
  throw new Error(installHint(host));
}
