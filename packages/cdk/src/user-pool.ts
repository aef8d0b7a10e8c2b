/**
 * `EdgewardUserPool`: an optional Cognito user pool, hosted-UI domain, groups and app client made for an
 * edgeward site function, with the app client's callback and sign-out URLs derived from the site's origins
 * and the function's configured paths.
 *
 * It is its own construct, meant for its own stack deployed before the site, because edgeward refuses
 * deploy-time values (docs/deploy.md): the pool id and app client id must be baked into the Lambda@Edge
 * bundle at synth time, so they have to exist — and be written into `edgeward.config.json` — before the site
 * is synthesized.
 *
 * @see [Amazon Cognito Developer Guide - Application-specific settings with app clients](https://docs.aws.amazon.com/cognito/latest/developerguide/user-pool-settings-client-apps.html)
 * @see [Amazon Cognito Developer Guide - Using the Amazon Cognito prefix domain](https://docs.aws.amazon.com/cognito/latest/developerguide/cognito-user-pools-assign-domain-prefix.html)
 * @module
 */
import { Duration, RemovalPolicy, Stack } from 'aws-cdk-lib';
import * as cognito from 'aws-cdk-lib/aws-cognito';
import { Construct } from 'constructs';
import { DEFAULT_CALLBACK_PATH, DEFAULT_POST_LOGOUT_REDIRECT } from 'edgeward/internal/cloudfront/config.js';
import type { RulesConfig } from 'edgeward/internal/core/config.js';
import { AdminUser, type EdgewardAdminUser } from './admin-user.js';
import { readFunctionConfig } from './config.js';
import { checkedOrigin, EdgewardPropsError } from './validation.js';

/** Props of {@link EdgewardUserPool}. */
export interface EdgewardUserPoolProps {
  /** Path of `edgeward.config.json`; the site function's client, paths and rules shape the app client. */
  readonly configFile: string;
  /** Name of the `site` function in the config (its `client` must be set: cookie login). */
  readonly functionName: string;
  /**
   * Origins the site is served from, e.g. `["https://app.example.com"]` or, after a first deployment, the
   * distribution's `https://d111111abcdef8.cloudfront.net`. Each gives one callback URL
   * (`<origin><paths.callback>`) and one sign-out URL (`<origin><signOut.postLogoutRedirect>`). `https:`
   * only, except `http://localhost[:port]` (Cognito's rule). A deploy-time token (e.g. another stack's
   * distribution domain) is accepted here: these URLs go to Cognito, not into a bundle.
   */
  readonly siteOrigins: readonly string[];
  /** Prefix of the Cognito hosted-UI domain (`<prefix>.auth.<region>.amazoncognito.com`): 1–63 of `a-z0-9-`. */
  readonly domainPrefix: string;
  /**
   * Groups to create. Default: every group named by the function's rules (`groups`, `allGroups`,
   * `claims["cognito:groups"]`).
   */
  readonly groups?: readonly string[];
  /**
   * Also allow `USER_PASSWORD_AUTH` on the app client, so `edgeward login` can fetch test tokens.
   * Default `false` (only the hosted UI's authorization code flow with PKCE).
   */
  readonly allowPasswordAuth?: boolean;
  /** Access and id token lifetime. Default 1 hour (Cognito's default). */
  readonly tokenValidity?: Duration;
  /** Refresh token lifetime. Default 30 days. */
  readonly refreshTokenValidity?: Duration;
  /** Removal policy of the user pool. Default `RemovalPolicy.RETAIN` (users are data). */
  readonly removalPolicy?: RemovalPolicy;
  /**
   * An initial user, invited by email with a temporary password and added to groups (default: all of
   * them). The first sign-in sets a new password (hosted UI, or `edgeward login`). Default: none.
   */
  readonly adminUser?: EdgewardAdminUser;
  /**
   * Multi-factor authentication with an authenticator app (TOTP; SMS is never enabled): `off`,
   * `optional` (users may set it up) or `required` (every user, at their next sign-in). Default `off`.
   */
  readonly mfa?: 'off' | 'optional' | 'required';
  /** The user pool feature plan. Default `ESSENTIALS` (Cognito's default for new pools). */
  readonly featurePlan?: cognito.FeaturePlan;
  /** Refuse to delete the pool (in CloudFormation and the console). Default `true` (users are data). */
  readonly deletionProtection?: boolean;
  /** Password rules. Default: at least 12 characters with lower case, upper case, digits and symbols. */
  readonly passwordPolicy?: {
    /** Minimum length, 8–99. Default 12. */
    readonly minLength?: number;
    /** Require a symbol. Default true. */
    readonly requireSymbols?: boolean;
  };
  /**
   * Threat protection (formerly advanced security) for standard authentication: `off`, `audit` (risk
   * scores logged only) or `enforced` (adaptive authentication, compromised-credentials checks). Needs the
   * `PLUS` feature plan. Default `off`.
   */
  readonly advancedSecurityMode?: 'off' | 'audit' | 'enforced';
}

const MFA: Readonly<Record<'off' | 'optional' | 'required', cognito.Mfa>> = {
  off: cognito.Mfa.OFF,
  optional: cognito.Mfa.OPTIONAL,
  required: cognito.Mfa.REQUIRED,
};

const THREAT_PROTECTION: Readonly<
  Record<'off' | 'audit' | 'enforced', cognito.StandardThreatProtectionMode>
> = {
  off: cognito.StandardThreatProtectionMode.NO_ENFORCEMENT,
  audit: cognito.StandardThreatProtectionMode.AUDIT_ONLY,
  enforced: cognito.StandardThreatProtectionMode.FULL_FUNCTION,
};

/** The pool's security settings from the props. @throws EdgewardPropsError naming the prop */
function securityProps(props: EdgewardUserPoolProps): Partial<cognito.UserPoolProps> {
  const name = 'EdgewardUserPool';
  const featurePlan = props.featurePlan ?? cognito.FeaturePlan.ESSENTIALS;
  const threat = props.advancedSecurityMode ?? 'off';
  if (threat !== 'off' && featurePlan !== cognito.FeaturePlan.PLUS) {
    throw new EdgewardPropsError(name, 'advancedSecurityMode', `'${threat}' needs featurePlan PLUS`);
  }
  const minLength = props.passwordPolicy?.minLength ?? 12;
  if (!Number.isInteger(minLength) || minLength < 8 || minLength > 99) {
    throw new EdgewardPropsError(name, 'passwordPolicy.minLength', 'expected an integer from 8 to 99');
  }
  const mfa = props.mfa ?? 'off';
  return {
    featurePlan,
    mfa: MFA[mfa],
    ...(mfa === 'off' ? {} : { mfaSecondFactor: { sms: false, otp: true } }),
    deletionProtection: props.deletionProtection ?? true,
    passwordPolicy: {
      minLength,
      requireDigits: true,
      requireLowercase: true,
      requireUppercase: true,
      requireSymbols: props.passwordPolicy?.requireSymbols ?? true,
    },
    ...(threat === 'off' ? {} : { standardThreatProtectionMode: THREAT_PROTECTION[threat] }),
  };
}

const DOMAIN_PREFIX = /^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$/;

/**
 * A Cognito user pool for an edgeward site: no self sign-up, email recovery, a hosted-UI domain, the groups
 * the rules use, and one public app client (no secret) with only the authorization code grant, the
 * function's scopes, token revocation, and callback/sign-out URLs derived from `siteOrigins` and the config.
 * Its `userPool.userPoolId`, `client.userPoolClientId` and `cognitoDomain` go into `edgeward.config.json`
 * (`issuers.<name>.userPoolId`, `clientIds`, `client.clientId`, `client.cognitoDomain`) before the site is
 * deployed: output them from your stack with plain names (`new CfnOutput(stack, 'UserPoolId', …)`, as the
 * example app does) so `cdk deploy` prints them under those names.
 *
 * @throws EdgewardPropsError naming the prop: a function without `client`, a non-Cognito issuer, an empty or
 *   malformed `siteOrigins`, a bad `domainPrefix`, a group name Cognito would refuse
 */
export class EdgewardUserPool extends Construct {
  /** The user pool. */
  readonly userPool: cognito.UserPool;
  /** The hosted-UI domain. */
  readonly domain: cognito.UserPoolDomain;
  /** The app client the site function signs in with. */
  readonly client: cognito.UserPoolClient;
  /** The callback URLs given to the app client (`<origin><paths.callback>`). */
  readonly callbackUrls: readonly string[];
  /** The sign-out URLs given to the app client. */
  readonly logoutUrls: readonly string[];
  /** The hosted-UI domain name, `<domainPrefix>.auth.<region>.amazoncognito.com` (`client.cognitoDomain`). */
  readonly cognitoDomain: string;
  /** The initial user, when `adminUser` is set. */
  readonly adminUser?: AdminUser;

  constructor(scope: Construct, id: string, props: EdgewardUserPoolProps) {
    super(scope, id);
    const name = 'EdgewardUserPool';
    const { fn, issuer } = readFunctionConfig(name, props.configFile, props.functionName, ['site']);
    if (issuer.kind !== 'cognito') {
      throw new EdgewardPropsError(
        name,
        'functionName',
        `function '${props.functionName}' uses a non-Cognito issuer`,
      );
    }
    if (fn.client === undefined) {
      throw new EdgewardPropsError(
        name,
        'functionName',
        `function '${props.functionName}' has no client (cookie login): there is no app client to derive`,
      );
    }
    if (!DOMAIN_PREFIX.test(props.domainPrefix) || /aws|amazon|cognito/.test(props.domainPrefix)) {
      throw new EdgewardPropsError(
        name,
        'domainPrefix',
        'expected 1–63 characters of a-z, 0-9 and inner "-", without "aws", "amazon" or "cognito"',
      );
    }
    if (props.siteOrigins.length === 0) {
      throw new EdgewardPropsError(
        name,
        'siteOrigins',
        'expected at least one origin such as "https://app.example.com"',
      );
    }
    const origins = props.siteOrigins.map((o, i) => checkedOrigin(name, `siteOrigins[${i}]`, o));
    const callbackPath = fn.paths?.callback ?? DEFAULT_CALLBACK_PATH;
    const logout = fn.signOut?.postLogoutRedirect ?? DEFAULT_POST_LOGOUT_REDIRECT;
    this.callbackUrls = origins.map((o) => `${o}${callbackPath}`);
    this.logoutUrls = logout.startsWith('/') ? origins.map((o) => `${o}${logout}`) : [logout];

    const groups = [...new Set(props.groups ?? ruleGroups(fn.rules))];
    groups.forEach((g, i) => {
      if (!/^[\p{L}\p{M}\p{S}\p{N}\p{P}]{1,128}$/u.test(g)) {
        throw new EdgewardPropsError(
          name,
          `groups[${i}]`,
          `${JSON.stringify(g)} is not a Cognito group name`,
        );
      }
    });

    this.userPool = new cognito.UserPool(this, 'UserPool', {
      selfSignUpEnabled: false,
      signInAliases: { username: true, email: true },
      accountRecovery: cognito.AccountRecovery.EMAIL_ONLY,
      ...securityProps(props),
      removalPolicy: props.removalPolicy ?? RemovalPolicy.RETAIN,
    });
    this.cognitoDomain = `${props.domainPrefix}.auth.${Stack.of(this).region}.amazoncognito.com`;
    this.domain = this.userPool.addDomain('Domain', { cognitoDomain: { domainPrefix: props.domainPrefix } });
    const created = new Map(groups.map((g, i) => [g, this.userPool.addGroup(`Group${i}`, { groupName: g })]));
    if (props.adminUser !== undefined) {
      this.adminUser = new AdminUser(this, 'AdminUser', {
        construct: name,
        userPool: this.userPool,
        admin: props.adminUser,
        groups: created,
      });
    }

    const tokenValidity = props.tokenValidity ?? Duration.hours(1);
    this.client = this.userPool.addClient('Client', {
      generateSecret: false,
      authFlows: { userPassword: props.allowPasswordAuth ?? false, userSrp: false },
      oAuth: {
        flows: { authorizationCodeGrant: true, implicitCodeGrant: false, clientCredentials: false },
        scopes: (fn.client.scopes ?? ['openid']).map((s) => cognito.OAuthScope.custom(s)),
        callbackUrls: [...this.callbackUrls],
        logoutUrls: [...this.logoutUrls],
      },
      supportedIdentityProviders: [cognito.UserPoolClientIdentityProvider.COGNITO],
      preventUserExistenceErrors: true,
      enableTokenRevocation: true,
      accessTokenValidity: tokenValidity,
      idTokenValidity: tokenValidity,
      refreshTokenValidity: props.refreshTokenValidity ?? Duration.days(30),
    });
  }
}

/** The group names the rules mention, in order of first mention. */
function ruleGroups(rules: RulesConfig): string[] {
  const names = rules.rules.flatMap((r) => {
    const claim = r.claims?.['cognito:groups'];
    return [...(r.groups ?? []), ...(r.allGroups ?? []), ...(claim === undefined ? [] : [claim].flat())];
  });
  return [...new Set(names)];
}
