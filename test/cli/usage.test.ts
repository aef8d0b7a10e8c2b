/**
 * The command line's contract with its user: every usage error of every command exits 2 with one clear
 * line on stderr and nothing on stdout (one table; commands added later are picked up from the program);
 * every command has a one-line summary and a description; `--help`, the README and docs/cli.md list the
 * same commands.
 */

import { readFileSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createProgram } from '../../packages/cli/src/main.js';
import { runCli } from './helpers.js';

const CONFIG = resolve('examples/rest-authorizer/edgeward.config.json');
const SITE_CONFIG = resolve('examples/site-cookie/edgeward.config.json');
let dir: string;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'edgeward-usage-'));
  await writeFile(join(dir, 'unreadable.json'), '{}', { mode: 0o000 });
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

/** The top-level commands of the program (as `--help` lists them), without commander's `help`. */
function commandNames(): string[] {
  const program = createProgram(
    {
      stdout: () => {},
      stderr: () => {},
      readStdin: async () => '',
      env: {},
      clock: Date.now,
      fetch,
      cwd: process.cwd(),
    },
    () => {},
  );
  return program.commands.map((c) => c.name()).filter((n) => n !== 'help');
}

/** Root runs as a privileged user: file modes do not stop it from reading. */
const canBeUnreadable = typeof process.getuid !== 'function' || process.getuid() !== 0;

/** Every usage error: argv → what stderr must say. */
const USAGE_ERRORS: readonly (readonly [string, readonly string[], RegExp])[] = [
  ['no command: help on stderr', [], /^Usage: edgeward \[options\] \[command\]/],
  ['unknown command', ['frobnicate'], /unknown command 'frobnicate'/],
  [
    'build: missing -c file',
    ['build', '-c', 'missing.json'],
    /-c missing\.json: the configuration file does not exist/,
  ],
  ['build: -c is a folder', ['build', '-c', '.'], /-c \.: the configuration file is not a file/],
  ...(canBeUnreadable
    ? ([
        [
          'build: unreadable -c file',
          ['build', '-c', 'unreadable.json'],
          /-c unreadable\.json: the configuration file cannot be read/,
        ],
      ] as const)
    : []),
  [
    'build: unknown function in --only',
    ['build', '-c', CONFIG, '--only', 'nope'],
    /--only: no function named "nope"/,
  ],
  ['build: option without its value', ['build', '--jwks'], /option '--jwks <file>' argument missing/],
  [
    'build: no configuration here',
    ['build'],
    /no edgeward\.config\.json .* \(pass --config FILE, or run `edgeward init`\)/,
  ],
  ['token: bad --token-use', ['token', '--token-use', 'refresh'], /argument 'refresh' is invalid/],
  ['token: no signing key', ['token', '--sub', 'x'], /choose a signing key: --key FILE/],
  [
    'token: bad --ttl',
    ['token', '--secret-env', 'S', '--ttl', 'soon'],
    /--ttl: expected a positive duration/,
  ],
  [
    'token: bad --claim',
    ['token', '--secret-env', 'S', '--claim', 'novalue'],
    /--claim: expected name=value/,
  ],
  ['token: bad --now', ['token', '--secret-env', 'S', '--now', 'yesterday'], /--now: expected an ISO 8601/],
  [
    'token: missing --config file',
    ['token', '--config', 'missing.json'],
    /--config missing\.json: the configuration file does not exist/,
  ],
  [
    'token: unknown --issuer',
    ['token', '--config', CONFIG, '--issuer', 'nope'],
    /--issuer: expected one of "pool"/,
  ],
  [
    'login: no username',
    ['login', '--region', 'eu-west-1', '--client-id', 'c'],
    /-u, --username is required/,
  ],
  [
    'login: no client id',
    ['login', '-u', 'alice', '--region', 'eu-west-1'],
    /--client-id is required \(or --local/,
  ],
  [
    'login: no region nor endpoint',
    ['login', '-u', 'alice', '--client-id', 'c'],
    /--region is required \(or --endpoint, or --local/,
  ],
  ['login: bad --print', ['login', '-u', 'a', '--print', 'refresh'], /argument 'refresh' is invalid/],
  [
    'login: no terminal for the password',
    ['login', '-u', 'a', '--client-id', 'c', '--region', 'eu-west-1'],
    /no terminal to prompt for the password: pipe it with --password-stdin/,
  ],
  ['decode: no token', ['decode'], /no token given/],
  ['decode: two tokens', ['decode', 'a', 'b'], /too many arguments for 'decode'/],
  ['explain: neither code nor --path', ['explain'], /pass a reason code .* or --path with a token/],
  ['explain: unknown reason code', ['explain', 'group_mising'], /unknown reason code "group_mising"/],
  [
    'explain: relative --path',
    ['explain', '-c', SITE_CONFIG, '-p', 'admin'],
    /--path: expected a path starting with "\/"/,
  ],
  [
    'explain: missing -c file',
    ['explain', '-c', 'missing.json', '-p', '/'],
    /-c missing\.json: the configuration file does not exist/,
  ],
  [
    'explain: unknown --function',
    ['explain', '-c', SITE_CONFIG, '-p', '/', '-f', 'nope'],
    /--function: expected one of "site"/,
  ],
  ['init: unknown scenario', ['init', 'nope'], /unknown scenario "nope"; expected one of site-cookie/],
  ['init: two scenarios', ['init', 'site-cookie', 'site-bearer'], /too many arguments for 'init'/],
  ['schema: an argument', ['schema', 'extra'], /too many arguments for 'schema'/],
  [
    'dev: missing -c file',
    ['dev', '-c', 'missing.json'],
    /-c missing\.json: the configuration file does not exist/,
  ],
  ['dev: bad --port', ['dev', '--port', 'abc'], /--port: expected a port number/],
  [
    'dev: bad --access-token-ttl',
    ['dev', '--access-token-ttl', '0'],
    /--access-token-ttl: expected a positive whole number/,
  ],
  [
    'demo: missing -c file',
    ['demo', '-c', 'missing.json'],
    /-c missing\.json: the configuration file does not exist/,
  ],
  ['demo: bad --port', ['demo', '--port', '43x'], /--port: expected a port number/],
  ['keys: bad --type', ['keys', 'create', '--type', 'dsa'], /argument 'dsa' is invalid/],
  ['keys: unknown subcommand', ['keys', 'rotate'], /unknown command 'rotate'|too many arguments/],
  ['rehearse: bad --port', ['rehearse', '--port', 'x'], /--port: expected a whole number/],
  [
    'rehearse: --bucket without a folder',
    ['rehearse', '--bucket', 'novalue'],
    /--bucket: expected NAME=VALUE/,
  ],
];

describe('usage errors exit 2', () => {
  const rows = [
    ...USAGE_ERRORS,
    // Every command, including those added later, refuses an unknown option the same way.
    ...commandNames().map(
      (name) =>
        [`${name}: unknown option`, [name, '--no-such-option'], /unknown option '--no-such-option'/] as const,
    ),
  ];

  it.each(rows)('%s', async (_name, argv, stderr) => {
    const r = await runCli([...argv], {
      cwd: dir,
      env: { S: 'c2VjcmV0LXNlY3JldC1zZWNyZXQtc2VjcmV0LXNlY3JldA' },
    });
    expect(r.code, r.stderr).toBe(2);
    expect(r.stderr).toMatch(stderr);
    expect(r.stdout).toBe('');
  });

  it('the table covers every command', () => {
    const covered = new Set(USAGE_ERRORS.map(([, argv]) => argv[0]));
    for (const name of commandNames()) expect(covered, `no usage error row for "${name}"`).toContain(name);
  });
});

describe('the command list', () => {
  it('every command has a one-line summary and a description', async () => {
    const help = await runCli(['--help']);
    for (const name of commandNames()) {
      const line = help.stdout.split('\n').find((l) => l.startsWith(`  ${name} `));
      expect(line, `${name} in --help`).toMatch(new RegExp(`^  ${name}\\b.*?\\s{2,}\\S`));
      const sub = await runCli([name, '--help']);
      expect(sub.code, name).toBe(0);
      // commander prints the description (or the summary when there is none) under the usage line.
      const [usage, blank, description] = sub.stdout.split('\n');
      expect(usage).toMatch(new RegExp(`^Usage: edgeward ${name}`));
      expect(blank).toBe('');
      expect(description, `${name} description`).toMatch(/^\S/);
    }
  });

  it('--help, the README and docs/cli.md name the same commands', () => {
    const names = commandNames().sort();
    const readme = readFileSync('README.md', 'utf8');
    const listed = /`edgeward ((?:[a-z-]+ \| )+[a-z-]+)`/.exec(readme)?.[1]?.split(' | ');
    expect(listed?.sort(), 'README: `edgeward a | b | …`').toEqual(names);
    const docs = readFileSync('docs/cli.md', 'utf8');
    const headings = [...docs.matchAll(/^## `edgeward ([a-z-]+)/gm)].map((m) => m[1]!);
    expect([...new Set(headings)].sort(), 'docs/cli.md: "## `edgeward <command>`" headings').toEqual(names);
  });
});
