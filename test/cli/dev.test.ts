/**
 * `edgeward dev` in a real process, with its preferred site port taken (as by another stack): it says which
 * ports it chose, prints ready-to-paste `login --local` / `token --local` commands that work against it,
 * writes its own `.edgeward/local-stack-<port>.json`, and removes only that file when it stops.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { localStackFilePath } from '../../packages/cli/src/local-stack-file.js';
import { runCli } from './helpers.js';

const BIN = resolve('packages/cli/bin/edgeward.js');
let dir: string;
let blocker: Server;
let taken: number;
let dev: ChildProcess;
let stdout = '';
let stderr = '';

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'edgeward-dev-'));
  blocker = createServer();
  await new Promise<void>((done) => blocker.listen(0, '127.0.0.1', done));
  taken = (blocker.address() as AddressInfo).port;
  // The IdP, REST and HTTP APIs prefer taken + 1…+3: any free ones will do, but they may be taken too.
  dev = spawn(process.execPath, [BIN, 'dev', '--port', String(taken)], {
    cwd: dir,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  dev.stdout!.on('data', (c) => {
    stdout += c;
  });
  dev.stderr!.on('data', (c) => {
    stderr += c;
  });
  await new Promise<void>((done, fail) => {
    const timer = setInterval(() => {
      if (stdout.includes('Press Ctrl-C to stop.')) {
        clearInterval(timer);
        done();
      }
      if (dev.exitCode !== null) {
        clearInterval(timer);
        fail(new Error(`edgeward dev exited ${dev.exitCode}: ${stderr}`));
      }
    }, 100);
  });
}, 120_000);

afterAll(async () => {
  if (dev.exitCode === null) dev.kill('SIGTERM');
  await new Promise((done) => blocker.close(done));
  await rm(dir, { recursive: true, force: true });
});

/** The site port the stack chose. */
const sitePort = () => Number(/Site \(CloudFront emulator\)\s+http:\/\/localhost:(\d+)/.exec(stdout)![1]);

describe('edgeward dev with its preferred port taken', () => {
  it('says the port was taken and which one it chose', () => {
    expect(sitePort()).not.toBe(taken);
    expect(stderr).toMatch(
      new RegExp(
        `preferred ports taken \\(another local stack or server is using them\\), chose free ones: site ${taken} → ${sitePort()}`,
      ),
    );
  });

  it('prints login and token commands for this stack, and they work as printed', async () => {
    const port = sitePort();
    const login = new RegExp(`npx edgeward login --local ${port} -u (\\S+) +# password: (\\S+)`).exec(stdout);
    expect(login).not.toBeNull();
    const [, user, password] = login!;
    const signedIn = await runCli(
      ['login', '--local', String(port), '-u', user!, '--password-stdin', '--print', 'access'],
      {
        cwd: dir,
        stdin: `${password}\n`,
      },
    );
    expect(signedIn.code, signedIn.stderr).toBe(0);
    expect(signedIn.stdout.split('.')).toHaveLength(3);
    const token = /npx edgeward (token --local \d+ .*)/.exec(stdout)![1]!.split(' ');
    const minted = await runCli([...token, '--json'], { cwd: dir });
    expect(minted.code, minted.stderr).toBe(0);
  });

  it('keeps its own local-stack file, and removes it when it stops', async () => {
    const file = localStackFilePath(dir, sitePort());
    expect(existsSync(file)).toBe(true);
    dev.kill('SIGTERM');
    await new Promise((done) => dev.once('exit', done));
    expect(existsSync(file)).toBe(false);
  }, 30_000);
});
