/**
 * The readings of a path (issue 13, must fix 1): a servlet container drops `;params` per segment and then
 * resolves dot-segments, an IIS origin also ignores case and trailing dots/spaces. Every path must satisfy
 * the rules under each reading its origin may apply; the strictest decision wins.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { RulesConfig } from '../../../packages/edgeward/src/core/config.js';
import {
  authorize,
  compileRules,
  createAuthorizer,
  normalizePath,
  PATH_PROBLEMS,
} from '../../../packages/edgeward/src/core/rules/index.js';
import {
  foldedPath,
  foldSegment,
  withoutParameters,
} from '../../../packages/edgeward/src/core/rules/readings.js';
import type { RuleDecision } from '../../../packages/edgeward/src/core/rules/types.js';
import { verifiedToken } from './tokens.js';

/** The issue's rules: `/public/*` public, `/admin/*` admins, default authenticated. */
const RULES: RulesConfig = {
  rules: [
    { path: '/public/*', access: 'public' },
    { path: '/admin/*', groups: ['admins'] },
    { path: '/users/{sub}/*' },
    { path: '/users/*', access: 'deny' },
    { path: '/files/*.pdf', access: 'deny' },
  ],
};
const member = verifiedToken({ 'cognito:groups': ['members'] });
const admin = verifiedToken({ 'cognito:groups': ['admins'] });
const standard = createAuthorizer(compileRules(RULES));
const iis = createAuthorizer(compileRules(RULES, { originPaths: 'iis' }));
const get = (path: string) => ({ path, method: 'GET' });

/** The issue's reproductions: each was forwarded anonymously. */
const DOT_PARAM_BYPASSES = [
  '/public/..;/admin/secret',
  '/public/%2e%2e;/admin/secret',
  '/public/..;x=1/admin/secret',
  '/public/.;/..;/admin/secret',
];

describe('path hygiene: dot-segments and empty segments before ";" parameters', () => {
  it.each([
    ...DOT_PARAM_BYPASSES,
    '/public/%2E%2E;/admin/secret',
    '/public/.%2e;jsessionid=1/admin/secret',
    '/public/.;x/admin',
    '/public/%2e;/admin',
    '/public/%2e%2e%3b/admin/secret', // `;` spelled %3B, read as a separator by decode-first origins
    '/x/..;',
    '/x/.;a=b',
  ])('%s is refused as a dot-segment', (uri) => {
    expect(normalizePath(uri)).toEqual({ ok: false, detail: PATH_PROBLEMS.dotSegment });
  });

  it.each(['/a/;x/b', '/;jsessionid=1/admin/x', '/a/%3Bx/b'])(
    '%s (a segment empty before its ";", "//" once the parameters are dropped) is refused',
    (uri) => {
      expect(normalizePath(uri)).toEqual({ ok: false, detail: PATH_PROBLEMS.emptySegment });
    },
  );

  it.each([
    ['/public/a;x=1', '/public/a;x=1'],
    ['/docs/;jsessionid=1', '/docs/;jsessionid=1'], // trailing: `/docs/` to a servlet container
    ['/;x', '/;x'],
    ['/a..;b/c', '/a..;b/c'],
    ['/...;x/y', '/...;x/y'],
    ['/a/.x;y', '/a/.x;y'],
    ['/%61dmin;x/y', '/admin;x/y'],
  ])('%s is accepted (decoded %s)', (uri, path) => {
    expect(normalizePath(uri)).toEqual({ ok: true, path });
  });

  it('every decision for the issue reproductions is a 400, with or without a token, in both modes', () => {
    for (const uri of DOT_PARAM_BYPASSES) {
      for (const decide of [standard, iis]) {
        for (const token of [undefined, member, admin]) {
          expect(decide(get(uri), token)).toMatchObject({ outcome: 'bad_request', reason: 'path_invalid' });
        }
      }
    }
  });
});

describe('the reading without ";params" (default for every site and authorizer)', () => {
  it('withoutParameters drops each segment from its raw ";" to the next "/"', () => {
    expect(withoutParameters('/admin;jsessionid=0123/x')).toBe('/admin/x');
    expect(withoutParameters('/a;x/b;y=1;z/c')).toBe('/a/b/c');
    expect(withoutParameters('/a/b;v=2')).toBe('/a/b');
    expect(withoutParameters('/a%3Bx/b')).toBe('/a%3Bx/b'); // an encoded ";" is a literal to servlet containers
    expect(withoutParameters('/plain/path')).toBe('/plain/path');
  });

  it('/admin;jsessionid=0123/x is refused to a signed-in non-admin (was forwarded), allowed to an admin', () => {
    expect(standard(get('/admin;jsessionid=0123/x'), member)).toMatchObject({
      outcome: 'forbidden',
      reason: 'group_missing',
      ruleIndex: 1,
    });
    expect(standard(get('/admin;jsessionid=0123/x'))).toMatchObject({ outcome: 'unauthenticated' });
    expect(standard(get('/admin;jsessionid=0123/x'), admin)).toMatchObject({ outcome: 'allow' });
  });

  it('the strictest reading wins, whichever reading it is', () => {
    // as written: /public/*; without params: /admin/x
    expect(standard(get('/public;x/../admin/x'), member).outcome).toBe('bad_request');
    expect(standard(get('/admin;x/public'), member).outcome).toBe('forbidden');
    // as written: deny rule /users/*; without params: still /users/* (deny)
    expect(standard(get('/users;x/y'), member)).toMatchObject({ outcome: 'forbidden', ruleIndex: 3 });
    // without params the path is public, as written it is under the default: authenticated wins
    expect(standard(get('/public;v=1/a'))).toMatchObject({ outcome: 'unauthenticated', ruleIndex: -1 });
    // a deny rule reached only through the reading without params
    expect(standard(get('/files/a.pdf;x=1'), member)).toMatchObject({ outcome: 'forbidden', ruleIndex: 4 });
    // both readings allow: allowed
    expect(standard(get('/public/a;x=1'))).toMatchObject({ outcome: 'allow', reason: 'rule_public' });
    expect(standard(get('/users/alice-sub/f;v=2'), member)).toMatchObject({ outcome: 'allow' });
    // as written, "alice-sub;v=2" is not the user's own segment: the deny rule refuses it
    expect(standard(get('/users/alice-sub;v=2/f'), member)).toMatchObject({ outcome: 'forbidden' });
  });

  it('a decision resumed from the anonymous one still weighs every reading (the tie named one rule only)', () => {
    // the issue's case: as written the default (authenticated) decides, without ";jsessionid" /admin/*
    const anonymous = standard(get('/admin;jsessionid=0123/x'));
    expect(anonymous).toMatchObject({ outcome: 'unauthenticated' });
    expect(standard(get('/admin;jsessionid=0123/x'), member, anonymous)).toMatchObject({
      outcome: 'forbidden',
      ruleIndex: 1,
    });
    expect(standard(get('/admin;jsessionid=0123/x'), admin, anonymous)).toMatchObject({ outcome: 'allow' });
    const decide = createAuthorizer(
      compileRules({ rules: [{ path: '/a/*', groups: ['admins'] }, { path: '/a;v/*' }] }),
    );
    const first = decide(get('/a;v/x'));
    expect(decide(get('/a;v/x'), member, first)).toMatchObject({ outcome: 'forbidden', ruleIndex: 0 });
    expect(decide(get('/a;v/x'), member)).toMatchObject({ outcome: 'forbidden', ruleIndex: 0 });
    // the same through "iis" folding: /ADMIN/x is the default as written, /admin/* folded
    expect(iis(get('/ADMIN/x'), member, iis(get('/ADMIN/x')))).toMatchObject({ outcome: 'forbidden' });
  });

  it('authorize() with a RulesConfig also applies it', () => {
    expect(authorize(RULES, get('/admin;jsessionid=0123/x'), member).outcome).toBe('forbidden');
  });

  it('property: a decision is never laxer than the decision for the path without its ";params"', () => {
    const segment = fc.constantFrom('public', 'admin', 'users', 'alice-sub', 'files', 'a.pdf', 'x', 'Admin');
    const params = fc.constantFrom('', ';', ';jsessionid=0123', ';x=1;y', ';a.pdf');
    const rank = (d: RuleDecision) =>
      ({ allow: 0, unauthenticated: 1, forbidden: 2, bad_request: 3 })[d.outcome];
    fc.assert(
      fc.property(
        fc.array(fc.tuple(segment, params), { minLength: 1, maxLength: 5 }),
        fc.constantFrom(undefined, member, admin),
        (parts, token) => {
          const uri = `/${parts.map(([s, p]) => s + p).join('/')}`;
          const plain = `/${parts.map(([s]) => s).join('/')}`;
          const d = standard(get(uri), token);
          expect(rank(d)).toBeGreaterThanOrEqual(rank(standard(get(plain), token)));
          // the reading as written alone: ";" spelled %3B is a literal character to every reading
          expect(rank(d)).toBeGreaterThanOrEqual(rank(standard(get(uri.replaceAll(';', '%3B')), token)));
        },
      ),
      { numRuns: 2000 },
    );
  });
});

describe('originPaths "iis": the case-folded, trailing-dot/space-stripped reading', () => {
  it('foldSegment: lower case, no NTFS stream, no trailing dots or spaces', () => {
    expect(foldSegment('Admin. .')).toBe('admin');
    expect(foldSegment('A.PDF::$DATA')).toBe('a.pdf');
    expect(foldSegment('a.pdf:s:$DATA')).toBe('a.pdf');
    expect(foldSegment('items:batchGet')).toBe('items:batchget'); // not a stream: kept
    expect(foldedPath('/ADMIN./X ')).toBe('/admin/x');
    expect(foldedPath('/docs/')).toBe('/docs/');
    expect(foldedPath('/a/ ./b')).toEqual({ problem: PATH_PROBLEMS.emptySegment });
  });

  it.each([
    ['/ADMIN/secret', 'forbidden'],
    ['/Admin/secret', 'forbidden'],
    ['/admin./secret', 'forbidden'],
    ['/admin%20/secret', 'forbidden'],
    ['/ADMIN;jsessionid=1/secret', 'forbidden'],
    ['/files/A.PDF', 'forbidden'],
    ['/files/a.pdf.', 'forbidden'],
    ['/files/a.pdf::$DATA', 'forbidden'],
    ['/USERS/bob/x', 'forbidden'],
  ])(
    '%s for a signed-in non-admin: %s under "iis", allowed by the default under "standard"',
    (uri, outcome) => {
      expect(iis(get(uri), member).outcome).toBe(outcome);
      expect(standard(get(uri), member).outcome).toBe('allow');
    },
  );

  it('refuses (400) a segment that folds to nothing; "standard" does not read it that way', () => {
    expect(iis(get('/a/%20./b'), member)).toMatchObject({ outcome: 'bad_request', reason: 'path_invalid' });
    expect(standard(get('/a/%20./b'), member).outcome).toBe('allow');
  });

  it('keeps what the folded reading allows too: public paths, the own folder, an admin', () => {
    expect(iis(get('/public/x')).outcome).toBe('allow');
    expect(iis(get('/ADMIN/x'), admin).outcome).toBe('allow');
    const carol = verifiedToken({ sub: 'Carol', 'cognito:groups': [] });
    expect(iis(get('/users/Carol/x'), carol).outcome).toBe('allow');
    // another spelling of the own folder: the reading as written refuses it (deny rule), so it is refused
    expect(iis(get('/users/carol/x'), carol).outcome).toBe('forbidden');
    // a claim named like a prototype key is only a key
    const proto = createAuthorizer(
      compileRules({ rules: [{ path: '/p/{__proto__}/*' }], defaultAccess: 'deny' }, { originPaths: 'iis' }),
    );
    expect(proto(get('/p/x/y'), verifiedToken({})).outcome).toBe('forbidden');
  });

  it('a bundle built without the folded readings refuses "iis" (config_invalid) instead of ignoring it', () => {
    globalThis.EDGEWARD_FOLDED_READINGS = false;
    try {
      expect(() => compileRules(RULES, { originPaths: 'iis' })).toThrow('originPaths: not in this bundle');
      expect(createAuthorizer(compileRules(RULES))(get('/admin;x/y'), member).outcome).toBe('forbidden');
    } finally {
      globalThis.EDGEWARD_FOLDED_READINGS = undefined;
    }
  });

  it('rejects an unknown originPaths at compile time', () => {
    expect(() => compileRules(RULES, { originPaths: 'nginx' as 'iis' })).toThrow(
      'originPaths must be "standard" or "iis"',
    );
  });

  it('property: with lower-case rules, an "iis" decision is never laxer than the decision for the folded path', () => {
    const segment = fc.constantFrom(
      'public',
      'ADMIN',
      'Admin.',
      'admin ',
      'users',
      'alice-sub',
      'FILES',
      'a.PDF',
      'x',
    );
    const rank = (d: RuleDecision) =>
      ({ allow: 0, unauthenticated: 1, forbidden: 2, bad_request: 3 })[d.outcome];
    fc.assert(
      fc.property(
        fc.array(segment, { minLength: 1, maxLength: 4 }),
        fc.constantFrom(undefined, member, admin),
        (segments, token) => {
          const uri = `/${segments.map(encodeURIComponent).join('/')}`;
          const d = iis(get(uri), token);
          const folded = foldedPath(`/${segments.join('/')}`);
          if (typeof folded !== 'string') return expect(d.outcome).toBe('bad_request');
          expect(rank(d)).toBeGreaterThanOrEqual(rank(standard(get(encodeURI(folded)), token)));
          expect(rank(d)).toBeGreaterThanOrEqual(rank(standard(get(uri), token)));
        },
      ),
      { numRuns: 2000 },
    );
  });
});
