/**
 * Least-privilege access to the one Secrets Manager secret a function reads.
 *
 * @module
 */
import { Arn, ArnFormat, Stack } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import type { Construct } from 'constructs';

/**
 * `secretsmanager:GetSecretValue` on exactly one secret. A secret id that is a name matches the name plus
 * Secrets Manager's 6-character suffix (`name-??????`); a full ARN is used as is.
 *
 * @see https://docs.aws.amazon.com/secretsmanager/latest/userguide/auth-and-access_iam-policies.html
 */
export function secretReadStatement(scope: Construct, secretId: string, region: string): iam.PolicyStatement {
  const resource = secretId.startsWith('arn:')
    ? secretId
    : Arn.format(
        {
          service: 'secretsmanager',
          resource: 'secret',
          resourceName: `${secretId}-??????`,
          region,
          arnFormat: ArnFormat.COLON_RESOURCE_NAME,
        },
        Stack.of(scope),
      );
  return new iam.PolicyStatement({ actions: ['secretsmanager:GetSecretValue'], resources: [resource] });
}
