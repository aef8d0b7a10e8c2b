/**
 * Hand-crafted compact JWS for hostile-input tests: arbitrary header and payload **text** (duplicate
 * member names, non-object payloads, …) signed for real with node:crypto (a signer independent of the
 * verifier under test; nothing is mocked).
 */
import { createHmac, KeyObject, sign } from 'node:crypto';
import type { TestKey } from './keys.js';

/** base64url without padding (RFC 7515 §2). */
export function b64url(data: string | Uint8Array): string {
  return Buffer.from(data).toString('base64url');
}

/** Signs `header.payload` (already base64url) with `key` using its algorithm; returns base64url. */
export function signInput(key: TestKey, signingInput: string): string {
  const privateKey = KeyObject.from(key.privateKey);
  const signature =
    key.alg === 'ES256'
      ? sign('sha256', Buffer.from(signingInput), { key: privateKey, dsaEncoding: 'ieee-p1363' })
      : sign('sha256', Buffer.from(signingInput), privateKey);
  return b64url(signature);
}

/** A compact JWS whose header and payload are the given JSON **texts**, signed with `key`. */
export function signRaw(key: TestKey, headerJson: string, payloadJson: string): string {
  const input = `${b64url(headerJson)}.${b64url(payloadJson)}`;
  return `${input}.${signInput(key, input)}`;
}

/** A compact JWS with raw header/payload texts and an HS256 signature with `secret` (any bytes). */
export function signRawHs256(secret: string | Uint8Array, headerJson: string, payloadJson: string): string {
  const input = `${b64url(headerJson)}.${b64url(payloadJson)}`;
  return `${input}.${b64url(createHmac('sha256', secret).update(input).digest())}`;
}

/** An unsecured JWS (RFC 7519 §6): `alg` as given, empty or given signature. */
export function unsecured(alg: string, payload: object, signature = ''): string {
  return `${b64url(JSON.stringify({ alg, typ: 'JWT' }))}.${b64url(JSON.stringify(payload))}.${signature}`;
}

/** The three parts of a compact JWS. */
export function parts(token: string): [string, string, string] {
  const [h = '', p = '', s = ''] = token.split('.');
  return [h, p, s];
}

/** Replaces the signature with `mutate(bytes)` re-encoded canonically. */
export function withSignatureBytes(token: string, mutate: (sig: Buffer) => Buffer): string {
  const [h, p, s] = parts(token);
  return `${h}.${p}.${b64url(mutate(Buffer.from(s, 'base64url')))}`;
}

/** A mutable clock (ms) for JWKS cool-down/TTL tests. */
export interface MutableClock {
  (): number;
  set(ms: number): void;
  advanceSeconds(seconds: number): void;
}

/** Creates a {@link MutableClock} starting at `startMs`. */
export function mutableClock(startMs: number): MutableClock {
  let now = startMs;
  const clock = (() => now) as MutableClock;
  clock.set = (ms) => {
    now = ms;
  };
  clock.advanceSeconds = (s) => {
    now += s * 1000;
  };
  return clock;
}

/** Wraps `fetch` and counts the calls made through it. */
export function countingFetch(): { fetch: typeof fetch; calls: () => number } {
  let count = 0;
  return {
    fetch: (input, init) => {
      count++;
      return fetch(input, init);
    },
    calls: () => count,
  };
}
