/**
 * JWKS signature keys, imported once (when a key set is installed) into `node:crypto` `KeyObject`s, each
 * with the JWS algorithms it may verify. Verification then costs one `crypto.verify` on a ready key, or for
 * RSA the RSASSA-PKCS1-v1_5 steps of `rsa-pkcs1.ts` (prepared here, once per key and algorithm).
 *
 * A key is usable when `jwk-shape.ts` (aws-jwt-verify's rules) accepts it as a signature JWK (`kty`
 * RSA/EC/OKP with its members, `use` absent or `sig`), it has a non-empty string `kid`, `key_ops` (if present) includes `verify`,
 * Node can import it, and an RSA modulus has at least {@link MIN_RSA_MODULUS_BITS} bits.
 *
 * Algorithm ↔ key compatibility (RFC 7518 §3.1): `RS256`/`RS384`/`RS512` need an RSA key; `ES256`,
 * `ES384`, `ES512` an EC key on P-256, P-384, P-521 respectively; `EdDSA` an OKP Ed25519/Ed448 key
 * (RFC 8037). A JWK `alg` narrows the set to that one algorithm (an `alg` the key cannot serve leaves
 * none: every token is then refused with `token_alg_not_allowed`).
 *
 * @see [RFC 7517 - JSON Web Key, section 4](https://www.rfc-editor.org/rfc/rfc7517.html#section-4)
 * @see [RFC 7518 - JSON Web Algorithms, section 3.1](https://www.rfc-editor.org/rfc/rfc7518.html#section-3.1)
 * @see [RFC 8037 - CFRG Elliptic Curve Signatures in JOSE, section 3.1](https://www.rfc-editor.org/rfc/rfc8037.html#section-3.1)
 * @module
 */
import { createPublicKey, type JsonWebKey, type KeyObject, type VerifyKeyObjectInput } from 'node:crypto';
import { UnusableKeyError } from '../errors.js';
import { assertIsSignatureJwk, isJwk, type Jwk } from './jwk-shape.js';
import { type RsaPkcs1Verifier, rsaPkcs1Verifier } from './rsa-pkcs1.js';

/** Smallest RSA modulus accepted, in bits (RFC 7518 §3.3: "2048 bits or larger MUST be used"). */
export const MIN_RSA_MODULUS_BITS = 2048;

/** A usable signature key of a JWKS, ready for `crypto.verify` (RSA: for `rsa-pkcs1.ts`). */
export interface SignatureKey {
  readonly kid: string;
  /** What `crypto.verify` takes: the `KeyObject`, or `{ key, dsaEncoding: 'ieee-p1363' }` for EC (JWS `r‖s`). */
  readonly verifyKey: KeyObject | VerifyKeyObjectInput;
  /** The JWS `alg` values this key may verify (already narrowed by the JWK's own `alg`). */
  readonly algorithms: ReadonlySet<string>;
  /** The exact length of a signature made with this key, in bytes. */
  readonly signatureBytes: number;
  /**
   * RSA keys only: the RSASSA-PKCS1-v1_5 verifier of each of {@link algorithms} (`rsa-pkcs1.ts`), used
   * instead of `crypto.verify` on `verifyKey`.
   */
  readonly rsaPkcs1?: Readonly<Record<string, RsaPkcs1Verifier>>;
}

/**
 * The message digest of each JWS algorithm verified with `crypto.verify` (`null`: EdDSA hashes internally).
 * RS256/RS384/RS512 are verified by `rsa-pkcs1.ts`.
 */
export const JWS_DIGESTS: Readonly<Record<string, string | null>> = {
  ES256: 'sha256',
  ES384: 'sha384',
  ES512: 'sha512',
  EdDSA: null,
};

/** EC curve (OpenSSL name) → JWS algorithm and signature length (`r‖s`, bytes). */
const EC_CURVES: Readonly<Record<string, { readonly alg: string; readonly bytes: number }>> = {
  prime256v1: { alg: 'ES256', bytes: 64 },
  secp384r1: { alg: 'ES384', bytes: 96 },
  secp521r1: { alg: 'ES512', bytes: 132 },
};

const RSA_ALGORITHMS = ['RS256', 'RS384', 'RS512'];

declare global {
  /**
   * Whether EC and EdDSA keys are usable. `edgeward build` defines it (esbuild `define`) as whether the
   * baked issuer accepts any algorithm but RS256/RS384/RS512, so that the bundle of an RSA-only issuer
   * (every Cognito user pool) drops the code that prepares them. Undefined outside a bundle: they are
   * usable. Such a bundle still keeps an EC or EdDSA key of the JWKS, with no algorithm, so that a token
   * naming it fails exactly as before (`token_alg_not_allowed`: the issuer allows no algorithm such a key
   * signs with).
   */
  var EDGEWARD_NON_RSA_KEYS: boolean | undefined;
}

/** A key of the JWKS that verifies nothing in this bundle (see `EDGEWARD_NON_RSA_KEYS`). */
function withoutAlgorithms(kid: string, key: KeyObject): SignatureKey {
  return { kid, verifyKey: key, algorithms: new Set(), signatureBytes: 0 };
}

function narrowed(jwk: Jwk, algorithms: readonly string[]): ReadonlySet<string> {
  const alg = jwk.alg;
  if (alg === undefined) return new Set(algorithms);
  return new Set(algorithms.includes(alg) ? [alg] : []);
}

/**
 * Imports one JWK as a signature key.
 *
 * @param candidate - one member of a JWKS `keys` array, untrusted
 * @throws UnusableKeyError (`jwk_unusable`) naming why the key is unusable, also for the JWK shape checks
 *   of `jwk-shape.ts`; Node's import error (with its `ERR_*` code) for malformed key material
 */
export function importSignatureKey(candidate: unknown): SignatureKey {
  if (!isJwk(candidate as Jwk)) throw new UnusableKeyError('not a JWK');
  const jwk = candidate as Jwk;
  if (typeof jwk.kid !== 'string' || jwk.kid === '') throw new UnusableKeyError('no kid');
  assertIsSignatureJwk(jwk);
  const ops = (jwk as { key_ops?: unknown }).key_ops;
  if (ops !== undefined && !(Array.isArray(ops) && ops.includes('verify'))) {
    throw new UnusableKeyError('key_ops does not include verify');
  }
  const key = createPublicKey({ key: jwk as JsonWebKey, format: 'jwk' });
  const details = key.asymmetricKeyDetails ?? {};
  switch (key.asymmetricKeyType) {
    case 'rsa': {
      const bits = details.modulusLength ?? 0;
      if (bits < MIN_RSA_MODULUS_BITS)
        throw new UnusableKeyError(`RSA key under ${MIN_RSA_MODULUS_BITS} bits`);
      const algorithms = narrowed(jwk, RSA_ALGORITHMS);
      const signatureBytes = Math.ceil(bits / 8);
      // no prototype: only the algorithms of this key are found in it
      const rsaPkcs1: Record<string, RsaPkcs1Verifier> = Object.create(null);
      for (const alg of algorithms) {
        const verifier = rsaPkcs1Verifier(key, signatureBytes, alg);
        if (verifier !== undefined) rsaPkcs1[alg] = verifier;
      }
      return { kid: jwk.kid, verifyKey: key, algorithms, signatureBytes, rsaPkcs1 };
    }
    case 'ec': {
      // An unsupported curve is skipped in every bundle (it must not hide another key with its kid).
      const curve = EC_CURVES[details.namedCurve ?? ''];
      if (curve === undefined) throw new UnusableKeyError('unsupported EC curve');
      // (the global is checked in place and the code is inside its branch: esbuild drops it only so)
      if (globalThis.EDGEWARD_NON_RSA_KEYS !== false) {
        return {
          kid: jwk.kid,
          verifyKey: { key, dsaEncoding: 'ieee-p1363' },
          algorithms: narrowed(jwk, [curve.alg]),
          signatureBytes: curve.bytes,
        };
      }
      return withoutAlgorithms(jwk.kid, key);
    }
    case 'ed25519':
    case 'ed448':
      if (globalThis.EDGEWARD_NON_RSA_KEYS !== false) {
        return {
          kid: jwk.kid,
          verifyKey: key,
          algorithms: narrowed(jwk, ['EdDSA']),
          signatureBytes: key.asymmetricKeyType === 'ed25519' ? 64 : 114,
        };
      }
      return withoutAlgorithms(jwk.kid, key);
    default:
      throw new UnusableKeyError('unsupported key type');
  }
}
