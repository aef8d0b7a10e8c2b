/**
 * `ProtectedSite`: S3 content behind one CloudFront distribution, with edgeward's viewer-request function on
 * the protected paths and the auth paths, and optionally private content restricted by a trusted key group
 * (CloudFront signed cookies, scenario D).
 *
 * @module
 */
import { Duration, RemovalPolicy, Stack, Token } from 'aws-cdk-lib';
import * as cloudfront from 'aws-cdk-lib/aws-cloudfront';
import * as origins from 'aws-cdk-lib/aws-cloudfront-origins';
import type { IdentityPool } from 'aws-cdk-lib/aws-cognito-identitypool';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as s3 from 'aws-cdk-lib/aws-s3';
import type * as s3deploy from 'aws-cdk-lib/aws-s3-deployment';
import { Construct } from 'constructs';
import { pageStyleSource } from 'edgeward/internal/cloudfront/page.js';
import { ACKNOWLEDGED, acknowledge, acknowledgeCdkProvided } from './acknowledgments.js';
import { type EdgewardCodeOptions, edgewardCode } from './bundling.js';
import { readFunctionConfig } from './config.js';
import {
  bucketCorsRules,
  corsBehaviorOf,
  resolveCors,
  type SiteCorsOptions,
  withConnectSources,
} from './cors.js';
import { directoryIndexFunction } from './directory-index.js';
import { type ErrorPagesOptions, errorResponsesOf } from './error-pages.js';
import {
  checkIdentityFilesNotServed,
  createSiteIdentityPool,
  identityObjectPatterns,
  type SiteIdentityPoolOptions,
} from './identity-pool.js';
import {
  checkWebAclId,
  type EdgeLogRetentionOptions,
  logBucketOf,
  retainEdgeLogs,
  type SiteLoggingOptions,
  tlsSettings,
} from './production.js';
import { secretReadStatement } from './secrets.js';
import { type ContentData, SiteContent } from './site-content.js';
import { checkFunctionPathsCovered, siteRoutes } from './site-routes.js';
import { checkPathPattern, EdgewardPropsError, requireConcrete } from './validation.js';

/** Signed-cookie protection of private paths by a trusted key group. */
export interface SignedCookieProtection {
  /**
   * Id of the CloudFront public key (the `CloudFront-Key-Pair-Id` the edge function signs with). It must
   * already exist and must equal the `keyPairId` in the edgeward config: the id is assigned by CloudFront at
   * deploy time and cannot be baked into a bundle synthesized in the same deployment.
   */
  readonly publicKeyId: string;
  /** Path patterns served from the private bucket only with valid signed cookies, e.g. `["/private/app/*"]`. */
  readonly paths: readonly string[];
}

/** Props of {@link ProtectedSite}. */
export interface ProtectedSiteProps extends EdgewardCodeOptions {
  /** Path patterns protected by the viewer-request function (served from the private bucket), e.g. `["/members/*"]`. */
  readonly protectedPaths: readonly string[];
  /**
   * Path patterns the function answers itself (callback, sign-out, refresh, signed-cookie issue).
   * Default `["/_edgeward/*"]`, matching edgeward's default auth paths.
   */
  readonly authPaths?: readonly string[];
  /** Private paths restricted by a trusted key group instead of a function. Default: none. */
  readonly signedCookies?: SignedCookieProtection;
  /**
   * Content-Security-Policy for the response-headers policy. Default `default-src 'self'; style-src 'self'`
   * plus the hash of the style of edgeward's own pages (`pageStyleSource()`): keep that hash in `style-src`
   * when you set your own, or the function's pages lose their style.
   */
  readonly contentSecurityPolicy?: string;
  /** Removal policy of the buckets. Default `RemovalPolicy.RETAIN`. */
  readonly removalPolicy?: RemovalPolicy;
  /** Domain names (aliases) of the distribution. Default: none (the cloudfront.net name). */
  readonly domainNames?: readonly string[];
  /** ACM certificate in us-east-1 for `domainNames`. */
  readonly certificate?: import('aws-cdk-lib/aws-certificatemanager').ICertificate;
  /**
   * Friendly pages for 404 and (with signed cookies) 403 instead of S3's and CloudFront's XML; the
   * buckets' origin access control then also grants `s3:ListBucket`, so a missing object is a 404. Default:
   * none (errors reach the viewer as S3 and CloudFront answer them). See {@link ErrorPagesOptions}.
   */
  readonly errorPages?: ErrorPagesOptions;
  /**
   * Temporary AWS credentials for signed-in users: an identity pool over the site's user pool and app
   * client (guest access off) whose authenticated role may use only its own prefix of the private bucket
   * (`private/${cognito-identity.amazonaws.com:sub}/*`), served to the site's pages by the function's
   * credentials route (`identityPool` in the site configuration). Adds the bucket and Cognito Identity to
   * the CSP's `connect-src`. Default: none. See {@link SiteIdentityPoolOptions}.
   */
  readonly identityPool?: SiteIdentityPoolOptions;
  /**
   * Cross-origin access: CORS rules on both buckets (browser calls with identity-pool credentials) and a
   * CORS response-headers policy with `Origin` forwarded on the public and signed-cookie behaviors. Adds
   * the buckets to the CSP's `connect-src`. Default: none. See {@link SiteCorsOptions}.
   */
  readonly cors?: SiteCorsOptions;
  /** Access logs of the distribution and both buckets. Default: none. See {@link SiteLoggingOptions}. */
  readonly logging?: SiteLoggingOptions;
  /** ARN of an AWS WAFv2 web ACL (scope CLOUDFRONT, us-east-1) for the distribution. Default: none. */
  readonly webAclId?: string;
  /** Edge locations the distribution uses. Default `PriceClass.PRICE_CLASS_ALL` (CloudFront's). */
  readonly priceClass?: cloudfront.PriceClass;
  /**
   * Minimum TLS version of viewer connections. Only with `certificate` (custom domain): the default
   * `*.cloudfront.net` certificate has a fixed policy, and a value given without a certificate is ignored
   * with a synth warning. Default `TLS_V1_2_2021` with a certificate.
   */
  readonly minimumProtocolVersion?: cloudfront.SecurityPolicyProtocol;
  /** Retention of the edge function's log groups (per region). Default: never expire. See {@link EdgeLogRetentionOptions}. */
  readonly logRetention?: EdgeLogRetentionOptions;
  /**
   * A folder uploaded at deploy time (`aws-s3-deployment` `BucketDeployment`, pruning files no longer in
   * it, then invalidating `/*`): each file goes to the bucket its URL (`/<relative path>`) is served from —
   * the private bucket under a protected or signed-cookie path, the public bucket otherwise. With
   * `identityPool`, the files its users keep in the private bucket (`<userPrefix><identityId>/…`, the
   * shared prefix) are never pruned, and a content file there is refused. Default: none (upload content
   * yourself).
   */
  readonly contentDir?: string;
}

/**
 * A CloudFront distribution over a public and a private S3 bucket (block all public access, SSL enforced,
 * origin access control), protected by edgeward.
 *
 * Requires an explicit stack region: Lambda@Edge functions must live in us-east-1, and
 * `cloudfront.experimental.EdgeFunction` deploys them there through a separate stack when this stack is in
 * another region, which CDK can only arrange when the region is known at synth time.
 *
 * @see [Amazon CloudFront Developer Guide - Restrictions on edge functions](https://docs.aws.amazon.com/AmazonCloudFront/latest/DeveloperGuide/edge-functions-restrictions.html)
 */
export class ProtectedSite extends Construct {
  /** The public bucket (default behavior). */
  readonly publicBucket: s3.Bucket;
  /** The private bucket (protected paths and signed-cookie paths). */
  readonly privateBucket: s3.Bucket;
  /** The viewer-request function (us-east-1, nodejs22.x). */
  readonly edgeFunction: cloudfront.experimental.EdgeFunction;
  /** The distribution. */
  readonly distribution: cloudfront.Distribution;
  /** The trusted key group, when `signedCookies` is set. */
  readonly keyGroup?: cloudfront.KeyGroup;
  /** The identity pool, when `identityPool` is set. */
  readonly identityPool?: IdentityPool;
  /** The access-log bucket, when `logging` is set. */
  readonly logBucket?: s3.IBucket;
  private readonly content: SiteContent;

  /** The content uploads (`contentDir`, {@link addContentFile}): one per bucket that receives files. */
  get contentDeployments(): readonly s3deploy.BucketDeployment[] {
    return this.content.deployments;
  }

  constructor(scope: Construct, id: string, props: ProtectedSiteProps) {
    super(scope, id);
    const name = 'ProtectedSite';
    const region = Stack.of(this).region;
    if (Token.isUnresolved(region)) {
      throw new EdgewardPropsError(
        name,
        'stack env.region',
        'the stack needs an explicit region (env: { account, region }): Lambda@Edge functions live in us-east-1 ' +
          'and CDK deploys them there through a separate stack, which requires a region known at synth time',
      );
    }
    if (props.protectedPaths.length === 0) {
      throw new EdgewardPropsError(name, 'protectedPaths', 'expected at least one path pattern');
    }
    props.protectedPaths.forEach((p, i) => {
      checkPathPattern(name, `protectedPaths[${i}]`, p);
    });
    const authPaths = props.authPaths ?? ['/_edgeward/*'];
    authPaths.forEach((p, i) => {
      checkPathPattern(name, `authPaths[${i}]`, p);
    });
    if (props.signedCookies) {
      requireConcrete(name, 'signedCookies.publicKeyId', props.signedCookies.publicKeyId);
      if (props.signedCookies.paths.length === 0) {
        throw new EdgewardPropsError(name, 'signedCookies.paths', 'expected at least one path pattern');
      }
      props.signedCookies.paths.forEach((p, i) => {
        checkPathPattern(name, `signedCookies.paths[${i}]`, p);
      });
    }
    const { fn: site, issuer } = readFunctionConfig(name, props.configFile, props.functionName, ['site']);
    const cors = props.cors === undefined ? undefined : resolveCors(props.cors);
    if (props.webAclId !== undefined) checkWebAclId(props.webAclId);
    if (props.signedCookies && site.signedCookies?.keyPairId !== props.signedCookies.publicKeyId) {
      throw new EdgewardPropsError(
        name,
        'signedCookies.publicKeyId',
        `must equal functions.${props.functionName}.signedCookies.keyPairId in the config (the key the function signs with)`,
      );
    }
    const all = [...props.protectedPaths, ...authPaths, ...(props.signedCookies?.paths ?? [])];
    const dup = all.find((p, i) => all.indexOf(p) !== i);
    if (dup)
      throw new EdgewardPropsError(name, 'paths', `path pattern ${JSON.stringify(dup)} is listed twice`);
    const routes = siteRoutes({
      authPaths,
      protectedPaths: props.protectedPaths,
      signedCookiePaths: props.signedCookies?.paths ?? [],
    });
    checkFunctionPathsCovered(name, props.functionName, site, routes.select);

    const bucketProps: s3.BucketProps = {
      blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL,
      enforceSSL: true,
      encryption: s3.BucketEncryption.S3_MANAGED,
      removalPolicy: props.removalPolicy ?? RemovalPolicy.RETAIN,
      ...(cors === undefined ? {} : { cors: bucketCorsRules(cors) }),
    };
    const logPrefix = props.logging?.prefix ?? '';
    if (props.logging) this.logBucket = logBucketOf(this, props.logging, props.removalPolicy);
    const accessLogs = (bucket: string): Partial<s3.BucketProps> =>
      this.logBucket === undefined
        ? {}
        : { serverAccessLogsBucket: this.logBucket, serverAccessLogsPrefix: `${logPrefix}s3/${bucket}/` };
    this.publicBucket = new s3.Bucket(this, 'PublicBucket', { ...bucketProps, ...accessLogs('public') });
    this.privateBucket = new s3.Bucket(this, 'PrivateBucket', { ...bucketProps, ...accessLogs('private') });
    if (props.identityPool) {
      this.identityPool = createSiteIdentityPool(
        this,
        props.identityPool,
        { fn: site, issuer, functionName: props.functionName },
        this.privateBucket,
      );
    }

    this.edgeFunction = new cloudfront.experimental.EdgeFunction(this, 'ViewerRequest', {
      runtime: lambda.Runtime.NODEJS_22_X,
      handler: 'index.handler',
      code: edgewardCode(props),
      memorySize: 128,
      timeout: Duration.seconds(5),
      description: `edgeward viewer-request (${props.functionName})`,
    });
    if (props.logRetention) retainEdgeLogs(this, this.edgeFunction, props.logRetention);
    acknowledge(this.edgeFunction.lambda, ACKNOWLEDGED.edgeRuntime, ACKNOWLEDGED.basicExecutionRole);

    const key = site.signedCookies?.privateKey;
    if (key && 'secretsManager' in key) {
      this.edgeFunction.addToRolePolicy(
        secretReadStatement(this, key.secretsManager.secretId, key.secretsManager.region),
      );
    }

    const securityHeadersBehavior: cloudfront.ResponseSecurityHeadersBehavior = {
      strictTransportSecurity: {
        accessControlMaxAge: Duration.days(365),
        includeSubdomains: true,
        override: true,
      },
      contentTypeOptions: { override: true },
      frameOptions: { frameOption: cloudfront.HeadersFrameOption.DENY, override: true },
      referrerPolicy: {
        referrerPolicy: cloudfront.HeadersReferrerPolicy.STRICT_ORIGIN_WHEN_CROSS_ORIGIN,
        override: true,
      },
      contentSecurityPolicy: {
        contentSecurityPolicy: this.contentSecurityPolicyOf(props, region, cors !== undefined),
        override: true,
      },
    };
    const corsHeaders = cors === undefined ? {} : { corsBehavior: corsBehaviorOf(cors) };
    const headers = new cloudfront.ResponseHeadersPolicy(this, 'SecurityHeaders', {
      securityHeadersBehavior,
      ...corsHeaders,
    });
    // Protected content must not be reused from the browser's cache after sign-out: S3 objects carry no
    // Cache-Control, so browsers would guess a freshness lifetime and show a page without asking the edge.
    const protectedHeaders = new cloudfront.ResponseHeadersPolicy(this, 'ProtectedHeaders', {
      securityHeadersBehavior,
      ...corsHeaders,
      customHeadersBehavior: {
        customHeaders: [{ header: 'Cache-Control', value: 'private, no-cache', override: true }],
      },
    });

    // With error pages, S3 must answer 404 (not 403) for a missing object: OAC may also list.
    const originAccess = {
      originAccessLevels: props.errorPages
        ? [cloudfront.AccessLevel.READ, cloudfront.AccessLevel.LIST]
        : [cloudfront.AccessLevel.READ],
    };
    const publicOrigin = origins.S3BucketOrigin.withOriginAccessControl(this.publicBucket, originAccess);
    const privateOrigin = origins.S3BucketOrigin.withOriginAccessControl(this.privateBucket, originAccess);
    // Directory URLs where the edgeward function does not run (it rewrites them itself elsewhere).
    const indexRewrite = site.directoryIndex
      ? { functionAssociations: [directoryIndexFunction(this, 'DirectoryIndex', site.directoryIndex)] }
      : {};
    // Cross-origin calls through the distribution: preflights allowed, Origin forwarded to S3.
    const crossOrigin =
      cors === undefined
        ? {}
        : {
            allowedMethods: cloudfront.AllowedMethods.ALLOW_GET_HEAD_OPTIONS,
            originRequestPolicy: cloudfront.OriginRequestPolicy.CORS_S3_ORIGIN,
          };
    const edgeLambdas: cloudfront.EdgeLambda[] = [
      {
        functionVersion: this.edgeFunction.currentVersion,
        eventType: cloudfront.LambdaEdgeEventType.VIEWER_REQUEST,
      },
    ];
    const base = {
      viewerProtocolPolicy: cloudfront.ViewerProtocolPolicy.REDIRECT_TO_HTTPS,
      responseHeadersPolicy: headers,
    };
    const behaviors: Record<string, cloudfront.BehaviorOptions> = {};
    for (const p of authPaths) {
      behaviors[p] = {
        ...base,
        origin: publicOrigin,
        edgeLambdas,
        cachePolicy: cloudfront.CachePolicy.CACHING_DISABLED,
        // Sign-out is a POST from its confirmation page (cross-site sign-out links are not honoured); the
        // function answers every request on these paths, so nothing reaches the (read-only) origin.
        allowedMethods: cloudfront.AllowedMethods.ALLOW_ALL,
      };
    }
    for (const p of props.protectedPaths) {
      behaviors[p] = { ...base, responseHeadersPolicy: protectedHeaders, origin: privateOrigin, edgeLambdas };
    }
    if (site.directoryIndex) {
      // `/members` (no slash) is the directory URL of `/members/*`: the function serves it too.
      for (const p of props.protectedPaths) {
        const bare = p.endsWith('/*') ? p.slice(0, -2) : undefined;
        if (bare && bare !== '' && !all.includes(bare) && behaviors[bare] === undefined) {
          behaviors[bare] = behaviors[p]!;
        }
      }
    }
    if (props.signedCookies) {
      const publicKey = cloudfront.PublicKey.fromPublicKeyId(
        this,
        'SigningPublicKey',
        props.signedCookies.publicKeyId,
      );
      this.keyGroup = new cloudfront.KeyGroup(this, 'KeyGroup', { items: [publicKey] });
      for (const p of props.signedCookies.paths) {
        behaviors[p] = {
          ...base,
          responseHeadersPolicy: protectedHeaders,
          origin: privateOrigin,
          trustedKeyGroups: [this.keyGroup],
          ...indexRewrite,
          ...crossOrigin,
        };
      }
    }

    if (props.identityPool) {
      // Users' uploads live in the private bucket: no behavior of that bucket may serve them.
      checkIdentityFilesNotServed(
        'ProtectedSite',
        Object.keys(behaviors).filter((p) => behaviors[p]!.origin === privateOrigin),
        props.identityPool,
      );
    }
    const errorResponses = errorResponsesOf(
      props.errorPages,
      props.signedCookies !== undefined,
      site.errorPages,
    );
    this.distribution = new cloudfront.Distribution(this, 'Distribution', {
      defaultBehavior: { ...base, origin: publicOrigin, ...indexRewrite, ...crossOrigin },
      additionalBehaviors: behaviors,
      defaultRootObject: 'index.html',
      ...(props.domainNames ? { domainNames: [...props.domainNames] } : {}),
      // The security policy only applies to a custom certificate (the default *.cloudfront.net one is fixed).
      ...tlsSettings(
        this,
        props.certificate,
        props.minimumProtocolVersion,
        cloudfront.SecurityPolicyProtocol.TLS_V1_2_2021,
      ),
      ...(props.webAclId === undefined ? {} : { webAclId: props.webAclId }),
      ...(props.priceClass === undefined ? {} : { priceClass: props.priceClass }),
      ...(this.logBucket === undefined
        ? {}
        : { enableLogging: true, logBucket: this.logBucket, logFilePrefix: `${logPrefix}cloudfront/` }),
      // The site's own pages (its `errorPages`), then the `errorPages` prop's for the statuses left open.
      ...(errorResponses.length === 0 ? {} : { errorResponses }),
    });

    this.content = new SiteContent(
      this,
      name,
      routes.select,
      { publicBucket: this.publicBucket, privateBucket: this.privateBucket, distribution: this.distribution },
      props.identityPool === undefined ? [] : identityObjectPatterns(props.identityPool),
    );
    if (props.contentDir !== undefined) this.content.addDir(props.contentDir);
    acknowledgeCdkProvided(Stack.of(this), [this.publicBucket, this.privateBucket]);
    acknowledgeCdkProvided(Stack.of(this.edgeFunction.lambda));
  }

  /**
   * Uploads one more file at deploy time, to the bucket its URL (`/<path>`) is served from, in the same
   * `BucketDeployment` as `contentDir`'s files of that bucket (so neither prunes the other): text, or an
   * object written as JSON whose deploy-time values (a bucket name, a domain name) are resolved at
   * deployment — e.g. the settings page scripts need (`storage.json` of the demo's "My files" page).
   *
   * @param path relative, `/`-separated, e.g. `assets/storage.json`
   * @throws EdgewardPropsError `path` when it is not a relative file path, or is where identity-pool users
   *   keep their files
   */
  addContentFile(path: string, data: ContentData): void {
    this.content.addFile(path, data);
  }

  /**
   * The Content-Security-Policy of the response-headers policies: `contentSecurityPolicy` (default
   * `default-src 'self'` and the hash of the style of edgeward's own pages in `style-src`), plus, in `connect-src`, the private bucket and Cognito Identity with an
   * identity pool and both buckets with CORS (the endpoints browser code then calls).
   */
  private contentSecurityPolicyOf(props: ProtectedSiteProps, region: string, cors: boolean): string {
    const csp = props.contentSecurityPolicy ?? `default-src 'self'; style-src 'self' ${pageStyleSource()}`;
    const sources = new Set<string>();
    if (props.identityPool) {
      sources.add(`https://${this.privateBucket.bucketRegionalDomainName}`);
      sources.add(`https://cognito-identity.${region}.amazonaws.com`);
    }
    if (cors) {
      sources.add(`https://${this.publicBucket.bucketRegionalDomainName}`);
      sources.add(`https://${this.privateBucket.bucketRegionalDomainName}`);
    }
    return sources.size === 0 ? csp : withConnectSources(csp, [...sources]);
  }
}
