/**
 * Offline synthesis of the example CDK app with scenario D's options on: identity pool and its role,
 * CORS (buckets and response-headers policy), CSP connect-src, directory URLs (a CloudFront Function
 * generated from the runtime's own rewrite, run here), custom error responses, access logs, WAF, price
 * class, edge log retention, and the user pool's MFA, plan, threat protection, password and deletion
 * protection; plus the props checks of these options.
 */
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runInNewContext } from 'node:vm';
import { App, Stack } from 'aws-cdk-lib';
import { Annotations as AssertAnnotations, Match, Template } from 'aws-cdk-lib/assertions';
import * as cloudfront from 'aws-cdk-lib/aws-cloudfront';
import * as cognito from 'aws-cdk-lib/aws-cognito';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../../examples/cdk/stacks.js';
import { withConnectSources } from '../../packages/cdk/src/cors.js';
import { directoryIndexFunctionCode } from '../../packages/cdk/src/directory-index.js';
import { EdgewardUserPool, ProtectedSite } from '../../packages/cdk/src/index.js';
import { pageStyleSource } from '../../packages/edgeward/src/cloudfront/page.js';
import { type FunctionAsset, functionAssets, functionByDescription } from './assembly.js';

const WEB_ACL =
  'arn:aws:wafv2:us-east-1:111111111111:global/webacl/edgeward/0123abcd-0000-0000-0000-000000000000';
const SUB = `\${cognito-identity.amazonaws.com:sub}`;

let outdir: string;
let site: Template;
let edge: Template;
let pool: Template;
let api: Template;
let assets: FunctionAsset[];

beforeAll(() => {
  outdir = mkdtempSync(join(tmpdir(), 'edgeward-cdk-d-'));
  const built = createApp({ outdir, env: {}, context: { webAclId: WEB_ACL } });
  const assembly = built.app.synth();
  assets = functionAssets(assembly);
  site = Template.fromStack(built.site);
  pool = Template.fromStack(built.userPool);
  api = Template.fromStack(built.api);
  const edgeStack = assembly.stacks.find((s) => s.environment.region === 'us-east-1')!;
  edge = Template.fromJSON(JSON.parse(readFileSync(join(outdir, edgeStack.templateFile), 'utf8')));
}, 180_000);

afterAll(() => {
  rmSync(outdir, { recursive: true, force: true });
});

type Resource = { Properties: Record<string, unknown> };
const distributionConfig = () =>
  (Object.values(site.findResources('AWS::CloudFront::Distribution'))[0] as Resource).Properties[
    'DistributionConfig'
  ] as Record<string, unknown>;
const behaviorsByPath = () =>
  new Map(
    (distributionConfig()['CacheBehaviors'] as Record<string, unknown>[]).map((b) => [
      b['PathPattern'] as string,
      b,
    ]),
  );
const logicalIdOf = (template: Template, type: string, prefix: string) =>
  Object.keys(template.findResources(type)).find((id) => id.startsWith(prefix));

describe('identity pool (identityPool)', () => {
  it('trusts only the site’s user pool and app client, without guest access', () => {
    site.hasResourceProperties('AWS::Cognito::IdentityPool', {
      AllowUnauthenticatedIdentities: false,
      CognitoIdentityProviders: [
        { ClientId: '1example23456789clientid', ProviderName: Match.anyValue(), ServerSideTokenCheck: true },
      ],
    });
    // cognito-idp.<region>.<URL suffix>/<pool id>: the issuer of the site's tokens.
    const provider = JSON.stringify(site.findResources('AWS::Cognito::IdentityPool'));
    expect(provider).toContain('cognito-idp.eu-west-1.');
    expect(provider).toContain('/eu-west-1_EXAMPLE12');
    site.hasResourceProperties('AWS::IAM::Role', {
      AssumeRolePolicyDocument: Match.objectLike({
        Statement: [
          Match.objectLike({
            Action: 'sts:AssumeRoleWithWebIdentity',
            Condition: Match.objectLike({
              'ForAnyValue:StringLike': { 'cognito-identity.amazonaws.com:amr': 'authenticated' },
            }),
            Principal: { Federated: 'cognito-identity.amazonaws.com' },
          }),
        ],
      }),
    });
  });

  it('grants the authenticated role exactly its own prefix of the private bucket and a read-only shared prefix', () => {
    const bucket = logicalIdOf(site, 'AWS::S3::Bucket', 'SitePrivateBucket')!;
    const arn = { 'Fn::GetAtt': [bucket, 'Arn'] };
    const authenticated = Object.entries(site.findResources('AWS::IAM::Policy')).find(([id]) =>
      id.includes('AuthenticatedRole'),
    )?.[1] as Resource;
    const statements = (authenticated.Properties['PolicyDocument'] as { Statement: unknown[] }).Statement;
    expect(statements).toEqual([
      {
        Sid: 'OwnObjects',
        Effect: 'Allow',
        Action: ['s3:GetObject', 's3:PutObject', 's3:DeleteObject'],
        Resource: { 'Fn::Join': ['', [arn, `/private/${SUB}/*`]] },
      },
      {
        Sid: 'ListOwnPrefix',
        Effect: 'Allow',
        Action: 's3:ListBucket',
        Resource: arn,
        Condition: { StringLike: { 's3:prefix': [`private/${SUB}/`, `private/${SUB}/*`] } },
      },
      {
        Sid: 'ReadShared',
        Effect: 'Allow',
        Action: 's3:GetObject',
        Resource: { 'Fn::Join': ['', [arn, '/shared/*']] },
      },
      {
        Sid: 'ListShared',
        Effect: 'Allow',
        Action: 's3:ListBucket',
        Resource: arn,
        Condition: { StringLike: { 's3:prefix': ['shared/', 'shared/*'] } },
      },
    ]);
  });

  it('outputs the identity pool id; the site bundle carries the credentials route, the authorizer’s does not', () => {
    expect(site.findOutputs('IdentityPoolId')['IdentityPoolId']?.['Value']).toEqual({
      Ref: expect.any(String),
    });
    // Every file of a staged asset (the site's is split: the entry and its lazily loaded chunks).
    const bundle = (pattern: RegExp) => {
      const dir = functionByDescription(assets, pattern).dir;
      return readdirSync(dir)
        .filter((f) => f.endsWith('.mjs'))
        .map((f) => [f, readFileSync(join(dir, f), 'utf8')] as const);
    };
    const siteFiles = bundle(/viewer-request \(site\)$/);
    const route = siteFiles.filter(([, code]) => code.includes('AWSCognitoIdentityService.'));
    // one lazily loaded chunk: the login path and the credentials route share it
    expect(route.map(([f]) => f)).toEqual([expect.stringMatching(/^site-secrets-manager-login-.*\.mjs$/)]);
    // the baked configuration is cold-start code: in the chunk index.mjs imports statically
    const index = siteFiles.find(([f]) => f === 'index.mjs')![1];
    const holding = siteFiles.filter(([, code]) =>
      code.includes('eu-west-1:00000000-0000-4000-8000-000000000000'),
    );
    expect(holding).toHaveLength(1);
    expect(index).toMatch(new RegExp(`^import[^;]*from"\\./${holding[0]![0].replace('.', '\\.')}"`));
    const authorizer = bundle(/authorizer \(api\)$/);
    expect(authorizer.some(([, code]) => code.includes('AWSCognitoIdentityService.'))).toBe(false);
  });

  it('never prunes the files identity-pool users uploaded when the content is deployed again', () => {
    const deployments = Object.values(site.findResources('Custom::CDKBucketDeployment')) as Resource[];
    const privateId = logicalIdOf(site, 'AWS::S3::Bucket', 'SitePrivateBucket');
    const [toPrivate, ...others] = deployments.filter(
      (d) => (d.Properties['DestinationBucketName'] as { Ref: string }).Ref === privateId,
    );
    expect(others).toEqual([]);
    // `aws s3 sync --delete --exclude`: private/<REGION:GUID>/… and shared/… are neither uploaded nor
    // deleted; the signed-cookie app's own files (private/app/…) still are.
    expect(toPrivate?.Properties['Exclude']).toEqual(['private/*:*', 'shared/*']);
    expect(toPrivate?.Properties['Prune']).not.toBe(false);
  });

  it('uploads the "My files" page script and its storage.json naming the private bucket (deploy-time values)', () => {
    const publicId = logicalIdOf(site, 'AWS::S3::Bucket', 'SitePublicBucket');
    const privateId = logicalIdOf(site, 'AWS::S3::Bucket', 'SitePrivateBucket');
    const toPublic = (Object.values(site.findResources('Custom::CDKBucketDeployment')) as Resource[]).filter(
      (d) => (d.Properties['DestinationBucketName'] as { Ref: string }).Ref === publicId,
    );
    // One deployment per bucket: the generated files share the content's sync (neither prunes the other).
    expect(toPublic).toHaveLength(1);
    const props = toPublic[0]!.Properties as { SourceObjectKeys: string[]; SourceMarkers?: object[] };
    const files = new Map<string, string>();
    props.SourceObjectKeys.forEach((key, i) => {
      const dir = join(outdir, `asset.${key.replace(/\.zip$/, '')}`);
      for (const file of readdirSync(dir, { recursive: true, withFileTypes: true })) {
        if (!file.isFile()) continue;
        const path = join(file.parentPath, file.name)
          .slice(dir.length + 1)
          .split('\\')
          .join('/');
        let text = readFileSync(join(dir, path), 'utf8');
        // Source.jsonData's markers: the deploy-time values CloudFormation resolves at deployment.
        for (const [marker, value] of Object.entries(props.SourceMarkers?.[i] ?? {})) {
          text = text.split(marker).join(JSON.stringify(value).replace(/"/g, "'"));
        }
        files.set(path, text);
      }
    });
    expect([...files.keys()]).toEqual(
      expect.arrayContaining(['index.html', 'assets/local/files.js', 'assets/local/storage.json']),
    );
    expect(files.get('assets/local/files.js')).toContain('/_edgeward/credentials');
    const storage = files.get('assets/local/storage.json')!;
    expect(storage).toContain(`"bucket":"{'Ref':'${privateId}'}"`);
    expect(storage).toContain(`"endpoint":"https://{'Fn::GetAtt':['${privateId}','RegionalDomainName']}"`);
    expect(storage).toContain('"region":"eu-west-1"');
    expect(storage).toContain('"forcePathStyle":false');
  });

  it('refuses a generated content file that is not a relative path', () => {
    const stack = new Stack(new App(), 'AddContent', {
      env: { account: '111111111111', region: 'eu-west-1' },
    });
    const s = new ProtectedSite(stack, 'S', {
      configFile: 'examples/cdk/edgeward.config.json',
      functionName: 'site',
      jwksFile: 'examples/cdk/jwks.json',
      protectedPaths: ['/members/*', '/admin/*', '/private/login'],
      allowExampleSecrets: true,
      identityPool: {},
    });
    // (A content file among users' files cannot reach the private bucket any more: a private-bucket behavior
    // covering the users' prefix fails synth, see "refuses a private-bucket behavior …" below.)
    expect(() => s.addContentFile('/assets/x.json', {})).toThrow(
      'ProtectedSite: props.path: expected a relative file path',
    );
    expect(() => s.addContentFile('assets/../x.json', {})).toThrow('props.path');
    s.addContentFile('members/a.txt', 'a');
    s.addContentFile('assets/b.txt', 'b');
    s.addContentFile('members/c.txt', 'c');
    expect(s.contentDeployments.map((d) => d.node.id)).toEqual(['PublicContent', 'PrivateContent']);
  });
});

describe('CORS (cors) and the CSP', () => {
  it('puts the same CORS rule on both buckets', () => {
    const rules = Object.values(site.findResources('AWS::S3::Bucket'))
      .map((b) => (b as Resource).Properties['CorsConfiguration'])
      .filter(Boolean);
    expect(rules).toHaveLength(2);
    for (const r of rules) {
      expect(r).toEqual({
        CorsRules: [
          {
            AllowedHeaders: ['*'],
            AllowedMethods: ['GET', 'HEAD', 'PUT', 'DELETE'],
            AllowedOrigins: ['https://d111111abcdef8.cloudfront.net'],
            ExposedHeaders: ['ETag'],
            MaxAge: 600,
          },
        ],
      });
    }
  });

  it('answers CORS at the edge on the public and signed-cookie behaviors, with Origin forwarded to S3', () => {
    site.hasResourceProperties('AWS::CloudFront::ResponseHeadersPolicy', {
      ResponseHeadersPolicyConfig: Match.objectLike({
        CorsConfig: {
          AccessControlAllowCredentials: false,
          AccessControlAllowHeaders: { Items: ['*'] },
          AccessControlAllowMethods: { Items: ['GET', 'HEAD', 'PUT', 'DELETE', 'OPTIONS'] },
          AccessControlAllowOrigins: { Items: ['https://d111111abcdef8.cloudfront.net'] },
          AccessControlExposeHeaders: { Items: ['ETag'] },
          AccessControlMaxAgeSec: 600,
          OriginOverride: true,
        },
      }),
    });
    const corsS3Origin = cloudfront.OriginRequestPolicy.CORS_S3_ORIGIN.originRequestPolicyId;
    const defaults = distributionConfig()['DefaultCacheBehavior'] as Record<string, unknown>;
    for (const b of [defaults, behaviorsByPath().get('/private/app/*')!]) {
      expect(b['OriginRequestPolicyId']).toBe(corsS3Origin);
      expect(b['AllowedMethods']).toEqual(['GET', 'HEAD', 'OPTIONS']);
    }
    expect(behaviorsByPath().get('/members/*')?.['OriginRequestPolicyId']).toBeUndefined();
  });

  it('adds the buckets and Cognito Identity to connect-src', () => {
    const policy = Object.values(site.findResources('AWS::CloudFront::ResponseHeadersPolicy'))[0] as Resource;
    const csp = JSON.stringify(policy.Properties);
    // The default policy keeps the style hash of edgeward's own pages; connect-src is added after it.
    expect(csp).toContain(
      `default-src 'self'; style-src 'self' ${pageStyleSource()}; connect-src 'self' https://`,
    );
    expect(csp).toContain('https://cognito-identity.eu-west-1.amazonaws.com');
    expect(csp).toContain('RegionalDomainName');
  });

  it.each([
    ["default-src 'self'", "default-src 'self'; connect-src 'self' https://a"],
    [
      "default-src 'self' https://x; img-src *",
      "default-src 'self' https://x; img-src *; connect-src 'self' https://x https://a",
    ],
    ["default-src 'none'; connect-src 'self'", "default-src 'none'; connect-src 'self' https://a"],
    ["default-src 'none'", "default-src 'none'; connect-src 'self' https://a"],
    ['img-src *', 'img-src *'],
  ])('withConnectSources(%j)', (csp, expected) => {
    expect(withConnectSources(csp, ['https://a'])).toBe(expected);
  });
});

describe('directory URLs and error pages', () => {
  it('rewrites directory URLs where the function does not run with a CloudFront Function made from the runtime’s rewrite', () => {
    const fns = site.findResources('AWS::CloudFront::Function');
    expect(Object.keys(fns)).toHaveLength(1);
    const [id, fn] = Object.entries(fns)[0]!;
    const props = (fn as Resource).Properties;
    expect((props['FunctionConfig'] as Record<string, unknown>)['Runtime']).toBe('cloudfront-js-2.0');
    const code = props['FunctionCode'] as string;
    expect(code).toBe(directoryIndexFunctionCode('index.html'));
    const run = (uri: string) =>
      (
        runInNewContext(`${code}\nhandler(event)`, { event: { request: { uri, querystring: {} } } }) as {
          uri: string;
        }
      ).uri;
    expect([run('/docs/'), run('/docs'), run('/'), run('/app.js')]).toEqual([
      '/docs/index.html',
      '/docs/index.html',
      '/index.html',
      '/app.js',
    ]);
    const association = (b: Record<string, unknown> | undefined) =>
      JSON.stringify(b?.['FunctionAssociations'] ?? []);
    expect(association(distributionConfig()['DefaultCacheBehavior'] as Record<string, unknown>)).toContain(
      id,
    );
    expect(association(behaviorsByPath().get('/private/app/*'))).toContain(id);
    expect(behaviorsByPath().get('/members/*')?.['FunctionAssociations']).toBeUndefined();
  });

  it('serves the bare directory of a protected pattern (/members) through the function too', () => {
    const bare = behaviorsByPath().get('/members');
    expect((bare?.['LambdaFunctionAssociations'] as unknown[])?.length).toBe(1);
    expect(bare?.['TargetOriginId']).toBe(behaviorsByPath().get('/members/*')?.['TargetOriginId']);
  });

  it('maps 404 and 403 to the friendly pages, and lets the origin access control list (missing key → 404)', () => {
    expect(distributionConfig()['CustomErrorResponses']).toEqual([
      { ErrorCachingMinTTL: 10, ErrorCode: 404, ResponseCode: 404, ResponsePagePath: '/errors/404.html' },
      { ErrorCachingMinTTL: 10, ErrorCode: 403, ResponseCode: 403, ResponsePagePath: '/errors/403.html' },
    ]);
    const statements = JSON.stringify(site.findResources('AWS::S3::BucketPolicy'));
    expect(statements).toContain('s3:ListBucket');
  });
});

describe('production switches', () => {
  it('logs the distribution and both buckets to the log bucket, and attaches the web ACL and price class', () => {
    const config = distributionConfig();
    const logBucket = logicalIdOf(site, 'AWS::S3::Bucket', 'SiteLogBucket')!;
    expect(config['Logging']).toEqual({
      Bucket: { 'Fn::GetAtt': [logBucket, 'RegionalDomainName'] },
      Prefix: 'edgeward/cloudfront/',
    });
    expect(config['WebACLId']).toBe(WEB_ACL);
    expect(config['PriceClass']).toBe('PriceClass_100');
    const prefixes = Object.values(site.findResources('AWS::S3::Bucket'))
      .map(
        (b) => (b as Resource).Properties['LoggingConfiguration'] as { LogFilePrefix?: string } | undefined,
      )
      .map((l) => l?.LogFilePrefix)
      .filter(Boolean)
      .sort();
    expect(prefixes).toEqual(['edgeward/s3/private/', 'edgeward/s3/public/']);
    site.hasResourceProperties('AWS::S3::Bucket', {
      OwnershipControls: { Rules: [{ ObjectOwnership: 'BucketOwnerPreferred' }] },
    });
  });

  it('sets the retention of the edge function’s replica log groups in each listed region', () => {
    const retentions = Object.values(edge.findResources('Custom::LogRetention')).map(
      (r) => (r as Resource).Properties,
    );
    expect(retentions.map((r) => [r['LogGroupRegion'], r['RetentionInDays']]).sort()).toEqual([
      ['eu-west-1', 30],
      ['us-east-1', 30],
    ]);
    for (const r of retentions) {
      expect(JSON.stringify(r['LogGroupName'])).toMatch(/\/aws\/lambda\/us-east-1\.".*ViewerRequest/);
    }
  });

  it('keeps the authorizer’s logs for a month', () => {
    api.hasResourceProperties('AWS::Logs::LogGroup', { RetentionInDays: 30 });
  });

  it('makes the user pool require TOTP MFA, on the Plus plan with threat protection, symbols and deletion protection', () => {
    pool.hasResourceProperties('AWS::Cognito::UserPool', {
      MfaConfiguration: 'ON',
      EnabledMfas: ['SOFTWARE_TOKEN_MFA'],
      UserPoolTier: 'PLUS',
      UserPoolAddOns: { AdvancedSecurityMode: 'ENFORCED' },
      DeletionProtection: 'ACTIVE',
      Policies: {
        PasswordPolicy: Match.objectLike({ MinimumLength: 12, RequireSymbols: true, RequireNumbers: true }),
      },
    });
  });
});

describe('props of the scenario D options are validated', () => {
  const env = { account: '111111111111', region: 'eu-west-1' };
  const base = {
    configFile: 'examples/cdk/edgeward.config.json',
    functionName: 'site',
    jwksFile: 'examples/cdk/jwks.json',
    protectedPaths: ['/members/*', '/admin/*', '/private/login'],
    allowExampleSecrets: true,
  };
  let n = 0;
  const site = (props: Partial<ConstructorParameters<typeof ProtectedSite>[2]>) => () =>
    new ProtectedSite(new Stack(new App(), `D${n++}`, { env }), 'S', { ...base, ...props });

  it('names a bad CORS origin, method list or max age', () => {
    expect(site({ cors: { allowedOrigins: ['https://app.example.com/path'] } })).toThrow(
      'ProtectedSite: props.cors.allowedOrigins[0]: expected an origin',
    );
    expect(site({ cors: { allowedOrigins: ['http://app.example.com'] } })).toThrow(
      'props.cors.allowedOrigins[0]',
    );
    expect(site({ cors: { allowedOrigins: [] } })).toThrow(
      'props.cors.allowedOrigins: expected at least one',
    );
    expect(site({ cors: { allowedOrigins: ['https://a.example'], maxAgeSeconds: 90_000 } })).toThrow(
      'props.cors.maxAgeSeconds',
    );
  });

  it('names a web ACL that is not a CloudFront-scope WAFv2 ARN', () => {
    expect(site({ webAclId: 'arn:aws:wafv2:eu-west-1:111111111111:regional/webacl/x/1' })).toThrow(
      'ProtectedSite: props.webAclId: expected the ARN of an AWS WAFv2 web ACL with scope CLOUDFRONT',
    );
  });

  it('names an error page with a wildcard, and overlapping identity prefixes', () => {
    expect(site({ errorPages: { notFound: '/errors/*' } })).toThrow('props.errorPages.notFound');
    expect(site({ identityPool: { userPrefix: 'private/', sharedReadPrefix: 'private/shared/' } })).toThrow(
      'props.identityPool.sharedReadPrefix',
    );
    expect(site({ identityPool: { userPrefix: '../x/' } })).toThrow('props.identityPool.userPrefix');
  });

  it('refuses a private-bucket behavior that would serve users’ uploads (their pages on the site’s origin)', () => {
    // /private/* (protected) covers /private/<identity id>/x.html: another user's upload, served as the site.
    expect(site({ protectedPaths: [...base.protectedPaths, '/private/*'], identityPool: {} })).toThrow(
      'ProtectedSite: props.identityPool.userPrefix: the behavior /private/* serves the private bucket',
    );
    // A signed-cookie path under the prefix, too; another prefix is fine.
    const signedCookies = { publicKeyId: 'K2JCJMDEHXQW5F', paths: ['/private/*'] };
    expect(site({ signedCookies, identityPool: {} })).toThrow('props.identityPool.userPrefix');
    expect(
      site({
        protectedPaths: [...base.protectedPaths, '/private/*'],
        identityPool: { userPrefix: 'uploads/' },
      }),
    ).not.toThrow();
  });

  it('refuses content the private bucket would keep as identity-pool users’ files', () => {
    const contentDir = mkdtempSync(join(tmpdir(), 'edgeward-cdk-d-content-'));
    try {
      mkdirSync(join(contentDir, 'members', 'shared'), { recursive: true });
      writeFileSync(join(contentDir, 'members', 'shared', 'a.html'), '<p>a</p>');
      const props = { contentDir, protectedPaths: ['/members/*', '/private/login'] };
      expect(site({ ...props, identityPool: {} })).not.toThrow();
      expect(site({ ...props, identityPool: { sharedReadPrefix: 'members/shared/' } })).toThrow(
        'ProtectedSite: props.contentDir: members/shared/a.html is in the private bucket where identity-pool users keep their files (members/shared/*)',
      );
    } finally {
      rmSync(contentDir, { recursive: true, force: true });
    }
  });

  it('warns that minimumProtocolVersion needs a custom certificate', () => {
    const stack = new Stack(new App(), 'Tls', { env });
    new ProtectedSite(stack, 'S', {
      ...base,
      minimumProtocolVersion: cloudfront.SecurityPolicyProtocol.TLS_V1_2_2021,
    });
    AssertAnnotations.fromStack(stack).hasWarning(
      '/Tls/S',
      Match.stringLikeRegexp('TLS settings need a custom certificate'),
    );
  });

  it('refuses threat protection without the Plus plan, and a short password', () => {
    const poolProps = {
      configFile: 'examples/cdk/edgeward.config.json',
      functionName: 'site',
      domainPrefix: 'my-site',
      siteOrigins: ['https://app.example.com'],
    };
    const make = (over: Partial<ConstructorParameters<typeof EdgewardUserPool>[2]>) => () =>
      new EdgewardUserPool(new Stack(new App(), `P${n++}`, { env }), 'P', { ...poolProps, ...over });
    expect(make({ advancedSecurityMode: 'enforced' })).toThrow(
      "EdgewardUserPool: props.advancedSecurityMode: 'enforced' needs featurePlan PLUS",
    );
    expect(make({ passwordPolicy: { minLength: 6 } })).toThrow('props.passwordPolicy.minLength');
    expect(make({ mfa: 'optional', featurePlan: cognito.FeaturePlan.ESSENTIALS })).not.toThrow();
  });
});
