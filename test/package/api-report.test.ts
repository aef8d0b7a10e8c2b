/**
 * The public surface of the `edgeward` runtime package is recorded in packages/edgeward/api/*.api.md
 * (@microsoft/api-extractor, `scripts/api-report.mjs`): a change to what a public subpath exports, or to a
 * signature or type it exposes, fails this test until `npm run api-report` has regenerated the reports,
 * so the change shows in review.
 *
 * One run of the script (one `tsc` declaration emit and one api-extractor program, ~10 s of CPU) checks the
 * checked-in reports and a tampered copy of them; the copy proves that the check sees a changed signature, a
 * missing report and a report whose export is gone.
 */
import { spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const root = resolve(import.meta.dirname, '../..');
const reports = join(root, 'packages/edgeward/api');

let scratch: string;
let tampered: string;
let run: { status: number | null; stdout: string; stderr: string };

beforeAll(() => {
  scratch = mkdtempSync(join(tmpdir(), 'edgeward-api-report-'));
  tampered = join(scratch, 'api');
  cpSync(reports, tampered, { recursive: true });
  // The report claims the second parameter is required; the code says it is optional.
  const cloudfront = join(tampered, 'cloudfront.api.md');
  const text = readFileSync(cloudfront, 'utf8');
  const changed = text.replace(
    'createViewerRequestHandler(config: SiteConfig, deps?: SiteDeps)',
    'createViewerRequestHandler(config: SiteConfig, deps: SiteDeps)',
  );
  expect(changed).not.toBe(text);
  writeFileSync(cloudfront, changed);
  rmSync(join(tampered, 'signed-cookies.api.md'));
  writeFileSync(join(tampered, 'gone.api.md'), '');

  const result = spawnSync(process.execPath, ['scripts/api-report.mjs', '--check', reports, tampered], {
    cwd: root,
    encoding: 'utf8',
    env: { ...process.env, NODE_OPTIONS: '' },
  });
  run = { status: result.status, stdout: result.stdout, stderr: result.stderr };
}, 300_000); // ~10 s of CPU alone; minutes while the whole suite shares 2 cores

afterAll(() => {
  if (scratch) rmSync(scratch, { recursive: true, force: true });
});

describe('the API report of edgeward (packages/edgeward/api)', () => {
  it('is up to date with the public subpath exports (else: run `npm run api-report` and commit the reports)', () => {
    const message = `${run.stdout}\n${run.stderr}`;
    expect(
      run.stdout,
      `The public API of edgeward changed without its report. Run \`npm run api-report\`, review the diff of packages/edgeward/api/ and commit it.\n${message}`,
    ).toContain('The API reports in packages/edgeward/api are up to date.');
  });

  it('has one report per public subpath export and none for edgeward/internal/*', () => {
    const manifest = JSON.parse(readFileSync(join(root, 'packages/edgeward/package.json'), 'utf8')) as {
      exports: Record<string, unknown>;
    };
    const publicSubpaths = Object.keys(manifest.exports).filter(
      (s) => s !== './package.json' && !s.startsWith('./internal/'),
    );
    const files = readdirSync(reports).filter((f) => f.endsWith('.api.md'));
    expect(files.sort()).toEqual(
      publicSubpaths
        .map((s) => (s === '.' ? 'edgeward' : s.slice(2).replaceAll('/', '-')) + '.api.md')
        .sort(),
    );
  });

  it('fails on a changed signature, a missing report and a stale one, naming them and the command', () => {
    expect(run.status).toBe(1);
    const folder = relative(root, tampered);
    const line = run.stderr.split('\n').find((l) => l.includes(`in ${folder}:`));
    expect(line, run.stderr).toBeDefined();
    expect(line).toContain(`edgeward/cloudfront (${join(folder, 'cloudfront.api.md')})`);
    expect(line).toContain(`edgeward/signed-cookies (${join(folder, 'signed-cookies.api.md')})`);
    expect(line).toContain(`${join(folder, 'gone.api.md')} (no such public export)`);
    expect(line).not.toContain('edgeward/apigateway');
    expect(line).toContain('run `npm run api-report`');
  });
});
