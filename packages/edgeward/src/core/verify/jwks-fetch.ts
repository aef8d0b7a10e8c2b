/**
 * One fetch of an issuer's JWKS document for the key store (`jwks.ts`), which imports this module on its
 * first fetch only: a cold start with baked keys, and every request whose key is known, never fetch, so a
 * bundle carries this with its lazily loaded code.
 *
 * @see [RFC 7517 - JSON Web Key, section 5](https://www.rfc-editor.org/rfc/rfc7517.html#section-5)
 * @module
 */
import type { Jwks } from '../config.js';
import { AuthError } from '../errors.js';
import { isRecord } from '../record.js';
import { type FetchLike, fetchWithTimeout } from '../runtime.js';

/** Largest JWKS document accepted, in bytes. */
export const MAX_JWKS_BYTES = 512 * 1024;

/** Where and how to fetch a JWKS document. */
export interface JwksFetchOptions {
  /** The JWKS URI. */
  readonly uri: string;
  /** The HTTP client (the store's injected `fetch`). */
  readonly fetch: FetchLike;
  /** Timeout of the request, in milliseconds. */
  readonly timeoutMs: number;
}

/**
 * Fetches and parses a JWKS document: `GET` with `Accept: application/json`, redirects refused, HTTP 200
 * only, at most {@link MAX_JWKS_BYTES}, a JSON object with a `keys` array (the keys themselves are checked
 * when the store imports them).
 *
 * @throws AuthError `jwks_unavailable` (network error, timeout, non-200) or `jwks_invalid` (too large, not
 *   JSON, no `keys` array)
 * @see [RFC 7517 - JSON Web Key, section 5](https://www.rfc-editor.org/rfc/rfc7517.html#section-5)
 */
export async function fetchJwksDocument(options: JwksFetchOptions): Promise<Jwks> {
  const { fetch, uri, timeoutMs } = options;
  let text: string;
  try {
    const response = await fetchWithTimeout(
      fetch,
      uri,
      { headers: { accept: 'application/json' }, redirect: 'error' },
      timeoutMs,
    );
    if (response.status !== 200) {
      await response.body?.cancel().catch(() => {});
      throw new AuthError('jwks_unavailable', `JWKS endpoint answered HTTP ${response.status}`);
    }
    text = await response.text();
  } catch (e) {
    if (e instanceof AuthError) throw e;
    const timedOut = e instanceof Error && (e.name === 'TimeoutError' || e.name === 'AbortError');
    throw new AuthError(
      'jwks_unavailable',
      timedOut ? `JWKS fetch timed out after ${timeoutMs} ms` : 'JWKS fetch failed',
      { cause: e },
    );
  }
  if (Buffer.byteLength(text) > MAX_JWKS_BYTES)
    throw new AuthError('jwks_invalid', 'JWKS document is too large');
  let jwks: unknown;
  try {
    jwks = JSON.parse(text);
  } catch (e) {
    throw new AuthError('jwks_invalid', 'JWKS document is not JSON', { cause: e });
  }
  if (!isRecord(jwks) || !Array.isArray(jwks.keys)) {
    throw new AuthError('jwks_invalid', 'JWKS document has no keys array');
  }
  return jwks as unknown as Jwks;
}
