/**
 * Bring your own distribution (docs/deploy.md): edgeward's viewer-request bundle on a distribution you
 * define yourself, or on one this app does not manage. Not part of the example app (`app.ts`); the tests
 * synthesize these stacks to check which code the function gets.
 */

import { edgewardCode } from '@edgeward/cdk';
import { CfnOutput, Duration, Stack, type StackProps } from 'aws-cdk-lib';
import * as cloudfront from 'aws-cdk-lib/aws-cloudfront';
import * as origins from 'aws-cdk-lib/aws-cloudfront-origins';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as s3 from 'aws-cdk-lib/aws-s3';
import type { Construct } from 'constructs';

/** Where the function's configuration comes from. */
export interface OwnDistributionProps extends StackProps {
  readonly configFile: string;
  readonly jwksFile?: string;
  readonly allowExampleSecrets?: boolean;
}

/** Your own `Distribution` with edgeward's function on the paths it must run on. */
export class OwnDistributionStack extends Stack {
  readonly distribution: cloudfront.Distribution;
  readonly viewerRequest: cloudfront.experimental.EdgeFunction;

  constructor(scope: Construct, id: string, props: OwnDistributionProps) {
    super(scope, id, props);
    const content = new s3.Bucket(this, 'Content', {
      blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL,
      enforceSSL: true,
    });
    const origin = origins.S3BucketOrigin.withOriginAccessControl(content);

    // The edgeward bundle of function "site", built at synth time, as its own content-keyed asset.
    this.viewerRequest = new cloudfront.experimental.EdgeFunction(this, 'ViewerRequest', {
      runtime: lambda.Runtime.NODEJS_22_X,
      handler: 'index.handler',
      memorySize: 128,
      timeout: Duration.seconds(5),
      code: edgewardCode({
        configFile: props.configFile,
        functionName: 'site',
        ...(props.jwksFile === undefined ? {} : { jwksFile: props.jwksFile }),
        ...(props.allowExampleSecrets ? { allowExampleSecrets: true } : {}),
      }),
    });
    const edgeLambdas = [
      {
        functionVersion: this.viewerRequest.currentVersion,
        eventType: cloudfront.LambdaEdgeEventType.VIEWER_REQUEST,
      },
    ];

    this.distribution = new cloudfront.Distribution(this, 'Distribution', {
      defaultBehavior: { origin, viewerProtocolPolicy: cloudfront.ViewerProtocolPolicy.REDIRECT_TO_HTTPS },
      defaultRootObject: 'index.html',
    });
    // The function must run on its own paths (callback, sign-out: /_edgeward/* by default, never cached; sign-out
    // is confirmed by a POST, which the function answers itself) and on every protected path.
    this.distribution.addBehavior('/_edgeward/*', origin, {
      edgeLambdas,
      cachePolicy: cloudfront.CachePolicy.CACHING_DISABLED,
      allowedMethods: cloudfront.AllowedMethods.ALLOW_ALL,
      viewerProtocolPolicy: cloudfront.ViewerProtocolPolicy.REDIRECT_TO_HTTPS,
    });
    for (const path of ['/members/*', '/admin/*']) {
      this.distribution.addBehavior(path, origin, {
        edgeLambdas,
        viewerProtocolPolicy: cloudfront.ViewerProtocolPolicy.REDIRECT_TO_HTTPS,
      });
    }
  }
}

/**
 * Only the function, in us-east-1, for a distribution this app does not manage: associate the output
 * version ARN with the distribution's behaviors (console, or `aws cloudfront update-distribution`).
 */
export class EdgeFunctionOnlyStack extends Stack {
  readonly viewerRequest: cloudfront.experimental.EdgeFunction;

  constructor(scope: Construct, id: string, props: OwnDistributionProps) {
    // In us-east-1, EdgeFunction creates the function in this stack, with a role Lambda@Edge can assume.
    super(scope, id, { ...props, env: { ...props.env, region: 'us-east-1' } });
    this.viewerRequest = new cloudfront.experimental.EdgeFunction(this, 'ViewerRequest', {
      runtime: lambda.Runtime.NODEJS_22_X,
      handler: 'index.handler',
      memorySize: 128,
      timeout: Duration.seconds(5),
      code: edgewardCode({
        configFile: props.configFile,
        functionName: 'site',
        ...(props.jwksFile === undefined ? {} : { jwksFile: props.jwksFile }),
        ...(props.allowExampleSecrets ? { allowExampleSecrets: true } : {}),
      }),
    });
    // Lambda@Edge needs a published version; a new bundle gives a new version.
    new CfnOutput(this, 'ViewerRequestVersionArn', { value: this.viewerRequest.currentVersion.edgeArn });
  }
}
