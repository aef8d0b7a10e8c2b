/**
 * The example CDK app: scenario A+D (a site with hosted-UI login and a private app behind CloudFront signed
 * cookies) and scenario B (a REST API with a TOKEN authorizer), both from `edgeward.config.json`, plus an
 * optional stack creating the Cognito user pool they use (deploy it first; see docs/deploy.md).
 *
 * Account, region, hosted-UI domain prefix and site origins come from CDK context or the environment
 * (`settings.ts`); each stack prints what docs/deploy.md needs as outputs with plain names.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { ApiAuthorizer, EdgewardUserPool, ProtectedSite } from '@edgeward/cdk';
import { bundleBrowserScript } from '@edgeward/cli/build';
import type { FilesPageStorage } from '@edgeward/cli/local';
import {
  Annotations,
  App,
  CfnOutput,
  type Environment,
  Stack,
  type StackProps,
  Validations,
} from 'aws-cdk-lib';
import * as apigateway from 'aws-cdk-lib/aws-apigateway';
import * as cloudfront from 'aws-cdk-lib/aws-cloudfront';
import * as cognito from 'aws-cdk-lib/aws-cognito';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as logs from 'aws-cdk-lib/aws-logs';
import type { Construct } from 'constructs';
import { type ExampleSettings, readSettings, type SettingSources } from './settings.js';

const here = (file: string): string => fileURLToPath(new URL(file, import.meta.url));

/** Paths of the example's config and of the placeholder JWKS baked when synthesizing with placeholders. */
export const CONFIG_FILE = here('./edgeward.config.json');
export const JWKS_FILE = here('./jwks.json');
/** The demo's pages, uploaded to the site's buckets (protected pages to the private one). */
export const CONTENT_DIR = here('../../packages/cli/demo/site');
/** The script of the demo's "My files" page (`/members/files/`), bundled at synth and uploaded with the content. */
export const FILES_PAGE_SCRIPT = here('../../packages/cli/demo/browser/files.mjs');

/** Props of the example stacks. */
export interface ExampleStackProps extends StackProps {
  readonly settings: ExampleSettings;
  /** The edgeward configuration file. Default {@link CONFIG_FILE}. */
  readonly configFile?: string;
}

/**
 * The JWKS file to bake: the placeholder JWKS when synthesizing with placeholders (offline), else none (the
 * build fetches the user pool's JWKS). The CDK context value `edgeward:jwksFile` overrides both.
 */
function jwksFileOf(settings: ExampleSettings): string | undefined {
  return settings.placeholders ? JWKS_FILE : undefined;
}

/** Reports the settings this stack needs but were not given, as synth errors on the stack (not the app). */
function requireSettings(stack: Stack, settings: ExampleSettings, names: readonly string[]): void {
  for (const m of settings.missing) {
    if (names.includes(m.name)) {
      Annotations.of(stack).addError(`setting '${m.name}' is missing for deployment: ${m.hint}`);
    }
  }
  if (settings.placeholders) {
    Annotations.of(stack).addWarning(
      'synthesized with placeholders (no account given): not deployable; see docs/deploy.md',
    );
  }
}

/**
 * Optional: the Cognito user pool, hosted-UI domain, groups and app client for the site. Deploy it first
 * (`npx cdk deploy -e EdgewardUserPool`), then copy its outputs into edgeward.config.json. The origin is the
 * site's custom domain, or the distribution's domain once the site has been deployed (then redeploy this).
 */
export class UserPoolStack extends Stack {
  readonly pool: EdgewardUserPool;
  constructor(scope: Construct, id: string, props: ExampleStackProps) {
    super(scope, id, props);
    requireSettings(this, props.settings, ['account', 'region', 'domainPrefix', 'siteOrigins']);
    this.pool = new EdgewardUserPool(this, 'Pool', {
      configFile: props.configFile ?? CONFIG_FILE,
      functionName: 'site',
      siteOrigins: props.settings.siteOrigins,
      domainPrefix: props.settings.domainPrefix,
      // USER_PASSWORD_AUTH lets `edgeward login` fetch tokens for the API checks (docs/deploy.md); turn it
      // off when browsers are the only clients.
      allowPasswordAuth: true,
      ...(props.settings.adminEmail === undefined ? {} : { adminUser: { email: props.settings.adminEmail } }),
      // TOTP multi-factor authentication for everyone; threat protection needs the Plus plan.
      mfa: 'required',
      featurePlan: cognito.FeaturePlan.PLUS,
      advancedSecurityMode: 'enforced',
      deletionProtection: true,
    });
    new CfnOutput(this, 'UserPoolId', { value: this.pool.userPool.userPoolId });
    new CfnOutput(this, 'UserPoolClientId', { value: this.pool.client.userPoolClientId });
    new CfnOutput(this, 'CognitoDomain', { value: this.pool.cognitoDomain });
    new CfnOutput(this, 'Region', { value: this.region });
  }
}

/** The site: public bucket, members/admin behind the edge function, private app behind signed cookies. */
export class SiteStack extends Stack {
  readonly site: ProtectedSite;
  constructor(scope: Construct, id: string, props: ExampleStackProps) {
    super(scope, id, props);
    requireSettings(this, props.settings, ['account', 'region']);
    const configFile = props.configFile ?? CONFIG_FILE;
    const keyPairId = siteKeyPairId(configFile);
    const jwksFile = jwksFileOf(props.settings);
    this.site = new ProtectedSite(this, 'Site', {
      configFile,
      functionName: 'site',
      ...(jwksFile === undefined ? {} : { jwksFile }),
      protectedPaths: ['/members/*', '/admin/*', '/private/login'],
      signedCookies: { publicKeyId: keyPairId, paths: ['/private/app/*'] },
      contentDir: CONTENT_DIR,
      // The published example stateSecret is accepted only in a placeholder (not deployable) synth.
      allowExampleSecrets: props.settings.placeholders,
      // Friendly 404 and 403 pages (the 403 one links back to /private/login) instead of S3/CloudFront XML.
      errorPages: { notFound: '/errors/404.html', accessDenied: '/errors/403.html' },
      // AWS credentials for signed-in users (the function's /_edgeward/credentials route): each identity
      // reads and writes only private/<identity id>/ of the private bucket, and reads shared/.
      identityPool: { sharedReadPrefix: 'shared/' },
      // Browser code on the site calls the buckets directly with those credentials.
      cors: {
        allowedOrigins: props.settings.siteOrigins,
        allowedMethods: ['GET', 'HEAD', 'PUT', 'DELETE'],
        maxAgeSeconds: 600,
      },
      // Production switches: access logs, WAF (when a web ACL is given), price class, log retention.
      logging: { prefix: 'edgeward/' },
      ...(props.settings.webAclId === undefined ? {} : { webAclId: props.settings.webAclId }),
      priceClass: cloudfront.PriceClass.PRICE_CLASS_100,
      logRetention: { retention: logs.RetentionDays.ONE_MONTH },
    });
    // The demo's "My files" page (/members/files/): its script, and where it sends the S3 requests it signs
    // with the credentials route's credentials — the private bucket's regional endpoint (in the CSP's
    // connect-src), whose identity prefixes the identity pool's role may use.
    this.site.addContentFile('assets/local/files.js', bundleBrowserScript(FILES_PAGE_SCRIPT));
    this.site.addContentFile('assets/local/storage.json', {
      endpoint: `https://${this.site.privateBucket.bucketRegionalDomainName}`,
      bucket: this.site.privateBucket.bucketName,
      region: this.region,
      userPrefix: 'private/',
      forcePathStyle: false,
    } satisfies FilesPageStorage);
    // Deployment choices cdk-nag reports on the distribution, acknowledged here (docs/deploy.md):
    Validations.of(this.site.distribution).acknowledge(
      {
        id: 'AwsSolutions-CFR4',
        reason:
          'The example serves the default *.cloudfront.net name, whose certificate always allows TLSv1; with domainNames + certificate ProtectedSite sets TLSv1.2_2021 (minimumProtocolVersion).',
      },
      {
        id: 'AwsSolutions-CFR1',
        reason:
          'The example site is for viewers everywhere; restrict countries with the web ACL (webAclId) if needed.',
      },
    );
    new CfnOutput(this, 'DistributionDomainName', { value: this.site.distribution.distributionDomainName });
    new CfnOutput(this, 'DistributionId', { value: this.site.distribution.distributionId });
    new CfnOutput(this, 'PublicBucketName', { value: this.site.publicBucket.bucketName });
    new CfnOutput(this, 'PrivateBucketName', { value: this.site.privateBucket.bucketName });
    // Copy into functions.site.identityPool.identityPoolId, then deploy the site again.
    new CfnOutput(this, 'IdentityPoolId', { value: this.site.identityPool!.identityPoolId });
  }
}

/** The key pair id the site function signs cookies with (`functions.site.signedCookies.keyPairId`). */
function siteKeyPairId(configFile: string): string {
  const config = JSON.parse(readFileSync(configFile, 'utf8')) as {
    functions: Record<string, { signedCookies?: { keyPairId?: string } }>;
  };
  const id = config.functions['site']?.signedCookies?.keyPairId;
  if (id === undefined) throw new Error(`${configFile}: functions.site.signedCookies.keyPairId is not set`);
  return id;
}

/** The pets REST API behind the TOKEN authorizer. */
export class ApiStack extends Stack {
  readonly authorizer: ApiAuthorizer;
  constructor(scope: Construct, id: string, props: ExampleStackProps) {
    super(scope, id, props);
    requireSettings(this, props.settings, ['account', 'region']);
    const jwksFile = jwksFileOf(props.settings);
    this.authorizer = new ApiAuthorizer(this, 'Authorizer', {
      configFile: props.configFile ?? CONFIG_FILE,
      functionName: 'api',
      ...(jwksFile === undefined ? {} : { jwksFile }),
      allowExampleSecrets: props.settings.placeholders,
      logRetention: logs.RetentionDays.ONE_MONTH,
    });
    const backend = new lambda.Function(this, 'Pets', {
      runtime: lambda.Runtime.NODEJS_22_X,
      handler: 'index.handler',
      code: lambda.Code.fromInline(
        'exports.handler = async (e) => ({ statusCode: 200, body: JSON.stringify({ pets: [], principal: e.requestContext.authorizer.principalId }) });',
      ),
    });
    const api = new apigateway.RestApi(this, 'PetsApi', {
      defaultMethodOptions: { authorizer: this.authorizer.restAuthorizer },
    });
    const integration = new apigateway.LambdaIntegration(backend);
    const pets = api.root.addResource('pets');
    pets.addMethod('GET', integration);
    const pet = pets.addResource('{id}');
    pet.addMethod('GET', integration);
    pet.addMethod('DELETE', integration);
    new CfnOutput(this, 'ApiUrl', { value: api.url });
  }
}

/** Options of {@link createApp} (tests). */
export interface CreateAppOptions {
  /** Cloud assembly directory. Default: the CDK CLI's (`cdk.out`). */
  readonly outdir?: string;
  /** CDK context, as `-c key=value` would give it. */
  readonly context?: Record<string, unknown>;
  /** Environment variables the settings are read from. Default `process.env`. */
  readonly env?: Readonly<Record<string, string | undefined>>;
  /** The edgeward configuration file. Default {@link CONFIG_FILE}. */
  readonly configFile?: string;
}

/** Builds the app. The region must be explicit (see ProtectedSite). */
export function createApp(options: CreateAppOptions = {}): {
  app: App;
  settings: ExampleSettings;
  userPool: UserPoolStack;
  site: SiteStack;
  api: ApiStack;
} {
  const app = new App({
    ...(options.outdir ? { outdir: options.outdir } : {}),
    ...(options.context ? { context: options.context } : {}),
  });
  const sources: SettingSources = {
    context: (key) => app.node.tryGetContext(key),
    env: options.env ?? process.env,
  };
  const settings = readSettings(sources);
  const env: Environment = { account: settings.account, region: settings.region };
  const common = { env, settings, ...(options.configFile ? { configFile: options.configFile } : {}) };
  const userPool = new UserPoolStack(app, 'EdgewardUserPool', common);
  const site = new SiteStack(app, 'EdgewardSite', common);
  const api = new ApiStack(app, 'EdgewardApi', common);
  return { app, settings, userPool, site, api };
}
