/**
 * HS256 (HMAC-SHA-256, RFC 7518 §3.2) signature verification with `node:crypto`: one `createHmac` over the
 * JWS signing input with a pre-imported secret `KeyObject`, compared in constant time with
 * `timingSafeEqual`. Chosen over jose by measurement (see docs/verification.md and BENCHMARKS.md):
 * jose's `jwtVerify` goes through WebCrypto's async `subtle.verify`; tests use jose as the reference.
 *
 * @module
 */
import { createHmac, type KeyObject, timingSafeEqual } from 'node:crypto';
import { AuthError } from '../errors.js';
import type { ParsedJws } from './parse.js';

/** Length of an HS256 signature in bytes. */
const HS256_BYTES = 32;

/**
 * Verifies the HS256 signature of `parsed` with `key`.
 *
 * @throws AuthError `token_signature_invalid` when the signature does not match
 * @see https://www.rfc-editor.org/rfc/rfc7515#section-5.2 (step 8)
 * @see https://www.rfc-editor.org/rfc/rfc7518#section-3.2
 */
export function verifyHs256(parsed: ParsedJws, key: KeyObject): undefined {
  const actual = parsed.signature;
  const expected = createHmac('sha256', key).update(parsed.signingInput).digest();
  if (actual.length !== HS256_BYTES || !timingSafeEqual(actual, expected)) {
    throw new AuthError('token_signature_invalid', 'JWT signature is invalid');
  }
}
