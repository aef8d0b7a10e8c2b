/**
 * `startDevStack` option handling and the banner. The running stack itself is exercised end to end by
 * `test/e2e/demo.test.ts`.
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { type DevStack, devStackBanner, startDevStack } from '../../packages/cli/src/local/dev.js';

describe('startDevStack options', () => {
  it.each(['abc', -1, 70_000, 1.5])('refuses port %s', async (port) => {
    await expect(startDevStack({ port })).rejects.toThrow(/port must be an integer/);
  });

  it('names a missing configuration file', async () => {
    await expect(startDevStack({ config: 'nowhere/edgeward.config.json', cwd: tmpdir() })).rejects.toThrow(
      /nowhere\/edgeward\.config\.json not found/,
    );
  });

  it('refuses an example without a site function', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'edgeward-example-'));
    try {
      await writeFile(join(dir, 'edgeward.config.json'), JSON.stringify({ issuers: {}, functions: {} }));
      await expect(startDevStack({ example: dir })).rejects.toThrow(/has no "site" function/);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});

describe('devStackBanner', () => {
  it('prints every URL and every demo user with their groups', () => {
    const stack = {
      urls: {
        site: 'http://localhost:4310',
        idp: 'http://127.0.0.1:4311',
        issuer: 'https://cognito-idp.us-east-1.amazonaws.com/us-east-1_X',
        restApi: 'http://127.0.0.1:4312/dev',
        httpApi: 'http://127.0.0.1:4313',
      },
      users: [
        { username: 'alice', password: 'pw-a', groups: ['members', 'admins'] },
        { username: 'carol', password: 'pw-c', groups: [] },
      ],
      functions: [{ name: 'site', sizes: { zip: 1234 } }],
    } as unknown as DevStack;
    const text = devStackBanner(stack);
    for (const url of Object.values(stack.urls)) expect(text).toContain(url);
    expect(text).toMatch(/alice\s+pw-a\s+members, admins/);
    expect(text).toMatch(/carol\s+pw-c\s+\(no group\)/);
    expect(text).toContain('site (1234 bytes zipped)');
    expect(text).toContain('Ctrl-C');
  });
});
