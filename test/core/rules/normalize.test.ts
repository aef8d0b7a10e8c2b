import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { normalizePath, PATH_PROBLEMS } from '../../../packages/edgeward/src/core/rules/index.js';

const rejectedWith = (uri: string): string => {
  const r = normalizePath(uri);
  if (r.ok) throw new Error(`expected ${JSON.stringify(uri)} to be rejected, got ${JSON.stringify(r.path)}`);
  return r.detail;
};

const accepted = (uri: string): string => {
  const r = normalizePath(uri);
  if (!r.ok) throw new Error(`expected ${JSON.stringify(uri)} to be accepted: ${r.detail}`);
  return r.path;
};

describe('normalizePath: bypasses from issue #3 are refused', () => {
  it.each([
    ['/public/../admin/x', PATH_PROBLEMS.dotSegment],
    ['/public/%2e%2e/admin/x', PATH_PROBLEMS.dotSegment],
    ['/public/%2E%2E/admin/x', PATH_PROBLEMS.dotSegment],
    ['/public/.%2e/admin/x', PATH_PROBLEMS.dotSegment],
    ['/public/%2E./admin/x', PATH_PROBLEMS.dotSegment],
    ['/./admin/x', PATH_PROBLEMS.dotSegment],
    ['/admin/%2e/x', PATH_PROBLEMS.dotSegment],
    ['/admin/x/..', PATH_PROBLEMS.dotSegment],
    ['/admin/x/.', PATH_PROBLEMS.dotSegment],
    ['//admin/x', PATH_PROBLEMS.emptySegment],
    ['/admin//x', PATH_PROBLEMS.emptySegment],
    ['/admin%2fx', PATH_PROBLEMS.encodedSlash],
    ['/admin%2Fx', PATH_PROBLEMS.encodedSlash],
    ['/admin%5cx', PATH_PROBLEMS.encodedBackslash],
    ['/admin%5Cx', PATH_PROBLEMS.encodedBackslash],
    ['/admin\\x', PATH_PROBLEMS.backslash],
    ['/admin/x%00.html', PATH_PROBLEMS.control],
    ['/admin/x\u0000', PATH_PROBLEMS.control],
    ['/admin/x%0d%0aSet-Cookie:a', PATH_PROBLEMS.control],
    ['/admin/x%1F', PATH_PROBLEMS.control],
    ['/admin/x%7f', PATH_PROBLEMS.control],
    ['/admin/x\u007f', PATH_PROBLEMS.control],
    ['/admin/x\u0085', PATH_PROBLEMS.control],
    ['/admin/x%C2%85', PATH_PROBLEMS.control],
    ['/admin/x\t', PATH_PROBLEMS.control],
    ['/admin/%zz', PATH_PROBLEMS.badPercent],
    ['/admin/%4', PATH_PROBLEMS.badPercent],
    ['/admin/%', PATH_PROBLEMS.badPercent],
    ['/admin/%g0', PATH_PROBLEMS.badPercent],
    ['/admin%C0%AFx', PATH_PROBLEMS.badUtf8], // overlong "/"
    ['/admin/%E0%80%AF', PATH_PROBLEMS.badUtf8], // overlong "/", 3 bytes
    ['/admin/%ED%A0%80', PATH_PROBLEMS.badUtf8], // encoded surrogate
    ['/admin/%FF', PATH_PROBLEMS.badUtf8],
    ['/admin/%C3', PATH_PROBLEMS.badUtf8], // truncated sequence
    ['/admin/\ud800x', PATH_PROBLEMS.badUnicode],
    ['/admin/\udc00', PATH_PROBLEMS.badUnicode],
    ['admin/x', PATH_PROBLEMS.notAbsolute],
    ['', PATH_PROBLEMS.notAbsolute],
    ['%2fadmin/x', PATH_PROBLEMS.notAbsolute],
  ])('%j → %s', (uri, detail) => {
    expect(rejectedWith(uri)).toBe(detail);
  });

  it('never echoes the path in the detail', () => {
    expect(rejectedWith('/secret-token-value/../x')).not.toContain('secret-token-value');
  });
});

describe('normalizePath: accepted paths are decoded once, as S3 decodes keys', () => {
  it.each([
    ['/', '/'],
    ['/index.html', '/index.html'],
    ['/docs/', '/docs/'],
    ['/%61dmin/x', '/admin/x'],
    ['/%41dmin/x', '/Admin/x'],
    ['/a%20b/c', '/a b/c'],
    ['/caf%C3%A9', '/café'],
    ['/café', '/café'],
    ['/%F0%9F%98%80/x', '/😀/x'],
    ['/a%2eb/x', '/a.b/x'],
    ['/.well-known/x', '/.well-known/x'],
    ['/a/.../b', '/a/.../b'],
    ['/a/..b', '/a/..b'],
    ['/admin/x;jsessionid=1', '/admin/x;jsessionid=1'],
    ['/%252e%252e/admin', '/%2e%2e/admin'], // decoded once: S3 key is literally "%2e%2e/admin"
    ['/a%25/b', '/a%/b'],
    ['/a%3fb', '/a?b'],
    ['/a%2Ab', '/a*b'],
  ])('%j → %j', (uri, path) => {
    expect(accepted(uri)).toBe(path);
  });

  it('returns the same string when there is nothing to decode', () => {
    const uri = '/assets/app.js';
    expect(accepted(uri)).toBe(uri);
  });
});

/** Fragments that build paths full of near-misses. */
const fragment = fc.constantFrom(
  '/',
  '/',
  '.',
  '..',
  '%2e',
  '%2E',
  '%2f',
  '%5C',
  '%',
  '%4',
  '%zz',
  '%00',
  '%61',
  '%C3%A9',
  '%C0%AF',
  '%25',
  '%2e%2e',
  'a',
  'b',
  ';',
  '\\',
  '\u0001',
  'é',
  '😀',
);
const candidatePath = fc.array(fragment, { maxLength: 12 }).map((parts) => `/${parts.join('')}`);

function segments(path: string): string[] {
  return path.slice(1).split('/');
}

/** Any UTF-16 code units, lone surrogates and controls included. */
const anyUtf16 = fc
  .array(
    fc.integer({ min: 0, max: 0xffff }).map((c) => String.fromCharCode(c)),
    { maxLength: 64 },
  )
  .map((a) => a.join(''));

describe('normalizePath: properties', () => {
  it('never accepts a path with a dot-segment, empty segment, control char or backslash after decoding', () => {
    fc.assert(
      fc.property(candidatePath, (uri) => {
        const r = normalizePath(uri);
        if (!r.ok) return;
        const segs = segments(r.path);
        expect(segs.some((s) => s === '.' || s === '..')).toBe(false);
        expect(segs.slice(0, -1).some((s) => s === '')).toBe(false);
        expect(/[\u0000-\u001f\u007f-\u009f\\]/.test(r.path)).toBe(false);
        expect(r.path.startsWith('/')).toBe(true);
      }),
      { numRuns: 3000 },
    );
  });

  it('an accepted path is exactly one percent-decoding of the input, with the same "/" separators', () => {
    fc.assert(
      fc.property(candidatePath, (uri) => {
        const r = normalizePath(uri);
        if (!r.ok) return;
        expect(r.path).toBe(decodeURIComponent(uri));
        expect(segments(r.path).length).toBe(segments(uri).length);
      }),
      { numRuns: 3000 },
    );
  });

  it('rejects every input whose decoding has a dot-segment', () => {
    fc.assert(
      fc.property(candidatePath, (uri) => {
        let decoded: string;
        try {
          decoded = decodeURIComponent(uri);
        } catch {
          return;
        }
        if (segments(decoded).some((s) => s === '.' || s === '..')) expect(normalizePath(uri).ok).toBe(false);
      }),
      { numRuns: 3000 },
    );
  });

  it('never throws, whatever the input', () => {
    fc.assert(
      fc.property(anyUtf16, (s) => {
        const r = normalizePath(`/${s}`);
        expect(typeof r.ok).toBe('boolean');
      }),
      { numRuns: 2000 },
    );
  });
});
