/**
 * Which code each function gets: the example app is synthesized offline, each Lambda function's `S3Key` is
 * followed to its staged asset in the cloud assembly, and that asset's `index.mjs` is called with AWS-shaped
 * events. Asset hashes are content keys: the same inputs in another folder give the same hash, and a
 * configuration change changes only the assets of the functions it affects.
 */
import { createHash } from 'node:crypto';
import { cpSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { App, Stack } from 'aws-cdk-lib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CONFIG_FILE, createApp } from '../../examples/cdk/stacks.js';
import { ProtectedSite, stageFunction } from '../../packages/cdk/src/index.js';
import { tokenEvent } from '../fixtures/apigateway/events.js';
import { NAVIGATION, viewerRequest } from '../fixtures/cloudfront/viewer-request.js';
import { FIXED_NOW, makeKey, signToken, type TestKey } from '../helpers/keys.js';
import { withSignatureBytes } from '../helpers/tokens.js';
import { repoWorkDir } from '../helpers/work-dir.js';
import { type FunctionAsset, functionAssets, functionByDescription, invokeAsset } from './assembly.js';

/** CDK's asset hash for a custom hash: SHA-256 of it (aws-cdk-lib AssetStaging.calculateHash). */
const cdkAssetHash = (custom: string) => createHash('sha256').update(custom).digest('hex');

interface AuthorizerResult {
  principalId: string;
  policyDocument: { Statement: { Effect: string; Action: string; Resource: string[] }[] };
}

const ISS = 'https://cognito-idp.eu-west-1.amazonaws.com/eu-west-1_EXAMPLE12';
const CLIENT = '1example23456789clientid';
const METHOD_ARN = 'arn:aws:execute-api:eu-west-1:111111111111:abcdef1234/prod/GET/pets';

let work: string;
let key: TestKey;
let jwksFile: string;
let site: FunctionAsset;
let authorizer: FunctionAsset;
let all: FunctionAsset[];

/** A copy of the example config, changed by `edit`, written to `<dir>/edgeward.config.json`. */
function exampleConfigIn(dir: string, edit: (config: ExampleConfig) => void = () => {}): string {
  mkdirSync(dir, { recursive: true });
  const config = JSON.parse(readFileSync(CONFIG_FILE, 'utf8')) as ExampleConfig;
  delete config.$schema;
  edit(config);
  const file = join(dir, 'edgeward.config.json');
  writeFileSync(file, JSON.stringify(config, null, 2));
  return file;
}

// biome-ignore lint/suspicious/noExplicitAny: the example's JSON is edited freely in tests
type ExampleConfig = { $schema?: string; $comment?: string; issuers: any; functions: any };

beforeAll(async () => {
  // Inside the repository, so that the Secrets Manager build's external AWS SDK import resolves.
  work = repoWorkDir('cdk-assets-');
  key = await makeKey('cdk-assets-key');
  jwksFile = join(work, 'jwks.json');
  writeFileSync(jwksFile, JSON.stringify({ keys: [key.publicJwk] }));
  const built = createApp({
    outdir: join(work, 'cdk.out'),
    env: {},
    context: { 'edgeward:jwksFile': jwksFile },
  });
  all = functionAssets(built.app.synth());
  site = functionByDescription(all, /^edgeward viewer-request \(site\)$/);
  authorizer = functionByDescription(all, /^edgeward rest-token authorizer \(api\)$/);
}, 240_000);

afterAll(() => {
  rmSync(work, { recursive: true, force: true });
});

const accessToken = () =>
  signToken(key, {
    iss: ISS,
    sub: 'aaaaaaaa-bbbb-cccc-dddd-eeeeeeeeeeee',
    client_id: CLIENT,
    token_use: 'access',
    scope: 'openid',
    username: 'alice',
    iat: FIXED_NOW,
    exp: FIXED_NOW + 3600,
  });

describe('the example app: each function runs its own bundle', () => {
  it('gives the site and the authorizer different assets, the site in us-east-1', () => {
    expect(site.assetHash).not.toBe(authorizer.assetHash);
    expect(site.dir).not.toBe(authorizer.dir);
    expect(site.stack).toMatch(/^edge-lambda-stack-/);
    expect(authorizer.stack).toBe('EdgewardApi');
  });

  it('stages each asset as a directory holding index.mjs, keyed by the content hash', () => {
    for (const [fn, asset] of [
      ['site', site],
      ['api', authorizer],
    ] as const) {
      const staged = stageFunction({
        configFile: CONFIG_FILE,
        functionName: fn,
        jwksFile,
        allowExampleSecrets: true,
      });
      expect(cdkAssetHash(staged.assetHash), fn).toBe(asset.assetHash);
      expect(
        readFileSync(join(asset.dir, 'index.mjs')).equals(readFileSync(join(staged.dir, 'index.mjs'))),
      ).toBe(true);
    }
  });

  it('the authorizer asset refuses a tampered token with exactly Unauthorized, and allows a valid one', async () => {
    const token = await accessToken();
    const tampered = withSignatureBytes(token, (sig) => {
      const copy = Buffer.from(sig);
      copy[copy.length - 1]! ^= 0x01;
      return copy;
    });
    expect(await invokeAsset(authorizer.dir, tokenEvent(`Bearer ${tampered}`, METHOD_ARN))).toEqual({
      ok: false,
      error: 'Unauthorized',
    });
    const allowed = await invokeAsset(authorizer.dir, tokenEvent(`Bearer ${token}`, METHOD_ARN));
    expect(allowed.ok).toBe(true);
    const result = (allowed as { result: AuthorizerResult }).result;
    expect(result.principalId).toBe('aaaaaaaa-bbbb-cccc-dddd-eeeeeeeeeeee');
    expect(result.policyDocument.Statement[0]).toEqual({
      Effect: 'Allow',
      Action: 'execute-api:Invoke',
      Resource: [METHOD_ARN, `${METHOD_ARN}/*`],
    });
  });

  it('the site asset answers a viewer-request: a navigation to a protected page goes to the hosted UI', async () => {
    const answer = await invokeAsset(site.dir, viewerRequest({ uri: '/members/', headers: NAVIGATION }));
    expect(answer.ok).toBe(true);
    const result = (answer as { result: { status: string; headers: Record<string, { value: string }[]> } })
      .result;
    expect(result.status).toBe('302');
    expect(result.headers['location']?.[0]?.value).toMatch(
      /^https:\/\/example-prefix\.auth\.eu-west-1\.amazoncognito\.com\/oauth2\/authorize\?/,
    );
  });

  it('a TOKEN event given to the site asset is not authorized as if it were the authorizer', async () => {
    const answer = await invokeAsset(site.dir, tokenEvent(`Bearer ${await accessToken()}`, METHOD_ARN));
    expect(answer).not.toMatchObject({ ok: true, result: { policyDocument: expect.anything() } });
  });
});

describe('content-keyed asset hashes', () => {
  const hashes = (configFile: string, jwks = jwksFile) => ({
    site: stageFunction({ configFile, functionName: 'site', jwksFile: jwks, allowExampleSecrets: true })
      .assetHash,
    api: stageFunction({ configFile, functionName: 'api', jwksFile: jwks, allowExampleSecrets: true })
      .assetHash,
  });

  it('the same inputs in another folder give the same hashes', { timeout: 180_000 }, () => {
    const a = join(work, 'folder-a', 'nested');
    const b = join(work, 'folder-b');
    mkdirSync(b, { recursive: true });
    cpSync(jwksFile, join(b, 'keys.json'));
    expect(hashes(exampleConfigIn(a))).toEqual(hashes(exampleConfigIn(b), join(b, 'keys.json')));
    expect(cdkAssetHash(hashes(exampleConfigIn(a)).site)).toBe(site.assetHash);
  });

  it('a change to one function changes only its asset; a shared issuer change changes both', async () => {
    const base = hashes(exampleConfigIn(join(work, 'base')));
    const siteRule = hashes(
      exampleConfigIn(join(work, 'site-rule'), (c) => {
        c.functions.site.rules.rules.push({ path: '/reports/*', groups: ['admins'] });
      }),
    );
    expect(siteRule.site).not.toBe(base.site);
    expect(siteRule.api).toBe(base.api);
    const apiRule = hashes(
      exampleConfigIn(join(work, 'api-rule'), (c) => {
        c.functions.api.rules.rules[0].methods = ['GET', 'HEAD'];
      }),
    );
    expect(apiRule.api).not.toBe(base.api);
    expect(apiRule.site).toBe(base.site);
    const comment = hashes(
      exampleConfigIn(join(work, 'comment'), (c) => {
        c.$comment = 'a different comment';
      }),
    );
    expect(comment).toEqual(base);
    const otherKey = await makeKey('cdk-assets-other');
    const otherJwks = join(work, 'other-jwks.json');
    writeFileSync(otherJwks, JSON.stringify({ keys: [otherKey.publicJwk] }));
    const jwks = hashes(exampleConfigIn(join(work, 'base')), otherJwks);
    expect(jwks.site).not.toBe(base.site);
    expect(jwks.api).not.toBe(base.api);
  }, 120_000);
});

describe('two sites from one config', () => {
  it('get one asset each, each with its own rules', async () => {
    const configFile = exampleConfigIn(join(work, 'two-sites'), (c) => {
      const second = structuredClone(c.functions.site);
      second.rules.rules = [
        { path: '/members/*', access: 'public' },
        ...second.rules.rules.filter((r: { path: string }) => r.path !== '/members/*'),
      ];
      c.functions.second = second;
    });
    const app = new App({ outdir: join(work, 'two-sites', 'cdk.out') });
    const env = { account: '111111111111', region: 'eu-west-1' };
    for (const functionName of ['site', 'second']) {
      new ProtectedSite(new Stack(app, `Site-${functionName}`, { env }), 'Site', {
        configFile,
        functionName,
        jwksFile,
        allowExampleSecrets: true,
        protectedPaths: ['/members/*', '/admin/*', '/private/login'],
      });
    }
    const assets = functionAssets(app.synth());
    const first = functionByDescription(assets, /\(site\)$/);
    const second = functionByDescription(assets, /\(second\)$/);
    expect(first.assetHash).not.toBe(second.assetHash);
    const request = viewerRequest({ uri: '/members/', headers: NAVIGATION });
    expect(await invokeAsset(first.dir, request)).toMatchObject({ ok: true, result: { status: '302' } });
    // The example's directoryIndex forwards the directory URL to its index object.
    expect(await invokeAsset(second.dir, request)).toMatchObject({
      ok: true,
      result: { uri: '/members/index.html' },
    });
  }, 120_000);
});

describe('stacks the CDK CLI does not bundle in this run', () => {
  it('are not built (cdk deploy --exclusively, destroy, ls): no asset, no build error', () => {
    const app = new App({
      outdir: join(work, 'skipped', 'cdk.out'),
      context: { 'aws:cdk:bundling-stacks': ['Other'] },
    });
    const missing = join(work, 'skipped', 'no-such-jwks.json');
    const stack = new Stack(app, 'Skipped', { env: { account: '111111111111', region: 'eu-west-1' } });
    new ProtectedSite(stack, 'Site', {
      configFile: CONFIG_FILE,
      functionName: 'site',
      jwksFile: missing,
      protectedPaths: ['/members/*', '/admin/*', '/private/login'],
    });
    const edgeward = functionAssets(app.synth()).filter((f) => f.description?.startsWith('edgeward'));
    expect(edgeward).toEqual([]);
  });
});
