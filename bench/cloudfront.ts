/**
 * Viewer-request handler benchmark (issue #3): per-call time of the whole handler for a navigation with a
 * valid session cookie and for a request with a valid Bearer token, uncached and on a verified-token
 * cache hit, against a raw `node:crypto` RS256 verify in the same run.
 *
 * Targets (time per call): ≤ 1.5× raw uncached, ≤ 0.25× raw on a cache hit — as throughput ratios
 * (this harness reports throughput relative to the baseline): ≥ 0.67× and ≥ 4×.
 *
 * Real time (`Date.now`) and a baked JWKS: no network. The event objects are built once and reused (the
 * handler never mutates its input).
 */
import { KeyObject } from 'node:crypto';
import type { CloudFrontRequestEvent } from 'aws-lambda';
import type { SiteConfig } from '../src/cloudfront/config.js';
import { createViewerRequestHandler } from '../src/cloudfront/index.js';
import { silentLogger } from '../src/core/runtime.js';
import { NAVIGATION, viewerRequest } from '../test/fixtures/cloudfront/viewer-request.js';
import { accessClaims, CLIENT_ID, makeKey, REGION, signToken, USER_POOL_ID } from '../test/helpers/keys.js';
import { type BenchSection, interleaved, rawRs256Verify, toRows } from './lib.js';

const UNCACHED_TARGET = 1 / 1.5;
const CACHED_TARGET = 1 / 0.25;

const section: BenchSection = {
  title: 'CloudFront viewer-request handler',
  async run(options) {
    const key = await makeKey('bench-cf');
    const now = Math.floor(Date.now() / 1000);
    const token = await signToken(key, accessClaims({ iat: now, auth_time: now, exp: now + 3600 }));
    const config = (cacheSize: number): SiteConfig => ({
      issuer: {
        kind: 'cognito',
        region: REGION,
        userPoolId: USER_POOL_ID,
        clientIds: [CLIENT_ID],
        jwks: { keys: [key.publicJwk as never] },
        cacheSize,
      },
      client: { clientId: CLIENT_ID, cognitoDomain: 'auth.example.com' },
      bearer: true,
      stateSecret: Buffer.alloc(32, 1).toString('base64url'),
      rules: {
        rules: [
          { path: '/public/*', access: 'public' },
          { path: '/admin/*', groups: ['admins'] },
        ],
      },
      identityHeaders: { enabled: true },
    });
    const uncached = createViewerRequestHandler(config(0), { logger: silentLogger });
    const cached = createViewerRequestHandler(config(1000), { logger: silentLogger });
    const cookieEvent = viewerRequest({
      uri: '/docs/page.html',
      headers: NAVIGATION,
      cookies: ['theme=dark', `edgeward.access=${token}; edgeward.refresh=opaque-refresh-token`],
    });
    const bearerEvent = viewerRequest({ uri: '/api/items', headers: { authorization: `Bearer ${token}` } });
    const raw = rawRs256Verify(KeyObject.from(key.publicKey));
    const forwarded = async (h: typeof uncached, e: CloudFrontRequestEvent) => {
      const r = await h(e);
      if (!r || 'status' in r) throw new Error(`handler did not forward: ${r?.status}`);
    };
    if (!raw(token)) throw new Error('raw verify failed');
    for (const h of [uncached, cached]) for (const e of [cookieEvent, bearerEvent]) await forwarded(h, e);
    const results = await interleaved(
      [
        { name: 'raw node:crypto RS256 verify', fn: () => raw(token) },
        { name: 'handler, cookie navigation, uncached', fn: () => uncached(cookieEvent) },
        { name: 'handler, Bearer, uncached', fn: () => uncached(bearerEvent) },
        { name: 'handler, cookie navigation, cache hit', fn: () => cached(cookieEvent) },
        { name: 'handler, Bearer, cache hit', fn: () => cached(bearerEvent) },
      ],
      options,
    );
    return {
      title: 'CloudFront viewer-request handler',
      rows: toRows(results, 'raw node:crypto RS256 verify', {
        'handler, cookie navigation, uncached': UNCACHED_TARGET,
        'handler, Bearer, uncached': UNCACHED_TARGET,
        'handler, cookie navigation, cache hit': CACHED_TARGET,
        'handler, Bearer, cache hit': CACHED_TARGET,
      }),
      notes: [
        `RSA-2048 Cognito-shaped access token of ${token.length} bytes, baked JWKS, identity headers on; ratios are throughput relative to the raw RS256 verify.`,
        'Targets from issue #3 as time per call: ≤ 1.5× raw uncached (throughput ≥ 0.67×), ≤ 0.25× raw on a cache hit (throughput ≥ 4×).',
      ],
    };
  },
};

export default section;
