/**
 * `buildFunctions` end to end: every example configuration is bundled with a baked JWKS, measured against
 * the budgets, checked for forbidden imports, zipped reproducibly, and run in a fresh Node process with a
 * real event and a real token.
 */
import { createPublicKey, createVerify, generateKeyPairSync } from 'node:crypto';
import { readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { build } from 'esbuild';
import { unzipSync } from 'fflate';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  BuildError,
  type BuiltFunction,
  buildFunctions,
  EDGEWARD_ESBUILD_OPTIONS,
  findForbiddenImports,
} from '../../packages/cli/src/build/index.js';
import type { EdgewardConfig } from '../../packages/cli/src/config/types.js';
import { SCENARIOS } from '../../packages/cli/src/init/templates.js';
import { FIXED_NOW, makeKey, signHs256, signToken, type TestKey } from '../helpers/keys.js';
import { repoWorkDir } from '../helpers/work-dir.js';
import { invoke, tokenEvent, viewerRequest } from './bundles.js';

const ISS = 'https://cognito-idp.eu-west-1.amazonaws.com/eu-west-1_EXAMPLE12';
const CLIENT = '1example23456789clientid';
const KB = 1024;

let work: string;
let key: TestKey;
let jwksFile: string;
const built = new Map<string, BuiltFunction>();

beforeAll(async () => {
  // Inside the repository so that externals (the runtime-provided AWS SDK) resolve from node_modules.
  work = repoWorkDir('build-test-');
  key = await makeKey('build-test-key');
  jwksFile = join(work, 'jwks.json');
  await writeFile(jwksFile, JSON.stringify({ keys: [key.publicJwk] }));
  for (const scenario of SCENARIOS) {
    const out = await buildFunctions({
      config: `examples/${scenario}/edgeward.config.json`,
      outDir: join(work, scenario),
      jwksFile,
      allowExampleSecrets: true, // the examples' stateSecret is published: never deploy these bundles
    });
    expect(out).toHaveLength(1);
    built.set(scenario, out[0]!);
  }
}, 120_000);

afterAll(async () => {
  await rm(work, { recursive: true, force: true });
});

/** An edgeward configuration with one Bearer-only site function `files` (cookie login off), plus `fields`. */
const bearerSite = (fields: Record<string, unknown>) => ({
  issuers: {
    pool: { kind: 'cognito', region: 'eu-west-1', userPoolId: 'eu-west-1_EXAMPLE12', clientIds: [CLIENT] },
  },
  functions: { files: { type: 'site', issuer: 'pool', cookieLogin: false, bearer: true, ...fields } },
});

const accessToken = (overrides: Record<string, unknown> = {}) =>
  signToken(key, {
    iss: ISS,
    sub: 'aaaaaaaa-bbbb-cccc-dddd-eeeeeeeeeeee',
    client_id: CLIENT,
    token_use: 'access',
    scope: 'openid',
    username: 'alice',
    'cognito:groups': ['members'],
    iat: FIXED_NOW,
    exp: FIXED_NOW + 3600,
    ...overrides,
  });

describe('buildFunctions on every example', () => {
  it('writes index.mjs (plus chunks) and a zip per function, with event types and limits', () => {
    expect([...built.values()].map((b) => [b.name, b.type, b.eventType, b.sizes.limit])).toEqual([
      ['site', 'site', 'viewer-request', 1024 * 1024],
      ['files', 'site', 'viewer-request', 1024 * 1024],
      ['login', 'site', 'viewer-request', 1024 * 1024],
      ['api', 'rest-token-authorizer', 'authorizer', 50 * 1024 * 1024],
      ['api', 'rest-token-authorizer', 'authorizer', 50 * 1024 * 1024],
    ]);
    for (const b of built.values()) {
      expect(b.entryFile).toBe(join(b.dir, 'index.mjs'));
      expect(b.withinLimit).toBe(true);
    }
  });

  // Issue 14's budgets: the code a cold start loads ≤ 15 KB gzip in every documented site configuration
  // (asserted here, for the CDK example's site below and for a baked signing key); the whole zip ≤ 30 KB,
  // which is NOT met yet: the login chunk is ~16 KB gzip, 6.4 KB of it oauth4webapi. The zip ceilings hold
  // today's sizes (plain sites 30.7–31.0 KB; with CloudFront signed cookies 34.3 KB, 35.2 KB with a baked
  // key, 35.5 KB with the identity-pool route) so that nothing grows.
  const CEILINGS = { entryGzip: 15 * KB, zip: 31.5 * KB, signedCookiesZip: 35 * KB };

  it.each(SCENARIOS)('%s stays within its size ceilings', (scenario) => {
    const b = built.get(scenario)!;
    if (b.eventType === 'viewer-request') {
      expect(b.sizes.entryGzip, `${scenario}: ${b.sizes.entryGzip} B cold gzip`).toBeLessThanOrEqual(
        CEILINGS.entryGzip,
      );
      const zipCeiling = scenario === 'signed-cookies' ? CEILINGS.signedCookiesZip : CEILINGS.zip;
      expect(b.sizes.zip, `${scenario}: ${b.sizes.zip} B zip`).toBeLessThanOrEqual(zipCeiling);
      expect(b.sizes.entryGzip).toBeLessThan(b.sizes.gzip); // the login path is a chunk of its own
      // index.mjs, the chunk it shares with the login path, and the login path: every chunk boundary
      // costs bytes, and a dynamic import in code tree shaking removed (the AWS SDK's) must not add any
      expect(b.sizes.files, `${scenario}: ${b.files.join(', ')}`).toBe(3);
    } else {
      expect(b.sizes.gzip, `${scenario}: ${b.sizes.gzip} B gzip`).toBeLessThanOrEqual(19 * KB);
      expect(b.sizes.files).toBe(1);
    }
  });

  it('site bundles use no CommonJS (esbuild would put its CommonJS helpers in the cold-start code)', async () => {
    for (const scenario of ['site-cookie', 'site-bearer', 'signed-cookies']) {
      const b = built.get(scenario)!;
      for (const f of b.files) {
        const code = await readFile(join(b.dir, f), 'utf8');
        expect(code, `${scenario}/${f}`).not.toContain('__esModule'); // esbuild's __toESM
      }
      // the login chunk still writes cookies with the `cookie` package, read as an ES module
      const login = await Promise.all(b.files.map((f) => readFile(join(b.dir, f), 'utf8')));
      expect(login.some((code) => code.includes('SameSite=Lax'))).toBe(true);
    }
  });

  it("the CDK example's site (identity-pool route, signed cookies with the key in Secrets Manager) stays within its ceilings", async () => {
    const [site] = await buildFunctions({
      config: 'examples/cdk/edgeward.config.json',
      only: ['site'],
      outDir: join(work, 'cdk-example'),
      jwksFile,
      allowExampleSecrets: true, // the example's published stateSecret; never deploy this bundle
    });
    expect(site!.sizes.entryGzip, `${site!.sizes.entryGzip} B cold gzip`).toBeLessThanOrEqual(
      CEILINGS.entryGzip,
    );
    expect(site!.sizes.zip, `${site!.sizes.zip} B zip`).toBeLessThanOrEqual(36 * KB);
    expect(site!.files).toHaveLength(3);
  });

  it('keeps the AWS SDK external only in the Secrets Manager build', () => {
    expect(built.get('signed-cookies')!.externals).toEqual(['@aws-sdk/client-secrets-manager']);
    for (const s of ['site-cookie', 'site-bearer', 'rest-authorizer', 'hs256-authorizer']) {
      expect(built.get(s)!.externals).toEqual([]);
    }
  });

  it('bakes the configuration and the JWKS into the bundle', async () => {
    const code = await readFile(built.get('rest-authorizer')!.entryFile, 'utf8');
    expect(code).toContain(key.publicJwk.n as string);
    expect(code).toContain('eu-west-1_EXAMPLE12');
    expect(code).not.toMatch(/valibot|esbuild/);
  });

  it("carries only its issuer profile's recipient checks (Cognito or generic)", async () => {
    const cognito = await readFile(built.get('rest-authorizer')!.entryFile, 'utf8');
    const hs256 = await readFile(built.get('hs256-authorizer')!.entryFile, 'utf8');
    const cognitoCheck = 'JWT client_id is not an allowed app client'; // claims.ts checkCognitoRecipient
    const genericCheck = 'JWT aud is not an accepted audience'; // claims.ts checkGenericRecipient
    expect([cognito.includes(cognitoCheck), cognito.includes(genericCheck)]).toEqual([true, false]);
    expect([hs256.includes(cognitoCheck), hs256.includes(genericCheck)]).toEqual([false, true]);
  });

  it('zips reproducibly: the same input gives byte-identical zips holding every file of the bundle', async () => {
    const again = await buildFunctions({
      config: 'examples/rest-authorizer/edgeward.config.json',
      outDir: join(work, 'again'),
      jwksFile,
    });
    const first = await readFile(built.get('rest-authorizer')!.zipFile);
    const second = await readFile(again[0]!.zipFile);
    expect(Buffer.compare(first, second)).toBe(0);
    const files = unzipSync(new Uint8Array(first));
    expect(Object.keys(files)).toEqual(['index.mjs']);
    expect(
      Buffer.from(files['index.mjs']!).equals(await readFile(built.get('rest-authorizer')!.entryFile)),
    ).toBe(true);
    const site = built.get('site-cookie')!;
    const siteFiles = unzipSync(new Uint8Array(await readFile(site.zipFile)));
    expect(Object.keys(siteFiles).sort()).toEqual([...site.files]);
    expect(site.files).toContain('index.mjs');
    expect(site.files.length).toBeGreaterThan(1);
    for (const f of site.files) {
      expect(Buffer.from(siteFiles[f]!).equals(await readFile(join(site.dir, f)))).toBe(true);
    }
  });
});

describe('built bundles in a fresh Node process', () => {
  it('rest-authorizer: a valid access token gets an Allow policy; a forged one is Unauthorized', async () => {
    const fn = built.get('rest-authorizer')!;
    const ok = await invoke(fn, tokenEvent(await accessToken(), 'GET', '/pets/7'));
    expect(ok.ok).toBe(true);
    expect(ok.result.principalId).toBe('aaaaaaaa-bbbb-cccc-dddd-eeeeeeeeeeee');
    expect(ok.result.policyDocument.Statement[0]).toMatchObject({
      Effect: 'Allow',
      Action: 'execute-api:Invoke',
    });
    const other = await makeKey('build-test-key');
    const forged = await signToken(other, {
      iss: ISS,
      client_id: CLIENT,
      token_use: 'access',
      sub: 'x',
      exp: FIXED_NOW + 60,
    });
    expect(await invoke(fn, tokenEvent(forged, 'GET', '/pets/7'))).toEqual({
      ok: false,
      error: 'Unauthorized',
    });
  });

  it('hs256-authorizer: reads JWT_SECRET from the environment and verifies an HS256 token', async () => {
    const secret = new Uint8Array(32).fill(7);
    const token = await signHs256(secret, {
      iss: 'https://auth.example.com',
      sub: 'svc',
      iat: FIXED_NOW,
      exp: FIXED_NOW + 60,
    });
    const env = { JWT_SECRET: Buffer.from(secret).toString('base64url') };
    const res = await invoke(built.get('hs256-authorizer')!, tokenEvent(token, 'POST', '/orders'), env);
    expect(res.ok).toBe(true);
    expect(res.result.principalId).toBe('svc');
    const expired = await signHs256(secret, {
      iss: 'https://auth.example.com',
      sub: 'svc',
      exp: FIXED_NOW - 1,
    });
    expect(await invoke(built.get('hs256-authorizer')!, tokenEvent(expired, 'POST', '/orders'), env)).toEqual(
      {
        ok: false,
        error: 'Unauthorized',
      },
    );
  });

  it('verifies a token of a key rotated in after the build: the JWKS fetch loads from the lazily loaded code', async () => {
    const rotated = await makeKey('rotated-after-build');
    const jwks = JSON.stringify({ keys: [key.publicJwk, rotated.publicJwk] });
    const token = await signToken(rotated, {
      iss: ISS,
      sub: 'aaaaaaaa-bbbb-cccc-dddd-eeeeeeeeeeee',
      client_id: CLIENT,
      token_use: 'access',
      scope: 'openid',
      'cognito:groups': ['members'],
      iat: FIXED_NOW,
      exp: FIXED_NOW + 3600,
    });
    // unknown kid → the key store fetches the JWKS at once (jwks-fetch.ts, in the site's login chunk)
    const site = await invoke(
      built.get('site-bearer')!,
      viewerRequest('/groups/members/report.pdf', { Authorization: `Bearer ${token}` }),
      { EDGEWARD_TEST_JWKS: jwks },
    );
    expect(site.result.uri).toBe('/groups/members/report.pdf');
    // (in the authorizer, one file, the entry itself exports it)
    const api = await invoke(built.get('rest-authorizer')!, tokenEvent(token, 'GET', '/pets/7'), {
      EDGEWARD_TEST_JWKS: jwks,
    });
    expect(api.result.policyDocument.Statement[0].Effect).toBe('Allow');
    // without the rotated key in the JWKS the same token is refused
    const stale = await invoke(
      built.get('site-bearer')!,
      viewerRequest('/groups/members/report.pdf', { Authorization: `Bearer ${token}` }),
      { EDGEWARD_TEST_JWKS: JSON.stringify({ keys: [key.publicJwk] }) },
    );
    expect(stale.result.status).toBe('401');
  });

  it('site-bearer: forwards a request whose group matches the path, without the Authorization header', async () => {
    const token = await accessToken();
    const res = await invoke(
      built.get('site-bearer')!,
      viewerRequest('/groups/members/report.pdf', { Authorization: `Bearer ${token}` }),
    );
    expect(res.ok).toBe(true);
    expect(res.result.uri).toBe('/groups/members/report.pdf');
    expect(res.result.headers.authorization).toBeUndefined();
    const denied = await invoke(
      built.get('site-bearer')!,
      viewerRequest('/groups/admins/report.pdf', { Authorization: `Bearer ${token}` }),
    );
    expect(denied.result.status).toBe('403');
  });

  it('identity headers and claim placeholders only in bundles that use them, working there', async () => {
    const site = (features: boolean) =>
      bearerSite({
        ...(features ? { identityHeaders: { enabled: true } } : {}),
        rules: { rules: [{ path: features ? '/users/{sub}/*' : '/users/*' }], defaultAccess: 'deny' },
      });
    const bundles: Record<string, BuiltFunction> = {};
    for (const mode of ['with', 'without']) {
      [bundles[mode]] = await buildFunctions({
        config: site(mode === 'with') as unknown as EdgewardConfig,
        outDir: join(work, `features-${mode}`),
        jwksFile,
      });
    }
    const code = async (b: BuiltFunction) =>
      (await Promise.all(b.files.map((f) => readFile(join(b.dir, f), 'utf8')))).join('\n');
    const identityCode = 'X-Edgeward-'; // origin.ts identityHeader
    const placeholderCode = 'kind:"segment"'; // glob.ts compilePathPattern, a placeholder not a whole segment
    const withCode = await code(bundles['with']!);
    const withoutCode = await code(bundles['without']!);
    expect([withCode.includes(identityCode), withCode.includes(placeholderCode)]).toEqual([true, true]);
    expect([withoutCode.includes(identityCode), withoutCode.includes(placeholderCode)]).toEqual([
      false,
      false,
    ]);
    const sub = 'aaaaaaaa-bbbb-cccc-dddd-eeeeeeeeeeee';
    const auth = { Authorization: `Bearer ${await accessToken()}` };
    const own = await invoke(bundles['with']!, viewerRequest(`/users/${sub}/notes.txt`, auth));
    expect(own.result.uri).toBe(`/users/${sub}/notes.txt`);
    expect(own.result.headers['x-edgeward-sub']).toEqual([{ key: 'X-Edgeward-sub', value: sub }]);
    const other = await invoke(bundles['with']!, viewerRequest('/users/someone-else/notes.txt', auth));
    expect(other.result.status).toBe('403');
    // a viewer's own x-edgeward-* headers are removed by a bundle without identity headers too
    const forged = { ...auth, 'X-Edgeward-Sub': sub };
    const plain = await invoke(bundles['without']!, viewerRequest('/users/someone-else/notes.txt', forged));
    expect(plain.result.uri).toBe('/users/someone-else/notes.txt');
    expect(plain.result.headers['x-edgeward-sub']).toBeUndefined();
  });

  it('originPaths "iis" only in bundles that ask for it: folded readings there, no folding code elsewhere', async () => {
    const site = (originPaths?: string) =>
      bearerSite({
        ...(originPaths === undefined ? {} : { originPaths }),
        rules: { rules: [{ path: '/admin/*', groups: ['admins'] }] },
      });
    const bundles: Record<string, BuiltFunction> = {};
    for (const mode of ['standard', 'iis']) {
      const config = join(work, `origin-paths-${mode}.json`);
      await writeFile(config, JSON.stringify(site(mode === 'iis' ? 'iis' : undefined)));
      [bundles[mode]] = await buildFunctions({
        config,
        outDir: join(work, `origin-paths-${mode}`),
        jwksFile,
      });
    }
    const stream = ':\\$[a-z0-9_]*$'; // the NTFS stream suffix of the folded reading (readings.ts)
    // the whole bundle: the entry and its chunks (site bundles are split, issue 14)
    const code = async (b: BuiltFunction) => {
      const dir = dirname(b.entryFile);
      const files = (await readdir(dir)).filter((f) => f.endsWith('.mjs'));
      return (await Promise.all(files.map((f) => readFile(join(dir, f), 'utf8')))).join('\n');
    };
    expect(await code(bundles['iis']!)).toContain(stream);
    expect(await code(bundles['standard']!)).not.toContain(stream);
    expect(bundles['standard']!.sizes.gzip).toBeLessThan(bundles['iis']!.sizes.gzip);
    const member = { Authorization: `Bearer ${await accessToken()}` };
    for (const uri of ['/ADMIN/secret', '/admin./secret']) {
      expect((await invoke(bundles['standard']!, viewerRequest(uri, member))).result.uri).toBe(uri);
      expect((await invoke(bundles['iis']!, viewerRequest(uri, member))).result.status).toBe('403');
    }
    expect((await invoke(bundles['iis']!, viewerRequest('/admin;x/secret', member))).result.status).toBe(
      '403',
    );
  });

  it('site-cookie: a navigation without a session is redirected to the hosted UI', async () => {
    const res = await invoke(
      built.get('site-cookie')!,
      viewerRequest('/index.html', { Accept: 'text/html', 'Sec-Fetch-Mode': 'navigate' }),
    );
    expect(res.ok).toBe(true);
    expect(res.result.status).toBe('302');
    const location = new URL(res.result.headers.location[0].value);
    expect(location.origin + location.pathname).toBe(
      'https://example-prefix.auth.eu-west-1.amazoncognito.com/oauth2/authorize',
    );
    expect(location.searchParams.get('client_id')).toBe(CLIENT);
    expect(location.searchParams.get('code_challenge_method')).toBe('S256');
  });

  it('signed-cookies (Secrets Manager build): loads and refuses an anonymous issue request', async () => {
    const res = await invoke(
      built.get('signed-cookies')!,
      viewerRequest('/private/login', { Accept: 'application/json' }),
    );
    expect(res.ok).toBe(true);
    expect(['401', '302']).toContain(res.result.status);
  });

  it('signed-cookies with a baked key: the key is only in the login chunk, which signs the cookies', async () => {
    const config = JSON.parse(await readFile('examples/signed-cookies/edgeward.config.json', 'utf8'));
    const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
    const pem = privateKey.export({ format: 'pem', type: 'pkcs8' }).toString();
    config.functions.login.signedCookies.privateKey = { pem };
    const [b] = await buildFunctions({
      config,
      outDir: join(work, 'baked-key'),
      jwksFile,
      allowExampleSecrets: true, // the example's published stateSecret; never deploy this bundle
    });
    const body = pem.split('\n')[1]!;
    const files = await Promise.all(
      b!.files.map(async (f) => [f, await readFile(join(b!.dir, f), 'utf8')] as const),
    );
    expect(b!.sizes.entryGzip, 'the key is not cold-start code').toBeLessThanOrEqual(15 * KB);
    expect(b!.sizes.zip).toBeLessThanOrEqual(36 * KB);
    const holding = files.filter(([, code]) => code.includes(body)).map(([f]) => f);
    expect(holding).toHaveLength(1);
    expect(holding[0]).toMatch(/^site-signed-cookies-login-/);
    const res = await invoke(
      b!,
      viewerRequest('/private/login', { Authorization: `Bearer ${await accessToken()}` }),
    );
    expect(res.result.status).toBe('302');
    const cookies = (res.result.headers['set-cookie'] as { value: string }[]).map((c) => c.value);
    const signature = cookies.find((c) => c.startsWith('CloudFront-Signature='))!;
    const policy = cookies.find((c) => c.startsWith('CloudFront-Policy='))!;
    const unb64 = (v: string) =>
      Buffer.from(
        v.split(';')[0]!.split('=')[1]!.replace(/-/g, '+').replace(/_/g, '=').replace(/~/g, '/'),
        'base64',
      );
    const signed = createVerify('RSA-SHA256')
      .update(unb64(policy))
      .verify(createPublicKey(privateKey), unb64(signature));
    expect(signed).toBe(true);
  });
});

describe('forbidden imports', () => {
  it('finds bundled dev packages and bundled (not external) AWS SDK clients in a real metafile', async () => {
    const dir = repoWorkDir('forbidden-');
    try {
      const entry = join(dir, 'entry.ts');
      await writeFile(
        entry,
        "import * as v from 'valibot';\nimport { SecretsManagerClient } from '@aws-sdk/client-secrets-manager';\nexport const x = [v.string(), SecretsManagerClient];\n",
      );
      const bundled = await build({
        ...EDGEWARD_ESBUILD_OPTIONS,
        entryPoints: [entry],
        write: false,
        outdir: join(dir, 'out'),
      });
      const found = findForbiddenImports(bundled.metafile, { allowSdkClientsAsExternal: true }).map(
        (f) => f.packageName,
      );
      expect(found).toContain('valibot');
      expect(found).toContain('@aws-sdk/client-secrets-manager');
      const external = await build({
        ...EDGEWARD_ESBUILD_OPTIONS,
        entryPoints: [entry],
        write: false,
        outdir: join(dir, 'out'),
        external: ['@aws-sdk/client-*'],
      });
      expect(
        findForbiddenImports(external.metafile, { allowSdkClientsAsExternal: true }).map(
          (f) => f.packageName,
        ),
      ).toEqual(['valibot']);
      expect(
        findForbiddenImports(external.metafile, { allowSdkClientsAsExternal: false }).map(
          (f) => f.packageName,
        ),
      ).toEqual(['valibot', '@aws-sdk/client-secrets-manager']);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('rejects an unknown --only name and an unreadable JWKS file', async () => {
    await expect(
      buildFunctions({
        config: 'examples/rest-authorizer/edgeward.config.json',
        only: ['nope'],
        outDir: join(work, 'x'),
        jwksFile,
      }),
    ).rejects.toThrow(BuildError);
    await expect(
      buildFunctions({
        config: 'examples/rest-authorizer/edgeward.config.json',
        outDir: join(work, 'x'),
        jwksFile: join(work, 'missing.json'),
      }),
    ).rejects.toThrow(/cannot read JWKS file/);
  });
});
