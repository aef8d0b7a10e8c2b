/**
 * What the rehearsal could not reproduce, reported by name: each finding names the stack, the logical id
 * and the resource type of the construct, and says what is missing or what stands in for it. Nothing in a
 * template is skipped without a finding, except resources that have no effect on how requests are answered
 * (see {@link NO_REQUEST_EFFECT}).
 *
 * @module
 */
import type { ResourceRecord } from './template.js';

/** Thrown when the assembly cannot be rehearsed as it is; the message says what to do. */
export class RehearsalError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'RehearsalError';
  }
}

/** How a finding affects the rehearsal. */
export type FindingKind =
  /** The construct (or one of its properties) changes how requests are answered and is not emulated. */
  | 'unsupported'
  /** The construct is replaced by a local stand-in (a stub backend, an empty bucket folder, the local IdP). */
  | 'substituted';

/** One finding. */
export interface Finding {
  readonly kind: FindingKind;
  /** The stack artifact id. */
  readonly stack: string;
  readonly logicalId: string;
  /** The CloudFormation resource type, e.g. `AWS::CloudFront::Function`. */
  readonly resourceType: string;
  /** What is not emulated, or what stands in for it. */
  readonly message: string;
}

/** Collects findings, one per construct and message. */
export class Findings {
  private readonly list: Finding[] = [];

  /** Records a finding about `record`. */
  add(kind: FindingKind, record: ResourceRecord, message: string): void {
    const finding: Finding = {
      kind,
      stack: record.stack.id,
      logicalId: record.logicalId,
      resourceType: record.resource.Type,
      message,
    };
    const same = (f: Finding) =>
      f.stack === finding.stack && f.logicalId === finding.logicalId && f.message === finding.message;
    if (!this.list.some(same)) this.list.push(finding);
  }

  /** The findings, in the order they were found. */
  all(): readonly Finding[] {
    return this.list;
  }
}

/** `EdgewardSite/SiteDistribution390DED28 (AWS::CloudFront::Distribution): <message>`. */
export function formatFinding(finding: Finding): string {
  return `${finding.stack}/${finding.logicalId} (${finding.resourceType}): ${finding.message}`;
}

/**
 * Resource types with no effect on how the rehearsed requests are answered — permissions, logging,
 * deployment bookkeeping, the plumbing of constructs the rehearsal maps — so they are not reported.
 */
export const NO_REQUEST_EFFECT: ReadonlySet<string> = new Set([
  'AWS::IAM::Role',
  'AWS::IAM::Policy',
  'AWS::IAM::ManagedPolicy',
  'AWS::Lambda::Permission',
  'AWS::Logs::LogGroup',
  'AWS::S3::BucketPolicy',
  'AWS::CloudFront::OriginAccessControl',
  'AWS::CloudFront::CloudFrontOriginAccessIdentity',
  'AWS::CloudFront::CachePolicy',
  'AWS::CloudFront::OriginRequestPolicy',
  'AWS::ApiGateway::Account',
  'AWS::ApiGateway::Deployment',
  'AWS::ApiGatewayV2::Deployment',
  'AWS::CDK::Metadata',
  'Custom::S3AutoDeleteObjects',
  'Custom::CrossRegionExportWriter',
  'Custom::CrossRegionExportReader',
]);
