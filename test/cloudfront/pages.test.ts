/**
 * The pages the viewer-request function answers itself: the one template (size, CSP, no external
 * resources, dark mode, escaping) for every reason code, and the wording per situation through the real
 * handler (anonymous on a denied path, signed in without the group, an expired login, the IdP or JWKS
 * down), with the reference line's request id equal to the log line's.
 */
import { createHash } from 'node:crypto';
import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  escapeHtml,
  PAGE_CONTENT_SECURITY_POLICY,
  renderPage,
} from '../../packages/edgeward/src/cloudfront/page.js';
import type { ReasonCode } from '../../packages/edgeward/src/core/outcomes.js';
import { NAVIGATION } from '../fixtures/cloudfront/viewer-request.js';
import { everyEdgePage, PAGE_REQUEST_ID } from '../helpers/edge-pages.js';
import { accessClaims, signToken } from '../helpers/keys.js';
import {
  asResponse,
  callback,
  callbackQuery,
  harness,
  header,
  navigate,
  siteConfig,
  startLogin,
} from './harness.js';
import { startTokenEndpoint, type TokenEndpoint } from './token-endpoint.js';

let idp: TokenEndpoint;
beforeAll(async () => {
  idp = await startTokenEndpoint();
});
afterAll(async () => idp.close());

const REQUEST_ID = PAGE_REQUEST_ID;

/** The inline style of a page. */
const styleOf = (body: string): string => /<style>([^<]*)<\/style>/.exec(body)![1]!;

describe('the page template', () => {
  it.each(everyEdgePage())(
    '%s: ≤ 2 KB gzipped, CSP-clean, accessible skeleton, reference line',
    (_name, res) => {
      const body = res.body!;
      expect(gzipSync(body).length).toBeLessThanOrEqual(2048);
      expect(header(res, 'content-type')).toEqual(['text/html; charset=utf-8']);
      expect(header(res, 'cache-control')).toEqual(['no-store']);
      // The one inline style is allowed by its hash; nothing else may load.
      const hash = createHash('sha256').update(styleOf(body)).digest('base64');
      expect(header(res, 'content-security-policy')).toEqual([PAGE_CONTENT_SECURITY_POLICY]);
      expect(PAGE_CONTENT_SECURITY_POLICY).toContain(`style-src 'sha256-${hash}'`);
      expect(PAGE_CONTENT_SECURITY_POLICY).toMatch(/^default-src 'none';/);
      expect(PAGE_CONTENT_SECURITY_POLICY).toContain("frame-ancestors 'none'");
      expect(body).not.toMatch(/<script|\ssrc=|<link|url\(|@import|href="(https?:)?\/\//i);
      expect(body).toMatch(/^<!doctype html><html lang="en">/);
      expect(body).toContain('<meta name="viewport" content="width=device-width,initial-scale=1">');
      expect(body).toContain('<meta name="color-scheme" content="light dark">');
      expect(styleOf(body)).toContain('@media(prefers-color-scheme:dark)');
      expect(styleOf(body)).toContain('system-ui');
      expect(body.match(/<h1>/g)).toHaveLength(1);
      expect(body).toContain('<main>');
      expect(body).toMatch(/<p class="ref">Reference: <code>[a-z_]+<\/code> · request <code>/);
      expect(body).toContain(REQUEST_ID);
    },
  );

  it('escapes every value, including the request id and link targets', () => {
    const html = renderPage({
      title: '<t>',
      message: ['"m"', "'n'"],
      actions: [
        { href: '/a?x="1"&y=<2>', text: '<b>' },
        { action: '/post"', button: '&' },
      ],
      // A code outside the type, as a defect or a cast would pass it: escaped all the same.
      reference: { code: 'c<' as ReasonCode, requestId: '"><script>' },
    });
    expect(html).not.toMatch(/<t>|<b>|<script>|<2>/);
    expect(html).toContain('href="/a?x=&#34;1&#34;&#38;y=&#60;2&#62;"');
    expect(html).toContain('action="/post&#34;"');
    expect(escapeHtml(`<&>"'`)).toBe('&#60;&#38;&#62;&#34;&#39;');
  });

  it('leaves the request id out of the reference line when CloudFront gave none', () => {
    const html = renderPage({ title: 't', message: 'm', reference: { code: 'rule_denied', requestId: '' } });
    expect(html).toContain('<p class="ref">Reference: <code>rule_denied</code></p>');
  });
});

describe('wording per situation, through the handler', () => {
  const access = (claims = {}) => signToken(idp.key, accessClaims(claims));

  it('an anonymous visitor on a path the rules deny: "This page is not available", no login', async () => {
    const h = harness(siteConfig(idp));
    const res = asResponse(await h.handle({ uri: '/users/', headers: NAVIGATION, requestId: REQUEST_ID }));
    expect(res.status).toBe('403');
    expect(res.body).toContain('<h1>This page is not available</h1>');
    expect(res.body).not.toContain('signed in');
    expect(res.body).toContain(`Reference: <code>rule_denied</code> · request <code>${REQUEST_ID}</code>`);
    // The same request id on the log line: support finds the entry from the page.
    expect(h.logs).toContainEqual(expect.objectContaining({ event: 'rule_denied', requestId: REQUEST_ID }));
  });

  it('signed in without the group: names the user and the group (any-of, all-of, scope), or not', async () => {
    const rules = {
      rules: [
        { path: '/one/*', groups: ['admins'] },
        { path: '/any/*', groups: ['editors', 'admins'] },
        { path: '/all/*', allGroups: ['members', 'auditors', 'admins'] },
        { path: '/scope/*', scopes: ['pets.write'] },
        { path: '/claim/*', claims: { 'custom:tier': 'gold' } },
      ],
    };
    const h = harness(siteConfig(idp, { rules }));
    const token = await access({ username: 'bob', 'cognito:groups': ['members'] });
    const page = async (uri: string) =>
      asResponse(await navigate(h, uri, [`edgeward.access=${token}`])).body!;
    const lead = 'You are signed in as bob, but this page requires';
    expect(await page('/one/x')).toContain(`${lead} the group &#34;admins&#34;.`);
    expect(await page('/any/x')).toContain(`${lead} one of the groups &#34;editors&#34;, &#34;admins&#34;.`);
    expect(await page('/all/x')).toContain(`${lead} the groups &#34;auditors&#34;, &#34;admins&#34;.`);
    expect(await page('/scope/x')).toContain(`${lead} the permission (scope) &#34;pets.write&#34;.`);
    const claim = await page('/claim/x');
    expect(claim).toContain('You are signed in as bob, but your account does not have access to this page.');
    expect(claim).not.toContain('tier');
    for (const uri of ['/one/x', '/scope/x']) {
      const body = await page(uri);
      expect(body).toContain('<h1>You do not have access to this page</h1>');
      expect(body).toContain('<a href="/_edgeward/signout">Sign out to use another account</a>');
    }
    const quiet = harness(siteConfig(idp, { rules, revealRequirements: false }));
    for (const uri of ['/one/x', '/any/x', '/all/x', '/scope/x']) {
      const body = asResponse(await navigate(quiet, uri, [`edgeward.access=${token}`])).body!;
      expect(body).toContain('You are signed in as bob, but your account does not have access to this page.');
      expect(body).not.toMatch(/admins|auditors|pets\.write/);
    }
  });

  it('an expired login: "timed out", with "Try again" back to the page first asked for', async () => {
    const h = harness(siteConfig(idp));
    const { jar, location } = await startLogin(h, { uri: '/docs/report', querystring: 'year=2026&q=a%20b' });
    h.clock.advance(601);
    const res = await callback(h, callbackQuery(idp, location), jar.entries());
    expect(res.status).toBe('400');
    expect(res.body).toContain('<h1>Your sign-in timed out</h1>');
    expect(res.body).toContain('<a class="primary" href="/docs/report?year=2026&#38;q=a%20b">Try again</a>');
    expect(res.body).toContain('Reference: <code>state_expired</code>');
    // A forged state cookie is no source of a link: "Try again" goes home.
    const forged = `${jar.cookies.get('edgeward.state')!.slice(0, -4)}AAAA`;
    const { location: again } = await startLogin(h);
    const bad = await callback(h, callbackQuery(idp, again), [`edgeward.state=${forged}`]);
    expect(bad.status).toBe('400');
    expect(bad.body).toContain('<a class="primary" href="/">Try again</a>');
  });

  it('the sign-in service down at the callback: 502, retry later, "Try again" restarts from the original page', async () => {
    const h = harness(siteConfig(idp));
    const { jar, location } = await startLogin(h, { uri: '/docs/page' });
    idp.setDown(true);
    try {
      const res = await callback(h, callbackQuery(idp, location), jar.entries());
      expect(res.status).toBe('502');
      expect(res.body).toContain('<h1>Sign-in is temporarily unavailable</h1>');
      expect(res.body).toContain('Please try again in a few minutes.');
      expect(res.body).toContain('<a class="primary" href="/docs/page">Try again</a>');
    } finally {
      idp.setDown(false);
    }
  });

  it('the JWKS unreachable on an ordinary request: 502, retry later, "Try again" reloads the same page', async () => {
    const down = siteConfig(idp, {
      issuer: { ...siteConfig(idp).issuer, jwksUri: 'http://127.0.0.1:9/jwks.json' },
    });
    const h = harness(down);
    const res = asResponse(
      await h.handle({
        uri: '/docs/a',
        querystring: 'x=1',
        headers: NAVIGATION,
        cookies: [`edgeward.access=${await access()}`],
      }),
    );
    expect(res.status).toBe('502');
    expect(res.body).toContain('<h1>Sign-in is temporarily unavailable</h1>');
    expect(res.body).toContain('<a class="primary" href="/docs/a?x=1">Try again</a>');
    expect(res.body).toContain('Reference: <code>jwks_unavailable</code>');
  });

  it('an IdP error at the callback: "not completed", "Try again" back to the original page', async () => {
    const h = harness(siteConfig(idp));
    const { jar } = await startLogin(h, { uri: '/docs/page' });
    const res = await callback(h, 'error=access_denied&state=x', jar.entries());
    expect(res.status).toBe('401');
    expect(res.body).toContain('<h1>Sign-in was not completed</h1>');
    expect(res.body).toContain('The sign-in was cancelled or refused.');
    expect(res.body).toContain('<a class="primary" href="/docs/page">Try again</a>');
  });
});
