/**
 * The production switches of `ProtectedSite` that are not about authentication: access logs of the
 * distribution and the buckets, the AWS WAF web ACL, the price class, TLS for a custom domain, and the
 * retention of the edge function's log groups.
 *
 * Lambda@Edge writes its logs to `/aws/lambda/us-east-1.<function name>` in the region of each edge
 * location that ran it, so a retention set in one region does not reach the others: `logRetention`
 * sets it, with CDK's `LogRetention` custom resource, in every region listed (default: the stack's region
 * and us-east-1). docs/deploy.md shows how to set it in all regions from the command line.
 *
 * @see https://docs.aws.amazon.com/AmazonCloudFront/latest/DeveloperGuide/AccessLogs.html
 * @see https://docs.aws.amazon.com/AmazonCloudFront/latest/DeveloperGuide/edge-functions-logs.html
 * @see https://docs.aws.amazon.com/AmazonCloudFront/latest/DeveloperGuide/secure-connections-supported-viewer-protocols-ciphers.html
 * @module
 */
import { Annotations, Names, RemovalPolicy, Stack, Token } from 'aws-cdk-lib';
import type * as cloudfront from 'aws-cdk-lib/aws-cloudfront';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as s3 from 'aws-cdk-lib/aws-s3';
import type { Construct } from 'constructs';
import { EdgewardPropsError } from './validation.js';

/** Access logging of the distribution (standard logs) and of both buckets (server access logs). */
export interface SiteLoggingOptions {
  /**
   * The log bucket. It must allow ACLs (CloudFront standard logging writes with the `awslogsdelivery`
   * account's ACL): `objectOwnership: BUCKET_OWNER_PREFERRED`. Default: a new bucket (SSL only, no public
   * access, S3-managed encryption, ACLs for CloudFront's log delivery, retained).
   */
  readonly bucket?: s3.IBucket;
  /** Key prefix of every log object (`<prefix>cloudfront/`, `<prefix>s3/public/`, `<prefix>s3/private/`). Default none. */
  readonly prefix?: string;
}

/** Retention of the edge function's log groups. */
export interface EdgeLogRetentionOptions {
  /** How long logs are kept. */
  readonly retention: logs.RetentionDays;
  /**
   * Regions whose `/aws/lambda/us-east-1.<function>` log group gets the retention (Lambda@Edge logs in
   * the region of the edge location that ran it). Default: the stack's region and `us-east-1`.
   */
  readonly regions?: readonly string[];
}

/** The log bucket, made when none is given. */
export function logBucketOf(
  scope: Construct,
  options: SiteLoggingOptions,
  removalPolicy?: RemovalPolicy,
): s3.IBucket {
  if (options.bucket !== undefined) return options.bucket;
  return new s3.Bucket(scope, 'LogBucket', {
    blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL,
    enforceSSL: true,
    encryption: s3.BucketEncryption.S3_MANAGED,
    objectOwnership: s3.ObjectOwnership.BUCKET_OWNER_PREFERRED,
    removalPolicy: removalPolicy ?? RemovalPolicy.RETAIN,
  });
}

/** A WAF web ACL for CloudFront: a WAFv2 ARN in us-east-1 with scope global (or a token). */
export function checkWebAclId(webAclId: string): void {
  if (Token.isUnresolved(webAclId)) return;
  if (!/^arn:aws[a-z-]*:wafv2:us-east-1:\d{12}:global\/webacl\/[\w-]+\/[\w-]+$/.test(webAclId)) {
    throw new EdgewardPropsError(
      'ProtectedSite',
      'webAclId',
      'expected the ARN of an AWS WAFv2 web ACL with scope CLOUDFRONT (arn:aws:wafv2:us-east-1:<account>:global/webacl/<name>/<id>)',
    );
  }
}

/**
 * The TLS settings of the distribution: `minimumProtocolVersion` only with a custom certificate (the
 * default `*.cloudfront.net` certificate has a fixed security policy, TLSv1), with a warning when it was
 * asked for without one.
 */
export function tlsSettings(
  scope: Construct,
  certificate: import('aws-cdk-lib/aws-certificatemanager').ICertificate | undefined,
  minimumProtocolVersion: cloudfront.SecurityPolicyProtocol | undefined,
  fallback: cloudfront.SecurityPolicyProtocol,
): Pick<cloudfront.DistributionProps, 'certificate' | 'minimumProtocolVersion'> {
  if (certificate === undefined) {
    if (minimumProtocolVersion !== undefined) {
      Annotations.of(scope).addWarningV2(
        'edgeward:tlsNeedsCertificate',
        'minimumProtocolVersion is ignored: TLS settings need a custom certificate (domainNames + certificate); the default *.cloudfront.net certificate always allows TLSv1',
      );
    }
    return {};
  }
  return { certificate, minimumProtocolVersion: minimumProtocolVersion ?? fallback };
}

/**
 * Sets the retention of the edge function's replica log groups in each region (CDK `LogRetention`, in
 * the stack of the function itself, us-east-1).
 */
export function retainEdgeLogs(
  scope: Construct,
  fn: cloudfront.experimental.EdgeFunction,
  options: EdgeLogRetentionOptions,
): void {
  const home = Stack.of(scope).region;
  const regions = [...new Set(options.regions ?? [home, 'us-east-1'])];
  const functionStack = Stack.of(fn.lambda);
  const base = Names.uniqueId(scope).slice(-40);
  for (const region of regions) {
    if (!/^[a-z]{2}(-[a-z]+)+-\d$/.test(region)) {
      throw new EdgewardPropsError(
        'ProtectedSite',
        'logRetention.regions',
        `expected AWS regions, got ${JSON.stringify(region)}`,
      );
    }
    new logs.LogRetention(functionStack, `${base}EdgeLogs-${region}`, {
      logGroupName: `/aws/lambda/us-east-1.${fn.lambda.functionName}`,
      logGroupRegion: region,
      retention: options.retention,
    });
  }
}
