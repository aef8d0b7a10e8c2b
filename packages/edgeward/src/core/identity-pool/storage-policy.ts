/**
 * The least-privilege S3 access of identity-pool users, as data: IAM policy statements for the
 * authenticated role (rendered by `ProtectedSite`'s `identityPool` option) and a small evaluator of those
 * same statements (used by the local S3 emulator), so the policy deployed and the policy rehearsed are one.
 *
 * Each signed-in identity may read, write and delete objects under `<userPrefix><identityId>/` and list
 * that prefix; optionally every identity may read and list `<sharedReadPrefix>`. Nothing else: no other
 * identity's prefix, no bucket-wide listing, no bucket configuration.
 *
 * @see [Amazon Cognito Developer Guide - IAM roles (policy variables)](https://docs.aws.amazon.com/cognito/latest/developerguide/iam-roles.html)
 * @see [AWS IAM User Guide - Amazon S3: Allows Amazon Cognito users to access objects in their bucket](https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_examples_s3_cognito-bucket.html)
 * @module
 */
import { AuthError } from '../errors.js';
import { compileGlob, matchGlob } from '../rules/glob.js';

/** The IAM policy variable of the caller's identity id. */
export const IDENTITY_SUB_VARIABLE = `\${cognito-identity.amazonaws.com:sub}`;

/** Which part of the bucket identity-pool users may use. */
export interface IdentityStorageAccess {
  /**
   * Root of the per-identity prefixes: each identity reads and writes `<userPrefix><identityId>/…`.
   * Default `private/`. Must end with `/`.
   */
  readonly userPrefix?: string;
  /** A prefix every signed-in identity may read and list, e.g. `shared/`. Default: none. */
  readonly sharedReadPrefix?: string;
}

/** One IAM policy statement (the JSON form `PolicyStatement.fromJson` reads). */
export interface IdentityPolicyStatement {
  readonly Sid: string;
  readonly Effect: 'Allow';
  readonly Action: readonly string[];
  readonly Resource: string;
  readonly Condition?: { readonly StringLike: { readonly 's3:prefix': readonly string[] } };
}

/** Default {@link IdentityStorageAccess.userPrefix}. */
export const DEFAULT_USER_PREFIX = 'private/';

const PREFIX = /^(?:[A-Za-z0-9!_.*'()-]+\/)+$/;

/**
 * Checks the prefixes: each a run of `segment/` (S3 safe characters), without `..` or `$`.
 *
 * @returns a problem description naming the field, or undefined
 */
export function identityStorageProblem(access: IdentityStorageAccess): string | undefined {
  for (const [name, value] of [
    ['userPrefix', access.userPrefix ?? DEFAULT_USER_PREFIX],
    ['sharedReadPrefix', access.sharedReadPrefix],
  ] as const) {
    if (value === undefined) continue;
    if (!PREFIX.test(value) || value.includes('..') || /[*?]/.test(value)) {
      return `${name}: expected a key prefix such as "private/" (segments ending with "/", no wildcards)`;
    }
  }
  const user = access.userPrefix ?? DEFAULT_USER_PREFIX;
  const shared = access.sharedReadPrefix;
  if (shared !== undefined && (shared.startsWith(user) || user.startsWith(shared))) {
    return 'sharedReadPrefix: must not overlap userPrefix (every identity could read the others’ files)';
  }
  return undefined;
}

/**
 * The statements of the authenticated role on the bucket `bucketArn` (`arn:aws:s3:::name`, or a CDK token).
 *
 * @throws AuthError `config_invalid` when {@link identityStorageProblem} finds a problem
 */
export function identityStorageStatements(
  bucketArn: string,
  access: IdentityStorageAccess = {},
): IdentityPolicyStatement[] {
  const problem = identityStorageProblem(access);
  if (problem !== undefined) throw new AuthError('config_invalid', problem);
  const own = `${access.userPrefix ?? DEFAULT_USER_PREFIX}${IDENTITY_SUB_VARIABLE}/`;
  const statements: IdentityPolicyStatement[] = [
    {
      Sid: 'OwnObjects',
      Effect: 'Allow',
      Action: ['s3:GetObject', 's3:PutObject', 's3:DeleteObject'],
      Resource: `${bucketArn}/${own}*`,
    },
    {
      Sid: 'ListOwnPrefix',
      Effect: 'Allow',
      Action: ['s3:ListBucket'],
      Resource: bucketArn,
      Condition: { StringLike: { 's3:prefix': [own, `${own}*`] } },
    },
  ];
  if (access.sharedReadPrefix !== undefined) {
    statements.push(
      {
        Sid: 'ReadShared',
        Effect: 'Allow',
        Action: ['s3:GetObject'],
        Resource: `${bucketArn}/${access.sharedReadPrefix}*`,
      },
      {
        Sid: 'ListShared',
        Effect: 'Allow',
        Action: ['s3:ListBucket'],
        Resource: bucketArn,
        Condition: { StringLike: { 's3:prefix': [access.sharedReadPrefix, `${access.sharedReadPrefix}*`] } },
      },
    );
  }
  return statements;
}

/** One request as IAM sees it. */
export interface IdentityPolicyRequest {
  /** e.g. `s3:GetObject`. */
  readonly action: string;
  /** The object ARN (`arn:aws:s3:::bucket/key`) or, for `s3:ListBucket`, the bucket ARN. */
  readonly resource: string;
  /** `s3:prefix` of a listing (absent when the request has no `prefix`). */
  readonly prefix?: string;
  /** The caller's identity id (`${cognito-identity.amazonaws.com:sub}`). */
  readonly identityId: string;
}

/**
 * True when one of `statements` allows the request (there are only Allow statements: anything not
 * allowed is denied). `*` and `?` in `Resource` and `StringLike` values are IAM wildcards; the policy
 * variable is replaced by the caller's identity id first. A `StringLike` on an absent key does not match.
 */
export function identityPolicyAllows(
  statements: readonly IdentityPolicyStatement[],
  request: IdentityPolicyRequest,
): boolean {
  const bind = (pattern: string) =>
    compileGlob(pattern.split(IDENTITY_SUB_VARIABLE).join(request.identityId));
  return statements.some((s) => {
    if (!s.Action.includes(request.action)) return false;
    if (!matchGlob(bind(s.Resource), request.resource)) return false;
    const like = s.Condition?.StringLike['s3:prefix'];
    if (like === undefined) return true;
    const prefix = request.prefix;
    return prefix !== undefined && like.some((p) => matchGlob(bind(p), prefix));
  });
}
