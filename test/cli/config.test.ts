/**
 * Configuration validation: valibot schemas, cross-field checks, error wording, the published JSON Schema
 * and the example configurations.
 */
import { readFileSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigValidationError } from '../../packages/cli/src/config/issues.js';
import { configJsonSchema } from '../../packages/cli/src/config/json-schema-document.js';
import { ConfigLoadError, loadConfig } from '../../packages/cli/src/config/load.js';
import { validateConfig } from '../../packages/cli/src/config/validate.js';
import { EXAMPLE_VALUES, SCENARIOS, templateText } from '../../packages/cli/src/init/templates.js';
import { validateJsonSchema } from './helpers.js';

const STATE_SECRET = EXAMPLE_VALUES.stateSecret;

/** Loosely typed JSON fixture: the cases mutate it freely, including into invalid shapes. */
// biome-ignore lint/suspicious/noExplicitAny: deliberately untyped config fixtures
type Fixture = Record<string, any>;

/** A valid configuration with one site and one authorizer; each invalid case mutates a copy. */
function base(): Fixture {
  return {
    issuers: {
      pool: { kind: 'cognito', region: 'eu-west-1', userPoolId: 'eu-west-1_Abc123', clientIds: ['client1'] },
      shared: { kind: 'hs256', secret: { env: 'JWT_SECRET' } },
    },
    functions: {
      site: {
        type: 'site',
        issuer: 'pool',
        client: { clientId: 'client1', cognitoDomain: 'x.auth.eu-west-1.amazoncognito.com' },
        stateSecret: STATE_SECRET,
        rules: {
          rules: [
            { path: '/public/*', access: 'public' },
            { path: '/a/*' },
            { path: '/admin/*', groups: ['admins'] },
          ],
        },
      },
      api: { type: 'rest-token-authorizer', issuer: 'shared' },
    },
  };
}

function problems(mutate: (c: Fixture) => void): string[] {
  const c = base();
  mutate(c);
  try {
    validateConfig(c);
  } catch (e) {
    expect(e).toBeInstanceOf(ConfigValidationError);
    return (e as ConfigValidationError).problems.map((p) => `${p.path}: ${p.message}`);
  }
  return [];
}

describe('validateConfig', () => {
  it('accepts the base configuration and strips $comment members', () => {
    const c = base();
    c['$comment'] = 'top';
    c['functions']['site']['$comment'] = 'nested';
    const out = validateConfig(c);
    expect(out.functions['site']).not.toHaveProperty('$comment');
    expect(out).not.toHaveProperty('$comment');
  });

  const cases: [string, (c: Fixture) => void, string[]][] = [
    [
      'empty groups',
      (c) => (c.functions.site.rules.rules[2].groups = []),
      ['functions.site.rules.rules[2].groups: expected a non-empty array of strings'],
    ],
    [
      'groups as a string',
      (c) => (c.functions.site.rules.rules[2].groups = 'admins'),
      ['functions.site.rules.rules[2].groups: expected a non-empty array of strings'],
    ],
    [
      'missing issuers',
      (c) => delete c.issuers,
      ['issuers: missing required field (expected an object mapping issuer names to issuer objects)'],
    ],
    ['unknown top-level field', (c) => (c.extra = 1), ['extra: unknown field']],
    [
      'unknown issuer kind',
      (c) => (c.issuers.pool.kind = 'auth0'),
      ['issuers.pool.kind: expected "cognito", "oidc" or "hs256"'],
    ],
    [
      'bad region',
      (c) => (c.issuers.pool.region = 'Europe'),
      ['issuers.pool.region: expected an AWS region such as "eu-west-1"'],
    ],
    [
      'pool id of another region',
      (c) => (c.issuers.pool.userPoolId = 'us-east-1_Abc123'),
      ['issuers.pool.userPoolId: expected a user pool id that starts with the issuer region and "_"'],
    ],
    [
      'empty clientIds',
      (c) => (c.issuers.pool.clientIds = []),
      ['issuers.pool.clientIds: expected a non-empty array of strings'],
    ],
    [
      'missing clientIds',
      (c) => delete c.issuers.pool.clientIds,
      ['issuers.pool.clientIds: missing required field (expected a non-empty array of strings)'],
    ],
    [
      'short HS256 secret',
      (c) => (c.issuers.shared.secret = { base64url: 'c2hvcnQ' }),
      ['issuers.shared.secret.base64url: expected a base64url string of at least 32 bytes (256 bits)'],
    ],
    [
      'private key in a baked JWKS',
      (c) => (c.issuers.pool.jwks = { keys: [{ kty: 'RSA', kid: 'k', n: 'x', e: 'AQAB', d: 'secret' }] }),
      [
        'issuers.pool.jwks.keys[0]: expected a public key (private or symmetric key members such as "d" or "k" must not be baked)',
      ],
    ],
    [
      'unknown function type',
      (c) => (c.functions.api.type = 'lambda'),
      [
        'functions.api.type: expected a function "type": one of "site", "rest-token-authorizer", "rest-request-authorizer", "http-authorizer", "websocket-authorizer"',
      ],
    ],
    [
      'undefined issuer reference',
      (c) => (c.functions.api.issuer = 'nope'),
      [
        'functions.api.issuer: expected the name of an issuer defined under "issuers" (one of "pool", "shared")',
      ],
    ],
    [
      'site on an HS256 issuer',
      (c) => (c.functions.site.issuer = 'shared'),
      [
        'functions.site.issuer: expected a "cognito" or "oidc" issuer (a site verifies tokens against the issuer\'s JWKS)',
      ],
    ],
    [
      'no state secret with cookie login',
      (c) => delete c.functions.site.stateSecret,
      [
        'functions.site.stateSecret: missing required field with cookie login (expected a base64url string of at least 32 bytes (e.g. `openssl rand -base64 32 | tr +/ -_ | tr -d =`))',
      ],
    ],
    [
      'no state secret for a Bearer-only site (not needed)',
      (c) => {
        delete c.functions.site.stateSecret;
        c.functions.site.cookieLogin = false;
        c.functions.site.bearer = true;
      },
      [],
    ],
    [
      'short state secret',
      (c) => (c.functions.site.stateSecret = 'abc'),
      [
        'functions.site.stateSecret: expected a base64url string of at least 32 bytes (e.g. `openssl rand -base64 32 | tr +/ -_ | tr -d =`)',
      ],
    ],
    [
      'rule with both path and resource',
      (c) => (c.functions.site.rules.rules[1].resource = '/a'),
      ['functions.site.rules.rules[1]: expected exactly one of "path" and "resource"'],
    ],
    [
      'lower-case method',
      (c) => (c.functions.site.rules.rules[1].methods = ['get']),
      [
        'functions.site.rules.rules[1].methods[0]: expected one of "GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"',
      ],
    ],
    [
      'groups on a public rule',
      (c) => (c.functions.site.rules.rules[0].groups = ['x']),
      [
        'functions.site.rules.rules[0]: expected no groups, allGroups, scopes or claims on a "public" or "deny" rule',
      ],
    ],
    [
      'typo in a field name',
      (c) => (c.functions.site.rules.rules[1].group = ['x']),
      ['functions.site.rules.rules[1].group: unknown field'],
    ],
    [
      'client without endpoints',
      (c) => delete c.functions.site.client.cognitoDomain,
      ['functions.site.client: expected "cognitoDomain", or "endpoints" with "authorization" and "token"'],
    ],
    [
      'cookie login without a client',
      (c) => delete c.functions.site.client,
      ['functions.site: cookieLogin needs client'],
    ],
    [
      'negative clock tolerance',
      (c) => (c.issuers.pool.clockToleranceSeconds = -5),
      ['issuers.pool.clockToleranceSeconds: expected an integer from 0 to 300 seconds'],
    ],
    [
      'bad authorizer route',
      (c) => (c.functions.api.policy = { routes: ['pets'] }),
      [
        'functions.api.policy.routes: expected routes like "GET /pets/{id}" (VERB or ANY, a space, a path starting with "/")',
      ],
    ],
    [
      'bad token source',
      (c) => {
        c.functions.api.type = 'rest-request-authorizer';
        c.functions.api.tokenSource = { head: 'x' };
      },
      [
        'functions.api.tokenSource: expected one of {"header": "Authorization"}, {"query": "access_token"} or {"cookie": "name"}',
      ],
    ],
    [
      'bad function name',
      (c) => (c.functions['my site!'] = c.functions.site),
      [
        'functions["my site!"]: expected a name of letters, digits, "-" and "_" (at most 64, starting alphanumeric)',
      ],
    ],
    [
      'functions not an object',
      (c) => (c.functions = 'site'),
      ['functions: expected an object mapping function names to function objects'],
    ],
    [
      'HTTP issuer URL for OIDC',
      (c) => (c.issuers.pool = { kind: 'oidc', issuer: 'not a url', jwksUri: 'https://x/jwks' }),
      ['issuers.pool.issuer: expected an absolute http(s) URL'],
    ],
    [
      'symmetric algorithm for OIDC',
      (c) =>
        (c.issuers.pool = {
          kind: 'oidc',
          issuer: 'https://x',
          jwksUri: 'https://x/jwks',
          algorithms: ['HS256'],
        }),
      [
        'issuers.pool.algorithms: expected a non-empty array of asymmetric JWS algorithms (RS256, RS384, RS512, PS256, PS384, PS512, ES256, ES384, ES512, EdDSA)',
      ],
    ],
  ];

  it.each(cases)('%s', (_name, mutate, expected) => {
    expect(problems(mutate)).toEqual(expected);
  });

  it('reports every problem at once, one per line, in the error message', () => {
    const c = base();
    c.issuers.pool.clientIds = [];
    c.functions.site.rules.rules[2].groups = [];
    expect(() => validateConfig(c, { source: 'edgeward.config.json' })).toThrow(
      'invalid configuration in edgeward.config.json:\n  issuers.pool.clientIds: expected a non-empty array of strings\n  functions.site.rules.rules[2].groups: expected a non-empty array of strings',
    );
  });

  it('passes authorizer warnings to onWarning without failing', () => {
    const c = base();
    c.functions.api.type = 'http-authorizer';
    c.functions.api.response = 'simple';
    c.functions.api.rules = { rules: [{ resource: '/admin/{proxy+}', groups: ['admins'] }] };
    const warnings: string[] = [];
    validateConfig(c, { onWarning: (w) => warnings.push(`${w.path}: ${w.message}`) });
    expect(warnings.length).toBeGreaterThan(0);
    expect(warnings.every((w) => w.startsWith('functions.api.'))).toBe(true);
  });
});

describe('loadConfig', () => {
  it('reports the line and column of a JSON syntax error', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'edgeward-config-'));
    try {
      await writeFile(join(dir, 'edgeward.config.json'), '{\n  "issuers": {,\n}');
      await expect(loadConfig(join(dir, 'edgeward.config.json'))).rejects.toThrow(ConfigLoadError);
      await expect(loadConfig(join(dir, 'edgeward.config.json'))).rejects.toThrow(/invalid JSON at 2:15/);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('loads a typed edgeward.config.ts written with defineConfig', async () => {
    const dir = await mkdtemp(join(process.cwd(), '.edgeward-config-ts-'));
    try {
      const defineConfig = join(process.cwd(), 'packages/cli/src/config/types.ts');
      await writeFile(
        join(dir, 'edgeward.config.ts'),
        `import { defineConfig } from ${JSON.stringify(defineConfig)};\nconst region: string = 'eu-west-1';\n` +
          `export default defineConfig({ issuers: { pool: { kind: 'cognito', region, userPoolId: 'eu-west-1_A1', clientIds: ['c'] } },` +
          ` functions: { api: { type: 'rest-token-authorizer', issuer: 'pool' } } });\n`,
      );
      const config = await loadConfig(join(dir, 'edgeward.config.ts'));
      expect(config.functions['api']?.type).toBe('rest-token-authorizer');
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});

describe('examples and the published JSON Schema', () => {
  const schema = configJsonSchema();

  it('schema/edgeward.config.schema.json is the generated schema (regenerate with `edgeward schema`)', () => {
    const published = JSON.parse(readFileSync('packages/cli/schema/edgeward.config.schema.json', 'utf8'));
    expect(published).toEqual(schema);
  });

  it.each(SCENARIOS)(
    'examples/%s is the init template, valid for validateConfig and the JSON Schema',
    async (scenario) => {
      const text = readFileSync(`examples/${scenario}/edgeward.config.json`, 'utf8');
      expect(text).toBe(templateText(scenario, EXAMPLE_VALUES));
      const data = JSON.parse(text);
      expect(validateJsonSchema(schema, data)).toEqual([]);
      await expect(loadConfig(`examples/${scenario}/edgeward.config.json`)).resolves.toBeTruthy();
    },
  );

  it('the JSON Schema rejects what the validator rejects structurally', () => {
    const c = base();
    c.functions.site.rules.rules[2].groups = [];
    expect(validateJsonSchema(schema, c)).toEqual(['$.functions.site: oneOf matched 0 option(s)']);
    const d = base();
    d.issuers.pool.kind = 'auth0';
    expect(validateJsonSchema(schema, d).length).toBeGreaterThan(0);
    expect(validateJsonSchema(schema, base())).toEqual([]);
  });
});
