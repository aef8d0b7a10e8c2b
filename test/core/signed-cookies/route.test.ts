/**
 * The signed-cookie issue route driven through the real viewer-request handler (`packages/edgeward/src/cloudfront/`): both key
 * sources (baked PEM, Secrets Manager double on 127.0.0.1), RSA/ECDSA × SHA1/SHA256, and every refusal path —
 * invalid, expired or insufficient credentials and a Host outside the allow-list get no `CloudFront-*` cookies.
 * Issued cookies are checked twice: with the independent CloudFront-style check of `fixtures.ts` and with
 * `verifySignedCookies` (what the local CloudFront emulator runs on a trusted-key-group behavior).
 *
 * Events: the "Example viewer request" of https://docs.aws.amazon.com/AmazonCloudFront/latest/DeveloperGuide/lambda-event-structure.html
 * (via `test/fixtures/cloudfront/viewer-request.ts`), clientIp 203.0.113.178.
 */
import { createPublicKey } from 'node:crypto';
import type { CloudFrontResultResponse } from 'aws-lambda';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { SiteConfig } from '../../../packages/edgeward/src/cloudfront/config.js';
import { createViewerRequestHandler } from '../../../packages/edgeward/src/cloudfront/index.js';
import type { LogRecord } from '../../../packages/edgeward/src/core/runtime.js';
import type {
  SignedCookieIssuerDeps,
  SignedCookiesConfig,
} from '../../../packages/edgeward/src/core/signed-cookies/index.js';
import { secretsManagerKeyProviderFor } from '../../../packages/edgeward/src/core/signed-cookies/secrets-manager.js';
import { verifySignedCookies } from '../../../packages/edgeward/src/core/signed-cookies/verify.js';
import { asResponse, harness, header, siteConfig } from '../../cloudfront/harness.js';
import { startTokenEndpoint, type TokenEndpoint } from '../../cloudfront/token-endpoint.js';
import { FETCH, HOST, NAVIGATION, viewerRequest } from '../../fixtures/cloudfront/viewer-request.js';
import { accessClaims, FIXED_NOW, fixedClock, idClaims, makeKey, signToken } from '../../helpers/keys.js';
import {
  cloudFrontCheck,
  cookieJar,
  type KeyKind,
  makeKeyPair,
  parseSetCookies,
  type TestKeyPair,
} from './fixtures.js';
import { DUMMY_CREDENTIALS, type SecretsDouble, startSecretsDouble } from './secrets-double.js';

const CLIENT_IP = '203.0.113.178';
const KEY_ID = 'K2JCJMDEHXQW5F';

let idp: TokenEndpoint;
let secrets: SecretsDouble;
const keys = {} as Record<KeyKind, TestKeyPair>;

beforeAll(async () => {
  idp = await startTokenEndpoint();
  secrets = await startSecretsDouble();
  keys.rsa = makeKeyPair('rsa');
  keys.ec = makeKeyPair('ec');
});
afterAll(async () => {
  await idp.close();
  await secrets.close();
});
afterEach(() => {
  secrets.requests.length = 0;
  secrets.secret = undefined;
  secrets.fail = false;
});

function signed(overrides: Partial<SignedCookiesConfig> = {}): SignedCookiesConfig {
  return {
    keyPairId: KEY_ID,
    privateKey: { pem: keys.rsa.privatePem },
    resource: `https://${HOST}/private/app/*`,
    cookiePath: '/private/app/',
    issuePath: '/private/login',
    appPath: '/private/app/index.html',
    accept: { session: true, bearer: true },
    ...overrides,
  };
}

/** A site whose issue route is guarded by a rule (group `members`), like scenario D's `private/login`. */
function site(overrides: Partial<SignedCookiesConfig> = {}, extra: Partial<SiteConfig> = {}): SiteConfig {
  return siteConfig(idp, {
    rules: { rules: [{ path: '/private/login', groups: ['members'] }], defaultAccess: 'authenticated' },
    signedCookies: signed(overrides),
    ...extra,
  });
}

const bearer = (token: string) => ({ ...FETCH, authorization: `Bearer ${token}` });

function cloudFrontSetCookies(res: CloudFrontResultResponse): string[] {
  return header(res, 'set-cookie').filter((c) => c.startsWith('CloudFront-'));
}

/** The issued cookies as CloudFront would check them on `private/app/*`. */
function expectAccepted(
  res: CloudFrontResultResponse,
  publicPem: string,
  url = `https://${HOST}/private/app/a.js`,
) {
  const cookies = parseSetCookies(cloudFrontSetCookies(res));
  const policy = cloudFrontCheck(cookies, createPublicKey(publicPem));
  const check = verifySignedCookies(cookieJar(cookies), {
    url,
    clientIp: CLIENT_IP,
    nowSeconds: FIXED_NOW,
    publicKeys: { [KEY_ID]: publicPem },
  });
  expect(check).toEqual({ ok: true });
  return {
    cookies,
    policy: policy as { Statement: [{ Resource: string; Condition: Record<string, unknown> }] },
  };
}

describe('issue route: key sources, key types and hashes', () => {
  for (const kind of ['rsa', 'ec'] as const) {
    for (const hashAlgorithm of ['SHA1', 'SHA256'] as const) {
      it(`baked ${kind.toUpperCase()} key, ${hashAlgorithm}: 302 to the app path with cookies CloudFront accepts`, async () => {
        const h = harness(site({ privateKey: { pem: keys[kind].privatePem }, hashAlgorithm }));
        const token = await signToken(idp.key, accessClaims());
        const res = asResponse(
          await h.handle({
            uri: '/private/login',
            headers: NAVIGATION,
            cookies: [`edgeward.access=${token}`],
          }),
        );
        expect(res.status).toBe('302');
        expect(header(res, 'location')).toEqual(['/private/app/index.html']);
        const { cookies } = expectAccepted(res, keys[kind].publicPem);
        expect(cookies.has('CloudFront-Hash-Algorithm')).toBe(hashAlgorithm === 'SHA256');
        for (const c of cookies.values()) {
          expect(c.attributes).toEqual(['Path=/private/app/', 'HttpOnly', 'Secure', 'SameSite=Lax']);
        }
      });
    }
  }

  it('Secrets Manager key: fetched once for several requests, cookies CloudFront accepts', async () => {
    secrets.secret = JSON.stringify({ privateKey: keys.ec.privatePem });
    const config = site({
      privateKey: { secretsManager: { secretId: 'edgeward/cf-signing', region: 'us-east-1' } },
      hashAlgorithm: 'SHA256',
    });
    const deps: SignedCookieIssuerDeps = {
      clock: fixedClock,
      logger: () => {},
      privateKey: secretsManagerKeyProviderFor(config.signedCookies!, {
        endpoint: secrets.endpoint,
        credentials: DUMMY_CREDENTIALS,
        logger: () => {},
      }),
    };
    const handler = createViewerRequestHandler(config, deps);
    const token = await signToken(idp.key, accessClaims());
    const event = () => viewerRequest({ uri: '/private/login', headers: bearer(token) });
    const [a, b] = await Promise.all([handler(event()), handler(event())]);
    const c = await handler(event());
    for (const res of [a, b, c]) {
      expect(asResponse(res).status).toBe('302');
      expectAccepted(asResponse(res), keys.ec.publicPem);
    }
    expect(secrets.requests).toHaveLength(1);
    expect(secrets.requests[0]!.body).toEqual({ SecretId: 'edgeward/cf-signing' });
  });

  it('Secrets Manager failure: 502, no cookies', async () => {
    secrets.fail = true;
    const config = site({
      privateKey: { secretsManager: { secretId: 'edgeward/cf-signing', region: 'us-east-1' } },
    });
    const logs: LogRecord[] = [];
    const handler = createViewerRequestHandler(config, {
      clock: fixedClock,
      logger: (r) => logs.push(r),
      privateKey: secretsManagerKeyProviderFor(config.signedCookies!, {
        endpoint: secrets.endpoint,
        credentials: DUMMY_CREDENTIALS,
        logger: () => {},
      }),
    });
    const token = await signToken(idp.key, accessClaims());
    const res = asResponse(await handler(viewerRequest({ uri: '/private/login', headers: bearer(token) })));
    expect(res.status).toBe('502');
    expect(cloudFrontSetCookies(res)).toEqual([]);
    expect(JSON.stringify(logs)).not.toContain(token);
  });

  it('without a key provider, a Secrets Manager key source is a configuration error (502), never unsigned', async () => {
    const h = harness(site({ privateKey: { secretsManager: { secretId: 'x', region: 'us-east-1' } } }));
    const token = await signToken(idp.key, accessClaims());
    const res = asResponse(await h.handle({ uri: '/private/login', headers: bearer(token) }));
    expect(res.status).toBe('502');
    expect(cloudFrontSetCookies(res)).toEqual([]);
  });
});

describe('issue route: policy from the request and the token', () => {
  it('binds DateLessThan to the token exp and IpAddress to the viewer', async () => {
    const h = harness(site({ bindClientIp: true, maxLifetimeSeconds: 3600 }));
    const token = await signToken(idp.key, accessClaims({ exp: FIXED_NOW + 120 }));
    const res = asResponse(await h.handle({ uri: '/private/login', headers: bearer(token) }));
    const { policy } = expectAccepted(res, keys.rsa.publicPem);
    expect(policy.Statement[0].Condition).toEqual({
      DateLessThan: { 'AWS:EpochTime': FIXED_NOW + 120 },
      IpAddress: { 'AWS:SourceIp': `${CLIENT_IP}/32` },
    });
  });

  it('takes {host} from an allowed Host header only', async () => {
    const config = site({ resource: 'https://{host}/private/app/*', allowedHosts: ['app.example.com'] });
    const token = await signToken(idp.key, accessClaims());
    const h = harness(config);
    const ok = asResponse(
      await h.handle({ uri: '/private/login', headers: { ...bearer(token), host: 'app.example.com' } }),
    );
    expect(ok.status).toBe('302');
    const { policy } = expectAccepted(ok, keys.rsa.publicPem, 'https://app.example.com/private/app/x');
    expect(policy.Statement[0].Resource).toBe('https://app.example.com/private/app/*');
    const evil = asResponse(
      await h.handle({ uri: '/private/login', headers: { ...bearer(token), host: 'evil.example' } }),
    );
    expect(evil.status).toBe('400');
    expect(cloudFrontSetCookies(evil)).toEqual([]);
  });
});

describe('issue route: no cookies for invalid, expired or insufficient credentials', () => {
  it.each([
    ['an expired token', () => accessClaims({ exp: FIXED_NOW - 1 }), '401'],
    [
      'a token from another issuer',
      () => accessClaims({ iss: 'https://cognito-idp.eu-west-1.amazonaws.com/eu-west-1_Other' }),
      '401',
    ],
    ['another app client', () => accessClaims({ client_id: 'another-client' }), '401'],
    [
      'a user outside the group the rule requires',
      () => accessClaims({ 'cognito:groups': ['guests'] }),
      '403',
    ],
  ])('Bearer with %s → %s', async (_, claims, status) => {
    const h = harness(site());
    const res = asResponse(
      await h.handle({ uri: '/private/login', headers: bearer(await signToken(idp.key, claims())) }),
    );
    expect(res.status).toBe(status);
    expect(cloudFrontSetCookies(res)).toEqual([]);
  });

  it('a token signed by an unknown key → 401, no cookies', async () => {
    const other = await makeKey(idp.key.kid);
    const h = harness(site());
    const res = asResponse(
      await h.handle({ uri: '/private/login', headers: bearer(await signToken(other, accessClaims())) }),
    );
    expect(res.status).toBe('401');
    expect(cloudFrontSetCookies(res)).toEqual([]);
  });

  it('an id token where only access tokens are accepted → 401; accepted once tokenUse lists id', async () => {
    const idToken = await signToken(idp.key, idClaims());
    const accessOnly = harness(site({ accept: { bearer: true, session: true, tokenUse: ['access'] } }));
    const refused = asResponse(await accessOnly.handle({ uri: '/private/login', headers: bearer(idToken) }));
    expect(refused.status).toBe('401');
    expect(cloudFrontSetCookies(refused)).toEqual([]);
    const idAllowed = harness(site({ accept: { bearer: true, session: true, tokenUse: ['id'] } }));
    const ok = asResponse(await idAllowed.handle({ uri: '/private/login', headers: bearer(idToken) }));
    expect(ok.status).toBe('302');
    expectAccepted(ok, keys.rsa.publicPem);
  });

  it('Bearer is refused when the route accepts only the session', async () => {
    const h = harness(site({ accept: { session: true, bearer: false } }));
    const token = await signToken(idp.key, accessClaims());
    const res = asResponse(await h.handle({ uri: '/private/login', headers: bearer(token) }));
    expect(res.status).not.toBe('302');
    expect(cloudFrontSetCookies(res)).toEqual([]);
  });

  it('an expired session on a navigation goes to login, without cookies', async () => {
    const h = harness(site());
    const token = await signToken(idp.key, accessClaims({ exp: FIXED_NOW - 10 }));
    const res = asResponse(
      await h.handle({ uri: '/private/login', headers: NAVIGATION, cookies: [`edgeward.access=${token}`] }),
    );
    expect(res.status).toBe('302');
    expect(header(res, 'location')[0]).toContain('/oauth2/authorize');
    expect(cloudFrontSetCookies(res).filter((c) => !/Max-Age=0/.test(c))).toEqual([]);
  });

  it('never logs the token or the cookie values', async () => {
    const h = harness(site());
    const token = await signToken(idp.key, accessClaims());
    const res = asResponse(await h.handle({ uri: '/private/login', headers: bearer(token) }));
    const logged = JSON.stringify(h.logs);
    expect(logged).not.toContain(token);
    for (const c of parseSetCookies(cloudFrontSetCookies(res)).values()) {
      if (c.name === 'CloudFront-Policy' || c.name === 'CloudFront-Signature')
        expect(logged).not.toContain(c.value);
    }
  });
});
