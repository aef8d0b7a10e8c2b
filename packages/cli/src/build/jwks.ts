/**
 * Build-time JWKS baking: the issuer's public keys are fetched once when the bundle is built (or read from a
 * file for offline builds) and embedded, so a cold start verifies tokens without any network call. The
 * verifier still refreshes from the JWKS URI on an unknown `kid` (key rotation).
 *
 * @module
 */
import { readFile } from 'node:fs/promises';
import type {
  CognitoIssuerConfig,
  IssuerConfig,
  Jwks,
  OidcIssuerConfig,
} from 'edgeward/internal/core/config.js';
import { type FetchLike, fetchWithTimeout } from 'edgeward/internal/core/runtime.js';

/** Members only private or symmetric JWKs carry (RFC 7518 §6.2.2, §6.3.2, §6.4). */
const PRIVATE_MEMBERS = ['d', 'p', 'q', 'dp', 'dq', 'qi', 'oth', 'k'];

/**
 * The CDK context key naming a JWKS file that every edgeward function bakes instead of its issuer's JWKS:
 * `cdk synth -c edgeward:jwksFile=.edgeward/rehearsal/jwks.json` gives an assembly whose functions trust the
 * deploy rehearsal's identity provider (`edgeward rehearse`). Read by `edgewardCode()` in `@edgeward/cdk`.
 */
export const JWKS_CONTEXT_KEY = 'edgeward:jwksFile';

/** Build-time JWKS fetch timeout, in milliseconds. */
export const BUILD_JWKS_TIMEOUT_MS = 10_000;

/** The JWKS URI of a JWKS-verified issuer: its `jwksUri`, or Cognito's `{issuer}/.well-known/jwks.json`. */
export function jwksUriOf(issuer: CognitoIssuerConfig | OidcIssuerConfig): string {
  if (issuer.jwksUri) return issuer.jwksUri;
  const cognito = issuer as CognitoIssuerConfig;
  return `https://cognito-idp.${cognito.region}.amazonaws.com/${cognito.userPoolId}/.well-known/jwks.json`;
}

/**
 * Checks that `data` is a JWKS of public keys and returns it with only the members a verifier needs.
 *
 * @param source - where the data came from, for the error message (a URL or file path)
 * @throws Error naming `source` when `data` is not a JWKS, is empty, or holds private key material
 */
export function checkJwks(data: unknown, source: string): Jwks {
  const keys = (data as { keys?: unknown } | null)?.keys;
  if (!Array.isArray(keys) || keys.length === 0) {
    throw new Error(`${source}: expected a JWKS, an object with a non-empty "keys" array`);
  }
  for (const [i, key] of keys.entries()) {
    if (typeof key !== 'object' || key === null || typeof (key as { kty?: unknown }).kty !== 'string') {
      throw new Error(`${source}: keys[${i}] is not a JWK (no "kty")`);
    }
    if (PRIVATE_MEMBERS.some((m) => m in key)) {
      throw new Error(
        `${source}: keys[${i}] holds private or symmetric key material; only public keys may be baked`,
      );
    }
  }
  return { keys: keys as Jwks['keys'] };
}

/** Reads a JWKS file (JSON) for an offline build. */
export async function readJwksFile(path: string): Promise<Jwks> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (e) {
    throw new Error(`cannot read JWKS file ${path}: ${(e as NodeJS.ErrnoException).code ?? String(e)}`);
  }
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch {
    throw new Error(`${path}: not valid JSON`);
  }
  return checkJwks(data, path);
}

/**
 * Fetches a JWKS over HTTP(S) through the injected `fetch`, with a timeout.
 *
 * @throws Error naming the URI on a network error, timeout, non-200 status or invalid JWKS
 */
export async function fetchJwks(
  uri: string,
  fetchImpl: FetchLike,
  timeoutMs = BUILD_JWKS_TIMEOUT_MS,
): Promise<Jwks> {
  let response: Response;
  try {
    response = await fetchWithTimeout(fetchImpl, uri, { headers: { accept: 'application/json' } }, timeoutMs);
  } catch (e) {
    const reason =
      (e as Error).name === 'TimeoutError' ? `timed out after ${timeoutMs} ms` : (e as Error).message;
    throw new Error(
      `cannot fetch JWKS from ${uri}: ${reason} (use --jwks FILE or the issuer's "jwks" for offline builds)`,
    );
  }
  if (response.status !== 200) {
    throw new Error(`cannot fetch JWKS from ${uri}: HTTP ${response.status}`);
  }
  let data: unknown;
  try {
    data = await response.json();
  } catch {
    throw new Error(`${uri}: the response is not JSON`);
  }
  return checkJwks(data, uri);
}

/** Where the JWKS to bake comes from, in order of precedence. */
export interface JwksSources {
  /** A JWKS file given on the command line (`--jwks FILE`); wins over everything. */
  readonly jwksFile?: Jwks;
  /** HTTP client for fetching. */
  readonly fetch: FetchLike;
  /** Called before a network fetch (progress output). */
  readonly onFetch?: (uri: string) => void;
}

/**
 * Returns `issuer` with a `jwks` to bake: the `--jwks` file, else the issuer's inline `jwks`, else the JWKS
 * fetched from its URI. HS256 issuers are returned unchanged. Fetches are shared per URI through `cache`.
 */
export async function withBakedJwks<T extends IssuerConfig>(
  issuer: T,
  sources: JwksSources,
  cache: Map<string, Promise<Jwks>>,
): Promise<T> {
  if (issuer.kind === 'hs256') return issuer;
  if (sources.jwksFile) return { ...issuer, jwks: sources.jwksFile };
  if (issuer.jwks) return issuer;
  const uri = jwksUriOf(issuer);
  let pending = cache.get(uri);
  if (!pending) {
    sources.onFetch?.(uri);
    pending = fetchJwks(uri, sources.fetch);
    cache.set(uri, pending);
  }
  return { ...issuer, jwks: await pending };
}
