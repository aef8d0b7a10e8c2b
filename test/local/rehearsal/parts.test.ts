/**
 * The rehearsal's parts on their own: template evaluation, function code (handler lookup, inline code,
 * zip extraction that refuses paths escaping the folder), the public-origin proxy and `fetch` mapping, the
 * local Secrets Manager, and synthesis with the rehearsal JWKS in the CDK context.
 */
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { GetSecretValueCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { zipSync } from 'fflate';
import { afterAll, describe, expect, it } from 'vitest';
import { closeServer, listen } from '../../../packages/cli/src/local/http.js';
import { invokeHandler } from '../../../packages/cli/src/local/lambda.js';
import type {
  AssemblyStack,
  CloudAssemblyModel,
} from '../../../packages/cli/src/local/rehearsal/assembly.js';
import { Findings } from '../../../packages/cli/src/local/rehearsal/findings.js';
import {
  extractZip,
  FunctionCodeError,
  prepareFunction,
} from '../../../packages/cli/src/local/rehearsal/functions.js';
import { startPoolStandIn, templateClient } from '../../../packages/cli/src/local/rehearsal/identity.js';
import { rehearsalKey } from '../../../packages/cli/src/local/rehearsal/idp-key.js';
import {
  mapFetch,
  rewriteUrl,
  startOriginProxy,
  withoutPublicDomain,
} from '../../../packages/cli/src/local/rehearsal/network.js';
import { synthesizeForRehearsal } from '../../../packages/cli/src/local/rehearsal/synth.js';
import { TemplateIndex } from '../../../packages/cli/src/local/rehearsal/template.js';
import { secretNameOf, startSecretsManager } from '../../../packages/cli/src/local/secrets-manager.js';

const work = mkdtempSync(join(tmpdir(), 'edgeward-rehearsal-parts-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

function stack(
  id: string,
  resources: AssemblyStack['resources'],
  extra: Partial<AssemblyStack> = {},
): AssemblyStack {
  return {
    id,
    stackName: id,
    account: '111111111111',
    region: 'eu-west-1',
    resources,
    outputs: {},
    conditions: {},
    ...extra,
  };
}

describe('TemplateIndex', () => {
  const api = stack(
    'Api',
    { Rest: { Type: 'AWS::ApiGateway::RestApi' }, Fn: { Type: 'AWS::Lambda::Function' } },
    {
      outputs: { Out: { Value: { Ref: 'Rest' }, Export: { Name: 'Api:Rest' } } },
    },
  );
  const site = stack('Site', { Bucket: { Type: 'AWS::S3::Bucket' } });
  const model: CloudAssemblyModel = {
    directory: work,
    stacks: [api, site],
    assets: [{ id: 'h', path: '/x', packaging: 'zip', objectKeys: ['h.zip'] }],
  };
  const index = new TemplateIndex(model);

  it('evaluates Join, Sub, Select, Split and pseudo parameters', () => {
    expect(
      index.literal(site, { 'Fn::Join': ['-', ['a', { Ref: 'AWS::Region' }, { Ref: 'AWS::AccountId' }]] }),
    ).toBe('a-eu-west-1-111111111111');
    const sub = {
      'Fn::Sub': ['$X{AWS::Partition}:$X{Name}:$X{!Literal}'.replaceAll('$X', '$'), { Name: 'n' }],
    };
    expect(index.literal(site, sub)).toBe('aws:n:$X{Literal}'.replace('$X', '$'));
    expect(index.literal(site, { 'Fn::Select': [1, { 'Fn::Split': ['/', 'a/b/c'] }] })).toBe('b');
    expect(index.literal(site, { Ref: 'SomeParameter' })).toBeUndefined();
    expect(index.literal(site, { 'Fn::If': ['Cond', 'a', 'b'] })).toBeUndefined();
  });

  it('follows Ref, GetAtt (both spellings) and ImportValue to the resource, through strings built around it', () => {
    expect(index.target(site, { Ref: 'Bucket' })?.logicalId).toBe('Bucket');
    expect(index.target(site, { 'Fn::GetAtt': 'Bucket.RegionalDomainName' })?.attribute).toBe(
      'RegionalDomainName',
    );
    const imported = index.target(site, { 'Fn::ImportValue': 'Api:Rest' });
    expect([imported?.stack.id, imported?.logicalId]).toEqual(['Api', 'Rest']);
    const url = index.evaluate(site, {
      'Fn::Join': [
        '',
        ['https://', { 'Fn::ImportValue': 'Api:Rest' }, '.execute-api.eu-west-1.amazonaws.com/v1/'],
      ],
    }) as string;
    const host = index.evaluate(site, { 'Fn::Select': [2, { 'Fn::Split': ['/', url] }] }) as string;
    expect(index.targetsIn(host).map((t) => t.logicalId)).toEqual(['Rest']);
    expect(index.literal(site, url)).toBeUndefined();
    const deep = index.referencedIn(api, {
      Uri: { 'Fn::Join': ['', ['x', { 'Fn::GetAtt': ['Fn', 'Arn'] }]] },
    });
    expect(deep.map((t) => t.logicalId)).toEqual(['Fn']);
  });

  it('finds assets by their S3 object key', () => {
    expect(index.assetForObjectKey('h.zip')?.id).toBe('h');
    expect(index.assetForObjectKey('other.zip')).toBeUndefined();
  });
});

describe('function code', () => {
  const asset = join(work, 'asset.fn');
  mkdirSync(join(asset, 'lib'), { recursive: true });
  writeFileSync(join(asset, 'lib', 'main.cjs'), 'exports.run = async (e) => ({ got: e.n * 2 });\n');
  const fnStack = stack('S', {
    Fn: {
      Type: 'AWS::Lambda::Function',
      Properties: { Code: { S3Key: 'fn.zip' }, Handler: 'lib/main.run', Runtime: 'nodejs22.x', Timeout: 7 },
    },
    Inline: {
      Type: 'AWS::Lambda::Function',
      Properties: {
        Code: { ZipFile: 'exports.handler = async () => "inline";' },
        Handler: 'index.handler',
        Runtime: 'nodejs20.x',
        Environment: { Variables: { A: 'x', B: { Ref: 'Unknown' } } },
      },
    },
    Missing: {
      Type: 'AWS::Lambda::Function',
      Properties: { Code: { S3Key: 'nope.zip' }, Handler: 'index.handler', Runtime: 'nodejs22.x' },
    },
    BadHandler: {
      Type: 'AWS::Lambda::Function',
      Properties: { Code: { S3Key: 'fn.zip' }, Handler: 'index.handler', Runtime: 'nodejs22.x' },
    },
  });
  const index = new TemplateIndex({
    directory: work,
    stacks: [fnStack],
    assets: [{ id: 'fn', path: asset, packaging: 'zip', objectKeys: ['fn.zip'] }],
  });
  const record = (id: string) => index.get(fnStack, id)!;
  const out = join(work, 'functions');

  it('finds the handler as Lambda does: file.js, .mjs or .cjs, and the named export', async () => {
    const fn = prepareFunction(index, record('Fn'), out);
    expect(fn.entryFile).toBe('lib/main.cjs');
    expect(fn.timeoutSeconds).toBe(7);
    const outcome = await invokeHandler(fn.handler, { n: 21 }, { timeoutMs: 1000 });
    expect(outcome).toEqual({ ok: true, result: { got: 42 } });
  });

  it('runs inline code as index.js, keeping literal environment variables', async () => {
    const fn = prepareFunction(index, record('Inline'), out);
    expect(fn.source).toBe('inline');
    expect(fn.environment).toEqual({ A: 'x' });
    expect(await invokeHandler(fn.handler, {}, { timeoutMs: 1000 })).toEqual({ ok: true, result: 'inline' });
  });

  it('names what is missing', () => {
    expect(() => prepareFunction(index, record('Missing'), out)).toThrow(
      new FunctionCodeError('Code.S3Key "nope.zip" is not an asset staged in this assembly'),
    );
    expect(() => prepareFunction(index, record('BadHandler'), out)).toThrow(
      'Handler "index.handler": no index.js, .mjs or .cjs in the function\'s code',
    );
  });

  it('extracts a zip, refusing an entry that would land outside the folder', () => {
    const good = join(work, 'good.zip');
    writeFileSync(good, zipSync({ 'a/b.txt': new TextEncoder().encode('b') }));
    extractZip(good, join(work, 'unzipped'));
    expect(readFileSync(join(work, 'unzipped', 'a', 'b.txt'), 'utf8')).toBe('b');
    const evil = join(work, 'evil.zip');
    writeFileSync(evil, zipSync({ '../escaped.txt': new TextEncoder().encode('x') }));
    expect(() => extractZip(evil, join(work, 'unzipped2'))).toThrow(/escapes the archive/);
    expect(existsSync(join(work, 'escaped.txt'))).toBe(false);
  });
});

describe('public origins answered locally', () => {
  it('rewrites URLs in both directions and drops a public Domain from Set-Cookie', () => {
    const m = [{ publicOrigin: 'https://d1.cloudfront.net', localOrigin: 'http://localhost:1' }];
    expect(rewriteUrl('https://d1.cloudfront.net/a?b', m, 'toLocal')).toBe('http://localhost:1/a?b');
    expect(rewriteUrl('https://d1.cloudfront.net.evil.com/a', m, 'toLocal')).toBe(
      'https://d1.cloudfront.net.evil.com/a',
    );
    expect(rewriteUrl('http://localhost:1/x', m, 'toPublic')).toBe('https://d1.cloudfront.net/x');
    expect(withoutPublicDomain('a=1; Domain=.d1.cloudfront.net; Secure', 'd1.cloudfront.net')).toBe(
      'a=1; Secure',
    );
    expect(withoutPublicDomain('a=1; Domain=other.net', 'd1.cloudfront.net')).toBe('a=1; Domain=other.net');
  });

  it('proxies to the local server with the public Host and maps Location headers', async () => {
    const seen: string[] = [];
    const server = createServer((req, res) => {
      seen.push(`${req.headers.host} ${req.headers.origin}`);
      res.writeHead(302, {
        location: 'https://idp.example.com/login?x=1',
        'set-cookie': ['s=1; Domain=site.example.com'],
      });
      res.end();
    });
    const port = await listen(server, 0, '127.0.0.1');
    const mappings = [{ publicOrigin: 'https://idp.example.com', localOrigin: 'http://127.0.0.1:9' }];
    const proxy = await startOriginProxy({
      publicOrigin: 'https://site.example.com',
      target: `http://127.0.0.1:${port}`,
      presentPublicHost: true,
      hostname: 'localhost',
      port: 0,
      mappings: () => [
        ...mappings,
        { publicOrigin: 'https://site.example.com', localOrigin: proxy.localOrigin },
      ],
    });
    try {
      const res = await fetch(`${proxy.localOrigin}/x`, {
        redirect: 'manual',
        headers: { origin: proxy.localOrigin },
      });
      expect(res.headers.get('location')).toBe('http://127.0.0.1:9/login?x=1');
      expect(res.headers.get('set-cookie')).toBe('s=1');
      expect(seen).toEqual(['site.example.com https://site.example.com']);
    } finally {
      await proxy.close();
      await closeServer(server);
    }
  });

  it('maps fetch to a public origin onto the local server, and restores fetch', async () => {
    const server = createServer((req, res) => res.end(`local ${req.url}`));
    const port = await listen(server, 0, '127.0.0.1');
    const original = globalThis.fetch;
    const restore = mapFetch([
      { publicOrigin: 'https://auth.example.com', target: `http://127.0.0.1:${port}` },
    ]);
    try {
      expect(
        await (await fetch('https://auth.example.com/oauth2/token?a=1', { method: 'POST' })).text(),
      ).toBe('local /oauth2/token?a=1');
      expect(await (await fetch(new Request('https://auth.example.com/r'))).text()).toBe('local /r');
    } finally {
      restore();
      await closeServer(server);
    }
    expect(globalThis.fetch).toBe(original);
  });
});

describe('local Secrets Manager', () => {
  it('answers GetSecretValue for a name or an ARN through the AWS SDK, and ResourceNotFound otherwise', async () => {
    const sm = await startSecretsManager({ secrets: { 'edgeward/key': 'pem-text' } });
    const client = new SecretsManagerClient({
      region: 'us-east-1',
      endpoint: sm.endpoint,
      credentials: { accessKeyId: 'AKIAIOSFODNN7EXAMPLE', secretAccessKey: 'x' },
    });
    try {
      const byName = await client.send(new GetSecretValueCommand({ SecretId: 'edgeward/key' }));
      expect(byName.SecretString).toBe('pem-text');
      const byArn = await client.send(
        new GetSecretValueCommand({
          SecretId: 'arn:aws:secretsmanager:us-east-1:1:secret:edgeward/key-AbCdEf',
        }),
      );
      expect(byArn.Name).toBe('edgeward/key');
      await expect(client.send(new GetSecretValueCommand({ SecretId: 'other' }))).rejects.toMatchObject({
        name: 'ResourceNotFoundException',
      });
    } finally {
      client.destroy();
      await sm.close();
    }
    expect(
      secretNameOf('arn:aws:secretsmanager:r:1:secret:edgeward/key-AbCdE', ['edgeward/key']),
    ).toBeUndefined();
  });
});

describe('synthesis for a rehearsal', () => {
  it('runs the cdk.json app with CDK_OUTDIR and the context (cdk.json, cdk.context.json, edgeward:jwksFile)', async () => {
    const app = join(work, 'app');
    mkdirSync(app, { recursive: true });
    writeFileSync(
      join(app, 'write.mjs'),
      "import { writeFileSync } from 'node:fs'; import { join } from 'node:path';\n" +
        'const out = process.env.CDK_OUTDIR; writeFileSync(join(out, \'manifest.json\'), \'{"version":"36.0.0","artifacts":{}}\');\n' +
        "writeFileSync(join(out, 'context.json'), process.env.CDK_CONTEXT_JSON);\n",
    );
    writeFileSync(join(app, 'cdk.json'), JSON.stringify({ app: 'node write.mjs', context: { a: 1, b: 1 } }));
    writeFileSync(join(app, 'cdk.context.json'), JSON.stringify({ b: 2 }));
    const out = await synthesizeForRehearsal({
      appDir: app,
      outDir: join(app, 'out'),
      jwksFile: join(app, 'jwks.json'),
    });
    expect(JSON.parse(readFileSync(join(out, 'context.json'), 'utf8'))).toEqual({
      a: 1,
      b: 2,
      'edgeward:jwksFile': join(app, 'jwks.json'),
    });
    writeFileSync(join(app, 'cdk.json'), JSON.stringify({ app: 'node -e "process.exit(3)"' }));
    await expect(
      synthesizeForRehearsal({ appDir: app, outDir: join(app, 'out'), jwksFile: join(app, 'jwks.json') }),
    ).rejects.toThrow(/failed with exit code 3/);
  });
});

describe('the user pool stand-in', () => {
  const poolStack = stack('Pool', {
    Client: {
      Type: 'AWS::Cognito::UserPoolClient',
      Properties: {
        CallbackURLs: ['https://site.example.com/_edgeward/callback'],
        LogoutURLs: ['https://site.example.com/'],
        AllowedOAuthScopes: ['openid', 'email'],
        AccessTokenValidity: 5,
        IdTokenValidity: 2,
        TokenValidityUnits: { AccessToken: 'minutes', IdToken: 'hours' },
      },
    },
  });
  const index = new TemplateIndex({ directory: work, stacks: [poolStack], assets: [] });

  it('reads the template app client: callback and sign-out URLs, scopes, lifetimes in seconds', () => {
    expect(templateClient(index, new Findings())).toEqual({
      callbackUrls: ['https://site.example.com/_edgeward/callback'],
      logoutUrls: ['https://site.example.com/'],
      scopes: ['openid', 'email'],
      accessTokenTtlSeconds: 300,
      idTokenTtlSeconds: 7200,
    });
  });

  it('refuses a callback the template app client does not list, as Cognito would', async () => {
    const key = await rehearsalKey(join(work, 'pool-key'));
    const standIn = await startPoolStandIn({
      pool: {
        region: 'eu-west-1',
        userPoolId: 'eu-west-1_POOL',
        clientIds: new Set(['client1']),
        clientSecrets: new Map(),
        publicOrigins: new Set(['https://prefix.auth.eu-west-1.amazoncognito.com']),
        callbackPaths: new Set(['/_edgeward/callback']),
        logoutTargets: new Set(['/']),
      },
      template: templateClient(index, new Findings())!,
      siteOrigins: ['https://other.example.com'],
      usersFile: 'packages/cli/demo/users.json',
      signingKey: key.privateKeyJwk,
      takePort: () => 0,
      mappings: () => [],
    });
    try {
      const authorize = (redirect: string) =>
        fetch(
          `${standIn.url}/oauth2/authorize?${new URLSearchParams({ client_id: 'client1', response_type: 'code', scope: 'openid', redirect_uri: redirect })}`,
          { redirect: 'manual' },
        );
      expect((await authorize('https://site.example.com/_edgeward/callback')).status).toBe(303);
      expect((await authorize('https://other.example.com/_edgeward/callback')).status).toBe(400);
      expect(standIn.idp.issuer).toBe('https://cognito-idp.eu-west-1.amazonaws.com/eu-west-1_POOL');
      expect(standIn.originMappings).toEqual([
        { publicOrigin: 'https://prefix.auth.eu-west-1.amazoncognito.com', localOrigin: standIn.url },
      ]);
    } finally {
      await standIn.close();
    }
  });
});
