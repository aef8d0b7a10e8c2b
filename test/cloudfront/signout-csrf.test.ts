/**
 * Sign-out cannot be triggered by another site (issue 13, item 3): it happens for a same-origin POST and a
 * same-origin top-level GET navigation (the site's own links); every other request to the sign-out path —
 * cross-site or same-site GET, embedded or scripted GET, GET from a browser without Fetch Metadata, POST
 * from another origin — gets the confirmation page, whose form POSTs back from this origin, and nothing is
 * cleared or revoked.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HOST, NAVIGATION } from '../fixtures/cloudfront/viewer-request.js';
import { asResponse, harness, header, siteConfig } from './harness.js';
import { startTokenEndpoint, type TokenEndpoint } from './token-endpoint.js';

let idp: TokenEndpoint;
beforeAll(async () => {
  idp = await startTokenEndpoint();
});
afterAll(async () => idp.close());

const SIGN_OUT = '/_edgeward/signout';
const ORIGIN = `https://${HOST}`;
const COOKIES = ['edgeward.access=a; edgeward.refresh=rt-csrf'];

/** Fetch Metadata of a top-level navigation started from `site` (Chromium's headers). */
const navigation = (site: string) => ({ ...NAVIGATION, 'sec-fetch-site': site });
/** A form POST as a browser without Fetch Metadata sends it (only Origin / Referer). */
const legacyPost = (headers: Record<string, string>) => ({ accept: 'text/html', ...headers });

async function signOut(method: string, headers: Record<string, string>) {
  const h = harness(siteConfig(idp));
  idp.revoked.length = 0;
  const res = asResponse(await h.handle({ uri: SIGN_OUT, method, headers, cookies: COOKIES }));
  return { res, logs: h.logs };
}

/** Asserts `res` signed the user out: 302 to the IdP logout, session cleared, refresh token revoked. */
function expectSignedOut(res: Awaited<ReturnType<typeof signOut>>['res']): void {
  expect(res.status).toBe('302');
  expect(new URL(header(res, 'location')[0]!).pathname).toBe('/logout');
  expect(header(res, 'set-cookie').map((c) => c.split('=')[0])).toContain('edgeward.refresh');
  expect(idp.revoked).toContain('rt-csrf');
}

/** Asserts `res` is the confirmation page: nothing cleared, nothing revoked, a same-origin POST form. */
function expectConfirmation(res: Awaited<ReturnType<typeof signOut>>['res'], status: '200' | '403'): void {
  expect(res.status).toBe(status);
  expect(header(res, 'set-cookie')).toEqual([]);
  expect(header(res, 'location')).toEqual([]);
  expect(idp.revoked).not.toContain('rt-csrf');
  expect(header(res, 'content-type')[0]).toMatch(/^text\/html/);
  expect(res.body).toContain(`<form method="post" action="${SIGN_OUT}">`);
  expect(res.body).toContain('<button type="submit">Sign out</button>');
  expect(res.body).not.toMatch(/<script|\son[a-z]+=/i);
  // It may not be framed: another site cannot overlay it and trick a click on the button.
  expect(header(res, 'content-security-policy')).toEqual(["frame-ancestors 'none'"]);
  expect(header(res, 'x-frame-options')).toEqual(['DENY']);
  expect(header(res, 'cache-control')).toEqual(['no-store']);
}

describe('sign-out: signed out at once', () => {
  it.each([
    ['a link on this site (same-origin navigation)', 'same-origin'],
    ['a typed URL or bookmark (Sec-Fetch-Site: none)', 'none'],
  ])('GET from %s', async (_name, site) => {
    expectSignedOut((await signOut('GET', navigation(site))).res);
  });

  it('POST from this origin (Fetch Metadata)', async () => {
    expectSignedOut((await signOut('POST', navigation('same-origin'))).res);
  });

  it.each([
    ['Origin', { origin: ORIGIN }],
    ['Origin (upper-case host, explicit default port)', { origin: `HTTPS://${HOST.toUpperCase()}:443` }],
    ['Referer, when no Origin is sent', { referer: `${ORIGIN}/members/index.html` }],
  ])('POST without Fetch Metadata whose %s is this origin', async (_name, headers) => {
    expectSignedOut((await signOut('POST', legacyPost(headers))).res);
  });
});

describe('sign-out: the confirmation page instead', () => {
  it.each([
    ['cross-site navigation (a link or redirect on another site)', navigation('cross-site')],
    ['same-site navigation (a sibling subdomain)', navigation('same-site')],
    ['cross-site navigation that also claims this Origin', { ...navigation('cross-site'), origin: ORIGIN }],
    [
      'same-origin request that is not a navigation (img, fetch)',
      { ...navigation('same-origin'), 'sec-fetch-mode': 'no-cors', 'sec-fetch-dest': 'image' },
    ],
    ['same-origin navigation of a frame', { ...navigation('same-origin'), 'sec-fetch-dest': 'iframe' }],
    [
      'browser without Fetch Metadata, even with this Origin and Referer',
      legacyPost({ origin: ORIGIN, referer: `${ORIGIN}/` }),
    ],
  ] as const)('GET: %s (200)', async (_name, headers) => {
    const { res, logs } = await signOut('GET', headers as Record<string, string>);
    expectConfirmation(res, '200');
    expect(logs).toContainEqual(expect.objectContaining({ event: 'signout_confirmation', status: 200 }));
    expect(logs.some((l) => l.event === 'signed_out')).toBe(false);
  });

  it.each([
    ['cross-site form post', navigation('cross-site')],
    ['same-site form post', navigation('same-site')],
    ['no Fetch Metadata, foreign Origin', legacyPost({ origin: 'https://evil.example' })],
    ['no Fetch Metadata, Origin null (sandboxed or privacy-redirected)', legacyPost({ origin: 'null' })],
    [
      'no Fetch Metadata, foreign Origin but this Referer',
      legacyPost({ origin: 'https://evil.example', referer: `${ORIGIN}/` }),
    ],
    ['no Fetch Metadata, foreign Referer', legacyPost({ referer: 'https://evil.example/page' })],
    ['no Fetch Metadata, this host over http (another origin)', legacyPost({ origin: `http://${HOST}` })],
    ['no Fetch Metadata, no Origin, no Referer', legacyPost({})],
  ])('POST: %s (403)', async (_name, headers) => {
    expectConfirmation((await signOut('POST', headers)).res, '403');
  });

  it.each(['PUT', 'DELETE', 'PATCH'])('%s from this origin (403)', async (method) => {
    expectConfirmation((await signOut(method, navigation('same-origin'))).res, '403');
  });

  it("the page's button signs out: its form POSTs the sign-out path from this origin", async () => {
    const h = harness(siteConfig(idp, { paths: { signOut: '/auth/bye' } }));
    idp.revoked.length = 0;
    const page = asResponse(
      await h.handle({ uri: '/auth/bye', headers: navigation('cross-site'), cookies: COOKIES }),
    );
    expect(page.status).toBe('200');
    const action = /<form method="post" action="([^"]+)">/.exec(page.body ?? '')?.[1];
    expect(action).toBe('/auth/bye');
    // What Chromium sends when the button is clicked: a same-origin navigation POST with this Origin.
    const posted = asResponse(
      await h.handle({
        uri: action!,
        method: 'POST',
        headers: { ...navigation('same-origin'), origin: ORIGIN },
        cookies: COOKIES,
      }),
    );
    expectSignedOut(posted);
  });
});
