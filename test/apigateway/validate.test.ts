/**
 * Build-time validation of authorizer configs: errors with field paths, and the cache-safety warnings.
 */
import { describe, expect, it } from 'vitest';
import { validateAuthorizerConfig } from '../../packages/edgeward/src/apigateway/index.js';
import type { CognitoIssuerConfig } from '../../packages/edgeward/src/core/config.js';

const issuer: CognitoIssuerConfig = {
  kind: 'cognito',
  region: 'eu-west-1',
  userPoolId: 'eu-west-1_AbCdEf123',
  clientIds: ['client'],
};

describe('validateAuthorizerConfig', () => {
  it('accepts a plain config', () => {
    expect(validateAuthorizerConfig('token', { issuer })).toEqual([]);
    expect(
      validateAuthorizerConfig('request', {
        issuer,
        rules: { rules: [{ path: '/admin/*', groups: ['admins'] }] },
      }),
    ).toEqual([]);
  });

  it('reports rule problems with their field path, and bad numbers and routes', () => {
    const messages = validateAuthorizerConfig('token', {
      issuer,
      rules: { rules: [{ path: '/a/*', groups: [] }] },
      principalIdClaim: '',
      context: { maxBytes: 0 },
      policy: { maxResources: 0 },
    });
    expect(messages.every((m) => m.severity === 'error')).toBe(true);
    expect(messages.map((m) => m.message)).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^rules\.rules\[0\]\.groups/),
        'principalIdClaim: must be non-empty',
        'context.maxBytes: must be an integer of at least 2',
        'policy.maxResources: must be a positive integer',
      ]),
    );
    expect(validateAuthorizerConfig('token', { issuer, policy: { routes: ['GET pets'] } })).toEqual([
      { severity: 'error', message: 'policy.routes[0]: expected "VERB /resource", e.g. "GET /pets/{id}"' },
    ]);
  });

  it.each([
    ['GET /pets/../admin', /"\." or "\.\." segment/],
    ['GET /pets/{id}/{id}', /duplicate path parameter/],
    ['GET /{proxy+}/x', /last segment/],
  ])('rejects the route %j with the resource-template parser the rules use', (route, why) => {
    expect(validateAuthorizerConfig('token', { issuer, policy: { routes: [route] } })).toEqual([
      { severity: 'error', message: expect.stringMatching(why) },
    ]);
  });

  it('warns about method policies, simple responses with route-dependent rules and WebSocket query tokens', () => {
    expect(validateAuthorizerConfig('token', { issuer, policy: { mode: 'method' } })).toEqual([
      expect.objectContaining({ severity: 'warning', message: expect.stringContaining('TTL 0') }),
    ]);
    const rules = { rules: [{ path: '/admin/*', groups: ['admins'] }] };
    expect(validateAuthorizerConfig('http', { issuer, rules, response: 'simple' })).toEqual([
      expect.objectContaining({ severity: 'warning', message: expect.stringContaining('$context.routeKey') }),
    ]);
    expect(validateAuthorizerConfig('http', { issuer, response: 'simple' })).toEqual([]);
    expect(validateAuthorizerConfig('websocket', { issuer })).toEqual([
      expect.objectContaining({
        severity: 'warning',
        message: expect.stringMatching(/^tokenSource: a token in the query/),
      }),
    ]);
    expect(
      validateAuthorizerConfig('websocket', { issuer, tokenSource: { header: 'Authorization' } }),
    ).toEqual([]);
  });

  it('warns when a resource rule with {id} is refused under a default allow (rule mode cannot be exact)', () => {
    const rules = { rules: [{ resource: '/pets/{id}', methods: ['DELETE'], groups: ['staff'] }] };
    expect(validateAuthorizerConfig('token', { issuer, rules })).toEqual([
      expect.objectContaining({
        severity: 'warning',
        message: expect.stringContaining('rule 0: its IAM glob is wider'),
      }),
    ]);
    expect(
      validateAuthorizerConfig('token', {
        issuer,
        rules,
        policy: { routes: ['GET /pets/{id}', 'DELETE /pets/{id}', 'GET /pets/{id}/x'] },
      }),
    ).toEqual([]);
  });
});
