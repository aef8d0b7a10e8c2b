/**
 * Return-path validation: examples and a property test (fast-check) that nothing accepted can leave the
 * host or inject a header line.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { returnPathOf, validateReturnPath } from '../../../packages/edgeward/src/core/session/return-to.js';

describe('validateReturnPath', () => {
  it.each(['/', '/a/b', '/a?x=1&y=%2F', '/%0d%0a', '/docs/page?a=1&b=%2F&a=2', '/a#frag'])(
    'accepts %s',
    (p) => {
      expect(validateReturnPath(p)).toBe(p);
    },
  );

  it.each([
    '',
    'a/b',
    '//evil.example',
    '//evil.example/x',
    '/\\evil.example',
    '/\\/evil.example',
    '/a\\b',
    'https://evil.example',
    'javascript:alert(1)',
    '/\t/evil.example',
    '/\n/evil.example',
    '/a\r\nSet-Cookie: x=1',
    '/a\u0000',
    '/a\u2028',
    `/${'a'.repeat(3000)}`,
  ])('refuses %j', (p) => {
    expect(validateReturnPath(p)).toBeUndefined();
  });

  it('refuses non-strings', () => {
    expect(validateReturnPath(undefined)).toBeUndefined();
    expect(validateReturnPath(42)).toBeUndefined();
  });

  it('never accepts anything that resolves off-host or contains a control character (property)', () => {
    const base = 'https://site.example';
    const chars = fc.constantFrom(
      '/',
      '\\',
      ':',
      '.',
      '@',
      '?',
      '#',
      '%',
      'a',
      'z',
      ' ',
      '\t',
      '\r',
      '\n',
      '\u0000',
      '\u007f',
      'é',
      '/',
      '/',
    );
    const candidate = fc.oneof(
      fc.string(),
      fc.array(chars, { maxLength: 12 }).map((a) => a.join('')),
      fc.webUrl(),
      fc
        .tuple(fc.constantFrom('/', '//', '/\\', '\\', 'http:', 'https://'), fc.string())
        .map(([a, b]) => a + b),
    );
    fc.assert(
      fc.property(candidate, (c) => {
        const ok = validateReturnPath(c);
        if (ok === undefined) return;
        expect(ok).toBe(c);
        expect(new URL(ok, base).origin).toBe(base);
        expect(ok).not.toMatch(/[\u0000-\u001f\u007f]/);
        expect(ok.startsWith('//')).toBe(false);
      }),
      { numRuns: 3000 },
    );
  });
});

describe('returnPathOf', () => {
  it('joins uri and querystring exactly', () => {
    expect(returnPathOf('/a', '')).toBe('/a');
    expect(returnPathOf('/a', 'x=1&x=2&y=%20')).toBe('/a?x=1&x=2&y=%20');
    expect(returnPathOf('//evil.example', '')).toBeUndefined();
  });
});
