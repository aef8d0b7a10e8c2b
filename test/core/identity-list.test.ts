/**
 * Identity lists (issue 13, should fix 6): a group named `guests,admins` must reach the origin as one
 * group, never as two.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { decodeIdentityList, encodeIdentityList } from '../../packages/edgeward/src/core/identity-list.js';

describe('encodeIdentityList / decodeIdentityList', () => {
  it('encodes ",", "%", spaces and non-ASCII inside elements; typical values are unchanged', () => {
    expect(encodeIdentityList(['guests,admins', 'staff'], ',')).toBe('guests%2Cadmins,staff');
    expect(encodeIdentityList(['100%', 'a b', 'é'], ',')).toBe('100%25,a%20b,%C3%A9');
    expect(encodeIdentityList(['openid', 'email', 'files/read', 'https://api.example.com/x.read'], ' ')).toBe(
      'openid email files/read https://api.example.com/x.read',
    );
    expect(encodeIdentityList(['a,b c'], ' ')).toBe('a%2Cb%20c');
    expect(encodeIdentityList([], ',')).toBe('');
  });

  it('property: every value is printable ASCII (the forwarder sends it as a header value unchecked)', () => {
    fc.assert(
      fc.property(
        fc.array(fc.string({ unit: 'binary' }), { maxLength: 6 }),
        fc.constantFrom(',' as const, ' ' as const),
        (items, separator) => {
          const value = encodeIdentityList(items, separator);
          if (value !== undefined) expect(value).toMatch(/^[\x20-\x7e]*$/);
        },
      ),
      { numRuns: 2000 },
    );
  });

  it('the issue case reads back as one group', () => {
    const value = encodeIdentityList(['guests,admins'], ',')!;
    expect(value.split(',')).toHaveLength(1);
    expect(decodeIdentityList(value, ',')).toEqual(['guests,admins']);
  });

  it('leaves out a list with an element that is not well-formed Unicode (never a guess)', () => {
    expect(encodeIdentityList(['ok', 'bad\ud800'], ',')).toBeUndefined();
    expect(encodeIdentityList(['\udc00'], ' ')).toBeUndefined();
  });

  it('property: split + decode gives back exactly the list, for both separators', () => {
    const element = fc.oneof(
      fc.string({ unit: 'grapheme', maxLength: 12 }),
      fc.string({
        unit: fc.constantFrom(',', '%', ' ', 'a', '2', 'C', '%2C', '\t', 'é', '😀'),
        maxLength: 8,
      }),
    );
    fc.assert(
      fc.property(
        fc.array(element, { maxLength: 6 }),
        fc.constantFrom(',' as const, ' ' as const),
        (list, sep) => {
          fc.pre(!(list.length === 1 && list[0] === ''));
          const value = encodeIdentityList(list, sep)!;
          expect(value).toMatch(/^[\x21-\x7e ]*$/);
          expect(decodeIdentityList(value, sep)).toEqual(list);
        },
      ),
      { numRuns: 3000 },
    );
  });
});
