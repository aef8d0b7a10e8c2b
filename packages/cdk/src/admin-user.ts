/**
 * The initial user of an `EdgewardUserPool`, as aws-samples/cloudfront-authorization-at-edge creates one:
 * Cognito emails a temporary password, and the first sign-in must set a new one (the hosted UI asks;
 * `edgeward login` answers the `NEW_PASSWORD_REQUIRED` challenge).
 *
 * @see https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/aws-resource-cognito-userpooluser.html
 * @see https://docs.aws.amazon.com/cognito/latest/developerguide/how-to-create-user-accounts.html
 * @module
 */
import * as cognito from 'aws-cdk-lib/aws-cognito';
import { Construct } from 'constructs';
import { EdgewardPropsError } from './validation.js';

/** The initial user (prop `adminUser` of `EdgewardUserPool`). */
export interface EdgewardAdminUser {
  /** Where Cognito sends the invitation with the temporary password; marked verified, a sign-in alias. */
  readonly email: string;
  /** The user name. Default `admin`. Not an email address: the pool uses email as a sign-in alias. */
  readonly username?: string;
  /** Groups the user joins. Default: every group of the pool (so the user can reach every page). */
  readonly groups?: readonly string[];
}

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
const USERNAME = /^[\p{L}\p{M}\p{S}\p{N}\p{P}]{1,128}$/u;

/** `AWS::Cognito::UserPoolUser` invited by email, and its group memberships. */
export class AdminUser extends Construct {
  /** The user (its `ref` is the user name). */
  readonly user: cognito.CfnUserPoolUser;
  /** The user name. */
  readonly username: string;

  /**
   * @param groups - the pool's groups by name (memberships wait for them)
   * @throws EdgewardPropsError `adminUser.*` for a malformed email or user name, or an unknown group
   */
  constructor(
    scope: Construct,
    id: string,
    props: {
      readonly construct: string;
      readonly userPool: cognito.IUserPool;
      readonly admin: EdgewardAdminUser;
      readonly groups: ReadonlyMap<string, cognito.UserPoolGroup>;
    },
  ) {
    super(scope, id);
    const { construct, admin } = props;
    if (!EMAIL.test(admin.email)) {
      throw new EdgewardPropsError(
        construct,
        'adminUser.email',
        `expected an email address (got ${JSON.stringify(admin.email)})`,
      );
    }
    this.username = admin.username ?? 'admin';
    if (!USERNAME.test(this.username) || this.username.includes('@')) {
      throw new EdgewardPropsError(
        construct,
        'adminUser.username',
        'expected 1–128 characters without spaces and without "@" (email is a sign-in alias of the pool)',
      );
    }
    const groups = admin.groups ?? [...props.groups.keys()];
    groups.forEach((g, i) => {
      if (!props.groups.has(g)) {
        throw new EdgewardPropsError(
          construct,
          `adminUser.groups[${i}]`,
          `${JSON.stringify(g)} is not a group of this pool (has: ${[...props.groups.keys()].join(', ') || 'none'})`,
        );
      }
    });
    this.user = new cognito.CfnUserPoolUser(this, 'User', {
      userPoolId: props.userPool.userPoolId,
      username: this.username,
      userAttributes: [
        { name: 'email', value: admin.email },
        { name: 'email_verified', value: 'true' },
      ],
      desiredDeliveryMediums: ['EMAIL'],
    });
    groups.forEach((g, i) => {
      const membership = new cognito.CfnUserPoolUserToGroupAttachment(this, `Group${i}`, {
        userPoolId: props.userPool.userPoolId,
        username: this.user.ref,
        groupName: g,
      });
      membership.node.addDependency(props.groups.get(g)!);
    });
  }
}
