/**
 * Deterministic tampering: decode, flip one bit, re-encode canonically. Never "replace a character with
 * `A`", which is a no-op when the character already was `A` (1 run in 64), or which may only touch the unused
 * trailing bits of the last character.
 */
import {
  fromCloudFrontBase64,
  toCloudFrontBase64,
} from '../../packages/edgeward/src/core/signed-cookies/encoding.js';

/** A copy of `bytes` with bit `bit` (0 = lowest) of byte `index` flipped. */
export function flipBit(bytes: Uint8Array, index = 0, bit = 0): Buffer {
  const out = Buffer.from(bytes);
  if (index < 0 || index >= out.length) throw new RangeError(`byte ${index} is outside ${out.length} bytes`);
  out[index]! ^= 1 << bit;
  return out;
}

/** A CloudFront base64 value (`CloudFront-Signature`, `CloudFront-Policy`) with one bit of its bytes flipped. */
export function tamperCloudFrontBase64(value: string, index = 0): string {
  const bytes = fromCloudFrontBase64(value);
  if (bytes === undefined) throw new Error('not CloudFront base64');
  const tampered = toCloudFrontBase64(flipBit(bytes, index));
  if (tampered === value) throw new Error('tampering changed nothing');
  return tampered;
}
