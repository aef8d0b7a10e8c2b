/**
 * The packed tarball is what users install: pack it (which compiles with tsc through `prepack`), unpack it
 * as `node_modules/edgeward` of a scratch project whose other packages link to ours, and import every
 * subpath export in a fresh Node process — the `exports` map, the `files` allow-list and the compiled
 * output are checked together.
 */
import { execFileSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const root = resolve(import.meta.dirname, '../..');
const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as {
  exports: Record<string, unknown>;
  files: string[];
};
let scratch: string;
let installed: string;

beforeAll(() => {
  scratch = mkdtempSync(join(tmpdir(), 'edgeward-pack-'));
  // Pack a copy, so that `prepack` (tsc) never writes a dist/ into the checkout other tests run from.
  const source = join(scratch, 'source');
  for (const entry of [
    'package.json',
    'tsconfig.json',
    'tsconfig.build.json',
    'README.md',
    'src',
    'bin',
    'schema',
    'docs',
    'examples',
  ]) {
    cpSync(join(root, entry), join(source, entry), { recursive: true });
  }
  symlinkSync(join(root, 'node_modules'), join(source, 'node_modules'));
  const out = execFileSync('npm', ['pack', '--silent', '--pack-destination', scratch], {
    cwd: source,
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const tarball = join(scratch, out.trim().split('\n').pop()!);
  const modules = join(scratch, 'node_modules');
  installed = join(modules, 'edgeward');
  mkdirSync(installed, { recursive: true });
  execFileSync('tar', ['-xzf', tarball, '-C', installed, '--strip-components=1']);
  for (const dep of readdirSync(join(root, 'node_modules'))) {
    if (dep === 'edgeward' || dep.startsWith('.')) continue;
    symlinkSync(join(root, 'node_modules', dep), join(modules, dep));
  }
}, 180_000);

afterAll(() => {
  rmSync(scratch, { recursive: true, force: true });
});

describe('the packed package', () => {
  it('ships compiled code, types, the schema, the CLI and the demo, but no sources or tests', () => {
    const files = execFileSync('find', ['.', '-type', 'f'], { cwd: installed, encoding: 'utf8' }).split('\n');
    expect(files).toContain('./dist/core/index.js');
    expect(files).toContain('./dist/core/index.d.ts');
    expect(files).toContain('./dist/entries/site.js');
    expect(files).toContain('./schema/edgeward.config.schema.json');
    expect(files).toContain('./bin/edgeward.js');
    // `edgeward demo` of an installed package runs the shipped demo
    expect(files).toContain('./examples/demo/edgeward.config.json');
    expect(files).toContain('./examples/demo/site/index.html');
    expect(files).toContain('./examples/users.json');
    expect(files.some((f) => f.startsWith('./src/') || f.startsWith('./test/'))).toBe(false);
    expect(files.some((f) => f.endsWith('.test.js'))).toBe(false);
  });

  it('imports every subpath export in a fresh Node process', () => {
    const subpaths = Object.keys(pkg.exports).filter((s) => s !== './package.json' && !s.endsWith('.json'));
    const script = subpaths
      .map(
        (s) =>
          `await import(${JSON.stringify(`edgeward${s.slice(1)}`)}).then((m) => { if (Object.keys(m).length === 0) throw new Error('empty ${s}'); });`,
      )
      .join('\n');
    const out = execFileSync(
      process.execPath,
      ['--input-type=module', '-e', `${script}\nconsole.log('ok ${subpaths.length}');`],
      {
        cwd: scratch,
        encoding: 'utf8',
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    expect(out.trim()).toBe(`ok ${subpaths.length}`);
  });

  it('runs the installed CLI from the compiled code', () => {
    const out = execFileSync(process.execPath, [join(installed, 'bin/edgeward.js'), '--version'], {
      cwd: scratch,
      encoding: 'utf8',
    });
    expect(out.trim()).toBe('0.1.0');
  });

  it('exposes the root verifier API', () => {
    const out = execFileSync(
      process.execPath,
      [
        '--input-type=module',
        '-e',
        "const m = await import('edgeward'); console.log(typeof m.createVerifier, typeof m.AuthError);",
      ],
      { cwd: scratch, encoding: 'utf8' },
    );
    expect(out.trim()).toBe('function function');
  });
});
