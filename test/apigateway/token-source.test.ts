/**
 * Reading one header from an authorizer event: `headerValues` answers exactly what collecting every
 * header into a lower-cased map (`collectValues`) and looking the name up answers — for names in any
 * case, Unicode keys whose lower case changes length (U+0130) or lands on ASCII (U+212A KELVIN SIGN),
 * single- and multi-value maps that agree, disagree or overlap.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { collectValues, headerValues } from '../../packages/edgeward/src/apigateway/token-source.js';

describe('headerValues', () => {
  const name = fc.constantFrom('authorization', 'x-api-key', 'cookie', 'i̇d');
  const key = fc.constantFrom(
    'authorization',
    'Authorization',
    'AUTHORIZATION',
    'x-api-key',
    'X-Api-\u212Aey', // KELVIN SIGN lowers to "k": this key is x-api-key
    'Cookie',
    'cookie',
    '\u0130d', // lowers to "i̇d" (two code units)
    'id',
    'other',
  );
  const value = fc.oneof(fc.constantFrom('Bearer a.b.c', 'v', ''), fc.constant(42), fc.constant(null));
  const single = fc.option(fc.dictionary(key, value, { maxKeys: 6 }), { nil: undefined });
  const multi = fc.option(
    fc.dictionary(key, fc.oneof(fc.array(value, { maxLength: 3 }), fc.constant('not a list')), {
      maxKeys: 6,
    }),
    { nil: undefined },
  );

  it('answers what the collected map answers, for every name', () => {
    fc.assert(
      fc.property(single, multi, name, (s, m, n) => {
        const sm = s as Record<string, string> | undefined;
        const mm = m as Record<string, string[]> | undefined;
        expect(headerValues(sm, mm, n)).toEqual(collectValues(sm, mm, true).get(n));
      }),
      { numRuns: 3000 },
    );
  });

  it('finds a header whatever its case, and both values of a repeated one', () => {
    expect(headerValues({ Authorization: 'Bearer x' }, undefined, 'authorization')).toEqual(['Bearer x']);
    expect(headerValues({ 'X-Api-\u212Aey': 'k' }, undefined, 'x-api-key')).toEqual(['k']);
    expect(
      headerValues(
        { Authorization: 'b' },
        { Authorization: ['a', 'b'], authorization: ['c'] },
        'authorization',
      ),
    ).toEqual(['a', 'b', 'c']);
    expect(headerValues({ Authorization: 'b' }, undefined, 'cookie')).toBeUndefined();
  });
});
