/**
 * Build-time checks of the scenario D site options (`directoryIndex`, `identityPool`), each problem named
 * by its field path, and `edgeward explain` showing a directory URL's rewrite with both rule decisions.
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ConfigValidationError } from '../../packages/cli/src/config/issues.js';
import { validateConfig } from '../../packages/cli/src/config/validate.js';
import { EXAMPLE_VALUES } from '../../packages/cli/src/init/templates.js';
import { FIXED_NOW, makeKey, signToken, type TestKey } from '../helpers/keys.js';
import { runCli } from './helpers.js';

const POOL = 'eu-west-1:0f6c1c4e-0000-4000-8000-000000000000';

// biome-ignore lint/suspicious/noExplicitAny: deliberately untyped config fixtures
type Fixture = Record<string, any>;

function config(site: Fixture = {}): Fixture {
  return {
    issuers: {
      pool: { kind: 'cognito', region: 'eu-west-1', userPoolId: 'eu-west-1_Abc123', clientIds: ['client1'] },
    },
    functions: {
      site: {
        type: 'site',
        issuer: 'pool',
        client: { clientId: 'client1', cognitoDomain: 'x.auth.eu-west-1.amazoncognito.com' },
        stateSecret: EXAMPLE_VALUES.stateSecret,
        rules: { rules: [{ path: '/members/*' }, { path: '/admin/*', groups: ['admins'] }] },
        ...site,
      },
    },
  };
}

function problems(site: Fixture): string[] {
  try {
    validateConfig(config(site));
  } catch (e) {
    expect(e).toBeInstanceOf(ConfigValidationError);
    return (e as ConfigValidationError).problems.map((p) => `${p.path}: ${p.message}`);
  }
  return [];
}

describe('validateConfig: directoryIndex and identityPool', () => {
  it('accepts them', () => {
    expect(problems({ directoryIndex: 'index.html', identityPool: { identityPoolId: POOL } })).toEqual([]);
    expect(
      problems({
        identityPool: { identityPoolId: POOL, region: 'eu-west-1', path: '/_edgeward/aws', timeoutMs: 1500 },
      }),
    ).toEqual([]);
  });

  it.each([
    [{ directoryIndex: 'a/index.html' }, 'functions.site.directoryIndex'],
    [{ directoryIndex: 'index' }, 'functions.site.directoryIndex'],
    [{ identityPool: { identityPoolId: 'eu-west-1_Abc123' } }, 'functions.site.identityPool.identityPoolId'],
    [{ identityPool: { identityPoolId: POOL, region: 'us-east-1' } }, 'functions.site.identityPool'],
    [{ identityPool: { identityPoolId: POOL, timeoutMs: 9000 } }, 'functions.site.identityPool.timeoutMs'],
    [{ identityPool: { identityPoolId: POOL, endpoint: 'ftp://x' } }, 'functions.site.identityPool.endpoint'],
    [
      { identityPool: { identityPoolId: POOL, path: '/_edgeward/callback' } },
      'functions.site.identityPool.path',
    ],
    [{ identityPool: { identityPoolId: POOL, extra: 1 } }, 'functions.site.identityPool.extra'],
  ])('names the field of %j', (site, path) => {
    const found = problems(site);
    expect(
      found.some((p) => p.startsWith(`${path}:`)),
      found.join('\n'),
    ).toBe(true);
  });

  it('refuses identityPool without cookie login', () => {
    const found = problems({ cookieLogin: false, bearer: true, identityPool: { identityPoolId: POOL } });
    expect(found.join('\n')).toContain('functions.site.identityPool: needs cookieLogin');
  });
});

describe('edgeward explain on a directory URL', () => {
  let dir: string;
  let key: TestKey;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'edgeward-explain-d-'));
    key = await makeKey('explain-d');
    await writeFile(join(dir, 'jwks.json'), JSON.stringify({ keys: [key.publicJwk] }));
    const c = config({
      directoryIndex: 'index.html',
      rules: {
        rules: [
          { path: '/admin/*', groups: ['admins'] },
          { path: '/*', access: 'public' },
        ],
      },
    });
    await writeFile(join(dir, 'edgeward.config.json'), JSON.stringify(c));
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  const explain = async (path: string, groups: string[]) => {
    const jwt = await signToken(key, {
      iss: 'https://cognito-idp.eu-west-1.amazonaws.com/eu-west-1_Abc123',
      sub: 'u-1',
      client_id: 'client1',
      token_use: 'access',
      username: 'bob',
      'cognito:groups': groups,
      iat: FIXED_NOW,
      exp: FIXED_NOW + 3600,
    });
    const cfg = join(dir, 'edgeward.config.json');
    return runCli(
      ['explain', '-c', cfg, '--jwks', join(dir, 'jwks.json'), '-p', path, '--now', String(FIXED_NOW)],
      {
        stdin: jwt,
      },
    );
  };

  it('shows the rewrite and refuses when the index object’s rule refuses', async () => {
    const r = await explain('/admin', ['members']);
    expect(r.stdout).toContain('/admin is a directory URL: forwarded to the origin as /admin/index.html');
    expect(r.stdout).toMatch(/index rule\s+\/admin\/index\.html: rules\[0\]/);
    expect(r.stdout).toContain('outcome: CloudFront: 403 Forbidden — group_missing');
    expect(r.code).toBe(1);
  });

  it('shows where an allowed directory URL is forwarded', async () => {
    const r = await explain('/admin/', ['admins']);
    expect(r.stdout).toContain(
      'outcome: CloudFront: request forwarded to the origin as /admin/index.html (directory index)',
    );
    expect(r.code).toBe(0);
  });
});
