/**
 * Offline synthesis of the example CDK app (no credentials, no Docker): the bundles are built by
 * `edgeward build` through CDK's local bundling hook, and the templates are asserted.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { App, Duration, Stack } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../../examples/cdk/stacks.js';
import { ApiAuthorizer, EdgewardUserPool, ProtectedSite } from '../../packages/cdk/src/index.js';
import { pageStyleSource } from '../../packages/edgeward/src/cloudfront/page.js';

let outdir: string;
let site: Template;
let edge: Template;
let api: Template;
let pool: Template;

beforeAll(() => {
  outdir = mkdtempSync(join(tmpdir(), 'edgeward-cdk-test-'));
  const built = createApp({ outdir, env: {} });
  const assembly = built.app.synth();
  site = Template.fromStack(built.site);
  api = Template.fromStack(built.api);
  pool = Template.fromStack(built.userPool);
  const edgeStack = assembly.stacks.find((s) => s.environment.region === 'us-east-1');
  if (!edgeStack) throw new Error('no us-east-1 edge stack synthesized');
  edge = Template.fromJSON(JSON.parse(readFileSync(join(outdir, edgeStack.templateFile), 'utf8')));
}, 180_000);

afterAll(() => {
  rmSync(outdir, { recursive: true, force: true });
});

describe('ProtectedSite (scenario A+D)', () => {
  it('puts the viewer-request function in us-east-1 on nodejs22.x with Lambda@Edge limits', () => {
    edge.hasResourceProperties('AWS::Lambda::Function', {
      Runtime: 'nodejs22.x',
      Handler: 'index.handler',
      MemorySize: 128,
      Timeout: 5,
    });
    edge.resourceCountIs('AWS::Lambda::Version', 1);
  });

  it('creates two private, SSL-only buckets with origin access control (and, with logging, a log bucket)', () => {
    site.resourceCountIs('AWS::S3::Bucket', 3);
    site.allResourcesProperties('AWS::S3::Bucket', {
      PublicAccessBlockConfiguration: {
        BlockPublicAcls: true,
        BlockPublicPolicy: true,
        IgnorePublicAcls: true,
        RestrictPublicBuckets: true,
      },
    });
    site.resourceCountIs('AWS::CloudFront::OriginAccessControl', 2);
    const policies = site.findResources('AWS::S3::BucketPolicy');
    const statements = Object.values(policies).flatMap(
      (p) =>
        (p as { Properties: { PolicyDocument: { Statement: unknown[] } } }).Properties.PolicyDocument
          .Statement,
    );
    expect(JSON.stringify(statements)).toContain('aws:SecureTransport');
    expect(JSON.stringify(statements)).toContain('cloudfront.amazonaws.com');
  });

  it('associates the function with the protected and auth behaviors, and the key group with the app', () => {
    const dist = Object.values(site.findResources('AWS::CloudFront::Distribution'))[0] as {
      Properties: { DistributionConfig: Record<string, unknown> };
    };
    const config = dist.Properties.DistributionConfig;
    const behaviors = config['CacheBehaviors'] as Array<Record<string, unknown>>;
    const byPath = new Map(behaviors.map((b) => [b['PathPattern'] as string, b]));
    for (const p of ['/members/*', '/admin/*', '/private/login', '/_edgeward/*']) {
      const assoc = byPath.get(p)?.['LambdaFunctionAssociations'] as
        | Array<Record<string, unknown>>
        | undefined;
      expect(assoc?.[0]?.['EventType'], p).toBe('viewer-request');
      expect(byPath.get(p)?.['ViewerProtocolPolicy']).toBe('redirect-to-https');
    }
    // The auth paths take POST (sign-out from its confirmation page); protected content stays read-only.
    expect(byPath.get('/_edgeward/*')?.['AllowedMethods']).toContain('POST');
    expect(byPath.get('/members/*')?.['AllowedMethods'] ?? ['GET', 'HEAD']).not.toContain('POST');
    const app = byPath.get('/private/app/*');
    expect(app?.['LambdaFunctionAssociations']).toBeUndefined();
    expect(app?.['TrustedKeyGroups']).toHaveLength(1);
    const defaults = config['DefaultCacheBehavior'] as Record<string, unknown>;
    expect(defaults['LambdaFunctionAssociations']).toBeUndefined();
    site.hasResourceProperties('AWS::CloudFront::KeyGroup', {
      KeyGroupConfig: { Items: ['K2JCJMDEHXQW5F'] },
    });
  });

  it('adds a response-headers policy with security headers', () => {
    site.hasResourceProperties('AWS::CloudFront::ResponseHeadersPolicy', {
      ResponseHeadersPolicyConfig: {
        SecurityHeadersConfig: Match.objectLike({
          StrictTransportSecurity: Match.objectLike({ AccessControlMaxAgeSec: 31536000 }),
          ContentTypeOptions: { Override: true },
          FrameOptions: { FrameOption: 'DENY', Override: true },
          ReferrerPolicy: Match.objectLike({ ReferrerPolicy: 'strict-origin-when-cross-origin' }),
          ContentSecurityPolicy: Match.objectLike({
            ContentSecurityPolicy: Match.objectLike({
              'Fn::Join': [
                '',
                Match.arrayWith([
                  Match.stringLikeRegexp(
                    `^default-src 'self'; style-src 'self' ${pageStyleSource().replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}; connect-src `,
                  ),
                ]),
              ],
            }),
          }),
        }),
      },
    });
  });

  it('marks protected content Cache-Control: private, no-cache so sign-out is not undone by the browser cache', () => {
    const policies = site.findResources('AWS::CloudFront::ResponseHeadersPolicy');
    const noCache = Object.keys(policies).filter((id) =>
      JSON.stringify(policies[id]).includes(
        '"Header":"Cache-Control","Override":true,"Value":"private, no-cache"',
      ),
    );
    expect(noCache).toHaveLength(1);
    const dist = Object.values(site.findResources('AWS::CloudFront::Distribution'))[0] as {
      Properties: { DistributionConfig: Record<string, unknown> };
    };
    const config = dist.Properties.DistributionConfig;
    const policyOf = (b: Record<string, unknown> | undefined) =>
      (b?.['ResponseHeadersPolicyId'] as { Ref?: string } | undefined)?.Ref;
    const behaviors = config['CacheBehaviors'] as Array<Record<string, unknown>>;
    const byPath = new Map(behaviors.map((b) => [b['PathPattern'] as string, b]));
    for (const p of ['/members/*', '/admin/*', '/private/app/*']) {
      expect(policyOf(byPath.get(p)), p).toBe(noCache[0]);
    }
    const defaultPolicy = policyOf(config['DefaultCacheBehavior'] as Record<string, unknown>);
    expect(defaultPolicy).toBeDefined();
    expect(defaultPolicy).not.toBe(noCache[0]);
  });

  it("serves the site's errorPages through custom error responses (same status, no error caching)", () => {
    const config = JSON.parse(readFileSync('examples/cdk/edgeward.config.json', 'utf8'));
    config.functions.site.errorPages = { '403': '/errors/403.html', '502': '/errors/502.html' };
    const file = join(outdir, 'error-pages.config.json');
    writeFileSync(file, JSON.stringify(config));
    const stack = new Stack(new App(), 'ErrorPages', {
      env: { account: '111111111111', region: 'us-east-1' },
    });
    new ProtectedSite(stack, 'Site', {
      configFile: file,
      functionName: 'site',
      jwksFile: 'examples/cdk/jwks.json',
      protectedPaths: ['/members/*', '/private/login'],
      allowExampleSecrets: true,
    });
    Template.fromStack(stack).hasResourceProperties('AWS::CloudFront::Distribution', {
      DistributionConfig: Match.objectLike({
        CustomErrorResponses: [
          { ErrorCode: 403, ResponseCode: 403, ResponsePagePath: '/errors/403.html', ErrorCachingMinTTL: 0 },
          { ErrorCode: 502, ResponseCode: 502, ResponsePagePath: '/errors/502.html', ErrorCachingMinTTL: 0 },
        ],
      }),
    });
    // The example site's config has none: its distribution has only the ProtectedSite errorPages (404, and
    // 403 for the signed-cookie paths), which are cached briefly.
    const dist = Object.values(site.findResources('AWS::CloudFront::Distribution'))[0] as {
      Properties: { DistributionConfig: Record<string, unknown> };
    };
    expect(dist.Properties.DistributionConfig['CustomErrorResponses']).toEqual([
      { ErrorCode: 404, ResponseCode: 404, ResponsePagePath: '/errors/404.html', ErrorCachingMinTTL: 10 },
      { ErrorCode: 403, ResponseCode: 403, ResponsePagePath: '/errors/403.html', ErrorCachingMinTTL: 10 },
    ]);
  }, 120_000);

  it('uploads the demo pages to both buckets and invalidates the distribution', () => {
    site.resourceCountIs('Custom::CDKBucketDeployment', 2);
    site.allResourcesProperties('Custom::CDKBucketDeployment', {
      DistributionPaths: ['/*'],
      Prune: true,
    });
  });

  it('lets the edge function read exactly its signing-key secret and nothing else', () => {
    // The function's own role (the edge stack also holds CDK's LogRetention function, with its own role).
    const policies = Object.values(edge.findResources('AWS::IAM::Policy')) as Array<{
      Properties: {
        PolicyDocument: { Statement: Array<{ Action: unknown; Resource: unknown }> };
        Roles: Array<{ Ref: string }>;
      };
    }>;
    const statements = policies
      .filter((p) => p.Properties.Roles.some((r) => r.Ref.startsWith('ViewerRequestServiceRole')))
      .flatMap((p) => p.Properties.PolicyDocument.Statement);
    expect(statements).toHaveLength(1);
    expect(statements[0]?.Action).toBe('secretsmanager:GetSecretValue');
    expect(JSON.stringify(statements[0]?.Resource)).toContain(
      ':secret:edgeward/cloudfront-signing-key-??????',
    );
  });
});

describe('ApiAuthorizer (scenario B)', () => {
  it('creates a TOKEN authorizer on the Authorization header with the cache-safe 300 s TTL', () => {
    api.hasResourceProperties('AWS::ApiGateway::Authorizer', {
      Type: 'TOKEN',
      IdentitySource: 'method.request.header.Authorization',
      AuthorizerResultTtlInSeconds: 300,
    });
    api.resourcePropertiesCountIs('AWS::ApiGateway::Method', { AuthorizationType: 'CUSTOM' }, 3);
  });

  it('runs the authorizer on nodejs22.x with only basic execution rights', () => {
    api.hasResourceProperties('AWS::Lambda::Function', {
      Runtime: 'nodejs22.x',
      Description: Match.stringLikeRegexp('rest-token authorizer'),
      Timeout: 10,
    });
    api.resourceCountIs('AWS::IAM::Policy', 0);
    const roles = Object.values(api.findResources('AWS::IAM::Role')) as Array<{
      Properties: { ManagedPolicyArns?: unknown[] };
    }>;
    for (const role of roles) {
      expect(JSON.stringify(role.Properties.ManagedPolicyArns ?? [])).not.toMatch(/Administrator|FullAccess/);
    }
  });
});

describe('EdgewardUserPool (optional, deployed before the site)', () => {
  it('creates an admin-only pool with the groups the rules name and a hosted-UI domain', () => {
    pool.hasResourceProperties('AWS::Cognito::UserPool', {
      AdminCreateUserConfig: { AllowAdminCreateUserOnly: true },
    });
    pool.resourceCountIs('AWS::Cognito::UserPoolGroup', 1);
    pool.hasResourceProperties('AWS::Cognito::UserPoolGroup', { GroupName: 'admins' });
    pool.hasResourceProperties('AWS::Cognito::UserPoolDomain', { Domain: 'example-prefix' });
    expect(Object.keys(pool.findResources('AWS::Cognito::UserPool'))).toHaveLength(1);
  });

  it('derives a public, code-only app client from the site config (callback, sign-out, scopes)', () => {
    pool.hasResourceProperties('AWS::Cognito::UserPoolClient', {
      GenerateSecret: false,
      AllowedOAuthFlows: ['code'],
      AllowedOAuthFlowsUserPoolClient: true,
      AllowedOAuthScopes: ['openid', 'email', 'profile'],
      CallbackURLs: ['https://d111111abcdef8.cloudfront.net/_edgeward/callback'],
      LogoutURLs: ['https://d111111abcdef8.cloudfront.net/'],
      SupportedIdentityProviders: ['COGNITO'],
      EnableTokenRevocation: true,
      PreventUserExistenceErrors: 'ENABLED',
      ExplicitAuthFlows: ['ALLOW_USER_PASSWORD_AUTH', 'ALLOW_REFRESH_TOKEN_AUTH'],
    });
  });

  it('invites an initial admin user by email and puts it in the admins group once the group exists', () => {
    pool.hasResourceProperties('AWS::Cognito::UserPoolUser', {
      Username: 'admin',
      UserAttributes: [
        { Name: 'email', Value: 'admin@example.com' },
        { Name: 'email_verified', Value: 'true' },
      ],
      DesiredDeliveryMediums: ['EMAIL'],
    });
    const user = Object.keys(pool.findResources('AWS::Cognito::UserPoolUser'))[0]!;
    const group = Object.keys(pool.findResources('AWS::Cognito::UserPoolGroup'))[0]!;
    const memberships = Object.values(pool.findResources('AWS::Cognito::UserPoolUserToGroupAttachment'));
    expect(memberships).toHaveLength(1);
    expect(memberships[0]).toMatchObject({
      Properties: { GroupName: 'admins', Username: { Ref: user } },
      DependsOn: expect.arrayContaining([group]),
    });
  });

  it('outputs the ids to copy into edgeward.config.json under plain names', () => {
    expect(Object.keys(pool.findOutputs('*')).sort()).toEqual([
      'CognitoDomain',
      'Region',
      'UserPoolClientId',
      'UserPoolId',
    ]);
    expect(pool.findOutputs('CognitoDomain')['CognitoDomain']?.['Value']).toBe(
      'example-prefix.auth.eu-west-1.amazoncognito.com',
    );
    expect(Object.keys(site.findOutputs('*')).sort()).toEqual([
      'DistributionDomainName',
      'DistributionId',
      'IdentityPoolId',
      'PrivateBucketName',
      'PublicBucketName',
    ]);
    expect(Object.keys(api.findOutputs('*'))).toContain('ApiUrl');
  });
});

describe('props are validated at construction', () => {
  const env = { account: '111111111111', region: 'eu-west-1' };
  const base = {
    configFile: 'examples/cdk/edgeward.config.json',
    functionName: 'site',
    jwksFile: 'examples/cdk/jwks.json',
    protectedPaths: ['/members/*'],
  };

  it('requires an explicit region', () => {
    const stack = new Stack(new App(), 'NoEnv');
    expect(() => new ProtectedSite(stack, 'S', base)).toThrow(
      /props\.stack env\.region: the stack needs an explicit region/,
    );
  });
  it('names a bad path pattern', () => {
    const stack = new Stack(new App(), 'S1', { env });
    expect(() => new ProtectedSite(stack, 'S', { ...base, protectedPaths: ['members'] })).toThrow(
      'ProtectedSite: props.protectedPaths[0]: expected a CloudFront path pattern',
    );
  });
  it('refuses an empty protectedPaths', () => {
    const stack = new Stack(new App(), 'S2', { env });
    expect(() => new ProtectedSite(stack, 'S', { ...base, protectedPaths: [] })).toThrow(
      'ProtectedSite: props.protectedPaths: expected at least one path pattern',
    );
  });
  it('refuses a function of the wrong type', () => {
    const stack = new Stack(new App(), 'S3', { env });
    expect(() => new ProtectedSite(stack, 'S', { ...base, functionName: 'api' })).toThrow(
      "ProtectedSite: props.functionName: function 'api' has type 'rest-token-authorizer', expected 'site'",
    );
  });
  it('refuses an unknown function', () => {
    const stack = new Stack(new App(), 'S4', { env });
    expect(() => new ProtectedSite(stack, 'S', { ...base, functionName: 'nope' })).toThrow(
      /props\.functionName: no function 'nope'/,
    );
  });
  it('refuses a key group public key that is not the one the function signs with', () => {
    const stack = new Stack(new App(), 'S5', { env });
    expect(
      () =>
        new ProtectedSite(stack, 'S', {
          ...base,
          signedCookies: { publicKeyId: 'KOTHER', paths: ['/app/*'] },
        }),
    ).toThrow(
      'ProtectedSite: props.signedCookies.publicKeyId: must equal functions.site.signedCookies.keyPairId',
    );
  });
  it('refuses a deploy-time public key id (a token) with an explanation', () => {
    const stack = new Stack(new App(), 'S6', { env });
    const token = new Stack(new App(), 'T').account; // unresolved: a deploy-time value
    expect(
      () =>
        new ProtectedSite(stack, 'S', { ...base, signedCookies: { publicKeyId: token, paths: ['/app/*'] } }),
    ).toThrow(/must be a concrete value known at synth time/);
  });
  it('refuses duplicate path patterns', () => {
    const stack = new Stack(new App(), 'S7', { env });
    expect(() => new ProtectedSite(stack, 'S', { ...base, protectedPaths: ['/_edgeward/*'] })).toThrow(
      'ProtectedSite: props.paths: path pattern "/_edgeward/*" is listed twice',
    );
  });
  it('refuses an authorizer kind that does not match the function type', () => {
    const stack = new Stack(new App(), 'A1', { env });
    expect(() => new ApiAuthorizer(stack, 'A', { ...base, functionName: 'api', kind: 'http' })).toThrow(
      "ApiAuthorizer: props.kind: 'http' does not match the function's type 'rest-token-authorizer'",
    );
  });
  it('EdgewardUserPool: refuses a bad domain prefix, a non-https or path-carrying origin, no origins', () => {
    const poolBase = {
      configFile: 'examples/cdk/edgeward.config.json',
      functionName: 'site',
      domainPrefix: 'my-site',
      siteOrigins: ['https://app.example.com'],
    };
    const make = (over: Partial<typeof poolBase>) => () =>
      new EdgewardUserPool(new Stack(new App(), 'P', { env }), 'P', { ...poolBase, ...over });
    expect(make({})).not.toThrow();
    expect(make({ domainPrefix: 'My_Site' })).toThrow('EdgewardUserPool: props.domainPrefix: expected 1–63');
    expect(make({ domainPrefix: 'cognito-login' })).toThrow('props.domainPrefix');
    expect(make({ siteOrigins: ['http://app.example.com'] })).toThrow(
      'EdgewardUserPool: props.siteOrigins[0]: expected an origin',
    );
    expect(make({ siteOrigins: ['https://app.example.com/members'] })).toThrow('props.siteOrigins[0]');
    expect(make({ siteOrigins: [] })).toThrow('EdgewardUserPool: props.siteOrigins: expected at least one');
    expect(make({ functionName: 'api' })).toThrow("function 'api' has type 'rest-token-authorizer'");
  });
  it('EdgewardUserPool: names a bad admin email, an email-shaped user name, an unknown group', () => {
    const make = (adminUser: { email: string; username?: string; groups?: string[] }) => () =>
      new EdgewardUserPool(new Stack(new App(), 'P', { env }), 'P', {
        configFile: 'examples/cdk/edgeward.config.json',
        functionName: 'site',
        domainPrefix: 'my-site',
        siteOrigins: ['https://app.example.com'],
        adminUser,
      });
    expect(make({ email: 'ops@example.com' })).not.toThrow();
    expect(make({ email: 'ops' })).toThrow(
      'EdgewardUserPool: props.adminUser.email: expected an email address',
    );
    expect(make({ email: 'ops@example.com', username: 'ops@example.com' })).toThrow(
      'EdgewardUserPool: props.adminUser.username:',
    );
    expect(make({ email: 'ops@example.com', groups: ['admins', 'owners'] })).toThrow(
      'EdgewardUserPool: props.adminUser.groups[1]: "owners" is not a group of this pool (has: admins)',
    );
  });

  it('EdgewardUserPool: refuses a site without cookie login, accepts a deploy-time origin', () => {
    const stack = new Stack(new App(), 'P2', { env });
    expect(
      () =>
        new EdgewardUserPool(stack, 'P', {
          configFile: 'examples/site-bearer/edgeward.config.json',
          functionName: 'files',
          domainPrefix: 'files',
          siteOrigins: ['https://files.example.com'],
        }),
    ).toThrow("EdgewardUserPool: props.functionName: function 'files' has no client (cookie login)");
    const tokenHost = new Stack(new App(), 'T2').account; // an unresolved, deploy-time value
    const p = new EdgewardUserPool(stack, 'Q', {
      configFile: 'examples/cdk/edgeward.config.json',
      functionName: 'site',
      domainPrefix: 'my-site',
      siteOrigins: [`https://${tokenHost}`],
    });
    expect(p.callbackUrls[0]).toMatch(/^https:\/\/\$\{Token\[.*\]\}\/_edgeward\/callback$/);
  });
  it('refuses a cache TTL above API Gateway’s maximum', () => {
    const stack = new Stack(new App(), 'A2', { env });
    expect(
      () =>
        new ApiAuthorizer(stack, 'A', { ...base, functionName: 'api', resultsCacheTtl: Duration.hours(2) }),
    ).toThrow('ApiAuthorizer: props.resultsCacheTtl: expected at most 3600 seconds');
  });
});
