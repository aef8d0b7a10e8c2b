/**
 * `edgeward rehearse` as a user runs it (docs/deploy.md step 2, the `sh server` blocks), in real processes:
 * `rehearse --synth` in `examples/cdk` synthesizes the CDK app (the pinned CDK, offline, the rehearsal JWKS
 * baked in) and runs the assembly on OS-chosen ports (`--port 0`); `token --local` mints a token from the
 * local-stack file it wrote; the REST API answers through the synthesized TOKEN authorizer (200 for a
 * member's GET, 403 for a member's DELETE, 401 without a token), and SIGTERM stops it and removes the
 * local-stack file. The browser walk of the same assembly is `test/e2e/rehearse.test.ts`.
 */
import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { localStackFilePath } from '../../packages/cli/src/local-stack-file.js';

const BIN = resolve('packages/cli/bin/edgeward.js');
const APP = resolve('examples/cdk');
let child: ChildProcess;
let stdout = '';
let stderr = '';

beforeAll(async () => {
  child = spawn(process.execPath, [BIN, 'rehearse', '--synth', '--port', '0'], {
    cwd: APP,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stdout!.on('data', (c) => {
    stdout += c;
  });
  child.stderr!.on('data', (c) => {
    stderr += c;
  });
  await new Promise<void>((done, fail) => {
    const timer = setInterval(() => {
      if (/Users \(local only\)/.test(stdout)) {
        clearInterval(timer);
        done();
      }
      if (child.exitCode !== null) {
        clearInterval(timer);
        fail(new Error(`edgeward rehearse exited ${child.exitCode}: ${stderr}`));
      }
    }, 100);
  });
}, 240_000);

afterAll(() => {
  if (child?.exitCode === null) child.kill('SIGTERM');
});

/** The REST API's URL from the banner. */
const apiUrl = (): string => {
  const m = /\(REST API\)\n\s+(http:\/\/\S+)/.exec(stdout);
  expect(m, stdout).not.toBeNull();
  return m![1]!;
};

describe('edgeward rehearse --synth, as the deploy guide runs it', () => {
  it('synthesizes with the rehearsal JWKS and prints what it runs', () => {
    expect(stderr).toContain(
      'edgeward: synthesizing the CDK app with -c edgeward:jwksFile=.edgeward/rehearsal/jwks.json',
    );
    expect(stdout).toContain('edgeward deploy rehearsal of .edgeward/rehearsal/cdk.out');
    expect(stdout).toMatch(/authorizer \S+: TOKEN, asset [0-9a-f]{12}…/);
  });

  it('token --local mints a token the synthesized authorizer accepts; the REST API answers as the guide says', async () => {
    const token = spawnSync(
      process.execPath,
      [BIN, 'token', '--local', '--username', 'bob', '--groups', 'members'],
      {
        cwd: APP,
        encoding: 'utf8',
        timeout: 60_000,
      },
    );
    expect(token.status, token.stderr).toBe(0);
    const jwt = token.stdout.trim();
    expect(jwt.split('.')).toHaveLength(3);
    const api = apiUrl();
    const call = (method: string, path: string, auth?: string) =>
      fetch(`${api}${path}`, { method, headers: auth === undefined ? {} : { authorization: auth } });
    const pets = await call('GET', '/pets', `Bearer ${jwt}`);
    expect(pets.status).toBe(200);
    expect(
      ((await pets.json()) as { authorizer: { principalId: string } }).authorizer.principalId,
    ).toBeTruthy();
    expect((await call('DELETE', '/pets/1', `Bearer ${jwt}`)).status).toBe(403);
    expect((await call('GET', '/pets')).status).toBe(401);
  }, 60_000);

  it('stops on SIGTERM and removes its local-stack file', async () => {
    const site = /Distributions \(CloudFront emulator\)\n\s+\S+\n\s+(http:\/\/\S+)/.exec(stdout);
    expect(site, stdout).not.toBeNull();
    const stackFile = localStackFilePath(APP, Number(new URL(site![1]!).port));
    expect(existsSync(stackFile)).toBe(true);
    const exited = new Promise<number | null>((done) => child.once('exit', (code) => done(code)));
    child.kill('SIGTERM');
    expect(await exited).toBe(0);
    expect(existsSync(stackFile)).toBe(false);
    expect(existsSync(join(APP, '.edgeward', 'rehearsal', 'cdk.out'))).toBe(true);
  }, 30_000);
});
