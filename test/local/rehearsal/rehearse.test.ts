/**
 * The deploy rehearsal against a hand-made cloud assembly (./fixture.ts): what runs is what the templates
 * say — behavior order, the edge function behind the cross-Region reader, the key group's template public
 * key, the response headers policy, allowed methods, the REST and HTTP API authorizers and their settings —
 * and what is not emulated is reported by name.
 */

import { generateKeyPairSync } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { getSignedCookies } from '@aws-sdk/cloudfront-signer';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rehearsalBanner } from '../../../packages/cli/src/local/rehearsal/banner.js';
import { formatFinding } from '../../../packages/cli/src/local/rehearsal/findings.js';
import { rehearsalKey } from '../../../packages/cli/src/local/rehearsal/idp-key.js';
import { type Rehearsal, startRehearsal } from '../../../packages/cli/src/local/rehearsal/rehearse.js';
import { AUTHORIZER_ASSET, EDGE_ASSET, SIGNING_KEY, USER_POOL_ID, writeFixtureAssembly } from './fixture.js';

let dir: string;
let rehearsal: Rehearsal;
let site: string;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'edgeward-rehearsal-test-'));
  writeFixtureAssembly(dir);
  rehearsal = await startRehearsal({
    assembly: 'cdk.out',
    cwd: dir,
    port: 0,
    hosts: { '*': 'www.example.com' },
  });
  site = rehearsal.distributions[0]!.url;
});

afterAll(async () => {
  await rehearsal?.close();
  rmSync(dir, { recursive: true, force: true });
});

const get = (path: string, init: RequestInit = {}) =>
  fetch(`${site}${path}`, { redirect: 'manual', ...init });

/** The rehearsal's findings as `<stack>/<id> (<type>): <message>` lines. */
const findingLines = () => rehearsal.findings.map((f) => `${f.kind} ${formatFinding(f)}`);

function cookieHeader(
  resource: string,
  privateKey = SIGNING_KEY.privateKey,
  keyPairId = 'SigningKey',
): string {
  const policy = JSON.stringify({
    Statement: [
      {
        Resource: resource,
        Condition: { DateLessThan: { 'AWS:EpochTime': Math.floor(Date.now() / 1000) + 600 } },
      },
    ],
  });
  const cookies = getSignedCookies({
    policy,
    keyPairId,
    privateKey: privateKey.export({ format: 'pem', type: 'pkcs8' }).toString(),
  });
  return Object.entries(cookies)
    .map(([name, value]) => `${name}=${value}`)
    .join('; ');
}

describe('distribution from the template', () => {
  it('serves the distribution at a local URL standing for its public host', () => {
    expect(rehearsal.distributions).toEqual([
      {
        id: 'Site/Dist',
        url: expect.stringMatching(/^http:\/\/localhost:\d+$/),
        publicOrigin: 'https://www.example.com',
        behaviors: [
          '/members/*',
          '/members/open/*',
          '/app/*',
          '/pets*',
          '/broken/*',
          '/fn/*',
          '/elsewhere/*',
          '*',
        ],
      },
    ]);
  });

  it('runs the staged code behind the EdgeFunction reader (two ES module files), with the public Host', async () => {
    const res = await get('/members/host');
    expect(res.status).toBe(200);
    expect(await res.text()).toBe('host=www.example.com;from-the-assembly');
    expect(rehearsal.functions).toContainEqual({
      id: 'Edge/ViewerFn',
      source: EDGE_ASSET,
      entryFile: 'index.mjs',
    });
  });

  it('tries behaviors in template order: /members/* wins over the later /members/open/*', async () => {
    const res = await get('/members/open/blocked.html');
    // The function's answer (a status the distribution has no custom error page for).
    expect(res.status).toBe(401);
    expect(await res.text()).toBe('blocked by the viewer-request function');
  });

  it('rewrites a redirect to the public host into the local URL', async () => {
    const res = await get('/members/away');
    expect(res.status).toBe(302);
    expect(res.headers.get('location')).toBe(`${site}/members/page.html?from=away`);
  });

  it('serves the BucketDeployment files with the behavior’s response headers policy', async () => {
    const res = await get('/members/page.html');
    expect(res.status).toBe(200);
    expect(await res.text()).toBe('<h1>members</h1>\n');
    expect(res.headers.get('cache-control')).toBe('private, no-cache');
    expect(res.headers.get('x-frame-options')).toBe('DENY');
    expect(res.headers.get('strict-transport-security')).toBe('max-age=600; includeSubDomains');
    const home = await get('/');
    expect(await home.text()).toBe('<h1>home</h1>\n');
    expect(home.headers.get('cache-control')).toBeNull();
  });

  it('refuses a method outside the behavior’s AllowedMethods (default GET, HEAD) with 403', async () => {
    const res = await get('/members/page.html', { method: 'POST', body: 'x' });
    expect(res.status).toBe(403);
    expect(await res.text()).toContain('not configured to allow the HTTP request method');
  });

  it('checks signed cookies against the template public key, for the public https URL', async () => {
    expect((await get('/app/index.html')).status).toBe(403);
    const ok = await get('/app/index.html', {
      headers: { cookie: cookieHeader('https://www.example.com/app/*') },
    });
    expect(ok.status).toBe(200);
    expect(await ok.text()).toBe('<h1>app</h1>\n');
    const httpResource = await get('/app/index.html', {
      headers: { cookie: cookieHeader('http://www.example.com/app/*') },
    });
    expect(httpResource.status).toBe(403);
    const other = generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey;
    const wrongKey = await get('/app/index.html', {
      headers: { cookie: cookieHeader('https://www.example.com/app/*', other) },
    });
    expect(wrongKey.status).toBe(403);
  });

  it('runs the viewer-request CloudFront Function from the template (directory URL → index object)', async () => {
    const res = await get('/fn/docs/');
    expect(res.status).toBe(200);
    expect(await res.text()).toBe('<h1>fn docs</h1>\n');
  });

  it('answers with the custom error responses of the distribution', async () => {
    // The bucket grants no s3:ListBucket: a missing key is S3's 403, which the distribution's page replaces.
    const res = await get('/no/such/page.html');
    expect(res.status).toBe(403);
    expect(await res.text()).toBe('<h1>not for you</h1>\n');
  });

  it('answers 503 on a behavior whose function cannot run, 502 for an origin outside the assembly', async () => {
    expect((await get('/broken/x')).status).toBe(503);
    expect((await get('/elsewhere/x')).status).toBe(502);
  });
});

describe('APIs from the template', () => {
  it('reaches the REST API through the distribution (Fn::ImportValue origin, OriginPath = stage)', async () => {
    const allowed = await get('/pets', { headers: { authorization: 'Bearer allow' } });
    expect(allowed.status).toBe(200);
    const body = (await allowed.json()) as { authorizer: { principalId: string }; path: string };
    expect(body.authorizer.principalId).toBe('user-1');
    expect(body.path).toBe('/pets');
    expect((await get('/pets', { headers: { authorization: 'Bearer deny' } })).status).toBe(403);
    expect((await get('/pets', { headers: { authorization: 'Bearer nobody' } })).status).toBe(401);
    expect((await get('/pets')).status).toBe(401);
  });

  it('runs the TOKEN authorizer with the template’s settings: validation expression, TTL 0, handler export', async () => {
    const api = rehearsal.apis.find((a) => a.kind === 'rest')!;
    expect(api.url).toMatch(/\/v1$/);
    expect(api.authorizers).toEqual([{ id: 'Authorizer', type: 'TOKEN', source: AUTHORIZER_ASSET }]);
    // A token that fails IdentityValidationExpression is refused without calling the function.
    expect((await fetch(`${api.url}/pets`, { headers: { authorization: 'Bearer ALLOW1' } })).status).toBe(
      401,
    );
    const first = (await (
      await fetch(`${api.url}/pets`, { headers: { authorization: 'Bearer allow' } })
    ).json()) as {
      authorizer: { calls: string };
    };
    const second = (await (
      await fetch(`${api.url}/pets`, { headers: { authorization: 'Bearer allow' } })
    ).json()) as {
      authorizer: { calls: string };
    };
    // TTL 0: no caching, the function runs for each request.
    expect(Number(second.authorizer.calls)).toBe(Number(first.authorizer.calls) + 1);
  });

  it('leaves out a method protected by IAM authorization (never served unprotected)', async () => {
    const api = rehearsal.apis.find((a) => a.kind === 'rest')!;
    const res = await fetch(`${api.url}/pets/7`, {
      method: 'DELETE',
      headers: { authorization: 'Bearer allow' },
    });
    expect(res.status).toBe(403);
    expect(await res.json()).toEqual({ message: 'Missing Authentication Token' });
  });

  it('runs the HTTP API Lambda authorizer with simple responses', async () => {
    const api = rehearsal.apis.find((a) => a.kind === 'http')!;
    const ok = await fetch(`${api.url}/items`, { headers: { authorization: 'Bearer allow' } });
    expect(ok.status).toBe(200);
    expect(((await ok.json()) as { authorizer: unknown }).authorizer).toEqual({
      lambda: { who: 'http-user' },
    });
    expect((await fetch(`${api.url}/items`, { headers: { authorization: 'Bearer no' } })).status).toBe(403);
    expect((await fetch(`${api.url}/items`)).status).toBe(401);
  });
});

describe('identity provider', () => {
  it('impersonates the configured user pool and signs with the rehearsal key', async () => {
    const key = await rehearsalKey(join(dir, '.edgeward', 'rehearsal'));
    const [idp] = rehearsal.identityProviders;
    expect(idp?.issuer).toBe(`https://cognito-idp.eu-west-1.amazonaws.com/${USER_POOL_ID}`);
    expect(idp?.clientIds).toEqual(['fixtureclient0001']);
    expect(idp?.idp.privateKeyJwk.kid).toBe(key.privateKeyJwk.kid);
    expect(rehearsal.jwksFile).toBe(key.jwksFile);
  });
});

describe('findings', () => {
  it('reports what is not emulated by stack, logical id and resource type', () => {
    const lines = findingLines();
    const expected = [
      'unsupported Site/Dist (AWS::CloudFront::Distribution): behavior /fn/*: the viewer-response CloudFront Function is not run',
      'unsupported Site/Dist (AWS::CloudFront::Distribution): behavior /fn/*: origin-request Lambda@Edge functions are not run',
      'unsupported Site/Dist (AWS::CloudFront::Distribution): origin elsewhere: origin.example.com is outside the assembly',
      'unsupported Site/BrokenFn (AWS::Lambda::Function): cannot run: Runtime "python3.12" is not a Node.js runtime',
      'unsupported Site/Headers (AWS::CloudFront::ResponseHeadersPolicy): CorsConfig',
      'unsupported Site/Queue (AWS::SQS::Queue): not emulated',
      'unsupported Api/DeletePet (AWS::ApiGateway::Method): DELETE /pets/{id}: AWS_IAM authorization is not emulated',
      'substituted Site/SigningKey (AWS::CloudFront::PublicKey): CloudFront assigns this key',
      'substituted Site/Content (AWS::S3::Bucket): a local folder with the files of Deploy',
      'substituted Api/GetPets (AWS::ApiGateway::Method): GET /pets: the integration (Backend) is not run',
      'substituted Api/Items (AWS::ApiGatewayV2::Route): GET /items: the integration (Backend) is not run',
    ];
    for (const line of expected)
      expect(
        lines.some((l) => l.startsWith(line)),
        line,
      ).toBe(true);
  });

  it('does not report what has no effect on requests or is plumbing of a mapped construct', () => {
    const named = rehearsal.findings.map((f) => `${f.stack}/${f.logicalId}`);
    for (const quiet of [
      'Edge/ViewerFnRole',
      'Site/ContentPolicy',
      'Site/ReaderProvider',
      'Site/DeployHandler',
      'Api/Backend',
      'Api/Deployment',
      'Edge/ViewerFn',
      'Api/AuthFn',
    ]) {
      expect(named, quiet).not.toContain(quiet);
    }
  });
});

describe('the baked JWKS', () => {
  it('refuses an assembly whose functions bake another JWKS for the configured pool, naming the synth command', async () => {
    const other = mkdtempSync(join(tmpdir(), 'edgeward-rehearsal-jwks-'));
    try {
      writeFixtureAssembly(other, { authorizerExtra: `\n// issuer ${USER_POOL_ID} kid some-other-key\n` });
      await expect(startRehearsal({ assembly: 'cdk.out', cwd: other, port: 0 })).rejects.toThrow(
        /Api\/AuthFn does not carry the rehearsal JWKS: synthesize with `cdk synth -c edgeward:jwksFile=.*jwks\.json`/,
      );
      const key = await rehearsalKey(join(other, '.edgeward', 'rehearsal'));
      writeFixtureAssembly(other, {
        authorizerExtra: `\n// issuer ${USER_POOL_ID} kid ${key.privateKeyJwk.kid}\n`,
      });
      const ok = await startRehearsal({ assembly: 'cdk.out', cwd: other, port: 0 });
      await ok.close();
    } finally {
      rmSync(other, { recursive: true, force: true });
    }
  });
});

describe('banner', () => {
  it('says what stands for what, which code runs, and every finding by name', () => {
    const text = rehearsalBanner(rehearsal, 'cdk.out');
    expect(text).toContain(`${site}   stands for https://www.example.com`);
    expect(text).toContain(`authorizer Authorizer: TOKEN, asset ${AUTHORIZER_ASSET.slice(0, 12)}…`);
    expect(text).toContain(`Edge/ViewerFn   asset ${EDGE_ASSET.slice(0, 12)}… index.mjs`);
    for (const finding of rehearsal.findings) expect(text).toContain(`- ${formatFinding(finding)}`);
  });
});
