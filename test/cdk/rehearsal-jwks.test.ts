/**
 * The CDK context value `edgeward:jwksFile`: every edgeward function bakes the named JWKS instead of the
 * one its props give — the deploy rehearsal's one difference from what `cdk deploy` uploads. Checked on the
 * staged asset of each function (what the rehearsal runs), not on the template.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { App, Stack } from 'aws-cdk-lib';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import { afterAll, describe, expect, it } from 'vitest';
import { edgewardCode } from '../../packages/cdk/src/index.js';
import { JWKS_CONTEXT_KEY } from '../../packages/cli/src/build/index.js';
import { rehearsalKey } from '../../packages/cli/src/local/rehearsal/idp-key.js';
import { functionAssets } from './assembly.js';

const work = mkdtempSync(join(tmpdir(), 'edgeward-cdk-jwks-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

const EXAMPLE_JWKS = 'examples/cdk/jwks.json';
const exampleKid = (JSON.parse(readFileSync(EXAMPLE_JWKS, 'utf8')) as { keys: { kid: string }[] }).keys[0]!
  .kid;

/** Synthesizes one function with `edgewardCode` (props: the example JWKS) and `context`; returns its code. */
function authorizerCode(outdir: string, context: Record<string, unknown>): { code: string; hash: string } {
  const app = new App({ outdir, context });
  const stack = new Stack(app, 'Api', { env: { account: '111111111111', region: 'eu-west-1' } });
  new lambda.Function(stack, 'Authorizer', {
    runtime: lambda.Runtime.NODEJS_22_X,
    handler: 'index.handler',
    code: edgewardCode({
      configFile: 'examples/cdk/edgeward.config.json',
      functionName: 'api',
      jwksFile: EXAMPLE_JWKS,
    }),
  });
  const [asset] = functionAssets(app.synth());
  return { code: readFileSync(join(asset!.dir, 'index.mjs'), 'utf8'), hash: asset!.assetHash };
}

describe(`CDK context ${JWKS_CONTEXT_KEY}`, () => {
  it('replaces the JWKS every function bakes, and so the asset', async () => {
    const key = await rehearsalKey(join(work, 'key'));
    const plain = authorizerCode(join(work, 'plain'), {});
    const rehearsed = authorizerCode(join(work, 'rehearsed'), { [JWKS_CONTEXT_KEY]: key.jwksFile });
    expect(plain.code).toContain(exampleKid);
    expect(plain.code).not.toContain(key.privateKeyJwk.kid);
    expect(rehearsed.code).toContain(key.privateKeyJwk.kid);
    expect(rehearsed.code).not.toContain(exampleKid);
    expect(rehearsed.hash).not.toBe(plain.hash);
  }, 120_000);

  it('refuses a value that is not a path, naming the context key', () => {
    expect(() => authorizerCode(join(work, 'bad'), { [JWKS_CONTEXT_KEY]: 42 })).toThrow(
      'CDK context edgeward:jwksFile: expected the path of a JWKS file, got 42',
    );
  });
});
