/**
 * Secrets published by edgeward itself are refused by deployable builds. The list of published secrets is
 * kept honest by scanning the docs, examples, demo and `edgeward init` templates: a secret value added
 * there without being listed fails this test.
 */
import { readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  BuildError,
  buildFunctions,
  findPublishedSecrets,
  isPublishedSecret,
  secretDigest,
} from '../../packages/cli/src/build/index.js';
import type { EdgewardConfig } from '../../packages/cli/src/config/index.js';
import { SCENARIOS } from '../../packages/cli/src/init/templates.js';
import { runCli } from '../cli/helpers.js';
import { repoWorkDir } from '../helpers/work-dir.js';

/** Where edgeward publishes configuration text. */
const PUBLISHED = [
  'README.md',
  'docs',
  'examples',
  'packages/cli/demo',
  'packages/cli/README.md',
  'packages/cdk/README.md',
  'packages/edgeward/README.md',
  'packages/cli/src/init/templates.ts',
];

function filesUnder(path: string): string[] {
  const stat = statSync(path, { throwIfNoEntry: false });
  if (!stat) return [];
  if (stat.isFile()) return /\.(md|json|ts|mjs|js|html)$/.test(path) ? [path] : [];
  return readdirSync(path)
    .filter((name) => name !== 'node_modules' && name !== 'cdk.out')
    .flatMap((name) => filesUnder(join(path, name)));
}

/** Values of secret-bearing fields (`stateSecret`, `clientSecret`, `base64url`, `pem`) that are not placeholders. */
function secretValues(text: string): string[] {
  const values: string[] = [];
  const field = /["']?\b(stateSecret|clientSecret|base64url|pem)["']?\s*:\s*(["'`])((?:\\.|(?!\2).)*)\2/g;
  for (const m of text.matchAll(field)) {
    const raw = m[3]!.replace(/\\n/g, '\n');
    if (/[<…]|\.\.\.|^\s*$/.test(raw)) continue;
    if (m[1] !== 'pem' && !/^[A-Za-z0-9_-]{16,}$/.test(raw)) continue;
    values.push(raw);
  }
  return values;
}

describe('the published-secret list', () => {
  it('lists every secret value found in the docs, examples, demo and init templates', () => {
    const found = PUBLISHED.flatMap(filesUnder).flatMap((file) =>
      secretValues(readFileSync(file, 'utf8')).map((value) => ({ file, value })),
    );
    expect(found.length).toBeGreaterThanOrEqual(4);
    const unlisted = found.filter((f) => !isPublishedSecret(f.value));
    expect(
      unlisted.map((u) => `${u.file}: add ${secretDigest(u.value)} to PUBLISHED_SECRET_DIGESTS`),
    ).toEqual([]);
  });

  it('the scan sees JSON, TypeScript and escaped PEM values, and skips placeholders', () => {
    expect(secretValues('"stateSecret": "<32+ random bytes, base64url>"')).toEqual([]);
    expect(secretValues(`stateSecret: 'QUJDREVGR0hJSktMTU5PUFFSU1RVVldY'`)).toEqual([
      'QUJDREVGR0hJSktMTU5PUFFSU1RVVldY',
    ]);
    expect(
      secretValues('"pem": "-----BEGIN PRIVATE KEY-----\\nAAAA\\n-----END PRIVATE KEY-----\\n"'),
    ).toEqual(['-----BEGIN PRIVATE KEY-----\nAAAA\n-----END PRIVATE KEY-----\n']);
  });
});

describe('deployable builds refuse published secrets', () => {
  let work: string;
  beforeAll(() => {
    work = repoWorkDir('published-secrets-');
  });
  afterAll(() => {
    rmSync(work, { recursive: true, force: true });
  });

  it('buildFunctions names the field and how to make a fresh secret', async () => {
    const attempt = buildFunctions({
      config: 'examples/site-cookie/edgeward.config.json',
      outDir: join(work, 'refused'),
    });
    await expect(attempt).rejects.toThrow(BuildError);
    await expect(attempt).rejects.toMatchObject({
      code: 'published_secret',
      message: expect.stringMatching(
        /^functions\.site\.stateSecret: this value is published in edgeward's docs or examples.*openssl rand -base64 32/,
      ),
    });
  });

  it('names an inline HS256 secret and a baked private key too', async () => {
    const published = 'ZXhhbXBsZS1vbmx5LXN0YXRlLWtleS1kby1ub3QtZGVwbG95';
    // The demo's placeholder key, as published (line breaks do not matter).
    const DEMO_PEM =
      '-----BEGIN PRIVATE KEY-----\r\nreplaced-at-start-by-edgeward-dev\r\n-----END PRIVATE KEY-----';
    const config = {
      issuers: {
        shared: { kind: 'hs256', issuer: 'https://auth.example.com', secret: { base64url: published } },
        pool: { kind: 'cognito', region: 'eu-west-1', userPoolId: 'eu-west-1_EXAMPLE12', clientIds: ['c'] },
      },
      functions: {
        hs: { type: 'rest-token-authorizer', issuer: 'shared' },
        site: {
          type: 'site',
          issuer: 'pool',
          stateSecret: 'QUJDREVGR0hJSktMTU5PUFFSU1RVVldYWVphYmNkZWZnaGlqa2xt',
          signedCookies: { privateKey: { pem: DEMO_PEM } },
        },
      },
    } as unknown as EdgewardConfig;
    expect(findPublishedSecrets(config, ['site', 'hs'])).toEqual([
      {
        path: 'functions.site.signedCookies.privateKey.pem',
        remedy: expect.stringContaining('edgeward keys create'),
      },
      { path: 'issuers.shared.secret.base64url', remedy: expect.stringContaining('openssl rand') },
    ]);
    expect(findPublishedSecrets(config, ['site'])).toHaveLength(1);
  });

  it('edgeward build exits 1 naming the field; --allow-example-secrets builds (local tests only)', async () => {
    const cfg = resolve('examples/site-cookie/edgeward.config.json');
    const jwks = resolve('examples/cdk/jwks.json');
    const refused = await runCli(['build', '-c', cfg, '--jwks', jwks, '-o', join(work, 'cli'), '-q']);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toMatch(/functions\.site\.stateSecret: this value is published/);
    const allowed = await runCli([
      'build',
      '-c',
      cfg,
      '--jwks',
      jwks,
      '-o',
      join(work, 'cli'),
      '-q',
      '--allow-example-secrets',
    ]);
    expect(allowed.code).toBe(0);
  });

  it('edgeward init writes a fresh, unpublished stateSecret in every scenario that needs one', async () => {
    const seen = new Set<string>();
    for (const scenario of SCENARIOS) {
      for (const run of [1, 2]) {
        const out = join(work, `${scenario}-${run}.json`);
        expect((await runCli(['init', scenario, '-o', out])).code, scenario).toBe(0);
        const config = JSON.parse(readFileSync(out, 'utf8'));
        for (const [name, fn] of Object.entries(config.functions) as [string, Record<string, unknown>][]) {
          const needsOne = fn['type'] === 'site' && fn['cookieLogin'] !== false && fn['client'] !== undefined;
          expect(fn['stateSecret'] !== undefined, `${scenario}.${name}`).toBe(needsOne);
          if (typeof fn['stateSecret'] !== 'string') continue;
          expect(isPublishedSecret(fn['stateSecret']), scenario).toBe(false);
          expect(Buffer.from(fn['stateSecret'], 'base64url').length).toBeGreaterThanOrEqual(32);
          expect(seen.has(fn['stateSecret']), `${scenario}: a repeated secret`).toBe(false);
          seen.add(fn['stateSecret']);
        }
      }
    }
    expect(seen.size).toBeGreaterThanOrEqual(4);
  });
});
