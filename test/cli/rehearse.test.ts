/**
 * `edgeward rehearse` refusals: usage errors (exit 2) and assemblies or settings it cannot rehearse (exit 1),
 * each reported before any server starts.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { writeFixtureAssembly } from '../local/rehearsal/fixture.js';
import { runCli } from './helpers.js';

const dir = mkdtempSync(join(tmpdir(), 'edgeward-cli-rehearse-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('edgeward rehearse', () => {
  it('refuses malformed options with exit 2', async () => {
    const bucket = await runCli(['rehearse', 'cdk.out', '--bucket', 'no-equals'], { cwd: dir });
    expect(bucket).toMatchObject({
      code: 2,
      stderr: 'edgeward: --bucket: expected NAME=VALUE, got "no-equals"\n',
    });
    const port = await runCli(['rehearse', '--port', 'x'], { cwd: dir });
    expect(port).toMatchObject({ code: 2, stderr: 'edgeward: --port: expected a whole number from 0\n' });
    const synth = await runCli(['rehearse', 'cdk.out', '--synth'], { cwd: dir });
    expect(synth.code).toBe(2);
    expect(synth.stderr).toContain('--synth writes its own assembly');
  });

  it('names a folder that is not a cloud assembly', async () => {
    writeFileSync(join(dir, 'edgeward.config.json'), '{}');
    const r = await runCli(['rehearse', 'missing'], { cwd: dir });
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/missing is not a cloud assembly \(no manifest\.json\): run `cdk synth` first/);
  });

  it('names an unreadable secret file and a bucket option naming no served bucket', async () => {
    const fixture = join(dir, 'fixture');
    writeFixtureAssembly(fixture);
    const secret = await runCli(['rehearse', '--secret', 'edgeward/key=nope.pem'], { cwd: fixture });
    expect(secret.code).toBe(1);
    expect(secret.stderr).toContain('edgeward: --secret edgeward/key: cannot read nope.pem');
    const bucket = await runCli(['rehearse', '--port', '0', '--bucket', `Typo=${fixture}`], { cwd: fixture });
    expect(bucket.code).toBe(1);
    expect(bucket.stderr).toContain(
      '--bucket Typo: no bucket served by a distribution has that logical id or name',
    );
  });
});
