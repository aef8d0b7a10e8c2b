/**
 * Writing a cookie value as numbered chunks, and the size a set of cookies adds to a request: the login
 * path's side of the chunking that `cookies.ts` reads back. In a module of its own so that a bundle loads
 * it with the login path, not on every cold start (esbuild places whole modules in chunks).
 *
 * @module
 */
import { type CookiePair, chunkName, MAX_CHUNKS, MAX_COOKIE_VALUE_BYTES } from './cookies.js';

/**
 * Splits `value` for cookie `base`: one cookie named `base` when it fits in
 * {@link MAX_COOKIE_VALUE_BYTES}, else numbered chunks `base.0`, `base.1`, … .
 *
 * @returns the pairs to set, or `undefined` when more than {@link MAX_CHUNKS} chunks would be needed
 */
export function chunkCookie(
  base: string,
  value: string,
  maxBytes = MAX_COOKIE_VALUE_BYTES,
): CookiePair[] | undefined {
  if (value.length <= maxBytes) return [{ name: base, value }];
  const count = Math.ceil(value.length / maxBytes);
  if (count > MAX_CHUNKS) return undefined;
  const out: CookiePair[] = [];
  for (let i = 0; i < count; i++)
    out.push({ name: chunkName(base, i), value: value.slice(i * maxBytes, (i + 1) * maxBytes) });
  return out;
}

/** Approximate bytes a set of pairs adds to a `Cookie` request header (`name=value; ` each). */
export function cookieHeaderBytes(pairs: readonly CookiePair[]): number {
  let n = 0;
  for (const p of pairs) n += p.name.length + p.value.length + 3;
  return n;
}
