/**
 * The command line itself: help, exit codes, error output, `init`, `build` output, `schema`, and the
 * `bin/edgeward.js` launcher in a real process.
 */
import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isOverLimit, measure } from '../../packages/cli/src/build/sizes.js';
import { sizeTable } from '../../packages/cli/src/commands/build.js';
import { validateConfig } from '../../packages/cli/src/config/validate.js';
import { makeKey } from '../helpers/keys.js';
import { runCli } from './helpers.js';

const exec = promisify(execFile);
let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'edgeward-cli-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('edgeward (in-process)', () => {
  it('--help exits 0 and lists every command; every command has --help', async () => {
    const r = await runCli(['--help']);
    expect(r.code).toBe(0);
    for (const c of ['build', 'token', 'login', 'decode', 'explain', 'init', 'schema', 'dev', 'rehearse']) {
      expect(r.stdout).toContain(`  ${c}`);
      const sub = await runCli([c, '--help']);
      expect(sub.code, c).toBe(0);
      expect(sub.stdout).toContain(`Usage: edgeward ${c}`);
    }
  });

  it('usage errors exit 2 on stderr', async () => {
    const r = await runCli(['frobnicate']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain("unknown command 'frobnicate'");
    expect((await runCli(['token', '--token-use', 'refresh'])).code).toBe(2);
  });

  it('init writes a valid commented config with a fresh state secret, and refuses to overwrite', async () => {
    const r = await runCli(['init', 'site-cookie'], { cwd: dir });
    expect(r.code).toBe(0);
    const data = JSON.parse(await readFile(join(dir, 'edgeward.config.json'), 'utf8'));
    expect(data.$comment).toMatch(/^Scenario A:/);
    expect(data.functions.site.stateSecret).not.toBe('ZXhhbXBsZS1vbmx5LXN0YXRlLWtleS1kby1ub3QtZGVwbG95');
    expect(() => validateConfig(data)).not.toThrow();
    const again = await runCli(['init', 'site-cookie'], { cwd: dir });
    expect(again).toMatchObject({
      code: 1,
      stderr: 'edgeward: edgeward.config.json exists (use --force to overwrite)\n',
    });
    expect((await runCli(['init', 'nope'], { cwd: dir })).code).toBe(2);
  });

  it('init adds .edgeward/ to .gitignore: creates it, appends once, keeps an existing entry', async () => {
    const fresh = await mkdtemp(join(tmpdir(), 'edgeward-init-'));
    try {
      const first = await runCli(['init', 'site-cookie'], { cwd: fresh });
      expect(first.code).toBe(0);
      expect(first.stderr).toContain('added .edgeward/ to .gitignore');
      expect(await readFile(join(fresh, '.gitignore'), 'utf8')).toBe('.edgeward/\n');
      // Idempotent: a second init (another file) leaves it as it is.
      const second = await runCli(['init', 'site-bearer', '-o', 'b.json'], { cwd: fresh });
      expect(second.stderr).not.toContain('.gitignore');
      expect(await readFile(join(fresh, '.gitignore'), 'utf8')).toBe('.edgeward/\n');
      // An existing file without a final newline is appended to on a line of its own.
      await writeFile(join(fresh, '.gitignore'), 'node_modules/\n# build\ndist');
      await runCli(['init', 'site-bearer', '-o', 'c.json'], { cwd: fresh });
      expect(await readFile(join(fresh, '.gitignore'), 'utf8')).toBe(
        'node_modules/\n# build\ndist\n.edgeward/\n',
      );
      // Any spelling that already ignores the folder counts.
      for (const line of ['/.edgeward', '.edgeward', '  /.edgeward/  ']) {
        await writeFile(join(fresh, '.gitignore'), `node_modules/\r\n${line}\r\n`);
        await runCli(['init', 'site-bearer', '-o', 'd.json', '--force'], { cwd: fresh });
        expect(await readFile(join(fresh, '.gitignore'), 'utf8')).toBe(`node_modules/\r\n${line}\r\n`);
      }
      // --stdout writes nothing.
      await rm(join(fresh, '.gitignore'));
      await runCli(['init', 'site-bearer', '--stdout'], { cwd: fresh });
      await expect(readFile(join(fresh, '.gitignore'), 'utf8')).rejects.toThrow(/ENOENT/);
    } finally {
      await rm(fresh, { recursive: true, force: true });
    }
  });

  it('init names the secret only for scenarios whose file holds one, and the values to replace', async () => {
    for (const [scenario, secret] of [
      ['site-bearer', false],
      ['signed-cookies', true],
      ['rest-authorizer', false],
      ['hs256-authorizer', false],
    ] as const) {
      const out = `${scenario}.json`;
      const r = await runCli(['init', scenario, '-o', out], { cwd: dir });
      expect(r.code, scenario).toBe(0);
      const text = await readFile(join(dir, out), 'utf8');
      expect(text.includes('"stateSecret"'), scenario).toBe(secret);
      expect(r.stderr.includes('It holds a generated secret (stateSecret)'), scenario).toBe(secret);
      expect(r.stderr.includes('user pool id'), scenario).toBe(scenario !== 'hs256-authorizer');
    }
  });

  it('build prints a size table and --json; an invalid config fails with the field path', async () => {
    const key = await makeKey('cli-build');
    await writeFile(join(dir, 'jwks.json'), JSON.stringify({ keys: [key.publicJwk] }));
    const cfg = resolve('examples/rest-authorizer/edgeward.config.json');
    const table = await runCli(['build', '-c', cfg, '--jwks', 'jwks.json', '-o', 'out'], { cwd: dir });
    expect(table.code).toBe(0);
    expect(table.stdout.split('\n')[0]).toMatch(
      /^function\s+type\s+files\s+entry gzip\s+raw\s+gzip\s+zip\s+limit\s+% limit\s+output$/,
    );
    expect(table.stdout).toMatch(
      /\napi\s+rest-token-authorizer\s+1\s+[\d.]+ KB\s+[\d.]+ KB\s+[\d.]+ KB\s+[\d.]+ KB\s+50\.00 MB\s+0\.\d\d%\s+out\/api\.zip\n/,
    );
    expect(table.stderr).toContain('bundling api');
    const json = await runCli(['build', '-c', cfg, '--jwks', 'jwks.json', '-o', 'out', '--json'], {
      cwd: dir,
    });
    expect(JSON.parse(json.stdout)).toMatchObject({
      ok: true,
      functions: [{ name: 'api', withinLimit: true }],
    });
    expect(json.stderr).toBe('');
    await writeFile(join(dir, 'bad.json'), JSON.stringify({ issuers: {}, functions: {} }));
    const bad = await runCli(['build', '-c', 'bad.json'], { cwd: dir });
    expect(bad).toMatchObject({
      code: 1,
      stderr:
        'validating bad.json\nedgeward: invalid configuration in ' +
        join(dir, 'bad.json') +
        ':\n  issuers: expected at least one issuer\n  functions: expected at least one function\n',
    });
  });

  it('build fetches the JWKS through the injected fetch when no --jwks is given', async () => {
    const key = await makeKey('fetched');
    const urls: string[] = [];
    const fetch = async (url: string | URL) => {
      urls.push(String(url));
      return new Response(JSON.stringify({ keys: [key.publicJwk] }), { status: 200 });
    };
    const r = await runCli(
      ['build', '-c', resolve('examples/rest-authorizer/edgeward.config.json'), '-o', 'out2', '-q'],
      { cwd: dir, fetch },
    );
    expect(r).toMatchObject({ code: 0, stdout: '' });
    expect(urls).toEqual([
      'https://cognito-idp.eu-west-1.amazonaws.com/eu-west-1_EXAMPLE12/.well-known/jwks.json',
    ]);
    const failing = async () => new Response('no', { status: 503 });
    const down = await runCli(
      ['build', '-c', resolve('examples/rest-authorizer/edgeward.config.json'), '-o', 'out3'],
      { cwd: dir, fetch: failing },
    );
    expect(down.code).toBe(1);
    expect(down.stderr).toContain(
      'cannot fetch JWKS from https://cognito-idp.eu-west-1.amazonaws.com/eu-west-1_EXAMPLE12/.well-known/jwks.json: HTTP 503',
    );
  });

  it('flags a zip over the viewer-request limit in the table', () => {
    const sizes = measure(
      { 'index.mjs': new Uint8Array(10) },
      ['index.mjs'],
      new Uint8Array(1024 * 1024 + 1),
      'viewer-request',
    );
    expect(isOverLimit(sizes)).toBe(true);
    const table = sizeTable(
      [
        {
          name: 'big',
          type: 'site',
          eventType: 'viewer-request',
          dir: '/x/big',
          entryFile: '/x/big/index.mjs',
          files: ['index.mjs'],
          zipFile: '/x/big.zip',
          sizes,
          withinLimit: false,
          externals: [],
        },
      ],
      '/x',
    );
    expect(table.split('\n')[1]).toMatch(
      /^big\s+site\s+1\s+\d+ B\s+10 B\s+\d+ B\s+1\.00 MB\s+1\.00 MB\s+100\.00% OVER\s+big\.zip$/,
    );
  });

  it('schema prints the published JSON Schema', async () => {
    const r = await runCli(['schema']);
    expect(JSON.parse(r.stdout)).toEqual(
      JSON.parse(await readFile('packages/cli/schema/edgeward.config.schema.json', 'utf8')),
    );
  });
});

describe('bin/edgeward.js in a real process', () => {
  it('runs the CLI (--version) and reports errors without a stack trace, exit 1', async () => {
    const { stdout } = await exec(process.execPath, ['packages/cli/bin/edgeward.js', '--version']);
    const { version } = JSON.parse(await readFile('packages/cli/package.json', 'utf8')) as {
      version: string;
    };
    expect(stdout.trim()).toBe(version);
    const failed = await exec(process.execPath, [
      'packages/cli/bin/edgeward.js',
      'decode',
      'not-a-token',
    ]).catch((e) => e);
    expect(failed.code).toBe(1);
    expect(failed.stderr).toBe(
      'edgeward: cannot decode: expected a compact JWS of three dot-separated parts, got 1\n',
    );
  }, 30_000);
});
