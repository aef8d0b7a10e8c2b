/**
 * A hand-made cloud assembly shaped like what `cdk synth` writes (manifest, templates, asset manifests,
 * staged asset folders), with small hand-written functions whose behaviour the tests can tell apart:
 *
 * - stack `Edge` (us-east-1): the viewer-request function (asset `aaaa…`, two ES module files: the entry
 *   imports a chunk), its version, and the SSM parameter a `cloudfront.experimental.EdgeFunction` writes;
 * - stack `Site` (eu-west-1): a bucket filled by a `BucketDeployment`, the cross-Region parameter reader,
 *   a key group trusting a template `AWS::CloudFront::PublicKey`, a response headers policy, a broken
 *   (Python) edge function, and a distribution whose behaviors use all of them — plus constructs the
 *   rehearsal does not emulate (CloudFront Functions, an origin-request function, custom error responses,
 *   an SQS queue);
 * - stack `Api` (eu-west-1): a REST API (TOKEN authorizer, an IAM-protected method, stage `v1`) and an HTTP
 *   API (Lambda authorizer with simple responses), both authorizers from one asset (`bbbb…`) with two
 *   exports.
 */
import { generateKeyPairSync } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { directoryIndexFunctionCode } from '../../../packages/cdk/src/directory-index.js';

export const EDGE_ASSET = 'a'.repeat(64);
export const AUTHORIZER_ASSET = 'b'.repeat(64);
export const CONTENT_ASSET = 'c'.repeat(64);
export const BROKEN_ASSET = 'd'.repeat(64);

/** The key pair of the template's `AWS::CloudFront::PublicKey` (logical id `SigningKey`). */
export const SIGNING_KEY = generateKeyPairSync('rsa', { modulusLength: 2048 });

/** The fixture's user pool id (the config's issuer). */
export const USER_POOL_ID = 'eu-west-1_FIXTURE01';

const VIEWER_ENTRY = `
import { marker } from './chunk.mjs';
export const handler = async (event) => {
  const request = event.Records[0].cf.request;
  if (request.uri.endsWith('/blocked.html')) {
    return { status: '401', statusDescription: 'Unauthorized', headers: { 'content-type': [{ key: 'Content-Type', value: 'text/plain' }] }, body: 'blocked by the viewer-request function' };
  }
  if (request.uri === '/members/away') {
    return { status: '302', headers: { location: [{ key: 'Location', value: 'https://' + request.headers.host[0].value + '/members/page.html?from=away' }] } };
  }
  if (request.uri === '/members/host') {
    return { status: '200', headers: {}, body: 'host=' + request.headers.host[0].value + ';' + marker };
  }
  request.headers['x-rehearsed'] = [{ key: 'X-Rehearsed', value: marker }];
  return request;
};
`;

const AUTHORIZER_ENTRY = `
const policy = (effect, arn) => ({ Version: '2012-10-17', Statement: [{ Action: 'execute-api:Invoke', Effect: effect, Resource: arn }] });
let calls = 0;
exports.rest = async (event) => {
  calls += 1;
  if (event.authorizationToken === 'Bearer allow') return { principalId: 'user-1', policyDocument: policy('Allow', event.methodArn), context: { calls } };
  if (event.authorizationToken === 'Bearer deny') return { principalId: 'user-2', policyDocument: policy('Deny', event.methodArn) };
  throw new Error('Unauthorized');
};
exports.http = async (event) => ({ isAuthorized: event.headers.authorization === 'Bearer allow', context: { who: 'http-user' } });
`;

type Template = { Resources: Record<string, unknown>; Outputs?: Record<string, unknown> };

const ref = (id: string) => ({ Ref: id });
/** The CloudFront Function `ProtectedSite` deploys for `directoryIndex` (a directory URL → its index object). */
const DIRECTORY_INDEX_CODE = directoryIndexFunctionCode('index.html');
const getAtt = (id: string, attribute: string) => ({ 'Fn::GetAtt': [id, attribute] });
// biome-ignore lint/suspicious/noTemplateCurlyInString: a CloudFormation Fn::Sub template, not JavaScript
const assetBucket = { 'Fn::Sub': 'cdk-hnb659fds-assets-${AWS::AccountId}-${AWS::Region}' };

function edgeStack(): Template {
  return {
    Resources: {
      ViewerFn: {
        Type: 'AWS::Lambda::Function',
        Properties: {
          Code: { S3Bucket: assetBucket, S3Key: `${EDGE_ASSET}.zip` },
          Handler: 'index.handler',
          Runtime: 'nodejs22.x',
          Timeout: 5,
          Role: getAtt('ViewerFnRole', 'Arn'),
        },
      },
      ViewerFnRole: { Type: 'AWS::IAM::Role', Properties: {} },
      ViewerFnVersion: { Type: 'AWS::Lambda::Version', Properties: { FunctionName: ref('ViewerFn') } },
      ViewerFnParameter: {
        Type: 'AWS::SSM::Parameter',
        Properties: {
          Name: '/cdk/EdgeFunctionArn/eu-west-1/Site/Viewer',
          Type: 'String',
          Value: ref('ViewerFnVersion'),
        },
      },
    },
  };
}

function siteStack(): Template {
  const publicKeyPem = SIGNING_KEY.publicKey.export({ format: 'pem', type: 'spki' }).toString();
  const association = (id: string) => [
    { EventType: 'viewer-request', LambdaFunctionARN: getAtt(id, 'FunctionArn') },
  ];
  return {
    Resources: {
      Content: { Type: 'AWS::S3::Bucket', Properties: {} },
      DirIndex: {
        Type: 'AWS::CloudFront::Function',
        Properties: {
          Name: 'DirIndex',
          AutoPublish: true,
          FunctionCode: DIRECTORY_INDEX_CODE,
          FunctionConfig: { Comment: 'directory URLs', Runtime: 'cloudfront-js-2.0' },
        },
      },
      ContentPolicy: { Type: 'AWS::S3::BucketPolicy', Properties: { Bucket: ref('Content') } },
      Deploy: {
        Type: 'Custom::CDKBucketDeployment',
        Properties: {
          ServiceToken: getAtt('DeployHandler', 'Arn'),
          SourceBucketNames: [assetBucket],
          SourceObjectKeys: [`${CONTENT_ASSET}.zip`],
          DestinationBucketName: ref('Content'),
          Prune: true,
        },
      },
      DeployHandler: {
        Type: 'AWS::Lambda::Function',
        Properties: {
          Code: { ZipFile: 'exports.handler = async () => ({})' },
          Handler: 'index.handler',
          Runtime: 'python3.12',
        },
      },
      ViewerArnReader: {
        Type: 'Custom::CrossRegionStringParameterReader',
        Properties: {
          ServiceToken: getAtt('ReaderProvider', 'Arn'),
          Region: 'us-east-1',
          ParameterName: '/cdk/EdgeFunctionArn/eu-west-1/Site/Viewer',
        },
      },
      ReaderProvider: {
        Type: 'AWS::Lambda::Function',
        Properties: {
          Code: { ZipFile: 'exports.handler = async () => ({})' },
          Handler: 'index.handler',
          Runtime: 'nodejs22.x',
        },
      },
      BrokenFn: {
        Type: 'AWS::Lambda::Function',
        Properties: {
          Code: { S3Bucket: assetBucket, S3Key: `${BROKEN_ASSET}.zip` },
          Handler: 'index.handler',
          Runtime: 'python3.12',
        },
      },
      BrokenVersion: { Type: 'AWS::Lambda::Version', Properties: { FunctionName: ref('BrokenFn') } },
      SigningKey: {
        Type: 'AWS::CloudFront::PublicKey',
        Properties: { PublicKeyConfig: { Name: 'signing', CallerReference: 'x', EncodedKey: publicKeyPem } },
      },
      Keys: {
        Type: 'AWS::CloudFront::KeyGroup',
        Properties: { KeyGroupConfig: { Name: 'keys', Items: [ref('SigningKey')] } },
      },
      Headers: {
        Type: 'AWS::CloudFront::ResponseHeadersPolicy',
        Properties: {
          ResponseHeadersPolicyConfig: {
            Name: 'headers',
            CustomHeadersConfig: {
              Items: [{ Header: 'Cache-Control', Value: 'private, no-cache', Override: true }],
            },
            SecurityHeadersConfig: {
              FrameOptions: { FrameOption: 'DENY', Override: true },
              StrictTransportSecurity: {
                AccessControlMaxAgeSec: 600,
                IncludeSubdomains: true,
                Override: true,
              },
            },
            CorsConfig: { AccessControlAllowCredentials: false, OriginOverride: true },
          },
        },
      },
      Queue: { Type: 'AWS::SQS::Queue', Properties: {} },
      Dist: {
        Type: 'AWS::CloudFront::Distribution',
        Properties: {
          DistributionConfig: {
            Enabled: true,
            DefaultRootObject: 'index.html',
            Origins: [
              {
                Id: 'bucket',
                DomainName: getAtt('Content', 'RegionalDomainName'),
                S3OriginConfig: { OriginAccessIdentity: '' },
              },
              {
                Id: 'api',
                DomainName: {
                  'Fn::Select': [
                    2,
                    {
                      'Fn::Split': [
                        '/',
                        {
                          'Fn::Join': [
                            '',
                            [
                              'https://',
                              { 'Fn::ImportValue': 'Api:RestApiId' },
                              '.execute-api.eu-west-1.',
                              ref('AWS::URLSuffix'),
                              '/v1/',
                            ],
                          ],
                        },
                      ],
                    },
                  ],
                },
                OriginPath: '/v1',
                CustomOriginConfig: { OriginProtocolPolicy: 'https-only' },
              },
              {
                Id: 'elsewhere',
                DomainName: 'origin.example.com',
                CustomOriginConfig: { OriginProtocolPolicy: 'https-only' },
              },
            ],
            CacheBehaviors: [
              // Order matters: the more specific pattern comes second and never wins for /members/*.
              {
                PathPattern: '/members/*',
                TargetOriginId: 'bucket',
                LambdaFunctionAssociations: association('ViewerArnReader'),
                ResponseHeadersPolicyId: ref('Headers'),
                ViewerProtocolPolicy: 'redirect-to-https',
              },
              { PathPattern: '/members/open/*', TargetOriginId: 'bucket', ViewerProtocolPolicy: 'allow-all' },
              {
                PathPattern: '/app/*',
                TargetOriginId: 'bucket',
                TrustedKeyGroups: [ref('Keys')],
                ViewerProtocolPolicy: 'https-only',
              },
              {
                PathPattern: '/pets*',
                TargetOriginId: 'api',
                AllowedMethods: ['GET', 'HEAD', 'OPTIONS', 'PUT', 'PATCH', 'POST', 'DELETE'],
                ViewerProtocolPolicy: 'https-only',
              },
              {
                PathPattern: '/broken/*',
                TargetOriginId: 'bucket',
                LambdaFunctionAssociations: [
                  { EventType: 'viewer-request', LambdaFunctionARN: ref('BrokenVersion') },
                ],
              },
              {
                PathPattern: '/fn/*',
                TargetOriginId: 'bucket',
                FunctionAssociations: [
                  { EventType: 'viewer-request', FunctionARN: getAtt('DirIndex', 'FunctionARN') },
                  { EventType: 'viewer-response', FunctionARN: 'arn:aws:cloudfront::1:function/x' },
                ],
                LambdaFunctionAssociations: [
                  { EventType: 'origin-request', LambdaFunctionARN: ref('BrokenVersion') },
                ],
              },
              { PathPattern: '/elsewhere/*', TargetOriginId: 'elsewhere' },
            ],
            DefaultCacheBehavior: { TargetOriginId: 'bucket', ViewerProtocolPolicy: 'redirect-to-https' },
            CustomErrorResponses: [
              { ErrorCode: 403, ResponseCode: 403, ResponsePagePath: '/errors/403.html' },
              { ErrorCode: 500, ErrorCachingMinTTL: 0 },
            ],
          },
        },
      },
    },
  };
}

function apiStack(): Template {
  const authorizerUri = (fn: string) => ({
    'Fn::Join': [
      '',
      ['arn:aws:apigateway:eu-west-1:lambda:path/2015-03-31/functions/', getAtt(fn, 'Arn'), '/invocations'],
    ],
  });
  return {
    Resources: {
      AuthFn: {
        Type: 'AWS::Lambda::Function',
        Properties: {
          Code: { S3Bucket: assetBucket, S3Key: `${AUTHORIZER_ASSET}.zip` },
          Handler: 'auth/main.rest',
          Runtime: 'nodejs22.x',
          Timeout: 10,
        },
      },
      HttpAuthFn: {
        Type: 'AWS::Lambda::Function',
        Properties: {
          Code: { S3Bucket: assetBucket, S3Key: `${AUTHORIZER_ASSET}.zip` },
          Handler: 'auth/main.http',
          Runtime: 'nodejs22.x',
        },
      },
      Backend: {
        Type: 'AWS::Lambda::Function',
        Properties: {
          Code: { ZipFile: 'exports.handler = async () => ({ statusCode: 500 })' },
          Handler: 'index.handler',
          Runtime: 'nodejs22.x',
        },
      },
      Rest: { Type: 'AWS::ApiGateway::RestApi', Properties: { Name: 'rest' } },
      Pets: {
        Type: 'AWS::ApiGateway::Resource',
        Properties: { RestApiId: ref('Rest'), ParentId: getAtt('Rest', 'RootResourceId'), PathPart: 'pets' },
      },
      Pet: {
        Type: 'AWS::ApiGateway::Resource',
        Properties: { RestApiId: ref('Rest'), ParentId: ref('Pets'), PathPart: '{id}' },
      },
      Authorizer: {
        Type: 'AWS::ApiGateway::Authorizer',
        Properties: {
          RestApiId: ref('Rest'),
          Type: 'TOKEN',
          IdentitySource: 'method.request.header.Authorization',
          IdentityValidationExpression: '^Bearer [a-z]+$',
          AuthorizerResultTtlInSeconds: 0,
          AuthorizerUri: authorizerUri('AuthFn'),
        },
      },
      GetPets: {
        Type: 'AWS::ApiGateway::Method',
        Properties: {
          RestApiId: ref('Rest'),
          ResourceId: ref('Pets'),
          HttpMethod: 'GET',
          AuthorizationType: 'CUSTOM',
          AuthorizerId: ref('Authorizer'),
          Integration: { Type: 'AWS_PROXY', IntegrationHttpMethod: 'POST', Uri: authorizerUri('Backend') },
        },
      },
      DeletePet: {
        Type: 'AWS::ApiGateway::Method',
        Properties: {
          RestApiId: ref('Rest'),
          ResourceId: ref('Pet'),
          HttpMethod: 'DELETE',
          AuthorizationType: 'AWS_IAM',
          Integration: { Type: 'AWS_PROXY', IntegrationHttpMethod: 'POST', Uri: authorizerUri('Backend') },
        },
      },
      Deployment: { Type: 'AWS::ApiGateway::Deployment', Properties: { RestApiId: ref('Rest') } },
      Stage: {
        Type: 'AWS::ApiGateway::Stage',
        Properties: {
          RestApiId: ref('Rest'),
          DeploymentId: ref('Deployment'),
          StageName: 'v1',
          Variables: { color: 'blue' },
        },
      },
      Http: { Type: 'AWS::ApiGatewayV2::Api', Properties: { Name: 'http', ProtocolType: 'HTTP' } },
      HttpAuthorizer: {
        Type: 'AWS::ApiGatewayV2::Authorizer',
        Properties: {
          ApiId: ref('Http'),
          AuthorizerType: 'REQUEST',
          AuthorizerPayloadFormatVersion: '2.0',
          EnableSimpleResponses: true,
          IdentitySource: ['$request.header.Authorization'],
          AuthorizerUri: authorizerUri('HttpAuthFn'),
        },
      },
      HttpIntegration: {
        Type: 'AWS::ApiGatewayV2::Integration',
        Properties: {
          ApiId: ref('Http'),
          IntegrationType: 'AWS_PROXY',
          IntegrationUri: getAtt('Backend', 'Arn'),
          PayloadFormatVersion: '2.0',
        },
      },
      Items: {
        Type: 'AWS::ApiGatewayV2::Route',
        Properties: {
          ApiId: ref('Http'),
          RouteKey: 'GET /items',
          AuthorizationType: 'CUSTOM',
          AuthorizerId: ref('HttpAuthorizer'),
          Target: { 'Fn::Join': ['', ['integrations/', ref('HttpIntegration')]] },
        },
      },
      HttpStage: {
        Type: 'AWS::ApiGatewayV2::Stage',
        Properties: { ApiId: ref('Http'), StageName: '$default', AutoDeploy: true },
      },
    },
    Outputs: { RestApiIdOut: { Value: ref('Rest'), Export: { Name: 'Api:RestApiId' } } },
  };
}

/** A valid edgeward configuration naming the fixture's pool (a REST authorizer; no site). */
export const FIXTURE_CONFIG = {
  issuers: {
    pool: {
      kind: 'cognito',
      region: 'eu-west-1',
      userPoolId: USER_POOL_ID,
      clientIds: ['fixtureclient0001'],
    },
  },
  functions: {
    api: {
      type: 'rest-token-authorizer',
      issuer: 'pool',
      tokenUse: 'access',
      rules: { rules: [{ resource: '/pets', methods: ['GET'] }], defaultAccess: 'deny' },
    },
  },
};

function writeJson(path: string, value: unknown): void {
  writeFileSync(path, `${JSON.stringify(value, null, 1)}\n`);
}

function writeAssetManifest(dir: string, stack: string, region: string, assets: readonly string[]): void {
  writeJson(join(dir, `${stack}.assets.json`), {
    version: '36.0.0',
    files: Object.fromEntries(
      assets.map((hash) => [
        hash,
        {
          source: { path: `asset.${hash}`, packaging: 'zip' },
          destinations: {
            [`111111111111-${region}`]: {
              bucketName: `cdk-hnb659fds-assets-111111111111-${region}`,
              objectKey: `${hash}.zip`,
            },
          },
        },
      ]),
    ),
    dockerImages: {},
  });
}

/**
 * Writes the fixture assembly into `dir/cdk.out` and its configuration into `dir/edgeward.config.json`.
 *
 * @param options.authorizerExtra - text appended to the authorizer's code (e.g. the user pool id, to
 *   exercise the baked-JWKS check)
 * @returns the assembly folder
 */
export function writeFixtureAssembly(dir: string, options: { authorizerExtra?: string } = {}): string {
  const out = join(dir, 'cdk.out');
  mkdirSync(out, { recursive: true });
  const file = (path: string, text: string) => {
    mkdirSync(join(path, '..'), { recursive: true });
    writeFileSync(path, text);
  };
  file(join(out, `asset.${EDGE_ASSET}`, 'index.mjs'), VIEWER_ENTRY);
  file(join(out, `asset.${EDGE_ASSET}`, 'chunk.mjs'), "export const marker = 'from-the-assembly';\n");
  file(
    join(out, `asset.${AUTHORIZER_ASSET}`, 'auth', 'main.js'),
    `${AUTHORIZER_ENTRY}${options.authorizerExtra ?? ''}`,
  );
  file(join(out, `asset.${BROKEN_ASSET}`, 'index.py'), 'def handler(event, context):\n    return event\n');
  file(join(out, `asset.${CONTENT_ASSET}`, 'index.html'), '<h1>home</h1>\n');
  file(join(out, `asset.${CONTENT_ASSET}`, 'members', 'page.html'), '<h1>members</h1>\n');
  file(join(out, `asset.${CONTENT_ASSET}`, 'members', 'open', 'page.html'), '<h1>open</h1>\n');
  file(join(out, `asset.${CONTENT_ASSET}`, 'app', 'index.html'), '<h1>app</h1>\n');
  file(join(out, `asset.${CONTENT_ASSET}`, 'fn', 'docs', 'index.html'), '<h1>fn docs</h1>\n');
  file(join(out, `asset.${CONTENT_ASSET}`, 'errors', '403.html'), '<h1>not for you</h1>\n');
  const stacks = [
    { id: 'Edge', region: 'us-east-1', template: edgeStack(), assets: [EDGE_ASSET] },
    { id: 'Site', region: 'eu-west-1', template: siteStack(), assets: [CONTENT_ASSET, BROKEN_ASSET] },
    { id: 'Api', region: 'eu-west-1', template: apiStack(), assets: [AUTHORIZER_ASSET] },
  ];
  const artifacts: Record<string, unknown> = {};
  for (const s of stacks) {
    writeJson(join(out, `${s.id}.template.json`), s.template);
    writeAssetManifest(out, s.id, s.region, s.assets);
    artifacts[`${s.id}.assets`] = { type: 'cdk:asset-manifest', properties: { file: `${s.id}.assets.json` } };
    artifacts[s.id] = {
      type: 'aws:cloudformation:stack',
      environment: `aws://111111111111/${s.region}`,
      properties: { templateFile: `${s.id}.template.json` },
      dependencies: [`${s.id}.assets`],
    };
  }
  writeJson(join(out, 'manifest.json'), { version: '36.0.0', artifacts });
  writeJson(join(dir, 'edgeward.config.json'), FIXTURE_CONFIG);
  return out;
}
