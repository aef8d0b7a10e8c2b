/**
 * Configuration checks that only the runtime validators know (issuer, signed-cookie fit, session cookie
 * options) are run by `validateConfig` and therefore by `edgeward build`: bundles carry no configuration
 * validator, so a configuration the schema accepts but a runtime validator refuses must never be baked.
 */
import { rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import * as v from 'valibot';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildFunctions } from '../../packages/cli/src/build/index.js';
import { ConfigValidationError } from '../../packages/cli/src/config/issues.js';
import { edgewardConfigSchema } from '../../packages/cli/src/config/schema.js';
import { validateConfig } from '../../packages/cli/src/config/validate.js';
import { EXAMPLE_VALUES } from '../../packages/cli/src/init/templates.js';
import { createViewerRequestHandler } from '../../packages/edgeward/src/cloudfront/index.js';
import { isAuthError } from '../../packages/edgeward/src/core/errors.js';
import { createVerifier } from '../../packages/edgeward/src/core/verify/index.js';
import { repoWorkDir } from '../helpers/work-dir.js';

// biome-ignore lint/suspicious/noExplicitAny: deliberately untyped config fixtures
type Fixture = Record<string, any>;

function base(): Fixture {
  return {
    issuers: {
      pool: { kind: 'cognito', region: 'eu-west-1', userPoolId: 'eu-west-1_Abc123', clientIds: ['client1'] },
    },
    functions: {
      site: {
        type: 'site',
        issuer: 'pool',
        client: { clientId: 'client1', cognitoDomain: 'x.auth.eu-west-1.amazoncognito.com' },
        stateSecret: EXAMPLE_VALUES.stateSecret,
        rules: { rules: [{ path: '/a/*' }] },
      },
    },
  };
}

/** An http: JWKS URI without `jwksPolicy.allowHttp`: only `validateIssuer` refuses it. */
function httpJwks(): Fixture {
  const c = base();
  c['issuers'].pool.jwksUri = 'http://idp.example.com/jwks.json';
  return c;
}

/** Signed cookies accepting the session on a Bearer-only site: only the site validator refuses it. */
function sessionWithoutCookieLogin(): Fixture {
  const c = base();
  const site = c['functions'].site;
  site.cookieLogin = false;
  site.bearer = true;
  delete site.client;
  site.signedCookies = {
    keyPairId: 'K2JCJMDEHXQW5F',
    privateKey: { secretsManager: { secretId: 'edgeward/key', region: 'us-east-1' } },
    resource: 'https://d111111abcdef8.cloudfront.net/private/*',
    issuePath: '/private/login',
    appPath: '/private/app/',
  };
  return c;
}

/** Identity-pool credentials on a Bearer-only site: the route has no session id token to exchange. */
function identityPoolWithoutCookieLogin(): Fixture {
  const c = base();
  const site = c['functions'].site;
  site.cookieLogin = false;
  site.bearer = true;
  delete site.client;
  site.identityPool = { identityPoolId: 'eu-west-1:0f6c1c4e-0000-4000-8000-000000000000' };
  return c;
}

/** A `__Host-` cookie prefix with a cookie `Domain`: browsers refuse it, and so does `SessionCookies`. */
function hostPrefixWithDomain(): Fixture {
  const c = base();
  c['functions'].site.cookies = { prefix: '__Host-edgeward', domain: 'example.com' };
  return c;
}

function problems(config: Fixture): string[] {
  try {
    validateConfig(config);
  } catch (e) {
    expect(e).toBeInstanceOf(ConfigValidationError);
    return (e as ConfigValidationError).problems.map((p) => `${p.path}: ${p.message}`);
  }
  return [];
}

/** The site function of `config` as the runtime sees it (the issuer embedded). */
function siteOf(config: Fixture): Fixture {
  const { type: _t, issuer, ...rest } = config['functions'].site;
  return { ...rest, issuer: config['issuers'][issuer] };
}

describe('validateConfig runs the runtime validators', () => {
  it('refuses an http: JWKS URI that the schema accepts, like createVerifier does', () => {
    const c = httpJwks();
    expect(v.safeParse(edgewardConfigSchema, c).success).toBe(true);
    expect(() => createVerifier(c['issuers'].pool)).toThrow(/jwksUri must use https:/);
    expect(problems(c)).toEqual([
      'issuers.pool.jwksUri: must use https: (set jwksPolicy.allowHttp for a local http: issuer)',
    ]);
    c['issuers'].pool.jwksPolicy = { allowHttp: true };
    expect(problems(c)).toEqual([]);
  });

  it('refuses signedCookies.accept.session without cookie login, like createViewerRequestHandler does', async () => {
    const c = sessionWithoutCookieLogin();
    expect(v.safeParse(edgewardConfigSchema, c).success).toBe(true);
    const logs: Record<string, unknown>[] = [];
    const handler = createViewerRequestHandler(siteOf(c) as never, { logger: (r) => logs.push(r) });
    const answer = (await handler({ Records: [] } as never)) as { status: string };
    expect(answer.status).toBe('502');
    expect(JSON.stringify(logs)).toContain('signedCookies.accept.session needs cookieLogin');
    expect(problems(c)).toEqual(['functions.site.signedCookies.accept.session: needs cookieLogin']);
    c['functions'].site.signedCookies.accept = { session: false, bearer: true };
    expect(problems(c)).toEqual([]);
  });

  it('refuses a "__Host-" cookie prefix with a cookie domain, like createViewerRequestHandler does', async () => {
    const c = hostPrefixWithDomain();
    expect(v.safeParse(edgewardConfigSchema, c).success).toBe(true);
    const logs: Record<string, unknown>[] = [];
    const handler = createViewerRequestHandler(siteOf(c) as never, { logger: (r) => logs.push(r) });
    const answer = (await handler({ Records: [] } as never)) as { status: string };
    expect(answer.status).toBe('502');
    expect(JSON.stringify(logs)).toContain('cannot be combined with cookies.domain');
    expect(problems(c)).toEqual([
      'functions.site.cookies.prefix: "__Host-" cannot be combined with cookies.domain',
    ]);
    delete c['functions'].site.cookies.domain;
    expect(problems(c)).toEqual([]);
  });

  it('accepts exactly the cookie prefixes the runtime accepts (schema and build)', async () => {
    for (const [prefix, ok] of [
      ['__Host-edgeward', true],
      ['my_app-1', true],
      ['my.app', false],
      ['a b', false],
      ['', false],
    ] as const) {
      const c = base();
      c['functions'].site.cookies = { prefix };
      expect(v.safeParse(edgewardConfigSchema, c).success, prefix).toBe(ok);
      expect(problems(c).length === 0, prefix).toBe(ok);
      const logs: Record<string, unknown>[] = [];
      const handler = createViewerRequestHandler(siteOf(c) as never, { logger: (r) => logs.push(r) });
      await handler({ Records: [] } as never);
      expect(JSON.stringify(logs).includes('cookies.prefix'), prefix).toBe(!ok);
    }
  });

  it('reports an issuer problem once, under issuers.<name>, not as an AuthError', () => {
    const c = httpJwks();
    c['functions'].other = { ...c['functions'].site };
    const found = problems(c);
    expect(found.filter((p) => p.startsWith('issuers.pool.jwksUri'))).toHaveLength(1);
    expect(() => validateConfig(c)).toThrow(ConfigValidationError);
    try {
      validateConfig(c);
    } catch (e) {
      expect(isAuthError(e)).toBe(false);
    }
  });
});

describe('edgeward build refuses what only a runtime validator catches', () => {
  let work: string;
  beforeAll(async () => {
    work = repoWorkDir('runtime-checks-');
  });
  afterAll(async () => {
    await rm(work, { recursive: true, force: true });
  });

  it.each([
    ['an http: JWKS URI', httpJwks, /issuers\.pool\.jwksUri/],
    ['signed cookies accepting a session without cookie login', sessionWithoutCookieLogin, /accept\.session/],
    ['a "__Host-" cookie prefix with a cookie domain', hostPrefixWithDomain, /cookies\.prefix/],
    [
      'identity-pool credentials without cookie login',
      identityPoolWithoutCookieLogin,
      /functions\.site\.identityPool: needs cookieLogin/,
    ],
  ])('%s', async (_name, make, message) => {
    const file = join(work, `${make.name}.json`);
    await writeFile(file, JSON.stringify(make()));
    await expect(buildFunctions({ config: file, outDir: join(work, make.name) })).rejects.toThrow(message);
  });
});
