/**
 * Starting configurations for `edgeward init`, one per scenario. JSON has no comments, so each carries
 * `$comment` fields (JSON Schema annotations, ignored by the validator). The files under `examples/` are
 * generated from these templates (a test keeps them identical).
 *
 * @module
 */
import { randomBytes } from 'node:crypto';

/** The scenarios `edgeward init` knows. */
export const SCENARIOS = [
  'site-cookie',
  'site-bearer',
  'signed-cookies',
  'rest-authorizer',
  'hs256-authorizer',
] as const;

/** A scenario name. */
export type Scenario = (typeof SCENARIOS)[number];

/** One-line description of each scenario (docs/scenarios.md letters). */
export const SCENARIO_SUMMARIES: Readonly<Record<Scenario, string>> = {
  'site-cookie':
    'A: CloudFront site, Cognito hosted-UI login, tokens in cookies (Lambda@Edge viewer-request)',
  'site-bearer':
    'C: CloudFront over private S3 content, Bearer access token on every request, group-based paths',
  'signed-cookies':
    'D: public site + private app, a verified login is exchanged for CloudFront signed cookies',
  'rest-authorizer': 'B: REST API TOKEN authorizer verifying Cognito access tokens, cache-safe IAM policy',
  'hs256-authorizer': 'E: REST API TOKEN authorizer verifying HS256 tokens signed with a shared secret',
};

/**
 * What to do after `edgeward init <scenario>` (printed on stderr): the example values to replace, and a
 * warning when the file holds a generated secret.
 */
export const SCENARIO_NEXT_STEPS: Readonly<Record<Scenario, string>> = {
  'site-cookie':
    'Replace the example region, user pool id, app client id and hosted-UI domain, then run `edgeward build`.\n' +
    'It holds a generated secret (stateSecret): keep it out of public repositories.',
  'site-bearer': 'Replace the example region, user pool id and app client id, then run `edgeward build`.',
  'signed-cookies':
    'Replace the example region, user pool id, app client id, hosted-UI domain, CloudFront public key id (keyPairId), Secrets Manager secret id and allowed host, then run `edgeward build`.\n' +
    'It holds a generated secret (stateSecret): keep it out of public repositories.',
  'rest-authorizer': 'Replace the example region, user pool id and app client id, then run `edgeward build`.',
  'hs256-authorizer':
    'Replace the example issuer URL, then run `edgeward build`; the authorizer reads its secret from the Lambda environment variable JWT_SECRET (base64, e.g. `openssl rand -base64 32`, or base64url; at least 32 bytes).',
};

/**
 * How to try a freshly written configuration offline, before any AWS resource exists: a test key and its
 * JWKS from `edgeward token --create-key`, baked with `edgeward build --jwks` (JWKS issuers), or the HS256
 * secret from the environment.
 *
 * @param file - the configuration file as the user named it
 */
export function offlineTrySteps(scenario: Scenario, file: string): string {
  const config = file === 'edgeward.config.json' ? '' : ` -c ${file}`;
  if (scenario === 'hs256-authorizer') {
    return [
      'Try it offline (no AWS needed):',
      '  export JWT_SECRET=$(openssl rand 32 | base64 | tr +/ -_ | tr -d =)',
      `  npx edgeward token --config ${file} --sub svc-test > token.txt     # signed with the issuer's secret`,
      `  npx edgeward explain${config} -p /pets < token.txt`,
      `  npx edgeward build${config}`,
    ].join('\n');
  }
  const path = {
    'site-bearer': '/groups/admins/x',
    'signed-cookies': '/private/login',
    'rest-authorizer': '/pets',
  }[scenario as string];
  return [
    'Try it offline (no AWS needed): a test key and its JWKS stand in for the user pool.',
    `  npx edgeward token --key dev-key.pem --create-key --config ${file} --username alice --groups admins > token.txt`,
    `  npx edgeward build${config} --jwks dev-key.jwks.json`,
    `  npx edgeward explain${config} --jwks dev-key.jwks.json -p ${path ?? '/admin/x'} < token.txt`,
  ].join('\n');
}

/** Values substituted into a template. */
export interface TemplateValues {
  /** `$schema` reference. */
  readonly schemaRef: string;
  /** base64url state-cookie key (≥ 32 bytes) for site scenarios. */
  readonly stateSecret: string;
}

/** Fresh values: a random 32-byte state secret, the installed package's schema. */
export function freshValues(): TemplateValues {
  return {
    schemaRef: './node_modules/@edgeward/cli/schema/edgeward.config.schema.json',
    stateSecret: randomBytes(32).toString('base64url'),
  };
}

const REGION = 'eu-west-1';
const POOL = `${REGION}_EXAMPLE12`;
const CLIENT_ID = '1example23456789clientid';

const cognitoIssuer = {
  $comment: 'Your user pool: region, pool id and the app client ids whose tokens are accepted.',
  kind: 'cognito',
  region: REGION,
  userPoolId: POOL,
  clientIds: [CLIENT_ID],
};

const hostedUiClient = {
  $comment:
    'The app client used for the hosted-UI login (authorization code + PKCE). Register https://<your-domain>/_edgeward/callback as a callback URL and https://<your-domain>/ as a sign-out URL.',
  clientId: CLIENT_ID,
  cognitoDomain: `example-prefix.auth.${REGION}.amazoncognito.com`,
  scopes: ['openid', 'email', 'profile'],
};

/** The starting configuration of `scenario`. */
export function template(scenario: Scenario, values: TemplateValues): Record<string, unknown> {
  const head = {
    $schema: values.schemaRef,
    $comment: `Scenario ${SCENARIO_SUMMARIES[scenario]}. Build with \`edgeward build\`.`,
  };
  switch (scenario) {
    case 'site-cookie':
      return {
        ...head,
        issuers: { pool: cognitoIssuer },
        functions: {
          site: {
            $comment: 'Viewer-request function for the protected behaviors and /_edgeward/*.',
            type: 'site',
            issuer: 'pool',
            client: hostedUiClient,
            stateSecret: values.stateSecret,
            rules: {
              $comment:
                'First matching rule decides; CloudFront path patterns (case-sensitive, * spans "/").',
              rules: [
                { path: '/assets/*', access: 'public' },
                { path: '/admin/*', groups: ['admins'] },
              ],
              defaultAccess: 'authenticated',
            },
            directoryIndex: 'index.html',
          },
        },
      };
    case 'site-bearer':
      return {
        ...head,
        issuers: {
          pool: { ...cognitoIssuer, requiredClaims: ['cognito:groups'] },
        },
        functions: {
          files: {
            $comment:
              'Bearer access tokens only (no login redirect); the Authorization header is removed before the origin.',
            type: 'site',
            issuer: 'pool',
            cookieLogin: false,
            bearer: true,
            rules: {
              $comment:
                "{cognito:groups} matches any one of the user's groups literally, never as a substring.",
              rules: [
                { path: '/public/*', access: 'public' },
                { path: '/groups/{cognito:groups}/*' },
                { path: '/users/{sub}/*' },
              ],
              defaultAccess: 'deny',
            },
            directoryIndex: 'index.html',
          },
        },
      };
    case 'signed-cookies':
      return {
        ...head,
        issuers: { pool: cognitoIssuer },
        functions: {
          login: {
            $comment:
              'Attach to the private/login and _edgeward/* behaviors (viewer request; _edgeward/* carries the login callback and sign-out): verifies the login and answers 302 to the app with CloudFront signed cookies. The private/app/* behavior is restricted by a trusted key group instead of a function.',
            type: 'site',
            issuer: 'pool',
            client: hostedUiClient,
            bearer: true,
            stateSecret: values.stateSecret,
            rules: { rules: [{ path: '/private/login' }], defaultAccess: 'deny' },
            signedCookies: {
              $comment:
                'The signing key stays in Secrets Manager (fetched once per container); keyPairId is the CloudFront public key id in the key group.',
              keyPairId: 'K2JCJMDEHXQW5F',
              privateKey: {
                secretsManager: { secretId: 'edgeward/cloudfront-signing-key', region: 'us-east-1' },
              },
              hashAlgorithm: 'SHA256',
              resource: 'https://{host}/private/app/*',
              allowedHosts: ['d111111abcdef8.cloudfront.net'],
              maxLifetimeSeconds: 3600,
              cookiePath: '/private/app/',
              issuePath: '/private/login',
              appPath: '/private/app/index.html',
              accept: { session: true, bearer: true },
            },
          },
        },
      };
    case 'rest-authorizer':
      return {
        ...head,
        issuers: { pool: cognitoIssuer },
        functions: {
          api: {
            $comment:
              'REST API TOKEN authorizer (identity source: the Authorization header). The policy covers every route the token may call, so API Gateway result caching stays correct.',
            type: 'rest-token-authorizer',
            issuer: 'pool',
            tokenUse: 'access',
            rules: {
              rules: [
                { resource: '/pets', methods: ['GET'] },
                { resource: '/pets/{id}', methods: ['GET'] },
                { resource: '/pets/{id}', methods: ['DELETE'], groups: ['admins'] },
              ],
              defaultAccess: 'deny',
            },
            policy: { mode: 'cache-safe', routes: ['GET /pets', 'GET /pets/{id}', 'DELETE /pets/{id}'] },
          },
        },
      };
    case 'hs256-authorizer':
      return {
        ...head,
        issuers: {
          shared: {
            $comment:
              'HS256 tokens signed with a shared secret: the Lambda environment variable JWT_SECRET holds it as base64 (e.g. `openssl rand -base64 32`) or base64url (>= 32 bytes). Mint test tokens with `edgeward token --config edgeward.config.json --secret-env JWT_SECRET`.',
            kind: 'hs256',
            secret: { env: 'JWT_SECRET' },
            issuer: 'https://auth.example.com',
          },
        },
        functions: {
          api: {
            type: 'rest-token-authorizer',
            issuer: 'shared',
            rules: { rules: [], defaultAccess: 'authenticated' },
          },
        },
      };
  }
}

/** The template as file text (2-space JSON, trailing newline), dropping `undefined` placeholders. */
export function templateText(scenario: Scenario, values: TemplateValues): string {
  return `${JSON.stringify(template(scenario, values), null, 2)}\n`;
}

/**
 * The fixed values of the committed `examples/<scenario>/edgeward.config.json` files. The state secret is
 * public and for the examples only: `edgeward init` generates a random one.
 */
export const EXAMPLE_VALUES: TemplateValues = {
  schemaRef: '../../packages/cli/schema/edgeward.config.schema.json',
  stateSecret: 'ZXhhbXBsZS1vbmx5LXN0YXRlLWtleS1kby1ub3QtZGVwbG95',
};
