/**
 * API Gateway authorizer benchmark (issue #5): one invocation with a valid token — REST TOKEN (IAM policy,
 * cache-safe) and HTTP API payload 2.0 (IAM and simple responses) — against a raw `node:crypto` RS256
 * verify of the same token in the same run. Verified-token cache off (`cacheSize: 0`): every invocation
 * verifies the signature, as API Gateway only invokes the authorizer on its own cache misses.
 *
 * Target from issue #5, as time per call: ≤ 1.5× raw uncached — as a throughput ratio: ≥ 0.67×.
 * Real time (`Date.now`), baked JWKS, silent logger: no network, no I/O.
 */
import {
  createHttpApiAuthorizer,
  createTokenAuthorizer,
  type TokenAuthorizerConfig,
} from '../packages/edgeward/src/apigateway/index.js';
import { silentLogger } from '../packages/edgeward/src/core/runtime.js';
import { createVerifier } from '../packages/edgeward/src/core/verify/index.js';
import { httpEvent, tokenEvent } from '../test/fixtures/apigateway/events.js';
import { againstRawRs256, type BenchSection, rs256Fixture } from './lib.js';

const UNCACHED_TARGET = 1 / 1.5;
const ARN = 'arn:aws:execute-api:eu-west-1:123456789012:a1b2c3d4e5/prod';

const section: BenchSection = {
  title: 'API Gateway authorizers',
  async run(options) {
    const { token, raw, issuer } = await rs256Fixture('bench-apigw', {
      'cognito:groups': ['members', 'staff'],
    });
    const config: TokenAuthorizerConfig = {
      issuer: issuer(0),
      rules: {
        rules: [
          { path: '/public/*', access: 'public' },
          { resource: '/admin/{proxy+}', groups: ['admins'] },
          { resource: '/pets', methods: ['POST'], groups: ['staff'] },
          { path: '/pets/*', methods: ['PUT', 'DELETE'], groups: ['staff'] },
        ],
      },
    };
    const deps = { logger: silentLogger };
    const rest = createTokenAuthorizer(config, deps);
    const httpIam = createHttpApiAuthorizer(config, deps);
    const httpSimple = createHttpApiAuthorizer({ ...config, response: 'simple' }, deps);
    const restEvent = tokenEvent(`Bearer ${token}`, `${ARN}/GET/pets/42`);
    const v2 = httpEvent({ headers: { authorization: `Bearer ${token}` }, routeArn: `${ARN}/GET/pets/42` });
    const verifier = createVerifier(config.issuer);
    // every case must really allow (a benchmark of a refusal would measure the wrong path)
    const restResult = await rest(restEvent);
    if (restResult.policyDocument.Statement.length < 2) throw new Error('expected a cache-safe policy');
    const simple = await httpSimple(v2);
    if (!('isAuthorized' in simple) || !simple.isAuthorized)
      throw new Error('simple response not authorized');
    await httpIam(v2);
    const rows = await againstRawRs256(
      raw,
      [
        { name: 'edgeward verifier alone, uncached (reference)', fn: () => verifier.verify(token) },
        {
          name: 'REST TOKEN authorizer (cache-safe IAM policy)',
          fn: () => rest(restEvent),
          target: UNCACHED_TARGET,
        },
        { name: 'HTTP API authorizer, IAM response', fn: () => httpIam(v2), target: UNCACHED_TARGET },
        { name: 'HTTP API authorizer, simple response', fn: () => httpSimple(v2), target: UNCACHED_TARGET },
      ],
      options,
    );
    return {
      title: 'API Gateway authorizers',
      rows,
      notes: [
        `RSA-2048 Cognito-shaped access token of ${token.length} bytes, baked JWKS, verified-token cache off, four rules; the cache-safe policy plan is memoized per token shape, so this measures verification + rules + policy rendering + context.`,
        'Target from issue #5 as time per call: ≤ 1.5× a raw RS256 verify (throughput ≥ 0.67×). The verifier alone (claims, header, kid, token_use, client checks) is the floor; compare the authorizer rows with it to see the adapter overhead (ARN parsing, credential parsing, rules, policy, context).',
      ],
    };
  },
};

export default section;
