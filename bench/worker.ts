/**
 * One measuring process of `npm run bench`: imports the **built** bundles (`edgeward build` output) and
 * the peer libraries, checks that every case really succeeds on its request, runs all cases of a section
 * in interleaved rounds, and sends the medians to the parent over IPC.
 *
 * Started by `run.ts` with stdout on `/dev/null` (a file descriptor, as Lambda collects logs from one):
 * the handlers log at their default level and every line is really written. Usage:
 * `tsx bench/worker.ts <fixtures.json> <section>`.
 *
 * @module
 */
import { createPublicKey, createSecretKey, type KeyObject } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
import { CognitoJwtVerifier } from 'aws-jwt-verify';
import { Authenticator } from 'cognito-at-edge';
import { createVerifier as createFastJwtVerifier } from 'fast-jwt';
import { importJWK, jwtVerify } from 'jose';
import {
  CLIENT_ID,
  type Fixtures,
  httpEvent,
  ISSUER,
  NAVIGATION,
  REGION,
  tokenEvent,
  USER_POOL_ID,
  viewerRequest,
} from './fixtures.js';
import { type BenchCase, interleaved, rawHmacVerify, rawRs256Verify } from './lib.js';

// biome-ignore lint/suspicious/noExplicitAny: handlers of built bundles are untyped JavaScript
type Handler = (event: any) => Promise<any>;

const [fixturesPath, section] = process.argv.slice(2);
const fx = JSON.parse(readFileSync(fixturesPath!, 'utf8')) as Fixtures;
process.env['JWT_SECRET'] = fx.hsSecret;

async function bundle(name: string): Promise<Handler> {
  const mod = (await import(pathToFileURL(fx.bundles[name]!).href)) as { handler: Handler };
  return mod.handler;
}

/** Fails the run unless `ok(result)`: a benchmark of a refusal measures the wrong path. */
async function expectOk(
  name: string,
  run: () => Promise<unknown>,
  ok: (r: unknown) => boolean,
): Promise<void> {
  let result: unknown;
  try {
    result = await run();
  } catch (e) {
    throw new Error(`${name}: threw ${String(e)}`);
  }
  if (!ok(result)) throw new Error(`${name}: unexpected result ${JSON.stringify(result).slice(0, 300)}`);
}

const forwarded = (r: unknown) => typeof r === 'object' && r !== null && 'uri' in r && !('status' in r);
const allowed = (r: unknown) =>
  JSON.stringify((r as { policyDocument?: unknown }).policyDocument ?? '').includes('"Allow"');

/** A case cycling through the distinct tokens (every call a token the handler has not seen recently). */
function rotating<E>(
  make: (token: string) => E,
  run: (event: E) => Promise<unknown>,
): () => Promise<unknown> {
  const events = fx.distinctTokens.map(make);
  let i = 0;
  return () => {
    const e = events[i]!;
    i = i + 1 === events.length ? 0 : i + 1;
    return run(e);
  };
}

async function main(): Promise<BenchCase[]> {
  const rsaKey: KeyObject = createPublicKey({ key: fx.publicJwk as never, format: 'jwk' });
  const raw = rawRs256Verify(rsaKey);
  const cookieNav = viewerRequest('/docs/guide/index.html', { ...NAVIGATION, Cookie: fx.cookieHeader });
  const bigCookieNav = viewerRequest('/docs/guide/index.html', { ...NAVIGATION, Cookie: fx.bigCookieHeader });
  const bearer = viewerRequest('/docs/api/items.json', {
    Accept: 'application/json',
    Authorization: `Bearer ${fx.accessToken}`,
  });
  const siteNoCache = await bundle('site-nocache');
  const siteCache = await bundle('site-cache');
  const restNoCache = await bundle('rest-nocache');
  // the distinct-token rotations each on a module instance of its own (bench/run.ts, ROTATION_BUNDLES)
  const rotation = {
    siteNoCache: await bundle('site-nocache-rotation'),
    siteCache: await bundle('site-cache-rotation'),
    restNoCache: await bundle('rest-nocache-rotation'),
    restCache: await bundle('rest-cache'), // (no other case uses it)
  };
  const httpNoCache = await bundle('http-nocache');
  const hsNoCache = await bundle('hs256-nocache');

  const awsJwtVerify = CognitoJwtVerifier.create({
    userPoolId: USER_POOL_ID,
    tokenUse: 'access',
    clientId: CLIENT_ID,
  });
  awsJwtVerify.cacheJwks({ keys: [fx.publicJwk] } as never);
  const joseKey = await importJWK(fx.publicJwk as never, 'RS256');
  const fastJwt = createFastJwtVerifier({
    key: fx.publicPem,
    algorithms: ['RS256'],
    allowedIss: ISSUER,
    cache: false,
  });
  const cognitoAtEdge = new Authenticator({
    region: REGION,
    userPoolId: USER_POOL_ID,
    userPoolAppId: CLIENT_ID,
    userPoolDomain: 'bench-prefix.auth.eu-west-1.amazoncognito.com',
  });
  cognitoAtEdge._jwtVerifier.cacheJwks({ keys: [fx.publicJwk] } as never);
  const amplifyNav = viewerRequest('/docs/guide/index.html', {
    ...NAVIGATION,
    Cookie: fx.amplifyCookieHeader,
  });
  const hsRaw = rawHmacVerify(createSecretKey(Buffer.from(fx.hsSecret, 'base64url')));
  const hsEvent = tokenEvent(fx.hsToken);
  const restEvent = tokenEvent(fx.accessToken);
  const httpEv = httpEvent(fx.accessToken);

  const checks: [string, () => Promise<unknown>, (r: unknown) => boolean][] = [
    ['site cookie', () => siteNoCache(cookieNav), forwarded],
    ['site bearer', () => siteNoCache(bearer), forwarded],
    ['site cookie 9 KB', () => siteCache(bigCookieNav), forwarded],
    ['cognito-at-edge', () => cognitoAtEdge.handle(amplifyNav as never), forwarded],
    ['rest', () => restNoCache(restEvent), allowed],
    ['http', () => httpNoCache(httpEv), allowed],
    ['hs256', () => hsNoCache(hsEvent), allowed],
    ['aws-jwt-verify', () => awsJwtVerify.verify(fx.accessToken), (r) => r !== undefined],
    ['jose', () => jwtVerify(fx.accessToken, joseKey, { issuer: ISSUER }), (r) => r !== undefined],
    ['fast-jwt', async () => fastJwt(fx.accessToken), (r) => r !== undefined],
  ];
  for (const [name, run, ok] of checks) await expectOk(name, run, ok);
  if (!raw(fx.accessToken) || !hsRaw(fx.hsToken)) throw new Error('raw baselines failed');
  // every rotation bundle allows a distinct token: the rotation's last, which comes back only after all
  // the others (more verifications than the cache holds entries), so it is never admitted to a cache
  const probe = fx.distinctTokens[fx.distinctTokens.length - 1]!;
  const probeCookie = viewerRequest('/docs/guide/index.html', {
    ...NAVIGATION,
    Cookie: fx.cookieHeader.replace(fx.accessToken, probe),
  });
  await expectOk('distinct site, cache off', () => rotation.siteNoCache(probeCookie), forwarded);
  await expectOk('distinct site, cache on', () => rotation.siteCache(probeCookie), forwarded);
  await expectOk('distinct rest, cache off', () => rotation.restNoCache(tokenEvent(probe)), allowed);
  await expectOk('distinct rest, cache on', () => rotation.restCache(tokenEvent(probe)), allowed);
  // cache hits: the second sight admits the token
  for (let i = 0; i < 3; i++) {
    await siteCache(cookieNav);
    await siteCache(bearer);
    await siteCache(bigCookieNav);
  }

  const cookieFor = (t: string) => fx.cookieHeader.replace(fx.accessToken, t);
  return [
    { name: 'raw node:crypto RS256 verify', fn: () => raw(fx.accessToken) },
    { name: 'site, cookie navigation, cache off', fn: () => siteNoCache(cookieNav) },
    { name: 'site, Bearer, cache off', fn: () => siteNoCache(bearer) },
    {
      name: 'site, cookie navigation, cache off, distinct tokens',
      fn: rotating(
        (t) => viewerRequest('/docs/guide/index.html', { ...NAVIGATION, Cookie: cookieFor(t) }),
        rotation.siteNoCache,
      ),
    },
    {
      name: 'site, cookie navigation, cache on, distinct tokens',
      fn: rotating(
        (t) => viewerRequest('/docs/guide/index.html', { ...NAVIGATION, Cookie: cookieFor(t) }),
        rotation.siteCache,
      ),
    },
    { name: 'site, cookie navigation, cache hit', fn: () => siteCache(cookieNav) },
    { name: 'site, Bearer, cache hit', fn: () => siteCache(bearer) },
    { name: 'site, cookie navigation, cache hit, 9 KB Cookie', fn: () => siteCache(bigCookieNav) },
    { name: 'cognito-at-edge, cookie navigation', fn: () => cognitoAtEdge.handle(amplifyNav as never) },
    { name: 'aws-jwt-verify alone', fn: () => awsJwtVerify.verify(fx.accessToken) },
    { name: 'jose alone (jwtVerify)', fn: () => jwtVerify(fx.accessToken, joseKey, { issuer: ISSUER }) },
    { name: 'fast-jwt alone', fn: () => fastJwt(fx.accessToken) },
    { name: 'REST TOKEN authorizer, cache off', fn: () => restNoCache(restEvent) },
    { name: 'HTTP API authorizer, cache off', fn: () => httpNoCache(httpEv) },
    {
      name: 'REST TOKEN authorizer, cache off, distinct tokens',
      fn: rotating((t) => tokenEvent(t), rotation.restNoCache),
    },
    {
      name: 'REST TOKEN authorizer, cache on, distinct tokens',
      fn: rotating((t) => tokenEvent(t), rotation.restCache),
    },
    { name: 'raw node:crypto HMAC-SHA-256', fn: () => hsRaw(fx.hsToken) },
    { name: 'HS256 REST TOKEN authorizer, cache off', fn: () => hsNoCache(hsEvent) },
  ];
}

async function rules(): Promise<BenchCase[]> {
  const raw = rawRs256Verify(createPublicKey({ key: fx.publicJwk as never, format: 'jwk' }));
  const event = viewerRequest('/docs/guide/index.html', { ...NAVIGATION, Cookie: fx.cookieHeader });
  const cases: BenchCase[] = [{ name: 'raw node:crypto RS256 verify', fn: () => raw(fx.accessToken) }];
  for (const n of [1, 10, 100, 1000]) {
    const handler = await bundle(`rules-${n}`);
    await expectOk(`rules-${n}`, () => handler(event), forwarded);
    await handler(event); // admitted on second sight
    cases.push({ name: `site, ${n} path rules, cookie navigation, cache hit`, fn: () => handler(event) });
  }
  return cases;
}

const SECTIONS: Record<string, () => Promise<BenchCase[]>> = { main, rules };

const options = JSON.parse(process.env['BENCH_OPTIONS'] ?? '{}');
const cases = await SECTIONS[section!]!();
const results = await interleaved(cases, options);
process.send!({ results }, () => process.exit(0));
