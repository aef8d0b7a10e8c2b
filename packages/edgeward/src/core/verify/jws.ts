/**
 * Asymmetric JWS signature verification (RS256/384/512, ES256/384/512, EdDSA) on a key imported when the
 * JWKS was installed ({@link SignatureKey}): one `node:crypto` `verify` call, or for RSA the RFC 8017
 * RSASSA-PKCS1-v1_5 steps themselves (`rsa-pkcs1.ts`: the public-key operation and one comparison).
 *
 * Why `node:crypto` here and not a JWT library: docs/verification.md ("Signatures: node:crypto on keys
 * imported once"). The checks a library makes are all made, here or earlier: the header `alg` is pinned
 * per issuer (`header.ts`), the key is a signature key (`keys.ts`, at install, with aws-jwt-verify's JWK
 * rules, `jwk-shape.ts`), and the token `alg` must be one the key can serve (`kty`/curve compatibility and
 * the JWK's own `alg`).
 *
 * @see [RFC 7515 - JSON Web Signature, section 5.2](https://www.rfc-editor.org/rfc/rfc7515.html#section-5.2)
 * @see [RFC 7518 - JSON Web Algorithms, section 3](https://www.rfc-editor.org/rfc/rfc7518.html#section-3)
 * @module
 */
import { verify } from 'node:crypto';
import { AuthError } from '../errors.js';
import { JWS_DIGESTS, type SignatureKey } from './keys.js';
import type { ParsedJws } from './parse.js';
import { isValidRsaPkcs1Signature } from './rsa-pkcs1.js';

/**
 * Verifies the signature of `parsed`, whose header `alg` is `alg` (already allowed for the issuer), with
 * `key` (the JWKS key for its `kid`).
 *
 * @throws AuthError `token_alg_not_allowed` when the key cannot serve `alg` (another key type or curve,
 *   or the JWK's `alg` differs); `token_signature_invalid` when the signature has the wrong length or
 *   does not verify
 * @see [RFC 7515 - JSON Web Signature, section 5.2 (step 8)](https://www.rfc-editor.org/rfc/rfc7515.html#section-5.2)
 */
export function verifyJwsSignature(parsed: ParsedJws, alg: string, key: SignatureKey): undefined {
  if (!key.algorithms.has(alg)) {
    throw new AuthError('token_alg_not_allowed', 'JWT alg does not match the key or is not supported');
  }
  const signature = parsed.signature;
  let valid = false;
  if (signature.length === key.signatureBytes) {
    try {
      const rsa = key.rsaPkcs1?.[alg];
      if (rsa !== undefined) {
        valid = isValidRsaPkcs1Signature(rsa, parsed.signingInput, signature);
      } else if (
        // EC and EdDSA keys (an RSA key never: every alg it serves has its verifier); not in the bundle of
        // an RSA-only issuer, whose keys of other types serve no algorithm (keys.ts)
        globalThis.EDGEWARD_NON_RSA_KEYS !== false &&
        key.rsaPkcs1 === undefined &&
        Object.hasOwn(JWS_DIGESTS, alg)
      ) {
        // The signing input is canonical base64url (checked by the parser): ASCII, so latin1 is exact.
        const input = Buffer.from(parsed.signingInput, 'latin1');
        valid = verify(JWS_DIGESTS[alg] ?? null, input, key.verifyKey, signature);
      }
    } catch {
      valid = false;
    }
  }
  if (!valid) throw new AuthError('token_signature_invalid', 'JWT signature is invalid');
}
