/** Cookie parsing, serialization, chunking, and the session cookie naming. */

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { chunkCookie } from '../../../packages/edgeward/src/core/session/cookie-chunks.js';
import { parseCookieHeaders } from '../../../packages/edgeward/src/core/session/cookie-header.js';
import {
  firstCookie,
  hasConflictingDuplicates,
  MAX_COOKIE_VALUE_BYTES,
  readChunkedCookie,
} from '../../../packages/edgeward/src/core/session/cookies.js';
import { SessionCookies } from '../../../packages/edgeward/src/core/session/session-cookies.js';
import { serializeSetCookie } from '../../../packages/edgeward/src/core/session/set-cookie.js';
import { thrownCode } from '../../helpers/auth-errors.js';

describe('parseCookieHeaders', () => {
  it('keeps every pair in order across several header entries, with duplicates', () => {
    const pairs = parseCookieHeaders(['a=1; b=2', ' a=3 ;c="q"', 'noequals; =x; d=']);
    expect(pairs).toEqual([
      { name: 'a', value: '1' },
      { name: 'b', value: '2' },
      { name: 'a', value: '3' },
      { name: 'c', value: 'q' },
      { name: 'd', value: '' },
    ]);
    expect(firstCookie(pairs, 'a')).toBe('1');
    expect(hasConflictingDuplicates(pairs, 'a')).toBe(true);
    expect(hasConflictingDuplicates(pairs, 'b')).toBe(false);
  });
});

describe('serializeSetCookie', () => {
  it('always sets Secure, defaults to HttpOnly, SameSite=Lax, Path=/', () => {
    expect(serializeSetCookie('n', 'v')).toBe('n=v; Path=/; HttpOnly; Secure; SameSite=Lax');
    expect(serializeSetCookie('n', 'v', { domain: 'example.com', maxAgeSeconds: 10, httpOnly: false })).toBe(
      'n=v; Max-Age=10; Domain=example.com; Path=/; Secure; SameSite=Lax',
    );
  });
});

describe('chunking', () => {
  it('reassembles any value it splits (property)', () => {
    fc.assert(
      fc.property(
        fc.stringMatching(/^[A-Za-z0-9._-]{0,20000}$/),
        fc.integer({ min: 100, max: 4000 }),
        (value, max) => {
          const chunks = chunkCookie('p.access', value, max);
          if (!chunks) return;
          for (const c of chunks) expect(c.value.length).toBeLessThanOrEqual(max);
          expect(readChunkedCookie(chunks, 'p.access') ?? '').toBe(value);
        },
      ),
      { numRuns: 200 },
    );
  });

  it('refuses values needing more than 8 chunks', () => {
    expect(chunkCookie('x', 'a'.repeat(MAX_COOKIE_VALUE_BYTES * 8 + 1))).toBeUndefined();
  });
});

describe('SessionCookies', () => {
  it('writes, reads back, and deletes stale chunks of the previous session', () => {
    const s = new SessionCookies({}, 'client');
    const present = parseCookieHeaders([
      'edgeward.access.0=a; edgeward.access.1=b; other=1; edgeward.guard=1',
    ]);
    const set = s.write({ accessToken: 'short', refreshToken: 'r' }, 'alice', present, 'idToken');
    expect(set).toContain('edgeward.access=short; Max-Age=2592000; Path=/; HttpOnly; Secure; SameSite=Lax');
    expect(set.some((c) => c.startsWith('edgeward.access.0=; Max-Age=0'))).toBe(true);
    expect(set.some((c) => c.startsWith('edgeward.access.1=; Max-Age=0'))).toBe(true);
    expect(set.some((c) => c.startsWith('other='))).toBe(false);
    expect(set.some((c) => c.startsWith('edgeward.guard='))).toBe(false);
    const next = parseCookieHeaders([
      set
        .filter((c) => !c.includes('Max-Age=0'))
        .map((c) => c.split(';')[0])
        .join('; '),
    ]);
    expect(s.read(next)).toEqual({ accessToken: 'short', refreshToken: 'r' });
  });

  it('reads the same tokens from the owned cookies found by the scan as from every parsed cookie', () => {
    for (const naming of ['edgeward', 'amplify'] as const) {
      const s = new SessionCookies({ naming }, 'client');
      const set = s.write({ idToken: 'i', accessToken: 'a', refreshToken: 'r' }, 'alice', [], 'idToken');
      const header = ['_ga=GA1.2.3', ...set.map((c) => c.split(';')[0]!), 'consent="yes"'].join('; ');
      expect(s.readOwn([header], s.scan([header]))).toEqual(s.read(parseCookieHeaders([header])));
      expect(s.readOwn([header], s.scan([header]))).toEqual({
        idToken: 'i',
        accessToken: 'a',
        refreshToken: 'r',
      });
    }
  });

  it('a bundle built without Amplify naming refuses it (config_invalid) instead of reading other names', () => {
    globalThis.EDGEWARD_AMPLIFY_COOKIES = false;
    try {
      expect(thrownCode(() => new SessionCookies({ naming: 'amplify' }, 'c'))).toBe('config_invalid');
      const s = new SessionCookies({}, 'c');
      const header = 'edgeward.access=a; CognitoIdentityServiceProvider.c.alice.accessToken=b';
      expect(s.readOwn([header], s.scan([header]))).toEqual({ accessToken: 'a' });
    } finally {
      globalThis.EDGEWARD_AMPLIFY_COOKIES = undefined;
    }
  });

  it('refuses a __Host- prefix with a Domain, and odd prefixes', () => {
    expect(thrownCode(() => new SessionCookies({ prefix: '__Host-ew', domain: 'example.com' }, 'c'))).toBe(
      'config_invalid',
    );
    expect(thrownCode(() => new SessionCookies({ prefix: 'a;b' }, 'c'))).toBe('config_invalid');
    expect(thrownCode(() => new SessionCookies({ prefix: '__Host-ew' }, 'c'))).toBe('none');
    // checked at run time too (the CLI's schema checks it first): never silently another naming
    expect(thrownCode(() => new SessionCookies({ naming: 'Amplify' as 'amplify' }, 'c'))).toBe(
      'config_invalid',
    );
  });
});
