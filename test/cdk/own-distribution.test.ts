/**
 * Bring your own distribution (docs/deploy.md): `edgewardCode()` with your own `EdgeFunction`, on your own
 * `Distribution` or for a distribution this app does not manage. Checked by offline synth: which behaviors
 * run the function, and which code the function gets (its staged asset answers a viewer-request).
 */
import { readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { App } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EdgeFunctionOnlyStack, OwnDistributionStack } from '../../examples/cdk/own-distribution.js';
import { CONFIG_FILE, JWKS_FILE } from '../../examples/cdk/stacks.js';
import { stageFunction } from '../../packages/cdk/src/index.js';
import { NAVIGATION, viewerRequest } from '../fixtures/cloudfront/viewer-request.js';
import { repoWorkDir } from '../helpers/work-dir.js';
import { type FunctionAsset, functionAssets, invokeAsset } from './assembly.js';

const env = { account: '111111111111', region: 'eu-west-1' };
const props = { env, configFile: CONFIG_FILE, jwksFile: JWKS_FILE, allowExampleSecrets: true };
let work: string;
let own: Template;
let ownAsset: FunctionAsset;
let onlyAsset: FunctionAsset;
let onlyTemplate: Template;

beforeAll(() => {
  work = repoWorkDir('cdk-own-');
  const app = new App({ outdir: join(work, 'cdk.out') });
  const stack = new OwnDistributionStack(app, 'Own', props);
  const only = new EdgeFunctionOnlyStack(app, 'EdgeOnly', props);
  const assets = functionAssets(app.synth());
  own = Template.fromStack(stack);
  onlyTemplate = Template.fromStack(only);
  [ownAsset] = assets.filter((a) => a.stack.startsWith('edge-lambda-stack-'));
  [onlyAsset] = assets.filter((a) => a.stack === 'EdgeOnly');
}, 240_000);

afterAll(() => {
  rmSync(work, { recursive: true, force: true });
});

describe('your own Distribution', () => {
  it('runs the function on /_edgeward/* (not cached) and the protected paths, not on the default behavior', () => {
    const dist = Object.values(own.findResources('AWS::CloudFront::Distribution'))[0] as {
      Properties: { DistributionConfig: Record<string, unknown> };
    };
    const config = dist.Properties.DistributionConfig;
    const behaviors = config['CacheBehaviors'] as Array<Record<string, unknown>>;
    expect(behaviors.map((b) => b['PathPattern'])).toEqual(['/_edgeward/*', '/members/*', '/admin/*']);
    for (const b of behaviors) {
      expect((b['LambdaFunctionAssociations'] as Array<Record<string, unknown>>)[0]?.['EventType']).toBe(
        'viewer-request',
      );
    }
    expect(behaviors[0]?.['CachePolicyId']).toBe('4135ea2d-6df8-44a3-9df3-4b5a84be39ad'); // CachingDisabled
    expect(behaviors[0]?.['AllowedMethods']).toContain('POST'); // sign-out is confirmed by a POST
    expect(
      (config['DefaultCacheBehavior'] as Record<string, unknown>)['LambdaFunctionAssociations'],
    ).toBeUndefined();
  });

  it("gives the function the site's own bundle, which answers a viewer-request", async () => {
    const staged = stageFunction({
      configFile: CONFIG_FILE,
      functionName: 'site',
      jwksFile: JWKS_FILE,
      allowExampleSecrets: true,
    });
    expect(ownAsset.dir).toMatch(/asset\.[0-9a-f]{64}$/);
    const answer = await invokeAsset(
      ownAsset.dir,
      viewerRequest({ uri: '/members/index.html', headers: NAVIGATION }),
    );
    expect(answer).toMatchObject({ ok: true, result: { status: '302' } });
    expect(
      readFileSync(join(ownAsset.dir, 'index.mjs')).equals(readFileSync(join(staged.dir, 'index.mjs'))),
    ).toBe(true);
  });
});

describe('a distribution this app does not manage', () => {
  it('creates the function in us-east-1 with the same bundle and outputs its version ARN to associate', () => {
    expect(onlyAsset.assetHash).toBe(ownAsset.assetHash);
    onlyTemplate.hasResourceProperties('AWS::Lambda::Function', {
      Runtime: 'nodejs22.x',
      Handler: 'index.handler',
    });
    onlyTemplate.resourceCountIs('AWS::Lambda::Version', 1);
    const role = Object.values(onlyTemplate.findResources('AWS::IAM::Role'))[0] as {
      Properties: { AssumeRolePolicyDocument: unknown };
    };
    expect(JSON.stringify(role.Properties.AssumeRolePolicyDocument)).toContain('edgelambda.amazonaws.com');
    expect(Object.keys(onlyTemplate.findOutputs('*'))).toEqual(['ViewerRequestVersionArn']);
  });
});
