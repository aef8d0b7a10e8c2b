/**
 * `parseCookieHeaders` walks each header in place (no `split`); this property pins it to the plain
 * split-and-trim definition it replaced, on headers built from the characters that matter (separators,
 * `=`, quotes, whitespace), and checks the scan stays linear on a header of many parts without `=`.
 * `scanCookies`/`removeCookieSpans` (edgeward's own cookies found by prefix, never by parsing every
 * cookie) are pinned to the same definition.
 */

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseCookieHeaders } from '../../../packages/edgeward/src/core/session/cookie-header.js';
import {
  type CookiePair,
  firstCookie,
  ownCookieAt,
  ownCookieValue,
  removeCookieSpans,
  SPAN,
  scanCookies,
} from '../../../packages/edgeward/src/core/session/cookies.js';

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
    // A quadratic parse takes minutes here: the bound catches that, it does not measure speed (bench does).
    expect(performance.now() - started).toBeLessThan(5000);
  });
});

const owned = fc
  .array(fc.constantFrom('e.', 'e', '.', 'a', '=', ';', '"', ' ', '\t', '\u00a0', 'xe.'), { maxLength: 40 })
  .map((chars) => chars.join(''));

/** Every part `scanCookies` finds, as a name and value. */
function ownCookies(headers: string[], prefixes: string[]) {
  const spans = scanCookies(headers, prefixes);
  return Array.from({ length: spans.length / SPAN }, (_, i) => ownCookieAt(headers, spans, i));
}

describe('scanCookies and removeCookieSpans', () => {
  it('find exactly the parsed cookies whose names start with the prefix (property)', () => {
    fc.assert(
      fc.property(fc.array(owned, { maxLength: 4 }), (headers) => {
        const found = ownCookies(headers, ['e.']).filter((r) => r.value !== undefined);
        expect(found).toEqual(reference(headers).filter((p) => p.name.startsWith('e.')));
      }),
      { numRuns: 2000 },
    );
  });

  it('read the first value of each owned name exactly as firstCookie reads the parsed cookies (property)', () => {
    fc.assert(
      fc.property(fc.array(owned, { maxLength: 4 }), fc.array(owned, { maxLength: 3 }), (headers, extra) => {
        const spans = scanCookies(headers, ['e.']);
        const pairs = reference(headers);
        for (const name of [...pairs.map((p) => p.name), ...extra.map((e) => e.trim())]) {
          const expected = name.startsWith('e.') ? firstCookie(pairs, name) : undefined;
          expect(ownCookieValue(headers, spans, name)).toBe(expected);
        }
      }),
      { numRuns: 2000 },
    );
  });

  it('remove exactly those cookies and keep every other one (property)', () => {
    fc.assert(
      fc.property(owned, (header) => {
        const ranges = scanCookies([header], ['e.']);
        const rest = removeCookieSpans(header, ranges);
        expect(scanCookies([rest], ['e.'])).toEqual([]);
        expect(reference([rest])).toEqual(reference([header]).filter((p) => !p.name.startsWith('e.')));
        if (ranges.length === 0) expect(rest).toBe(header);
      }),
      { numRuns: 2000 },
    );
  });

  it('find a long prefix by its last characters exactly as by the whole prefix (property)', () => {
    // scanCookies searches for a prefix's last five characters, then compares the whole prefix: pieces
    // that hold the anchor without the prefix (`ward.`, `xedgeward.`) or overlap it must not change what
    // is found.
    const longOwned = fc
      .array(
        fc.constantFrom('edgeward.', 'ward.', 'edge', 'xedgeward.', 'edgeedgeward.', 'a', '=', ';', ' '),
        {
          maxLength: 30,
        },
      )
      .map((chars) => chars.join(''));
    fc.assert(
      fc.property(fc.array(longOwned, { maxLength: 3 }), (headers) => {
        const found = ownCookies(headers, ['edgeward.']).filter((r) => r.value !== undefined);
        expect(found).toEqual(reference(headers).filter((p) => p.name.startsWith('edgeward.')));
      }),
      { numRuns: 2000 },
    );
  });

  it('keep the usual separators', () => {
    const h = 'a=1; e.access=x; b=2; e.refresh=y';
    expect(removeCookieSpans(h, scanCookies([h], ['e.']))).toBe('a=1; b=2');
    const tail = 'a=1; e.x=1;  e.y=2 ;';
    expect(removeCookieSpans(tail, scanCookies([tail], ['e.']))).toBe('a=1');
    const all = 'e.access=x; e.refresh=y';
    expect(removeCookieSpans(all, scanCookies([all], ['e.']))).toBe('');
  });
});
