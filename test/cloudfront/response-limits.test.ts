/**
 * Generated responses against CloudFront's limits for viewer-request functions: at most 40 KB of headers
 * and body together, and only `Set-Cookie` names a browser accepts — whatever cookies the request carries.
 * A request can carry up to ~20 KB of `Cookie` header; edgeward deletes every cookie under its names, so
 * hundreds of junk cookies (or cookies tossed from a sibling domain) must not push the answer past 40 KB
 * (CloudFront would answer 502 LambdaValidationError), and a name no `Set-Cookie` can carry must not
 * turn every answer into a 502.
 *
 * @see https://docs.aws.amazon.com/AmazonCloudFront/latest/DeveloperGuide/cloudfront-limits.html#limits-lambda-at-edge
 * @see https://docs.aws.amazon.com/AmazonCloudFront/latest/DeveloperGuide/lambda-generating-http-responses.html
 */
import { beforeAll, describe, expect, it } from 'vitest';
import type { SiteConfig } from '../../packages/edgeward/src/cloudfront/config.js';
import {
  generatedResponseBytes,
  MAX_VIEWER_RESPONSE_BYTES,
  viewerRequestResultProblems,
} from '../../packages/edgeward/src/cloudfront/contract.js';
import { response } from '../../packages/edgeward/src/cloudfront/responses.js';
import { NAVIGATION } from '../fixtures/cloudfront/viewer-request.js';
import { bakedJwks, cognitoIssuer } from '../helpers/issuers.js';
import { accessClaims, CLIENT_ID, makeKey, signToken, type TestKey } from '../helpers/keys.js';
import { asRequest, asResponse, harness, header, STATE_SECRET, setCookie } from './harness.js';

/** `count` cookies under edgeward's prefix, ~15 bytes each: about 18 KB for 1200, within CloudFront's 20 KB. */
function junkCookies(count: number): string {
  return Array.from({ length: count }, (_, i) => `edgeward.j${i}=1`).join('; ');
}

let key: TestKey;
let config: SiteConfig;

beforeAll(async () => {
  key = await makeKey('limits-1');
  config = {
    issuer: cognitoIssuer({ jwks: bakedJwks(key) }),
    client: {
      clientId: CLIENT_ID,
      cognitoDomain: 'example-prefix.auth.eu-west-1.amazoncognito.com',
      scopes: ['openid'],
    },
    stateSecret: STATE_SECRET,
    rules: { rules: [], defaultAccess: 'authenticated' },
  };
});

describe('the 40 KB limit of generated responses (headers and body)', () => {
  it('is checked on headers and body together by the result validator', () => {
    const cookies = Array.from({ length: 700 }, (_, i) => ['Set-Cookie', `n${i}=${'v'.repeat(50)}`] as const);
    const big = { status: '302', headers: {} as Record<string, { key: string; value: string }[]> };
    big.headers['set-cookie'] = cookies.map(([k, v]) => ({ key: k, value: v }));
    expect(generatedResponseBytes(big)).toBeGreaterThan(MAX_VIEWER_RESPONSE_BYTES);
    expect(viewerRequestResultProblems(big)).toContain(
      'response: generated response exceeds 40 KB (headers and body)',
    );
    expect(viewerRequestResultProblems({ status: '100' })).not.toEqual([]);
    expect(viewerRequestResultProblems({ status: '204', body: 'x' })).toContain(
      'response: a 204 response cannot have a body',
    );
  });

  it('keeps a built response within budget by leaving out cookie deletions, last first, never other cookies', () => {
    const deletions = Array.from(
      { length: 800 },
      (_, i) => ['Set-Cookie', `edgeward.j${i}=; Max-Age=0; Path=/; HttpOnly; Secure; SameSite=Lax`] as const,
    );
    const kept = ['Set-Cookie', `edgeward.access=${'a'.repeat(3000)}; Path=/; Secure`] as const;
    const res = response(302, [['Location', '/x'], ...deletions, kept]);
    expect(viewerRequestResultProblems(res)).toEqual([]);
    const values = header(res, 'set-cookie');
    expect(values).toContain(kept[1]);
    expect(values).toContain(deletions[0]![1]);
    expect(values).not.toContain(deletions.at(-1)![1]);
    expect(header(res, 'location')).toEqual(['/x']);
  });

  it('answers a navigation with 1200 junk edgeward cookies and a bad session with a valid login redirect', async () => {
    const h = harness(config);
    const res = asResponse(
      await h.handle({
        uri: '/app',
        headers: NAVIGATION,
        cookies: [`edgeward.access=not-a-token; ${junkCookies(1200)}`],
      }),
    );
    expect(res.status).toBe('302');
    expect(generatedResponseBytes(res)).toBeLessThanOrEqual(MAX_VIEWER_RESPONSE_BYTES);
    // what the login needs is never dropped: the state and guard cookies
    expect(setCookie(res, 'edgeward.state')).toMatch(/^edgeward\.state=[^;]+;/);
    expect(setCookie(res, 'edgeward.guard')).toMatch(/^edgeward\.guard=1;/);
    expect(setCookie(res, 'edgeward.access')).toMatch(/Max-Age=0/);
  });

  it('signs out with 1200 junk edgeward cookies within budget, deleting the session cookies first', async () => {
    const h = harness(config);
    const token = await signToken(key, accessClaims());
    const res = asResponse(
      await h.handle({
        uri: '/_edgeward/signout',
        headers: NAVIGATION,
        cookies: [junkCookies(1200), `edgeward.access=${token}`],
      }),
    );
    expect(res.status).toBe('302');
    expect(generatedResponseBytes(res)).toBeLessThanOrEqual(MAX_VIEWER_RESPONSE_BYTES);
    for (const name of ['edgeward.access', 'edgeward.id', 'edgeward.refresh', 'edgeward.state']) {
      expect(setCookie(res, name), name).toMatch(/Max-Age=0/);
    }
  });
});

describe('cookie names no Set-Cookie can carry', () => {
  it.each([
    ['a non-ASCII name', 'edgeward.é=1'],
    ['a name with a space', 'edgeward.a b=1'],
    ['a control character', 'edgeward.\u0001=1'],
  ])('are ignored, not a 502, with %s (login redirect and sign-out)', async (_name, junk) => {
    const h = harness(config);
    const login = asResponse(
      await h.handle({ uri: '/app', headers: NAVIGATION, cookies: [`edgeward.access=bad; ${junk}`] }),
    );
    expect(login.status).toBe('302');
    expect(setCookie(login, 'edgeward.access')).toMatch(/Max-Age=0/);
    const out = asResponse(
      await h.handle({ uri: '/_edgeward/signout', headers: NAVIGATION, cookies: [junk] }),
    );
    expect(out.status).toBe('302');
    expect(h.logs.some((r) => r['event'] === 'internal_error')).toBe(false);
  });

  it('still forwards such a cookie to the origin untouched', async () => {
    const h = harness(config);
    const token = await signToken(key, accessClaims());
    const result = await h.handle({
      uri: '/app',
      headers: NAVIGATION,
      cookies: [`edgeward.access=${token}; app é=1`],
    });
    expect(asRequest(result).headers['cookie']?.[0]?.value).toBe('app é=1');
  });
});
