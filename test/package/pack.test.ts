/**
 * The packed tarballs are what users install. Pack the three workspace packages from a copy of the checkout
 * (`prepack` compiles with tsc and drops the source export condition), install them into empty projects with
 * npm, and check what a user gets:
 * - `edgeward` (the runtime) installs at most 6 packages besides itself, none with an install script;
 * - every subpath export of every package imports in a fresh Node process, and the CLI runs and builds a
 *   function from the compiled code (not from the sources the rest of the suite uses);
 * - publint and @arethetypeswrong/cli (profile esm-only) find nothing in any tarball.
 */
import { execFileSync } from 'node:child_process';
import {
  cpSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const root = resolve(import.meta.dirname, '../..');
const PACKAGES = ['edgeward', 'cli', 'cdk'] as const;
type Manifest = {
  name: string;
  version: string;
  exports: Record<string, unknown>;
  peerDependencies?: Record<string, string>;
};
const manifests = Object.fromEntries(
  PACKAGES.map((p) => [
    p,
    JSON.parse(readFileSync(join(root, 'packages', p, 'package.json'), 'utf8')) as Manifest,
  ]),
) as Record<(typeof PACKAGES)[number], Manifest>;

let scratch: string;
const tarballs: Record<string, string> = {};

function npm(args: string[], cwd: string): string {
  return execFileSync('npm', args, {
    cwd,
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, NODE_OPTIONS: '', npm_config_audit: 'false', npm_config_fund: 'false' },
  });
}

function node(args: string[], cwd: string): string {
  return execFileSync(process.execPath, args, {
    cwd,
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, NODE_OPTIONS: '' },
  });
}

/** An empty project with the given tarballs (and registry packages) installed by npm. */
function install(name: string, specs: string[]): string {
  const dir = join(scratch, name);
  mkdirSync(dir);
  writeFileSync(join(dir, 'package.json'), JSON.stringify({ name, private: true, type: 'module' }));
  npm(['install', '--prefer-offline', '--no-package-lock', ...specs], dir);
  return dir;
}

/** Every package directory under `node_modules` (scoped ones included). */
function installedPackages(dir: string): string[] {
  const modules = join(dir, 'node_modules');
  return readdirSync(modules)
    .filter((e) => !e.startsWith('.'))
    .flatMap((e) => (e.startsWith('@') ? readdirSync(join(modules, e)).map((s) => `${e}/${s}`) : [e]));
}

/**
 * Imports every subpath export. The Secrets Manager entries need the optional peer
 * `@aws-sdk/client-secrets-manager` (the Lambda runtime provides it), so they are imported only `withPeers`.
 */
function importScript(manifest: Manifest, withPeers = true): string {
  const subpaths = Object.keys(manifest.exports).filter(
    (s) =>
      s !== './package.json' &&
      !s.endsWith('.json') &&
      !s.includes('*') &&
      (withPeers || !s.includes('secrets-manager')),
  );
  return subpaths
    .map(
      (s) =>
        `await import(${JSON.stringify(manifest.name + s.slice(1))}).then((m) => { if (Object.keys(m).length === 0) throw new Error('empty ${manifest.name}${s.slice(1)}'); });`,
    )
    .join('\n');
}

beforeAll(() => {
  scratch = mkdtempSync(join(tmpdir(), 'edgeward-pack-'));
  // Pack a copy, so that `prepack` (tsc) never writes a dist/ into the checkout other tests run from. Its
  // node_modules links the checkout's, except the workspace packages, which link the copy's.
  const source = join(scratch, 'source');
  for (const entry of ['package.json', 'tsconfig.base.json', 'scripts', 'README.md']) {
    cpSync(join(root, entry), join(source, entry), { recursive: true });
  }
  for (const p of PACKAGES) {
    cpSync(join(root, 'packages', p), join(source, 'packages', p), {
      recursive: true,
      // `.api-report`: the scratch folder of test/package/api-report.test.ts, which may run meanwhile.
      filter: (path) => !/[\\/](dist|node_modules|\.api-report)$/.test(path),
    });
  }
  const modules = join(source, 'node_modules');
  mkdirSync(join(modules, '@edgeward'), { recursive: true });
  for (const dep of readdirSync(join(root, 'node_modules'))) {
    if (dep === 'edgeward' || dep === '@edgeward' || dep.startsWith('.')) continue;
    symlinkSync(join(root, 'node_modules', dep), join(modules, dep));
  }
  symlinkSync(join(source, 'packages', 'edgeward'), join(modules, 'edgeward'));
  symlinkSync(join(source, 'packages', 'cli'), join(modules, '@edgeward', 'cli'));
  symlinkSync(join(source, 'packages', 'cdk'), join(modules, '@edgeward', 'cdk'));
  for (const p of PACKAGES) {
    const out = npm(['pack', '--silent', '--pack-destination', scratch], join(source, 'packages', p));
    tarballs[p] = join(scratch, out.trim().split('\n').pop()!);
  }
}, 900_000); // npm pack runs tsc for three packages: minutes on a loaded machine

afterAll(() => {
  rmSync(scratch, { recursive: true, force: true });
}, 120_000);

describe('the packed edgeward runtime', () => {
  let app: string;
  beforeAll(() => {
    app = install('runtime-app', [tarballs['edgeward']!]);
  }, 600_000);

  it('installs at most 6 packages besides itself, none with an install script', () => {
    const installed = installedPackages(app);
    expect(installed).toContain('edgeward');
    expect(installed.length - 1).toBeLessThanOrEqual(6);
    for (const name of installed) {
      const manifest = JSON.parse(readFileSync(join(app, 'node_modules', name, 'package.json'), 'utf8')) as {
        scripts?: Record<string, string>;
      };
      for (const hook of ['preinstall', 'install', 'postinstall']) {
        expect(manifest.scripts?.[hook], `${name} ${hook}`).toBeUndefined();
      }
    }
  });

  it('ships compiled code and types only: no sources, tests, or source export condition', () => {
    const files = execFileSync('tar', ['-tzf', tarballs['edgeward']!], { encoding: 'utf8' }).split('\n');
    expect(files).toContain('package/dist/core/index.js');
    expect(files).toContain('package/dist/core/index.d.ts');
    expect(files.some((f) => f.startsWith('package/src/') || f.endsWith('.test.js'))).toBe(false);
    const packed = readFileSync(join(app, 'node_modules', 'edgeward', 'package.json'), 'utf8');
    expect(packed).not.toContain('edgeward-source');
  });

  it('imports every subpath export without the optional peers in a fresh Node process', () => {
    const out = node(
      ['--input-type=module', '-e', `${importScript(manifests.edgeward, false)}\nconsole.log('ok');`],
      app,
    );
    expect(out.trim()).toBe('ok');
    const root = node(
      [
        '--input-type=module',
        '-e',
        "const m = await import('edgeward'); console.log(typeof m.createVerifier, typeof m.AuthError);",
      ],
      app,
    );
    expect(root.trim()).toBe('function function');
  });
});

describe('the packed @edgeward/cli and @edgeward/cdk', () => {
  let app: string;
  beforeAll(() => {
    app = install('tooling-app', [
      tarballs['edgeward']!,
      tarballs['cli']!,
      tarballs['cdk']!,
      `aws-cdk-lib@${peer('cdk', 'aws-cdk-lib')}`,
      `constructs@${peer('cdk', 'constructs')}`,
      `@aws-sdk/client-secrets-manager@${peer('edgeward', '@aws-sdk/client-secrets-manager')}`,
    ]);
  }, 900_000);

  it('ships the compiled CLI, the schema and the demo', () => {
    const files = execFileSync('tar', ['-tzf', tarballs['cli']!], { encoding: 'utf8' }).split('\n');
    for (const f of [
      'package/bin/edgeward.js',
      'package/dist/main.js',
      'package/dist/entries/site.js',
      'package/schema/edgeward.config.schema.json',
      'package/demo/edgeward.config.json',
      'package/demo/site/index.html',
      'package/demo/users.json',
    ]) {
      expect(files).toContain(f);
    }
    expect(files.some((f) => f.startsWith('package/src/') || f.endsWith('.test.js'))).toBe(false);
  });

  it('imports every subpath export of the three packages (peers installed) in a fresh Node process', () => {
    const script = `${importScript(manifests.edgeward)}\n${importScript(manifests.cli)}\n${importScript(manifests.cdk)}\nconsole.log('ok');`;
    expect(node(['--input-type=module', '-e', script], app).trim()).toBe('ok');
  });

  it('runs the installed CLI and builds a function from the compiled code', () => {
    const bin = join(app, 'node_modules', '@edgeward', 'cli', 'bin', 'edgeward.js');
    expect(node([bin, '--version'], app).trim()).toBe(manifests.cli.version);
    cpSync(join(root, 'examples', 'rest-authorizer'), join(app, 'rest-authorizer'), { recursive: true });
    const jwks = join(app, 'jwks.json');
    writeFileSync(jwks, readFileSync(join(root, 'examples', 'cdk', 'jwks.json')));
    node(
      [bin, 'build', '-c', 'rest-authorizer/edgeward.config.json', '--jwks', jwks, '-q', '-o', 'out'],
      app,
    );
    const built = readdirSync(join(app, 'out'));
    expect(built.length).toBeGreaterThan(0);
  });
});

describe('publint and @arethetypeswrong/cli', () => {
  it.each(PACKAGES)(
    'find nothing in the %s tarball',
    (p) => {
      const publint = execFileSync(
        process.execPath,
        [
          join(root, 'node_modules', 'publint', 'src', 'cli.js'),
          'run',
          tarballs[p]!,
          '--strict',
          '--level',
          'warning',
        ],
        { encoding: 'utf8', env: { ...process.env, NODE_OPTIONS: '' } },
      );
      expect(publint).not.toMatch(/error|warning/i);
      execFileSync(
        process.execPath,
        [
          join(root, 'node_modules', '@arethetypeswrong', 'cli', 'dist', 'index.js'),
          tarballs[p]!,
          '--profile',
          'esm-only',
          '--format',
          'ascii',
        ],
        { encoding: 'utf8', env: { ...process.env, NODE_OPTIONS: '' } },
      );
    },
    120_000,
  );
});

/** The version range of a package's peer dependency, as its manifest declares it. */
function peer(p: (typeof PACKAGES)[number], name: string): string {
  return manifests[p].peerDependencies![name]!;
}
