/**
 * Where a local API "is deployed": the partition, Region, account, API id and stage that its `methodArn` /
 * `routeArn` values and its events' `requestContext` name, with the defaults both local APIs share.
 *
 * @see https://docs.aws.amazon.com/apigateway/latest/developerguide/arn-format-reference.html
 * @module
 */
import { arnPrefix } from 'edgeward/internal/apigateway/arn.js';

/** The account, Region and partition of a local API; every field optional. */
export interface DeploymentOptions {
  /** Default `us-east-1`. */
  readonly region?: string;
  /** Default `123456789012`. */
  readonly accountId?: string;
  /** ARN partition. Default `aws`. */
  readonly partition?: string;
}

/** A local API's deployment, defaults applied. */
export interface Deployment {
  readonly region: string;
  readonly accountId: string;
  readonly apiId: string;
  readonly stage: string;
  /** `arn:{partition}:execute-api:{region}:{account}:{apiId}/{stage}`, to which `/{VERB}/{path}` is added. */
  readonly arnPrefix: string;
  /** `{apiId}.execute-api.{region}.amazonaws.com`, the default endpoint's host. */
  readonly domainName: string;
}

/** Applies the defaults to `options` for the API `apiId` deployed to `stage`. */
export function deploymentOf(options: DeploymentOptions, apiId: string, stage: string): Deployment {
  const region = options.region ?? 'us-east-1';
  const accountId = options.accountId ?? '123456789012';
  const partition = options.partition ?? 'aws';
  return {
    region,
    accountId,
    apiId,
    stage,
    arnPrefix: arnPrefix({ partition, region, account: accountId, apiId, stage }),
    domainName: `${apiId}.execute-api.${region}.amazonaws.com`,
  };
}
