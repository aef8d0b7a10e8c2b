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
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as s3 from 'aws-cdk-lib/aws-s3';
import type * as s3deploy from 'aws-cdk-lib/aws-s3-deployment';
import { Construct } from 'constructs';
import { type EdgewardCodeOptions, edgewardCode } from './bundling.js';
import { readFunctionConfig } from './config.js';
import { secretReadStatement } from './secrets.js';
import { deployContent } from './site-content.js';
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
  /** Content-Security-Policy for the response-headers policy. Default `default-src 'self'`. */
  readonly contentSecurityPolicy?: string;
  /** Removal policy of the buckets. Default `RemovalPolicy.RETAIN`. */
  readonly removalPolicy?: RemovalPolicy;
  /** Domain names (aliases) of the distribution. Default: none (the cloudfront.net name). */
  readonly domainNames?: readonly string[];
  /** ACM certificate in us-east-1 for `domainNames`. */
  readonly certificate?: import('aws-cdk-lib/aws-certificatemanager').ICertificate;
  /**
   * A folder uploaded at deploy time (`aws-s3-deployment` `BucketDeployment`, pruning files no longer in
   * it, then invalidating `/*`): each file goes to the bucket its URL (`/<relative path>`) is served from —
   * the private bucket under a protected or signed-cookie path, the public bucket otherwise. Default: none
   * (upload content yourself).
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
 * @see https://docs.aws.amazon.com/AmazonCloudFront/latest/DeveloperGuide/edge-functions-restrictions.html
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
  /** The content uploads, when `contentDir` is set (one per bucket that receives files). */
  readonly contentDeployments: readonly s3deploy.BucketDeployment[] = [];

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
    const { fn: site } = readFunctionConfig(name, props.configFile, props.functionName, ['site']);
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
    };
    this.publicBucket = new s3.Bucket(this, 'PublicBucket', bucketProps);
    this.privateBucket = new s3.Bucket(this, 'PrivateBucket', bucketProps);

    this.edgeFunction = new cloudfront.experimental.EdgeFunction(this, 'ViewerRequest', {
      runtime: lambda.Runtime.NODEJS_22_X,
      handler: 'index.handler',
      code: edgewardCode(props),
      memorySize: 128,
      timeout: Duration.seconds(5),
      description: `edgeward viewer-request (${props.functionName})`,
    });

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
        contentSecurityPolicy: props.contentSecurityPolicy ?? "default-src 'self'",
        override: true,
      },
    };
    const headers = new cloudfront.ResponseHeadersPolicy(this, 'SecurityHeaders', {
      securityHeadersBehavior,
    });
    // Protected content must not be reused from the browser's cache after sign-out: S3 objects carry no
    // Cache-Control, so browsers would guess a freshness lifetime and show a page without asking the edge.
    const protectedHeaders = new cloudfront.ResponseHeadersPolicy(this, 'ProtectedHeaders', {
      securityHeadersBehavior,
      customHeadersBehavior: {
        customHeaders: [{ header: 'Cache-Control', value: 'private, no-cache', override: true }],
      },
    });

    const publicOrigin = origins.S3BucketOrigin.withOriginAccessControl(this.publicBucket);
    const privateOrigin = origins.S3BucketOrigin.withOriginAccessControl(this.privateBucket);
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
        };
      }
    }

    this.distribution = new cloudfront.Distribution(this, 'Distribution', {
      defaultBehavior: { ...base, origin: publicOrigin },
      additionalBehaviors: behaviors,
      defaultRootObject: 'index.html',
      ...(props.domainNames ? { domainNames: [...props.domainNames] } : {}),
      // The security policy only applies to a custom certificate (the default *.cloudfront.net one is fixed).
      ...(props.certificate
        ? {
            certificate: props.certificate,
            minimumProtocolVersion: cloudfront.SecurityPolicyProtocol.TLS_V1_2_2021,
          }
        : {}),
    });

    if (props.contentDir !== undefined) {
      this.contentDeployments = deployContent(this, name, props.contentDir, routes.select, {
        publicBucket: this.publicBucket,
        privateBucket: this.privateBucket,
        distribution: this.distribution,
      });
    }
  }
}
