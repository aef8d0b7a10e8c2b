/**
 * The authorizer `context`: flat scalars only (REST rejects anything else with a 500), size-bounded,
 * fixed keys first. Property tests: for ANY claims, the context holds only strings, finite numbers and
 * booleans, and stays within maxBytes.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  buildContext,
  contextKey,
  flattenClaimValue,
} from '../../packages/edgeward/src/apigateway/context.js';
import { validateAuthorizerResult } from '../../packages/edgeward/src/apigateway/contract.js';
import { decodeIdentityList } from '../../packages/edgeward/src/core/identity-list.js';
import type { VerifiedToken } from '../../packages/edgeward/src/core/verify/types.js';

function token(claims: Record<string, unknown>, extra: Partial<VerifiedToken> = {}): VerifiedToken {
  return {
    header: { alg: 'RS256', kid: 'k' },
    claims: { exp: 2, ...claims },
    sub: 'user-1',
    groups: ['a', 'b'],
    scopes: ['openid', 'email'],
    clientId: 'client',
    username: 'alice',
    tokenUse: 'access',
    exp: 2,
    ...extra,
  };
}

describe('flattenClaimValue', () => {
  it.each([
    ['a string', 'x', 'x'],
    ['a number', 5, 5],
    ['a boolean', false, false],
    ['an array of scalars', ['a', 1, true], 'a,1,true'],
    ['an array with separators inside items', ['x,y', '5%', 'a b'], 'x%2Cy,5%25,a%20b'],
    ['an array with a lone surrogate', ['ok', '\ud800'], undefined],
    ['an empty array', [], ''],
    ['an object', { a: 1 }, undefined],
    ['null', null, undefined],
    ['NaN', Number.NaN, undefined],
    ['Infinity', Number.POSITIVE_INFINITY, undefined],
    ['a nested array', [['a']], undefined],
    ['an array holding an object', ['a', { b: 1 }], undefined],
  ])('%s', (_n, value, expected) => {
    expect(flattenClaimValue(value)).toBe(expected);
  });
});

describe('buildContext', () => {
  it('has the fixed keys, groups joined by "," and scope as its string', () => {
    expect(buildContext(token({ scope: 'openid email' })).context).toEqual({
      sub: 'user-1',
      username: 'alice',
      client_id: 'client',
      token_use: 'access',
      scope: 'openid email',
      groups: 'a,b',
    });
  });

  it('encodes each group and scope so that a group named "guests,admins" stays one group (issue 13)', () => {
    const { context } = buildContext(
      token(
        { scope: 'openid files%2Fread' },
        { groups: ['guests,admins', 'staff'], scopes: ['openid', '50%'] },
      ),
    );
    expect(context['groups']).toBe('guests%2Cadmins,staff');
    expect(decodeIdentityList(context['groups'] as string, ',')).toEqual(['guests,admins', 'staff']);
    expect(context['scope']).toBe('openid 50%25');
    expect(decodeIdentityList(context['scope'] as string, ' ')).toEqual(['openid', '50%']);
    // a group that cannot be encoded leaves the list out rather than guessing
    expect(buildContext(token({}, { groups: ['a', '\udfff'] })).context).not.toHaveProperty('groups');
  });

  it('maps extra claim names to safe keys and never overwrites a fixed key nor sets __proto__', () => {
    const { context } = buildContext(
      token({ 'custom:tenant': 'acme', username: 'spoofed', __proto__x: 1, ['__proto__']: 'p' }),
      { extraClaims: ['custom:tenant', 'username', '__proto__'] },
    );
    expect(context['custom_tenant']).toBe('acme');
    expect(context['username']).toBe('alice');
    expect(context['username']).toBe('alice');
    expect(Object.getPrototypeOf(context)).toBe(Object.prototype);
    expect(contextKey('a-b.c:d')).toBe('a_b_c_d');
  });

  it('drops entries beyond maxBytes, fixed keys first, and reports them', () => {
    const built = buildContext(token({ big: 'x'.repeat(500) }), { extraClaims: ['big'], maxBytes: 200 });
    expect(built.dropped).toEqual(['big']);
    expect(Buffer.byteLength(JSON.stringify(built.context))).toBeLessThanOrEqual(200);
    expect(built.context['sub']).toBe('user-1');
  });
});

const claimValue = fc.jsonValue({ maxDepth: 3 });

describe('context properties', () => {
  it('for any claims: only scalars, within maxBytes, and a valid REST context', () => {
    fc.assert(
      fc.property(
        fc.dictionary(fc.string({ maxLength: 12 }), claimValue, { maxKeys: 8 }),
        fc.integer({ min: 2, max: 600 }),
        fc.array(fc.string({ maxLength: 10 }), { maxLength: 5 }),
        (claims, maxBytes, groups) => {
          const built = buildContext(token(claims, { groups }), {
            extraClaims: Object.keys(claims),
            maxBytes,
          });
          for (const v of Object.values(built.context)) {
            const ok =
              typeof v === 'string' ||
              typeof v === 'boolean' ||
              (typeof v === 'number' && Number.isFinite(v));
            if (!ok) return false;
          }
          expect(Buffer.byteLength(JSON.stringify(built.context))).toBeLessThanOrEqual(maxBytes);
          const result = {
            principalId: 'p',
            policyDocument: {
              Version: '2012-10-17',
              Statement: [
                { Action: 'execute-api:Invoke', Effect: 'Allow', Resource: 'arn:aws:execute-api:x' },
              ],
            },
            context: built.context,
          };
          return validateAuthorizerResult('rest', result).length === 0;
        },
      ),
      { numRuns: 500 },
    );
  });
});
