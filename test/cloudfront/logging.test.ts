/**
 * Site logs: `logLevel` chooses which records are written; an invalid level is a configuration error
 * (answered 502 `config_invalid` by the application factory, refused by `edgeward build`).
 */
import { beforeAll, describe, expect, it } from 'vitest';
import type { SiteConfig } from '../../packages/edgeward/src/cloudfront/config.js';
import { createViewerRequestHandler } from '../../packages/edgeward/src/cloudfront/index.js';
import type { LogRecord } from '../../packages/edgeward/src/core/runtime.js';
import { viewerRequest } from '../fixtures/cloudfront/viewer-request.js';
import { bakedJwks, cognitoIssuer } from '../helpers/issuers.js';
import { fixedClock, makeKey, type TestKey } from '../helpers/keys.js';

let key: TestKey;
beforeAll(async () => {
  key = await makeKey('site-log');
});

function site(logLevel?: SiteConfig['logLevel']) {
  const records: LogRecord[] = [];
  const handler = createViewerRequestHandler(
    {
      issuer: cognitoIssuer({ jwks: bakedJwks(key) }),
      cookieLogin: false,
      bearer: true,
      rules: { rules: [{ path: '/public/*', access: 'public' }] },
      ...(logLevel === undefined ? {} : { logLevel }),
    },
    { clock: fixedClock, logger: (r) => records.push(r) },
  );
  return { handler, records };
}

describe('site logLevel', () => {
  it('writes refusals at the default level and nothing below the configured one', async () => {
    const event = viewerRequest({ uri: '/private/x' });
    const plain = site();
    expect(await plain.handler(event)).toMatchObject({ status: '401' });
    expect(plain.records.map((r) => [r.level, r.event])).toEqual([['warn', 'token_missing']]);
    const quiet = site('error');
    expect(await quiet.handler(event)).toMatchObject({ status: '401' });
    expect(quiet.records).toEqual([]);
  });

  it('answers 502 config_invalid for a level that does not exist', async () => {
    const broken = site('loud' as never);
    expect(await broken.handler(viewerRequest({ uri: '/public/x' }))).toMatchObject({ status: '502' });
    expect(broken.records.map((r) => [r.event, r.detail])).toEqual([
      ['config_invalid', expect.stringContaining('logLevel')],
    ]);
  });
});
