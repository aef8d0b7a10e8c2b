/**
 * The example app's deployment settings: placeholders without an account, errors naming the missing
 * setting once an account is known, and the published example secret refused outside placeholder mode.
 */
import { App, Stack } from 'aws-cdk-lib';
import { Annotations, Match } from 'aws-cdk-lib/assertions';
import { describe, expect, it } from 'vitest';
import { readSettings } from '../../examples/cdk/settings.js';
import { CONFIG_FILE, createApp, JWKS_FILE } from '../../examples/cdk/stacks.js';
import { ProtectedSite } from '../../packages/cdk/src/index.js';

const sources = (context: Record<string, unknown>, env: Record<string, string> = {}) => ({
  context: (key: string) => context[key],
  env,
});

describe('readSettings', () => {
  it('uses the documented placeholders when no account is known, ignoring the CLI default region', () => {
    expect(readSettings(sources({}, { CDK_DEFAULT_REGION: 'us-east-1' }))).toEqual({
      account: '111111111111',
      region: 'eu-west-1',
      domainPrefix: 'example-prefix',
      siteOrigins: ['https://d111111abcdef8.cloudfront.net'],
      adminEmail: 'admin@example.com',
      placeholders: true,
      missing: [],
    });
  });

  it('reads context first, then EDGEWARD_* variables, then the CDK CLI defaults', () => {
    const s = readSettings(
      sources(
        { domainPrefix: 'my-site', siteOrigins: 'https://a.example.com, https://b.example.com' },
        {
          CDK_DEFAULT_ACCOUNT: '222222222222',
          CDK_DEFAULT_REGION: 'us-east-1',
          EDGEWARD_REGION: 'eu-central-1',
          EDGEWARD_DOMAIN_PREFIX: 'ignored',
          EDGEWARD_JWKS_FILE: '/tmp/jwks.json',
        },
      ),
    );
    expect(s).toEqual({
      account: '222222222222',
      region: 'eu-central-1',
      domainPrefix: 'my-site',
      siteOrigins: ['https://a.example.com', 'https://b.example.com'],
      jwksFile: '/tmp/jwks.json',
      placeholders: false,
      missing: [],
    });
  });

  it('once an account is known, lists each missing setting with its context key and variable', () => {
    const s = readSettings(sources({ account: '123456789012' }));
    expect(s.placeholders).toBe(false);
    expect(s.missing).toEqual([
      { name: 'region', hint: 'pass -c region=… or set EDGEWARD_REGION=…' },
      { name: 'domainPrefix', hint: 'pass -c domainPrefix=… or set EDGEWARD_DOMAIN_PREFIX=…' },
      { name: 'siteOrigins', hint: 'pass -c siteOrigins=… or set EDGEWARD_SITE_ORIGINS=…' },
    ]);
  });
});

describe('the example app with an account (deploy mode)', () => {
  it('reports missing pool settings as errors on the pool stack only', { timeout: 180_000 }, () => {
    // The site and API stacks are not bundled here, so construction gets as far as the annotations.
    const built = createApp({
      env: { EDGEWARD_ACCOUNT: '123456789012', EDGEWARD_REGION: 'eu-west-1' },
      context: { 'aws:cdk:bundling-stacks': [] },
    });
    Annotations.fromStack(built.userPool).hasError(
      '*',
      Match.stringLikeRegexp("setting 'domainPrefix' is missing for deployment: pass -c domainPrefix="),
    );
    Annotations.fromStack(built.userPool).hasError('*', Match.stringLikeRegexp("setting 'siteOrigins'"));
    Annotations.fromStack(built.site).hasNoError('*', Match.anyValue());
    Annotations.fromStack(built.site).hasNoWarning('*', Match.stringLikeRegexp('placeholders'));
    expect(built.settings.placeholders).toBe(false);
  });

  it('a bundled site with the published example stateSecret fails synth naming the field', {
    timeout: 60_000,
  }, () => {
    const stack = new Stack(new App(), 'Deployable', {
      env: { account: '123456789012', region: 'eu-west-1' },
    });
    expect(
      () =>
        new ProtectedSite(stack, 'Site', {
          configFile: CONFIG_FILE,
          functionName: 'site',
          jwksFile: JWKS_FILE,
          protectedPaths: ['/members/*', '/admin/*', '/private/login'],
        }),
    ).toThrow(/functions\.site\.stateSecret: this value is published in edgeward's docs or examples/);
  });
});
