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
import type { CloudFrontRequestEvent } from 'aws-lambda';
import type { SiteConfig } from '../packages/edgeward/src/cloudfront/config.js';
import {
  createViewerRequestHandler,
  type ViewerRequestHandler,
} from '../packages/edgeward/src/cloudfront/index.js';
import { silentLogger } from '../packages/edgeward/src/core/runtime.js';
import { NAVIGATION, viewerRequest } from '../test/fixtures/cloudfront/viewer-request.js';
import { CLIENT_ID } from '../test/helpers/keys.js';
import { againstRawRs256, type BenchSection, rs256Fixture } from './lib.js';

const UNCACHED_TARGET = 1 / 1.5;
const CACHED_TARGET = 1 / 0.25;

/** Fails the run unless the handler forwards `event` (a benchmark of a refusal would measure the wrong path). */
async function expectForwarded(handler: ViewerRequestHandler, event: CloudFrontRequestEvent): Promise<void> {
  const r = await handler(event);
  if (!r || 'status' in r) throw new Error(`handler did not forward: ${r?.status}`);
}

const section: BenchSection = {
  title: 'CloudFront viewer-request handler',
  async run(options) {
    const { token, raw, issuer } = await rs256Fixture('bench-cf');
    const config = (cacheSize: number): SiteConfig => ({
      issuer: issuer(cacheSize),
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
    for (const h of [uncached, cached])
      for (const e of [cookieEvent, bearerEvent]) await expectForwarded(h, e);
    const rows = await againstRawRs256(
      raw,
      [
        {
          name: 'handler, cookie navigation, uncached',
          fn: () => uncached(cookieEvent),
          target: UNCACHED_TARGET,
        },
        { name: 'handler, Bearer, uncached', fn: () => uncached(bearerEvent), target: UNCACHED_TARGET },
        {
          name: 'handler, cookie navigation, cache hit',
          fn: () => cached(cookieEvent),
          target: CACHED_TARGET,
        },
        { name: 'handler, Bearer, cache hit', fn: () => cached(bearerEvent), target: CACHED_TARGET },
      ],
      options,
    );
    return {
      title: 'CloudFront viewer-request handler',
      rows,
      notes: [
        `RSA-2048 Cognito-shaped access token of ${token.length} bytes, baked JWKS, identity headers on; ratios are throughput relative to the raw RS256 verify.`,
        'Targets from issue #3 as time per call: ≤ 1.5× raw uncached (throughput ≥ 0.67×), ≤ 0.25× raw on a cache hit (throughput ≥ 4×).',
      ],
    };
  },
};

export default section;
