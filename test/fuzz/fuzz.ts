/**
 * The fuzz campaign of issue 13: mutated CloudFront viewer-request events against a cookie-login site, a
 * Bearer site (`originPaths: "iis"`) and a signed-cookie site with a public default, and mutated API
 * Gateway authorizer events against every authorizer kind (REST TOKEN with RS256 and HS256, REST REQUEST
 * from a header and from a cookie, HTTP API IAM and simple, WebSocket `$connect`, and an `iis` one).
 *
 * Every event is checked for:
 * - **exceptions**: a handler that throws or rejects (authorizers: anything but exactly
 *   `Error('Unauthorized')`);
 * - **invalid results**: the repo's Lambda contract validators (`viewerRequestResultProblems`,
 *   `validateAuthorizerResult`);
 * - **unauthenticated forwards**: a protected request (the rules refuse it without a token) forwarded or
 *   allowed although the event carried no valid token;
 * - **bypasses**: a forwarded or allowed request that an origin would serve from a path the rules refuse
 *   to every valid token the event carried — judged by an independent model of how S3, a servlet
 *   container (`;params` dropped, dot-segments resolved) and IIS (case-folded, trailing dots stripped) read
 *   the path, and of the rules' intent (`/admin/` for admins, …); authorizer policies are also evaluated
 *   against hostile routes of the same token (the cached-policy case);
 * - **leaks**: a log line holding any token, signature, refresh token or secret of the run.
 *
 * Events come from a seeded generator (mulberry32): a run is reproducible from its seed.
 *
 * @module
 */
import { generateKeyPairSync } from 'node:crypto';
import type { CloudFrontRequestResult } from 'aws-lambda';
import {
  type AuthorizerResultKind,
  isUnauthorizedError,
  validateAuthorizerResult,
} from '../../packages/edgeward/src/apigateway/contract.js';
import { compilePolicy } from '../../packages/edgeward/src/apigateway/iam-evaluator.js';
import {
  createHttpApiAuthorizer,
  createRequestAuthorizer,
  createTokenAuthorizer,
  createWebSocketAuthorizer,
} from '../../packages/edgeward/src/apigateway/index.js';
import type { SiteConfig } from '../../packages/edgeward/src/cloudfront/config.js';
import { viewerRequestResultProblems } from '../../packages/edgeward/src/cloudfront/contract.js';
import { createViewerRequestHandler } from '../../packages/edgeward/src/cloudfront/index.js';
import type { Hs256IssuerConfig, RulesConfig } from '../../packages/edgeward/src/core/config.js';
import { authorize, compileRules } from '../../packages/edgeward/src/core/rules/index.js';
import type { LogRecord } from '../../packages/edgeward/src/core/runtime.js';
import { createVerifier } from '../../packages/edgeward/src/core/verify/index.js';
import type { VerifiedToken } from '../../packages/edgeward/src/core/verify/types.js';
import { httpEvent, requestEvent, tokenEvent, websocketEvent } from '../fixtures/apigateway/events.js';
import { HOST, viewerRequest } from '../fixtures/cloudfront/viewer-request.js';
import { bakedJwks, cognitoIssuer } from '../helpers/issuers.js';
import {
  accessClaims,
  CLIENT_ID,
  FIXED_NOW,
  fixedClock,
  idClaims,
  makeKey,
  signHs256,
  signToken,
} from '../helpers/keys.js';

/** What one campaign found. */
export interface FuzzSummary {
  readonly seed: number;
  readonly viewer: Counts;
  readonly authorizer: Counts;
  readonly seconds: number;
  /** The first failures, with the event that caused them (at most 20). */
  readonly failures: readonly string[];
}

/** Per-surface counters. `events` is how many were run; the last five must be 0. */
export interface Counts {
  events: number;
  /** Forwarded (viewer) or allowed for the current route (authorizer). */
  allowed: number;
  /** Generated responses by status (viewer), or results/Unauthorized (authorizer). */
  outcomes: Record<string, number>;
  exceptions: number;
  invalidResults: number;
  unauthenticatedForwards: number;
  bypasses: number;
  leaks: number;
}

/** Options of {@link runFuzz}. */
export interface FuzzOptions {
  readonly viewerEvents: number;
  readonly authorizerEvents: number;
  readonly seed?: number;
  /** Called about every 10^5 events. */
  readonly progress?: (done: number, total: number) => void;
}

const newCounts = (): Counts => ({
  events: 0,
  allowed: 0,
  outcomes: {},
  exceptions: 0,
  invalidResults: 0,
  unauthenticatedForwards: 0,
  bypasses: 0,
  leaks: 0,
});

/** mulberry32: a small seeded PRNG (deterministic campaigns). */
function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

class Gen {
  constructor(readonly next: () => number) {}
  int(n: number): number {
    return Math.floor(this.next() * n);
  }
  chance(p: number): boolean {
    return this.next() < p;
  }
  pick<T>(items: readonly T[]): T {
    return items[this.int(items.length)]!;
  }
}

/** One credential of the pool: the raw string and, when it verifies for the test pool, what it proves. */
interface Credential {
  readonly name: string;
  readonly value: string;
  /** Verified as a Cognito access token of the test pool (what the sites and Cognito authorizers accept). */
  readonly access?: VerifiedToken;
}

const SUB = 'aaaaaaaa-bbbb-cccc-dddd-eeeeeeeeeeee';

/** Path segments, from the plain to the hostile: `;` parameters and dot-segments in every spelling. */
const SEGMENTS: readonly string[] = [
  'public',
  'admin',
  'users',
  'teams',
  'private',
  'internal',
  'docs',
  'app',
  'login',
  'index.html',
  'x',
  SUB,
  'someone-else',
  'team1',
  'team100',
  'members',
  'admins',
  '',
  '.',
  '..',
  '%2e',
  '%2E',
  '%2e%2e',
  '%2E%2e',
  '.%2e',
  '%2e.',
  '...',
  '..;',
  '.;',
  '..;x=1',
  '.;x',
  '%2e%2e;',
  '%2e%2e%3b',
  '..%3b',
  ';',
  ';jsessionid=0123',
  ';x=1;y',
  'admin;jsessionid=0123',
  'public;v=1',
  'users;x',
  'a;b=c',
  '%3b',
  '%3B',
  'admin%3bx',
  'ADMIN',
  'Admin',
  'admin.',
  'admin%20',
  'admin ',
  'admin::$DATA',
  'admin. .',
  'PUBLIC',
  'Internal',
  '%61dmin',
  '%2f',
  '%2F',
  '%5c',
  '%5C',
  '\\',
  '%00',
  '%0d%0a',
  '%1f',
  '%7f',
  '%zz',
  '%',
  '%4',
  '%C0%AF',
  '%ED%A0%80',
  '%FF',
  'é',
  '%C3%A9',
  '\u0085',
  '%C2%85',
  '\ud800',
  '😀',
  '*',
  '?',
  '{sub}',
  'ADMINI~1',
  'a'.repeat(300),
  '%25',
  '%252e%252e',
];

/** Whole paths that attack the rules directly (issue 13 reproductions among them). */
const ATTACKS: readonly string[] = [
  '/public/..;/admin/secret',
  '/public/%2e%2e;/admin/secret',
  '/public/..;x=1/admin/secret',
  '/public/.;/..;/admin/secret',
  '/admin;jsessionid=0123/x',
  '/public/../admin/x',
  '/public/%2e%2e/admin/x',
  '//admin/x',
  '/admin%2fx',
  '/ADMIN/secret',
  '/admin./secret',
  '/admin%20/secret',
  '/Admin;x/secret',
  '/internal;x/y',
  '/public;x/../internal/y',
  `/users/${SUB};x/../someone-else/f`,
  '/users/someone-else;x/f',
  '/teams/team100/secret',
  '/private/..;/admin/x',
  '/public/;x/admin/secret',
];

/** How many of {@link SEGMENTS} are plain (a path made of them passes hygiene). */
const PLAIN_SEGMENTS = 17;

function genPath(g: Gen, special: readonly string[]): string {
  const r = g.next();
  if (r < 0.12) return g.pick(ATTACKS);
  if (r < 0.2) return g.pick(special);
  const plain = r < 0.5;
  const n = 1 + g.int(6);
  const parts: string[] = [];
  for (let i = 0; i < n; i++) {
    let s = plain ? SEGMENTS[g.int(PLAIN_SEGMENTS)]! : g.pick(SEGMENTS);
    if (g.chance(0.15)) s += g.pick([';', ';jsessionid=1', ';a=b;c', '.', ' ', '%20', '::$DATA']);
    parts.push(s);
  }
  let path = `/${parts.join('/')}`;
  if (g.chance(0.08)) path += '/';
  if (g.chance(0.02)) path = path.slice(1);
  return path;
}

/** The independent model of what an origin serves: each reading it may apply, or undefined when none. */
function originReadings(uri: string, iis: boolean): string[] {
  const out: string[] = [];
  const decoded = tryDecode(uri);
  if (decoded !== undefined) out.push(decoded); // S3: decoded once, dot-segments are key characters
  // servlet container: drop ;params per raw segment, decode, resolve dot-segments, merge "//"
  const stripped = tryDecode(
    uri
      .split('/')
      .map((s) => s.split(';')[0])
      .join('/'),
  );
  const servlet = stripped === undefined ? undefined : resolveDots(stripped);
  if (servlet !== undefined) out.push(servlet);
  if (iis) {
    for (const p of [...out]) {
      out.push(
        resolveDots(
          p
            .toLowerCase()
            .split('/')
            .map((s) => s.replace(/:[^:]*:\$[a-z0-9_]*$/, '').replace(/[. ]+$/, ''))
            .join('/'),
        ) ?? p,
      );
    }
  }
  return out;
}

function tryDecode(s: string): string | undefined {
  try {
    return decodeURIComponent(s);
  } catch {
    return undefined;
  }
}

/** RFC 3986 §5.2.4 with empty segments merged (Tomcat's normalization); undefined above the root. */
function resolveDots(path: string): string | undefined {
  const out: string[] = [];
  const segments = path.split('/');
  for (let i = 1; i < segments.length; i++) {
    const s = segments[i]!;
    if (s === '.' || (s === '' && i < segments.length - 1)) continue;
    if (s === '..') {
      if (out.length === 0) return undefined;
      out.pop();
      continue;
    }
    out.push(s);
  }
  return `/${out.join('/')}`;
}

/** The rules' intent for a path as an origin reads it: what a token must prove, independent of the rules module. */
type Need = 'none' | 'token' | 'admin' | 'never' | { readonly sub: string } | { readonly team: string };

/** A site's or authorizer's intent, as a function of the served path. */
type Intent = (path: string) => Need;

/** `/public/*` public, `/admin/*` admins, `/users/{sub}/*` own folder only, `/internal/*` never, else signed in. */
const STRICT_INTENT: Intent = (p) => {
  if (p.startsWith('/public/')) return 'none';
  if (p.startsWith('/admin/')) return 'admin';
  if (p.startsWith('/internal/')) return 'never';
  const users = /^\/users\/([^/]*)\//.exec(p);
  if (users) return { sub: users[1]! };
  const teams = /^\/teams\/([^/]*)\//.exec(p);
  if (teams) return { team: teams[1]! };
  return 'token';
};

/** The authorizers' rules: {@link STRICT_INTENT} without per-user folders (their rules translate to cache-safe policies). */
const AUTHORIZER_INTENT: Intent = (p) => {
  const need = STRICT_INTENT(p);
  return typeof need === 'object' && 'sub' in need ? 'token' : need;
};

/** The signed-cookie site: public default, `/admin/*` admins, `/private/*` signed in, `/internal/*` never. */
const PUBLIC_DEFAULT_INTENT: Intent = (p) => {
  if (p.startsWith('/admin/')) return 'admin';
  if (p.startsWith('/internal/')) return 'never';
  if (p.startsWith('/private/')) return 'token';
  return 'none';
};

function satisfies(need: Need, tokens: readonly VerifiedToken[]): boolean {
  if (need === 'none') return true;
  if (need === 'never') return false;
  if (need === 'token') return tokens.length > 0;
  if (need === 'admin') return tokens.some((t) => t.groups.includes('admins'));
  if ('sub' in need) return tokens.some((t) => t.sub === need.sub);
  // `/teams/{cognito:groups}/*` needs `write` when the team is one of the token's groups; else the default
  return tokens.some((t) => !t.groups.includes(need.team) || t.scopes.includes('write'));
}

/** The rules of the cookie and Bearer sites and of the authorizers. */
const STRICT_RULES: RulesConfig = {
  rules: [
    { path: '/public/*', access: 'public' },
    { path: '/admin/*', groups: ['admins'] },
    { path: '/internal/*', access: 'deny' },
    { path: '/users/{sub}/*' },
    { path: '/users/*', access: 'deny' },
    { path: '/teams/{cognito:groups}/*', scopes: ['write'] },
  ],
};

/**
 * The authorizers' rules: exactly translatable into cache-safe policies (no refusal after an overlapping
 * allowance), so that the cached-policy probes test real cache-safe documents.
 */
const AUTHORIZER_RULES: RulesConfig = {
  rules: [
    { path: '/public/*', access: 'public' },
    { path: '/admin/*', groups: ['admins'] },
    { path: '/internal/*', access: 'deny' },
    { path: '/teams/{cognito:groups}/*', scopes: ['write'] },
  ],
};

/** The signed-cookie site: a public default (the issue's "forwarded anonymously" case). */
const PUBLIC_DEFAULT_RULES: RulesConfig = {
  defaultAccess: 'public',
  rules: [
    { path: '/admin/*', groups: ['admins'] },
    { path: '/internal/*', access: 'deny' },
    { path: '/private/*' },
  ],
};

const STATE_SECRET = Buffer.alloc(32, 11).toString('base64url');
const REFRESH_PREFIX = 'rt-fuzz-';

/** Runs a campaign; never throws for a finding (findings are counted), only for a broken setup. */
export async function runFuzz(options: FuzzOptions): Promise<FuzzSummary> {
  const seed = options.seed ?? 20_260_113;
  const g = new Gen(prng(seed));
  const started = performance.now();
  const failures: string[] = [];
  const fail = (what: string, detail: unknown) => {
    if (failures.length < 20) failures.push(`${what}: ${JSON.stringify(detail)}`.slice(0, 2000));
  };

  // ---- credentials -------------------------------------------------------------------------------------
  const key = await makeKey('kid-fuzz');
  const other = await makeKey('kid-fuzz');
  const issuer = cognitoIssuer({ jwks: bakedJwks(key) });
  const verifier = createVerifier(issuer, { clock: fixedClock });
  const teams = Array.from({ length: 101 }, (_, i) => `team${i}`);
  const rawTokens: [string, string][] = [
    ['member', await signToken(key, accessClaims())],
    [
      'admin',
      await signToken(key, accessClaims({ sub: 'admin-sub', 'cognito:groups': ['admins', 'members'] })),
    ],
    ['writer', await signToken(key, accessClaims({ scope: 'openid write', 'cognito:groups': ['team1'] }))],
    ['many-groups', await signToken(key, accessClaims({ sub: 'many', 'cognito:groups': teams }))],
    [
      'hostile-claims',
      await signToken(
        key,
        accessClaims({
          sub: 'h',
          username: 'x\r\ny',
          'cognito:groups': ['guests,admins', '100%', 'a b', '..'],
        }),
      ),
    ],
    ['no-groups', await signToken(key, accessClaims({ sub: 'nog', 'cognito:groups': undefined }))],
    ['expired', await signToken(key, accessClaims({ exp: FIXED_NOW - 10, iat: FIXED_NOW - 3610 }))],
    ['not-yet', await signToken(key, accessClaims({ nbf: FIXED_NOW + 600 }))],
    ['id-token', await signToken(key, idClaims())],
    ['wrong-client', await signToken(key, accessClaims({ client_id: 'other-client' }))],
    ['wrong-key', await signToken(other, accessClaims({ 'cognito:groups': ['admins'] }))],
    [
      'alg-none',
      `${b64({ alg: 'none', kid: 'kid-fuzz' })}.${b64(accessClaims({ 'cognito:groups': ['admins'] }))}.`,
    ],
    ['hs256', await signHs256(new Uint8Array(32).fill(3), accessClaims({ 'cognito:groups': ['admins'] }))],
  ];
  const member = rawTokens[0]![1];
  rawTokens.push(['tampered', flipBit(member)]);
  rawTokens.push(['truncated', member.slice(0, -5)]);
  const pool: Credential[] = [];
  for (const [name, value] of rawTokens) {
    let access: VerifiedToken | undefined;
    try {
      access = await verifier.verify(value, { tokenUse: 'access' });
    } catch {
      access = undefined;
    }
    pool.push(access === undefined ? { name, value } : { name, value, access });
  }
  for (const junk of ['', 'a.b.c', 'eyJ', 'x'.repeat(9000), 'Bearer', '...', 'null']) {
    pool.push({ name: 'junk', value: junk });
  }
  // the member token with a trailing space: a cookie parser trims it, so it still proves the member
  pool.push({ ...pool[0]!, name: 'member+space', value: `${member} ` });
  const hsSecret = new Uint8Array(32).map((_, i) => 90 + i);
  const hsIssuer: Hs256IssuerConfig = {
    kind: 'hs256',
    secret: { base64url: Buffer.from(hsSecret).toString('base64url') },
    issuer: 'https://issuer.example',
  };
  const hsVerifier = createVerifier(hsIssuer, { clock: fixedClock });
  const hsClaims = { iss: 'https://issuer.example', iat: FIXED_NOW, exp: FIXED_NOW + 600 };
  const hsPool: Credential[] = [];
  for (const [name, claims] of [
    ['hs-member', { ...hsClaims, sub: 'hs-1', 'cognito:groups': ['members'] }],
    ['hs-admin', { ...hsClaims, sub: 'hs-2', 'cognito:groups': ['admins'] }],
    ['hs-many', { ...hsClaims, sub: 'hs-3', 'cognito:groups': teams }],
  ] as const) {
    const value = await signHs256(hsSecret, claims);
    hsPool.push({ name, value, access: await hsVerifier.verify(value) });
  }
  hsPool.push({
    name: 'hs-wrong',
    value: await signHs256(new Uint8Array(32).fill(1), { ...hsClaims, sub: 'x' }),
  });

  // Everything that must never be logged: tokens (their signatures suffice), refresh tokens, secrets.
  const needles = [
    ...[...pool, ...hsPool].map((c) => c.value.split('.')[2] ?? '').filter((s) => s.length >= 16),
    REFRESH_PREFIX,
    STATE_SECRET,
    Buffer.from(hsSecret).toString('base64url'),
  ];
  const leaked = (records: readonly LogRecord[]): boolean =>
    records.some((r) => {
      const text = JSON.stringify(r);
      return needles.some((n) => text.includes(n));
    });

  // ---- sites -------------------------------------------------------------------------------------------
  const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const pem = privateKey.export({ format: 'pem', type: 'pkcs8' }).toString();
  const idpFetch = async (input: string | URL): Promise<Response> => {
    const url = String(input);
    if (url.endsWith('/oauth2/revoke')) return new Response('', { status: 200 });
    const error = g.pick(['invalid_grant', 'invalid_grant\r\n{"forged":1}', 'x'.repeat(100)]);
    return new Response(JSON.stringify({ error, error_description: `refused ${REFRESH_PREFIX}` }), {
      status: g.pick([400, 401, 500]),
      headers: { 'content-type': 'application/json' },
    });
  };
  const logs: LogRecord[] = [];
  const deps = { clock: fixedClock, logger: (r: LogRecord) => logs.push(r), fetch: idpFetch };
  const client = { clientId: CLIENT_ID, cognitoDomain: 'auth.example.com', scopes: ['openid'] };
  const identityHeaders = { enabled: true, claims: { email: 'email' } };
  const sites: { name: string; config: SiteConfig; intent: Intent; iis: boolean; special: string[] }[] = [
    {
      name: 'cookie',
      config: { issuer, client, stateSecret: STATE_SECRET, rules: STRICT_RULES, identityHeaders },
      intent: STRICT_INTENT,
      iis: false,
      special: ['/_edgeward/callback', '/_edgeward/signout', '/public/index.html', '/admin/x'],
    },
    {
      name: 'bearer',
      config: {
        issuer,
        cookieLogin: false,
        bearer: true,
        rules: STRICT_RULES,
        originPaths: 'iis',
        identityHeaders,
      },
      intent: STRICT_INTENT,
      iis: true,
      special: ['/public/index.html', '/admin/x', '/ADMIN/x'],
    },
    {
      name: 'signed-cookies',
      config: {
        issuer,
        client,
        bearer: true,
        stateSecret: STATE_SECRET,
        rules: PUBLIC_DEFAULT_RULES,
        signedCookies: {
          keyPairId: 'K2JCJMDEHXQW5F',
          privateKey: { pem },
          resource: `https://${HOST}/private/app/*`,
          issuePath: '/private/login',
          appPath: '/private/app/index.html',
          accept: { session: true, bearer: true },
        },
      },
      intent: PUBLIC_DEFAULT_INTENT,
      iis: false,
      special: ['/private/login', '/private/app/index.html', '/_edgeward/callback', '/_edgeward/signout'],
    },
  ];
  const siteHandlers = sites.map((s) => ({
    ...s,
    handler: createViewerRequestHandler(s.config, deps),
    rules: compileRules(s.config.rules, { originPaths: s.config.originPaths }),
  }));

  // ---- viewer requests ---------------------------------------------------------------------------------
  const viewer = newCounts();
  const total = options.viewerEvents + options.authorizerEvents;
  while (viewer.events < options.viewerEvents) {
    if (options.progress && viewer.events % 100_000 === 0) options.progress(viewer.events, total);
    const site = g.pick(siteHandlers);
    const uri = genPath(g, site.special);
    const present: VerifiedToken[] = [];
    const used: string[] = [];
    const use = (c: Credential) => {
      if (c.access !== undefined) present.push(c.access);
      used.push(c.name);
      return c.value;
    };
    const headers: Record<string, string | string[]> = {};
    if (g.chance(0.5)) {
      headers['accept'] = g.pick(['text/html', '*/*', 'application/json']);
      headers['sec-fetch-mode'] = g.pick(['navigate', 'cors', 'no-cors']);
    }
    if (g.chance(0.05)) headers['x-edgeward-groups'] = 'admins';
    if (g.chance(0.03)) headers['host'] = g.pick(['evil.example', 'localhost:3000', '']);
    if (g.chance(0.4)) {
      const auth = () => `${g.pick(['Bearer ', 'bearer ', 'Basic ', 'Bearer  ', ''])}${use(g.pick(pool))}`;
      headers['authorization'] = g.chance(0.05) ? [auth(), auth()] : auth();
    }
    const cookies: string[] = [];
    if (g.chance(0.5)) {
      const parts: string[] = [];
      for (let k = 1 + g.int(3); k > 0; k--) {
        const c = g.pick(pool);
        const kind = g.int(6);
        if (kind === 0) parts.push(`edgeward.refresh=${REFRESH_PREFIX}${g.int(9)}`);
        else if (kind === 1 && c.value.length > 20) {
          const half = c.value.length >> 1;
          parts.push(
            `edgeward.access.0=${use(c).slice(0, half)}`,
            `edgeward.access.1=${c.value.slice(half)}`,
          );
        } else if (kind === 2) parts.push(`theme=dark`, `edgeward.access=`);
        else parts.push(`edgeward.access=${use(c)}`);
      }
      cookies.push(parts.join(g.pick(['; ', ';', ' ; '])));
      if (g.chance(0.1)) cookies.push(`edgeward.access=${use(g.pick(pool))}`);
    }
    // Issuing signed cookies signs with RSA (~1 ms): keep that path rare with a valid session.
    if (uri === '/private/login' && present.length > 0 && !g.chance(0.02)) continue;
    const method = g.pick([
      'GET',
      'GET',
      'GET',
      'HEAD',
      'POST',
      'PUT',
      'DELETE',
      'OPTIONS',
      'get',
      'PATCH',
      'BREW',
    ]);
    const querystring = g.pick([
      '',
      '',
      'a=1',
      'code=c&state=s',
      'error=access_denied',
      'error=%0d%0aforged',
      'x=%zz',
    ]);
    const event = viewerRequest({ uri, method, querystring, headers, cookies });
    const originalHeaders = event.Records[0]!.cf.request.headers;
    viewer.events++;
    logs.length = 0;
    let result: CloudFrontRequestResult;
    try {
      result = await site.handler(event);
    } catch (e) {
      viewer.exceptions++;
      fail('viewer exception', { site: site.name, uri, error: String(e) });
      continue;
    }
    const problems = viewerRequestResultProblems(result, originalHeaders);
    if (problems.length > 0) {
      viewer.invalidResults++;
      fail('viewer invalid result', { site: site.name, uri, problems });
    }
    if (leaked(logs)) {
      viewer.leaks++;
      fail('viewer log leak', { site: site.name, uri, logs });
    }
    if (result && 'status' in result) {
      const status = String(result.status);
      viewer.outcomes[status] = (viewer.outcomes[status] ?? 0) + 1;
      continue;
    }
    viewer.allowed++;
    if (result?.headers['x-edgeward-groups']?.[0]?.value === 'admins') {
      viewer.bypasses++;
      fail('viewer forwarded a forged identity header', { site: site.name, uri, used });
    }
    const anonymous = authorize(site.rules, { path: uri, method });
    if (anonymous.outcome !== 'allow' && present.length === 0) {
      viewer.unauthenticatedForwards++;
      fail('viewer forwarded without credentials', { site: site.name, uri, method, used, headers, cookies });
    }
    for (const path of originReadings(uri, site.iis)) {
      if (!satisfies(site.intent(path), present)) {
        viewer.bypasses++;
        fail('viewer bypass', { site: site.name, uri, served: path, tokens: present.map((t) => t.sub) });
        break;
      }
    }
  }

  // ---- authorizers -------------------------------------------------------------------------------------
  const authorizer = newCounts();
  const PREFIX = 'arn:aws:execute-api:us-east-1:123456789012:s4x3opwd6i/test';
  const quiet = { clock: fixedClock, logger: (r: LogRecord) => logs.push(r) };
  type Invoke = (c: Credential | undefined, path: string, method: string) => Promise<unknown>;
  interface Target {
    readonly name: string;
    readonly kind: AuthorizerResultKind;
    readonly invoke: Invoke;
    readonly credentials: readonly Credential[];
    readonly iis: boolean;
    /** The route the rules see, for `path` (WebSocket: always `$connect`). */
    readonly route: (path: string) => string | undefined;
  }
  const cognito = (extra: object = {}) => ({
    issuer,
    rules: AUTHORIZER_RULES,
    policy: { maxResources: 400 },
    ...extra,
  });
  const bearer = (c: Credential | undefined) =>
    c === undefined
      ? g.pick(['', 'Bearer', 'Basic x'])
      : `${g.pick(['Bearer ', 'Bearer ', 'bearer ', 'Bearer  ', ''])}${c.value}`;
  const arn = (method: string, path: string) =>
    g.chance(0.03)
      ? g.pick([
          `${PREFIX}/*/x`,
          `arn:aws:execute-api:us-east-1:123456789012:s4x3opwd6i/*/GET/`,
          'arn:aws:s3:::x',
          '',
        ])
      : `${PREFIX}/${method}${path}`;
  const token = createTokenAuthorizer(cognito(), quiet);
  const tokenIis = createTokenAuthorizer(cognito({ originPaths: 'iis' }), quiet);
  const tokenHs = createTokenAuthorizer(
    { issuer: hsIssuer, rules: AUTHORIZER_RULES, policy: { maxResources: 400 } },
    quiet,
  );
  const request = createRequestAuthorizer(cognito(), quiet);
  const requestCookie = createRequestAuthorizer(cognito({ tokenSource: { cookie: 'session' } }), quiet);
  const httpIam = createHttpApiAuthorizer(cognito(), quiet);
  const httpSimple = createHttpApiAuthorizer(cognito({ response: 'simple' }), quiet);
  const websocket = createWebSocketAuthorizer(
    { issuer, rules: { rules: [{ path: '/$connect', groups: ['members'] }] } },
    quiet,
  );
  /** A target whose rules see the event's path (every kind but WebSocket). */
  const routed = (
    name: string,
    kind: AuthorizerResultKind,
    invoke: Invoke,
    options: { credentials?: readonly Credential[]; iis?: boolean } = {},
  ): Target => ({
    name,
    kind,
    invoke,
    credentials: options.credentials ?? pool,
    iis: options.iis ?? false,
    route: (p) => p,
  });
  const http = (handler: typeof httpIam): Invoke => {
    return (c, p, m) =>
      handler(
        httpEvent({ routeArn: arn(m, p), rawPath: p, method: m, headers: { authorization: bearer(c) } }),
      );
  };
  const targets: Target[] = [
    routed('token', 'rest', (c, p, m) => token(tokenEvent(bearer(c), arn(m, p)))),
    routed('token-iis', 'rest', (c, p, m) => tokenIis(tokenEvent(bearer(c), arn(m, p))), { iis: true }),
    routed('token-hs256', 'rest', (c, p, m) => tokenHs(tokenEvent(bearer(c), arn(m, p))), {
      credentials: hsPool,
    }),
    routed('request', 'rest', (c, p, m) => {
      const base = { methodArn: arn(m, p), path: p, httpMethod: m };
      return request(
        g.chance(0.1)
          ? requestEvent({ ...base, multiValueHeaders: { Authorization: [bearer(c), bearer(c)] } })
          : requestEvent({ ...base, headers: { Authorization: bearer(c) } }),
      );
    }),
    routed('request-cookie', 'rest', (c, p, m) => {
      const twice = g.chance(0.05) ? '; session=x' : '';
      const cookie = `a=1; session=${c?.value ?? ''}${twice}`;
      return requestCookie(
        requestEvent({ methodArn: arn(m, p), path: p, httpMethod: m, headers: { Cookie: cookie } }),
      );
    }),
    routed('http-iam', 'http-iam', http(httpIam)),
    routed('http-simple', 'http-simple', http(httpSimple)),
    {
      name: 'websocket',
      kind: 'websocket',
      credentials: pool,
      iis: false,
      route: () => undefined,
      invoke: (c) =>
        websocket(
          websocketEvent({
            query: c === undefined ? {} : { access_token: c.value },
            methodArn: g.chance(0.05)
              ? `${PREFIX}/$disconnect`
              : 'arn:aws:execute-api:us-east-1:123456789012:abcdef123/default/$connect',
          }),
        ),
    },
  ];
  const PROBES = [
    '/public/..;/admin/secret',
    '/admin;jsessionid=0123/x',
    '/public/%2e%2e;/admin/secret',
    '/ADMIN/x',
    '/admin./x',
    '/teams/team100/secret',
    '/teams/team1/x',
    '/internal/x',
    '/users/someone-else/x',
    '/admin/x',
  ];
  for (let i = 0; i < options.authorizerEvents; i++) {
    if (options.progress && (options.viewerEvents + i) % 100_000 === 0)
      options.progress(options.viewerEvents + i, total);
    const target = g.pick(targets);
    const credential = g.chance(0.9) ? g.pick(target.credentials) : undefined;
    const path = genPath(g, [
      '/public/a',
      '/admin/x',
      '/teams/team100/x',
      '/teams/team1/x',
      '/other',
      '/internal/x',
    ]);
    const method = g.pick(['GET', 'POST', 'DELETE', 'PUT']);
    const present = credential?.access === undefined ? [] : [credential.access];
    authorizer.events++;
    logs.length = 0;
    let result: unknown;
    try {
      result = await target.invoke(credential, path, method);
    } catch (e) {
      if (!isUnauthorizedError(e) || Object.getPrototypeOf(e) !== Error.prototype) {
        authorizer.exceptions++;
        fail('authorizer exception', { target: target.name, path, error: String(e) });
      } else {
        authorizer.outcomes['Unauthorized'] = (authorizer.outcomes['Unauthorized'] ?? 0) + 1;
      }
      if (leaked(logs)) {
        authorizer.leaks++;
        fail('authorizer log leak', { target: target.name, path, logs });
      }
      continue;
    }
    if (leaked(logs)) {
      authorizer.leaks++;
      fail('authorizer log leak', { target: target.name, path, logs });
    }
    const problems = validateAuthorizerResult(target.kind, result);
    if (problems.length > 0) {
      authorizer.invalidResults++;
      fail('authorizer invalid result', { target: target.name, path, problems });
      continue;
    }
    const r = result as { isAuthorized?: boolean; policyDocument?: unknown };
    const policy = r.policyDocument === undefined ? undefined : compilePolicy(r.policyDocument);
    const currentArn = target.name === 'websocket' ? undefined : `${PREFIX}/${method}${path}`;
    const allowed =
      r.isAuthorized ??
      (currentArn === undefined
        ? JSON.stringify(r.policyDocument).includes('"Allow"')
        : policy!(currentArn).effect === 'Allow');
    authorizer.outcomes[allowed ? 'allow' : 'deny'] =
      (authorizer.outcomes[allowed ? 'allow' : 'deny'] ?? 0) + 1;
    const route = target.route(path);
    // the cached-policy case: the same document (allowing or not this route), for the token's later requests
    if (policy !== undefined && route !== undefined && present.length > 0) {
      if (JSON.stringify(r.policyDocument).includes('"Resource":[')) {
        authorizer.outcomes['cache-safe policy'] = (authorizer.outcomes['cache-safe policy'] ?? 0) + 1;
      }
      for (const probe of PROBES) {
        if (policy(`${PREFIX}/GET${probe}`).effect !== 'Allow') continue;
        if (originReadings(probe, target.iis).some((p) => !satisfies(AUTHORIZER_INTENT(p), present))) {
          authorizer.bypasses++;
          fail('cached policy bypass', {
            target: target.name,
            first: path,
            probe,
            credential: credential?.name,
          });
        }
      }
    }
    if (!allowed) continue;
    authorizer.allowed++;
    if (present.length === 0) {
      authorizer.unauthenticatedForwards++;
      fail('authorizer allowed without credentials', {
        target: target.name,
        path,
        credential: credential?.name,
      });
      continue;
    }
    if (route === undefined) continue;
    for (const served of originReadings(route, target.iis)) {
      if (!satisfies(AUTHORIZER_INTENT(served), present)) {
        authorizer.bypasses++;
        fail('authorizer bypass', { target: target.name, path, served, credential: credential?.name });
        break;
      }
    }
  }
  options.progress?.(total, total);
  return { seed, viewer, authorizer, seconds: (performance.now() - started) / 1000, failures };
}

function b64(value: unknown): string {
  return Buffer.from(JSON.stringify(value)).toString('base64url');
}

/** Flips one bit of the signature's first byte and re-encodes (deterministic tampering). */
function flipBit(jwt: string): string {
  const [h, p, s] = jwt.split('.') as [string, string, string];
  const bytes = Buffer.from(s, 'base64url');
  bytes[0] = bytes[0]! ^ 1;
  return `${h}.${p}.${bytes.toString('base64url')}`;
}

/** Whether a campaign found nothing. */
export function clean(summary: FuzzSummary): boolean {
  return [summary.viewer, summary.authorizer].every(
    (c) => c.exceptions + c.invalidResults + c.unauthenticatedForwards + c.bypasses + c.leaks === 0,
  );
}
