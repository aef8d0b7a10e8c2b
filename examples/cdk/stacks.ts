/**
 * The example CDK app: scenario A+D (a site with hosted-UI login and a private app behind CloudFront signed
 * cookies) and scenario B (a REST API with a TOKEN authorizer), both from `edgeward.config.json`, plus an
 * optional stack creating the Cognito user pool they use (deploy it first; see docs/deploy.md).
 */
import { fileURLToPath } from 'node:url';
import { App, type Environment, Stack, type StackProps } from 'aws-cdk-lib';
import * as apigateway from 'aws-cdk-lib/aws-apigateway';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import type { Construct } from 'constructs';
import { ApiAuthorizer, EdgewardUserPool, ProtectedSite } from '../../src/cdk/index.js';

const here = (file: string): string => fileURLToPath(new URL(file, import.meta.url));

/** Paths of the example's config and the JWKS baked for offline builds. */
export const CONFIG_FILE = here('./edgeward.config.json');
export const JWKS_FILE = here('./jwks.json');

/**
 * Optional: the Cognito user pool, hosted-UI domain, groups and app client for the site. Deploy it first
 * (`npx cdk deploy EdgewardUserPool`), then copy its outputs into edgeward.config.json. The origin is the
 * site's custom domain, or the distribution's domain once the site has been deployed (then redeploy this).
 */
export class UserPoolStack extends Stack {
  readonly pool: EdgewardUserPool;
  constructor(scope: Construct, id: string, props: StackProps) {
    super(scope, id, props);
    this.pool = new EdgewardUserPool(this, 'Pool', {
      configFile: CONFIG_FILE,
      functionName: 'site',
      siteOrigins: ['https://d111111abcdef8.cloudfront.net'],
      domainPrefix: 'example-prefix',
    });
  }
}

/** The site: public bucket, members/admin behind the edge function, private app behind signed cookies. */
export class SiteStack extends Stack {
  readonly site: ProtectedSite;
  constructor(scope: Construct, id: string, props: StackProps) {
    super(scope, id, props);
    this.site = new ProtectedSite(this, 'Site', {
      configFile: CONFIG_FILE,
      functionName: 'site',
      jwksFile: JWKS_FILE,
      protectedPaths: ['/members/*', '/admin/*', '/private/login'],
      signedCookies: { publicKeyId: 'K2JCJMDEHXQW5F', paths: ['/private/app/*'] },
      // Friendly 404 and 403 pages (the 403 one links back to /private/login) instead of S3/CloudFront XML.
      errorPages: { notFound: '/errors/404.html', accessDenied: '/errors/403.html' },
    });
  }
}

/** The pets REST API behind the TOKEN authorizer. */
export class ApiStack extends Stack {
  readonly authorizer: ApiAuthorizer;
  constructor(scope: Construct, id: string, props: StackProps) {
    super(scope, id, props);
    this.authorizer = new ApiAuthorizer(this, 'Authorizer', {
      configFile: CONFIG_FILE,
      functionName: 'api',
      jwksFile: JWKS_FILE,
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
  }
}

/** Builds the app; `outdir` for tests. The region must be explicit (see ProtectedSite). */
export function createApp(outdir?: string): {
  app: App;
  userPool: UserPoolStack;
  site: SiteStack;
  api: ApiStack;
} {
  const app = new App(outdir ? { outdir } : {});
  const env: Environment = { account: '111111111111', region: 'eu-west-1' };
  const userPool = new UserPoolStack(app, 'EdgewardUserPool', { env });
  const site = new SiteStack(app, 'EdgewardSite', { env });
  const api = new ApiStack(app, 'EdgewardApi', { env });
  return { app, userPool, site, api };
}
