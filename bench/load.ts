/**
 * Load check of the local stack (issue #7): autocannon against the CloudFront emulator on 127.0.0.1,
 * bounded in time (a few seconds per case), for
 *
 * - a request with a valid session cookie to a members page (the built viewer-request bundle verifies the
 *   access token, applies the rules, and the S3-like folder origin answers), and
 * - a public page through the same edge function (rules only, no token).
 *
 * Reports requests/s and latency percentiles. The load generator and the servers share this process and
 * the machine's cores, so the numbers describe the emulator on this machine, not CloudFront.
 *
 * The session comes from a real login: the authorization code flow is walked over plain HTTP (no browser)
 * against the local identity provider.
 */
import { createRequire } from 'node:module';
import { type DevStack, startDevStack } from '../packages/cli/src/local/dev.js';
import { headerValues, rawRequest } from '../test/local/helpers.js';
import type { BenchRow, BenchSection } from './lib.js';

/** The subset of autocannon's API used here (the package ships no types). */
interface AutocannonResult {
  readonly requests: { readonly average: number; readonly total: number };
  readonly latency: { readonly average: number; readonly p50: number; readonly p99: number };
  readonly non2xx: number;
  readonly errors: number;
  readonly timeouts: number;
}
type Autocannon = (options: {
  url: string;
  connections: number;
  duration: number;
  headers?: Record<string, string>;
}) => Promise<AutocannonResult>;

const autocannon = createRequire(import.meta.url)('autocannon') as Autocannon;

/** Seconds per case. */
const DURATION_SECONDS = 3;
const CONNECTIONS = 10;

type Jar = Map<string, string>;

function store(jar: Jar, setCookies: readonly string[]): void {
  for (const line of setCookies) {
    const pair = line.split(';')[0]!;
    const eq = pair.indexOf('=');
    const name = pair.slice(0, eq).trim();
    if (/;\s*max-age=0/i.test(line) || /expires=thu, 01 jan 1970/i.test(line)) jar.delete(name);
    else jar.set(name, pair.slice(eq + 1));
  }
}

const cookieHeader = (jar: Jar) => [...jar].map(([k, v]) => `${k}=${v}`).join('; ');

/**
 * Signs `username` in through the hosted-UI flow over plain HTTP and returns the site's Cookie header.
 *
 * @throws Error when a step does not answer as a browser would see it
 */
async function login(stack: DevStack, username: string, password: string): Promise<string> {
  const jars = new Map<string, Jar>();
  const jarOf = (url: URL) => jars.get(url.host) ?? jars.set(url.host, new Map()).get(url.host)!;
  const go = async (url: URL, method = 'GET', body = '') => {
    const jar = jarOf(url);
    const headers: [string, string][] = [['Accept', 'text/html']];
    if (jar.size > 0) headers.push(['Cookie', cookieHeader(jar)]);
    if (body !== '') headers.push(['Content-Type', 'application/x-www-form-urlencoded']);
    const res = await rawRequest(url.origin, method, `${url.pathname}${url.search}`, headers, body);
    store(jar, headerValues(res, 'set-cookie'));
    return res;
  };
  let url = new URL('/members/index.html', stack.urls.site);
  let res = await go(url);
  for (let hop = 0; hop < 10 && res.status >= 300 && res.status < 400; hop++) {
    url = new URL(headerValues(res, 'location')[0]!, url);
    res = await go(url);
  }
  const action = /<form method="post" action="([^"]+)"/.exec(res.body)?.[1];
  const uid = /name="uid" value="([^"]+)"/.exec(res.body)?.[1];
  if (action === undefined || uid === undefined) throw new Error(`no login form (status ${res.status})`);
  const form = new URLSearchParams({ uid, username, password }).toString();
  url = new URL(action, url);
  res = await go(url, 'POST', form);
  for (let hop = 0; hop < 10 && res.status >= 300 && res.status < 400; hop++) {
    url = new URL(headerValues(res, 'location')[0]!, url);
    res = await go(url);
  }
  if (res.status !== 200 || url.origin !== new URL(stack.urls.site).origin) {
    throw new Error(`login did not end on the site (status ${res.status})`);
  }
  return cookieHeader(jarOf(url));
}

function row(name: string, result: AutocannonResult): BenchRow {
  return { name, opsPerSec: result.requests.average, usPerOp: result.latency.average * 1000 };
}

const section: BenchSection = {
  title: 'Local stack load check (CloudFront emulator + edge bundle)',
  async run() {
    const stack = await startDevStack({ ports: { cloudfront: 0, idp: 0, restApi: 0, httpApi: 0 } });
    try {
      const cookie = await login(stack, 'bob', 'bob-demo-password');
      const check = await rawRequest(stack.urls.site, 'GET', '/members/index.html', [['Cookie', cookie]]);
      if (check.status !== 200) throw new Error(`valid-cookie request answered ${check.status}`);
      const cases: [string, string, Record<string, string>][] = [
        ['valid session cookie → members page', '/members/index.html', { cookie }],
        ['public page through the edge function', '/index.html', {}],
      ];
      const rows: BenchRow[] = [];
      const notes: string[] = [];
      for (const [name, path, headers] of cases) {
        const result = await autocannon({
          url: `${stack.urls.site}${path}`,
          connections: CONNECTIONS,
          duration: DURATION_SECONDS,
          headers,
        });
        rows.push(row(name, result));
        notes.push(
          `${name}: ${Math.round(result.requests.average)} req/s, latency p50 ${result.latency.p50} ms, ` +
            `p99 ${result.latency.p99} ms; ${result.requests.total} requests, ${result.non2xx} non-2xx, ` +
            `${result.errors} errors, ${result.timeouts} timeouts`,
        );
      }
      notes.push(
        `autocannon, ${CONNECTIONS} connections, ${DURATION_SECONDS} s per case, load generator and servers in one process; "µs/op" is the mean latency`,
      );
      return { title: section.title, rows, notes };
    } finally {
      await stack.close();
    }
  },
};

export default section;
