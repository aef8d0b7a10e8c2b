/**
 * The by-name report of what the rehearsal does not map: after the distributions and APIs are mapped
 * (each reporting its own unsupported parts), every other resource of the assembly gets a finding unless
 * it has no effect on how requests are answered ({@link NO_REQUEST_EFFECT}), is read by the mapping, is a
 * function that runs, or is deployment plumbing (a custom resource's provider function, an API integration
 * already reported with its method or route).
 *
 * @module
 */
import { type Findings, NO_REQUEST_EFFECT } from './findings.js';
import type { TemplateIndex } from './template.js';

/** Types whose resources the mapping reads (each reports its own unsupported parts). */
export const MAPPED_TYPES = new Set([
  'AWS::CloudFront::Distribution',
  'AWS::CloudFront::KeyGroup',
  'AWS::CloudFront::PublicKey',
  'AWS::CloudFront::ResponseHeadersPolicy',
  'AWS::S3::Bucket',
  'Custom::CDKBucketDeployment',
  'Custom::CrossRegionStringParameterReader',
  'AWS::SSM::Parameter',
  'AWS::Lambda::Version',
  'AWS::Lambda::LayerVersion',
  'AWS::ApiGateway::RestApi',
  'AWS::ApiGateway::Resource',
  'AWS::ApiGateway::Method',
  'AWS::ApiGateway::Authorizer',
  'AWS::ApiGateway::Stage',
  'AWS::ApiGatewayV2::Api',
  'AWS::ApiGatewayV2::Route',
  'AWS::ApiGatewayV2::Authorizer',
  'AWS::ApiGatewayV2::Integration',
  'AWS::ApiGatewayV2::Stage',
  'AWS::Cognito::UserPool',
  'AWS::Cognito::UserPoolClient',
  'AWS::Cognito::UserPoolDomain',
  'AWS::Cognito::UserPoolGroup',
]);

/** The functions other resources use as plumbing: custom resource providers and API integrations. */
function plumbing(index: TemplateIndex): Set<string> {
  const out = new Set<string>();
  for (const r of index.records()) {
    const props = r.resource.Properties ?? {};
    const type = r.resource.Type;
    const uses =
      type.startsWith('Custom::') || type === 'AWS::CloudFormation::CustomResource'
        ? props['ServiceToken']
        : type === 'AWS::ApiGateway::Method'
          ? props['Integration']
          : type === 'AWS::ApiGatewayV2::Integration'
            ? props['IntegrationUri']
            : undefined;
    for (const t of index.referencedIn(r.stack, uses)) out.add(`${t.stack.id}/${t.logicalId}`);
  }
  return out;
}

/**
 * Adds a finding for every resource the rehearsal neither maps nor can ignore.
 *
 * @param running - `<stack>/<logical id>` of the functions the rehearsal prepared
 * @param usersFile - named in the finding of each Cognito user pool
 */
export function reportUnmapped(
  index: TemplateIndex,
  findings: Findings,
  running: ReadonlySet<string>,
  usersFile: string,
): void {
  const used = plumbing(index);
  for (const record of index.records()) {
    const type = record.resource.Type;
    const id = `${record.stack.id}/${record.logicalId}`;
    if (type === 'AWS::Cognito::UserPool') {
      findings.add(
        'substituted',
        record,
        `the local identity provider stands for this user pool (users from ${usersFile})`,
      );
      continue;
    }
    if (NO_REQUEST_EFFECT.has(type) || MAPPED_TYPES.has(type) || running.has(id) || used.has(id)) continue;
    if (type === 'AWS::Lambda::Function') {
      findings.add('substituted', record, 'not run: only viewer-request functions and API authorizers run');
    } else {
      findings.add('unsupported', record, 'not emulated');
    }
  }
}
