/**
 * Deployment settings of the example CDK app, read from CDK context (`-c name=value`) or the environment.
 *
 * | setting        | context        | environment                                   | placeholder                               |
 * | -------------- | -------------- | --------------------------------------------- | ----------------------------------------- |
 * | account        | `account`      | `EDGEWARD_ACCOUNT`, else `CDK_DEFAULT_ACCOUNT` | `111111111111`                            |
 * | region         | `region`       | `EDGEWARD_REGION`, else `CDK_DEFAULT_REGION`\* | `eu-west-1`                              |
 * | domain prefix  | `domainPrefix` | `EDGEWARD_DOMAIN_PREFIX`                       | `example-prefix`                          |
 * | site origins   | `siteOrigins`  | `EDGEWARD_SITE_ORIGINS` (comma-separated)      | `https://d111111abcdef8.cloudfront.net`   |
 * | admin email    | `adminEmail`   | `EDGEWARD_ADMIN_EMAIL`                         | `admin@example.com` (optional when deploying) |
 * | WAF web ACL    | `webAclId`     | `EDGEWARD_WEB_ACL_ID`                          | none: no web ACL on the distribution      |
 *
 * The JWKS baked into the functions: the placeholder `jwks.json` in placeholder mode, else the user pool's
 * (fetched at synth). The CDK context value `edgeward:jwksFile` replaces it for every function (the deploy
 * rehearsal uses it).
 *
 * \* `CDK_DEFAULT_REGION` (the CLI's region: your profile's, or us-east-1) only counts once an account is known.
 *
 * **Placeholder mode.** When no account is known — no `account` context, no `EDGEWARD_ACCOUNT`, and the CDK
 * CLI found no AWS credentials (it sets `CDK_DEFAULT_ACCOUNT` when it does) — the app synthesizes with the
 * placeholders above, offline, to look at the templates; such an assembly cannot be deployed (the account
 * does not exist). Once an account is known, every setting a stack needs must be given: a missing one is
 * reported as an error on that stack (naming the context key and the environment variable), so
 * `cdk deploy EdgewardUserPool` fails before touching AWS while `cdk deploy EdgewardSite` still works.
 */

/** The values the example stacks need. */
export interface ExampleSettings {
  readonly account: string;
  readonly region: string;
  readonly domainPrefix: string;
  readonly siteOrigins: readonly string[];
  /** Email of the initial admin user the pool invites (optional). */
  readonly adminEmail?: string;
  /** ARN of an AWS WAFv2 web ACL (scope CLOUDFRONT) for the distribution. */
  readonly webAclId?: string;
  /** True when placeholders were used (no account known): the assembly is for reading, not deploying. */
  readonly placeholders: boolean;
  /** Settings a deployment needs but that were not given, with how to give them. */
  readonly missing: readonly MissingSetting[];
}

/** A setting that was not given. */
export interface MissingSetting {
  readonly name: 'account' | 'region' | 'domainPrefix' | 'siteOrigins';
  /** `pass -c name=… or set ENV=…` */
  readonly hint: string;
}

/** The documented placeholders (docs/deploy.md). */
export const PLACEHOLDERS = {
  account: '111111111111',
  region: 'eu-west-1',
  domainPrefix: 'example-prefix',
  siteOrigins: ['https://d111111abcdef8.cloudfront.net'],
  adminEmail: 'admin@example.com',
} as const;

/** Where the settings come from: CDK context (`app.node.tryGetContext`) and environment variables. */
export interface SettingSources {
  readonly context: (key: string) => unknown;
  readonly env: Readonly<Record<string, string | undefined>>;
}

const ENV_NAMES = {
  account: ['EDGEWARD_ACCOUNT', 'CDK_DEFAULT_ACCOUNT'],
  region: ['EDGEWARD_REGION', 'CDK_DEFAULT_REGION'],
  domainPrefix: ['EDGEWARD_DOMAIN_PREFIX'],
  siteOrigins: ['EDGEWARD_SITE_ORIGINS'],
  adminEmail: ['EDGEWARD_ADMIN_EMAIL'],
  webAclId: ['EDGEWARD_WEB_ACL_ID'],
} as const;

/** CDK CLI defaults: trusted only once an account is known (the CLI sets the region to us-east-1 anyway). */
const CLI_DEFAULTS: readonly string[] = ['CDK_DEFAULT_ACCOUNT', 'CDK_DEFAULT_REGION'];

function lookup(
  sources: SettingSources,
  name: keyof typeof ENV_NAMES,
  withCliDefaults = true,
): string | undefined {
  const fromContext = sources.context(name);
  if (typeof fromContext === 'string' && fromContext.trim() !== '') return fromContext.trim();
  if (Array.isArray(fromContext) && fromContext.length > 0) return fromContext.join(',');
  for (const env of ENV_NAMES[name]) {
    if (!withCliDefaults && CLI_DEFAULTS.includes(env)) continue;
    const value = sources.env[env]?.trim();
    if (value) return value;
  }
  return undefined;
}

/** Reads the settings; see the module documentation for sources and placeholder mode. */
export function readSettings(sources: SettingSources): ExampleSettings {
  const account = lookup(sources, 'account');
  const placeholders = account === undefined;
  const missing: MissingSetting[] = [];
  const get = (name: MissingSetting['name']): string | undefined => {
    const value = name === 'account' ? account : lookup(sources, name, !placeholders);
    if (value === undefined && !placeholders) {
      missing.push({ name, hint: `pass -c ${name}=… or set ${ENV_NAMES[name][0]}=…` });
    }
    return value;
  };
  const region = get('region');
  const domainPrefix = get('domainPrefix');
  const origins = get('siteOrigins');
  const adminEmail = lookup(sources, 'adminEmail') ?? (placeholders ? PLACEHOLDERS.adminEmail : undefined);
  const webAclId = lookup(sources, 'webAclId');
  return {
    account: account ?? PLACEHOLDERS.account,
    region: region ?? PLACEHOLDERS.region,
    domainPrefix: domainPrefix ?? PLACEHOLDERS.domainPrefix,
    siteOrigins: origins
      ? origins
          .split(',')
          .map((o) => o.trim())
          .filter(Boolean)
      : [...PLACEHOLDERS.siteOrigins],
    ...(adminEmail === undefined ? {} : { adminEmail }),
    ...(webAclId === undefined ? {} : { webAclId }),
    placeholders,
    missing,
  };
}
