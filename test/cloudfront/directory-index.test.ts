/**
 * Directory URLs (`directoryIndex`): rewritten after the rules allowed the requested path and the index
 * object, never before; edgeward's own routes are never rewritten.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { indexTargetOf } from '../../packages/edgeward/src/cloudfront/directory-index.js';
import { accessClaims, signToken } from '../helpers/keys.js';
import { asRequest, asResponse, harness, navigate, siteConfig } from './harness.js';
import { startTokenEndpoint, type TokenEndpoint } from './token-endpoint.js';

let idp: TokenEndpoint;
beforeAll(async () => {
  idp = await startTokenEndpoint();
});
afterAll(async () => idp.close());

describe('indexTargetOf', () => {
  it.each([
    ['/members/', '/members/index.html'],
    ['/members', '/members/index.html'],
    ['/', '/index.html'],
    ['/a.b/c', '/a.b/c/index.html'],
    ['/members/%C3%A9t%C3%A9/', '/members/%C3%A9t%C3%A9/index.html'],
    ['/app.js', undefined],
    ['/members/index.html', undefined],
    ['/.well-known', undefined],
  ])('%s → %s', (uri, target) => {
    expect(indexTargetOf(uri, 'index.html')).toBe(target);
  });
});

describe('directoryIndex on the site function', () => {
  const config = (rules = siteConfig(idp).rules) =>
    siteConfig(idp, { bearer: true, directoryIndex: 'index.html', rules });
  const bearer = async (claims = {}) => ({
    authorization: `Bearer ${await signToken(idp.key, accessClaims(claims))}`,
  });

  it('forwards /docs/ and /docs to /docs/index.html, keeping the query string', async () => {
    const h = harness(config());
    const headers = await bearer();
    for (const uri of ['/docs/', '/docs']) {
      const req = asRequest(await h.handle({ uri, querystring: 'tab=1', headers }));
      expect([req.uri, req.querystring]).toEqual(['/docs/index.html', 'tab=1']);
    }
    expect(asRequest(await h.handle({ uri: '/docs/app.js', headers })).uri).toBe('/docs/app.js');
  });

  it('rewrites public directory URLs without a session', async () => {
    const h = harness(config());
    expect(asRequest(await h.handle({ uri: '/public/' })).uri).toBe('/public/index.html');
  });

  it('authorizes the requested path before rewriting: no session → login, not the index', async () => {
    const h = harness(config());
    const res = asResponse(await navigate(h, '/docs/'));
    expect(res.status).toBe('302');
  });

  it('refuses when the index object is protected by a stricter rule than the directory URL', async () => {
    // `/admin` matches the public `/*` rule, but the object served would be `/admin/index.html`.
    const rules = {
      rules: [
        { path: '/admin/*', groups: ['admins'] },
        { path: '/*', access: 'public' as const },
      ],
    };
    const h = harness(config(rules));
    const anonymous = asResponse(await h.handle({ uri: '/admin', headers: await bearer() }));
    expect(anonymous.status).toBe('403');
    const admin = await bearer({ 'cognito:groups': ['admins'] });
    expect(asRequest(await h.handle({ uri: '/admin', headers: admin })).uri).toBe('/admin/index.html');
  });

  it('honours a deny rule written for the directory URL itself', async () => {
    const rules = {
      rules: [
        { path: '/docs/', access: 'deny' as const },
        { path: '/docs/*', access: 'public' as const },
      ],
    };
    const h = harness(config(rules));
    expect(asResponse(await h.handle({ uri: '/docs/' })).status).toBe('403');
    expect(asRequest(await h.handle({ uri: '/docs/a/' })).uri).toBe('/docs/a/index.html');
  });

  it('leaves URIs alone without directoryIndex', async () => {
    const h = harness(siteConfig(idp, { bearer: true }));
    expect(asRequest(await h.handle({ uri: '/public/' })).uri).toBe('/public/');
  });

  it('refuses a directoryIndex that is not a file name', async () => {
    for (const directoryIndex of ['../x.html', 'a/index.html', 'index', '']) {
      const h = harness(siteConfig(idp, { directoryIndex }));
      const res = asResponse(await h.handle({ uri: '/public/' }));
      expect([directoryIndex, res.status]).toEqual([directoryIndex, '502']);
    }
  });
});
