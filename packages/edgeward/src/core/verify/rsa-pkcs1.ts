/**
 * RSASSA-PKCS1-v1_5 signature verification (JWS `RS256`/`RS384`/`RS512`) exactly as RFC 8017 §8.2.2
 * specifies it: the RSA verification primitive RSAVP1 (the public-key operation, `crypto.publicDecrypt`
 * without padding), then one byte comparison of the result with EMSA-PKCS1-v1_5-ENCODE of the signing input
 * (`0x00 0x01 0xFF… 0x00 ‖ DigestInfo ‖ hash`), whose constant part is built once per key and algorithm.
 *
 * Why not `crypto.verify`: it does the same two steps inside OpenSSL (`RSA_verify` also rebuilds the
 * encoding and compares it whole), but on this machine's Node 20 / OpenSSL 3.0 it cost ~0.7 µs more per
 * token (~3% of a verification), measured on built bundles (docs/verification.md, findings). The set of
 * accepted signatures is the same: a signature must be exactly `k` bytes (checked by the caller), a
 * signature representative not below the modulus is refused by OpenSSL (`publicDecrypt` throws), and every
 * byte of the encoded message is compared, so no padding or DigestInfo variant can pass (the classic
 * lenient-parser forgeries, e.g. Bleichenbacher 2006, need a parser).
 *
 * @see [RFC 8017 - PKCS #1 v2.2, section 8.2.2 (RSASSA-PKCS1-V1_5-VERIFY)](https://www.rfc-editor.org/rfc/rfc8017.html#section-8.2.2)
 * @see [RFC 8017 - PKCS #1 v2.2, section 9.2 (EMSA-PKCS1-v1_5)](https://www.rfc-editor.org/rfc/rfc8017.html#section-9.2)
 * @module
 */
import { constants, hash, type KeyObject, publicDecrypt } from 'node:crypto';

/** The SHA-2 hash size in bits of each RSASSA-PKCS1-v1_5 JWS algorithm (RFC 7518 §3.3). */
const HASH_BITS: Readonly<Record<string, number>> = { RS256: 256, RS384: 384, RS512: 512 };

/** One RSA key's verifier for one algorithm: the public-key operation's input and the encoding's constant part. */
export interface RsaPkcs1Verifier {
  /** The `publicDecrypt` key input: the `KeyObject` without padding (RSAVP1 alone). */
  readonly rsavp1: { readonly key: KeyObject; readonly padding: number };
  /** The hash of the algorithm (`sha256`, `sha384`, `sha512`). */
  readonly digest: string;
  /** `0x00 0x01 0xFF… 0x00 ‖ DigestInfo`: the encoded message of length `k` without its last hash bytes. */
  readonly encodedPrefix: Buffer;
}

/**
 * The verifier of `alg` (`RS256`, `RS384`, `RS512`) for an RSA public key whose modulus is `k` bytes long.
 *
 * @returns undefined for any other `alg`, or a modulus too short for the encoding (RFC 8017 §9.2 step 3:
 *   "intended encoded message length too short"; never for the ≥ 2048-bit keys `keys.ts` accepts)
 */
export function rsaPkcs1Verifier(key: KeyObject, k: number, alg: string): RsaPkcs1Verifier | undefined {
  const bits = HASH_BITS[alg];
  if (bits === undefined) return undefined;
  const hashBytes = bits / 8;
  // DigestInfo (RFC 8017 §9.2, note 1): SEQUENCE { SEQUENCE { OID 2.16.840.1.101.3.4.2.n (n = 1, 2, 3 for
  // SHA-256, SHA-384, SHA-512), NULL }, OCTET STRING of hashBytes }, without the hash itself
  const digestInfo = [
    0x30,
    0x11 + hashBytes,
    0x30,
    0x0d,
    0x06,
    0x09,
    0x60,
    0x86,
    0x48,
    0x01,
    0x65,
    0x03,
    0x04,
    0x02,
    bits / 128 - 1,
    0x05,
    0x00,
    0x04,
    hashBytes,
  ];
  const padding = k - digestInfo.length - hashBytes - 3;
  if (padding < 8) return undefined;
  const encodedPrefix = Buffer.concat([
    Buffer.from([0x00, 0x01]),
    Buffer.alloc(padding, 0xff),
    Buffer.from([0x00, ...digestInfo]),
  ]);
  return { rsavp1: { key, padding: constants.RSA_NO_PADDING }, digest: `sha${bits}`, encodedPrefix };
}

/**
 * Whether `signature` is a valid RSASSA-PKCS1-v1_5 signature of `signingInput` under `verifier`'s key.
 *
 * @param signingInput - the JWS signing input (`header.payload`, ASCII: canonical base64url)
 * @param signature - the signature octets; the caller has checked that there are exactly `k` of them
 * @throws whatever `publicDecrypt` throws for a signature representative out of range (≥ the modulus);
 *   the caller treats any throw as an invalid signature
 */
export function isValidRsaPkcs1Signature(
  verifier: RsaPkcs1Verifier,
  signingInput: string,
  signature: Buffer,
): boolean {
  const encoded = publicDecrypt(verifier.rsavp1, signature);
  const prefix = verifier.encodedPrefix;
  const p = prefix.length;
  // Each comparison is of whole ranges: a length difference is a difference (and an encoded message
  // shorter than the prefix throws a RangeError, an invalid signature to the caller).
  return (
    encoded.compare(prefix, 0, p, 0, p) === 0 &&
    encoded.compare(hash(verifier.digest, signingInput, 'buffer'), 0, undefined, p) === 0
  );
}
