/**
 * `parseCookieHeaders` walks each header in place (no `split`); this property pins it to the plain
 * split-and-trim definition it replaced, on headers built from the characters that matter (separators,
 * `=`, quotes, whitespace), and checks the scan stays linear on a header of many parts without `=`.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { type CookiePair, parseCookieHeaders } from '../../../packages/edgeward/src/core/session/cookies.js';

/** The reference: split on `;`, skip parts without `=` or a name, trim, unquote. */
function reference(headerValues: readonly string[]): CookiePair[] {
  const pairs: CookiePair[] = [];
  for (const header of headerValues) {
    for (const part of header.split(';')) {
      const eq = part.indexOf('=');
      if (eq < 0) continue;
      const name = part.slice(0, eq).trim();
      if (!name) continue;
      let value = part.slice(eq + 1).trim();
      if (value.length >= 2 && value.startsWith('"') && value.endsWith('"')) value = value.slice(1, -1);
      pairs.push({ name, value });
    }
  }
  return pairs;
}

const header = fc
  .array(fc.constantFrom('a', 'b', '=', ';', '"', ' ', '\t', '\u00a0', 'x.y', '=='), { maxLength: 40 })
  .map((chars) => chars.join(''));

describe('parseCookieHeaders', () => {
  it('equals the split-and-trim definition (property)', () => {
    fc.assert(
      fc.property(fc.array(header, { maxLength: 4 }), (headers) => {
        expect(parseCookieHeaders(headers)).toEqual(reference(headers));
      }),
      { numRuns: 2000 },
    );
  });

  it('stays linear on a header of many parts without "="', () => {
    const hostile = `${';'.repeat(200_000)}a=1`;
    const started = performance.now();
    expect(parseCookieHeaders([hostile])).toEqual([{ name: 'a', value: '1' }]);
    expect(performance.now() - started).toBeLessThan(1000);
  });
});
