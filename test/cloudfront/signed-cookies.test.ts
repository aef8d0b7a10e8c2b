/**
 * CloudFront signed cookies wired into the viewer-request handler: the issue route (session or Bearer),
 * login mode at the callback, and clearing at sign-out. The cookies are checked with the
 * signed-cookies module's own verifier (as CloudFront would check them).
 */
import { generateKeyPairSync } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SignedCookiesConfig } from '../../packages/edgeward/src/core/signed-cookies/index.js';
import { verifySignedCookies } from '../../packages/edgeward/src/core/signed-cookies/verify.js';
import { FETCH, HOST } from '../fixtures/cloudfront/viewer-request.js';
import { accessClaims, FIXED_NOW, signToken } from '../helpers/keys.js';
import { asResponse, harness, header, logIn, navigate, setCookie, siteConfig } from './harness.js';
import { startTokenEndpoint, type TokenEndpoint } from './token-endpoint.js';

let idp: TokenEndpoint;
const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
const pem = privateKey.export({ format: 'pem', type: 'pkcs8' }).toString();

beforeAll(async () => {
  idp = await startTokenEndpoint();
});
afterAll(async () => idp.close());

const signed = (overrides: Partial<SignedCookiesConfig> = {}): SignedCookiesConfig => ({
  keyPairId: 'K2JCJMDEHXQW5F',
  privateKey: { pem },
  resource: `https://${HOST}/private/app/*`,
  issuePath: '/private/login',
  appPath: '/private/app/index.html',
  accept: { session: true, bearer: true },
  ...overrides,
});

function cloudFrontCookies(setCookies: string[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (const c of setCookies) {
    const [pair] = c.split(';');
    const eq = pair!.indexOf('=');
    if (pair!.startsWith('CloudFront-')) out[pair!.slice(0, eq)] = pair!.slice(eq + 1);
  }
  return out;
}

describe('signed cookies', () => {
  it('issues the CloudFront cookies on the issue route for a valid session and redirects to the app path', async () => {
    const h = harness(siteConfig(idp, { signedCookies: signed() }));
    const token = await signToken(idp.key, accessClaims());
    const res = asResponse(await navigate(h, '/private/login', [`edgeward.access=${token}`]));
    expect(res.status).toBe('302');
    expect(header(res, 'location')).toEqual(['/private/app/index.html']);
    const cookies = cloudFrontCookies(header(res, 'set-cookie'));
    expect(Object.keys(cookies).sort()).toEqual([
      'CloudFront-Key-Pair-Id',
      'CloudFront-Policy',
      'CloudFront-Signature',
    ]);
    const check = (url: string) =>
      verifySignedCookies(cookies, {
        url,
        publicKeys: { K2JCJMDEHXQW5F: publicKey },
        nowSeconds: FIXED_NOW,
        clientIp: '203.0.113.178',
      });
    expect(check(`https://${HOST}/private/app/index.html`)).toEqual({ ok: true });
    expect(check(`https://${HOST}/other/index.html`).ok).toBe(false);
  });

  it('issues them for a Bearer token too, and refuses without credentials', async () => {
    const h = harness(siteConfig(idp, { signedCookies: signed() }));
    const token = await signToken(idp.key, accessClaims());
    const ok = asResponse(
      await h.handle({ uri: '/private/login', headers: { authorization: `Bearer ${token}` } }),
    );
    expect(ok.status).toBe('302');
    const none = asResponse(await h.handle({ uri: '/private/login', headers: FETCH }));
    expect(none.status).toBe('401');
    expect(cloudFrontCookies(header(none, 'set-cookie'))).toEqual({});
  });

  it('sends a navigation without a session to login and back to the issue route', async () => {
    const h = harness(siteConfig(idp, { signedCookies: signed() }));
    const res = asResponse(await navigate(h, '/private/login'));
    expect(res.status).toBe('302');
    expect(header(res, 'location')[0]).toContain('/oauth2/authorize');
  });

  it('issues them at the callback in login mode, and clears them at sign-out', async () => {
    const h = harness(siteConfig(idp, { signedCookies: signed({ mode: 'login' }) }));
    const { res: cb, jar } = await logIn(h, idp, '/private/app/index.html');
    expect(cb.status).toBe('302');
    expect(Object.keys(cloudFrontCookies(header(cb, 'set-cookie')))).toContain('CloudFront-Signature');
    jar.apply(cb);
    const out = asResponse(await navigate(h, '/_edgeward/signout', jar.entries()));
    for (const name of ['CloudFront-Policy', 'CloudFront-Signature', 'CloudFront-Key-Pair-Id']) {
      expect(setCookie(out, name)).toMatch(/Max-Age=0/);
    }
  });
});
