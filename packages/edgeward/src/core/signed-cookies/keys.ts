/**
 * Loading and checking the key types CloudFront accepts for signed URLs and cookies: RSA (2048 bits or
 * more, PKCS #1 v1.5 signatures) and ECDSA P-256 (DER-encoded signatures, as `openssl dgst -sign` writes).
 *
 * Dependency-free (`node:crypto` only) so the local CloudFront emulator can reuse it.
 *
 * @see https://docs.aws.amazon.com/cloudfront/latest/APIReference/API_PublicKeyConfig.html
 * @module
 */
import { createPrivateKey, createPublicKey, type KeyObject } from 'node:crypto';

/** Minimum RSA modulus length CloudFront accepts, in bits. */
export const MIN_RSA_BITS = 2048;

/**
 * Explains why a key is not usable with CloudFront, or returns `undefined` when it is.
 *
 * @param key - a private or public key
 */
export function keyProblem(key: KeyObject): string | undefined {
  if (key.asymmetricKeyType === 'rsa') {
    const bits = key.asymmetricKeyDetails?.modulusLength ?? 0;
    return bits >= MIN_RSA_BITS
      ? undefined
      : `RSA key has ${bits} bits; CloudFront needs at least ${MIN_RSA_BITS}`;
  }
  if (key.asymmetricKeyType === 'ec') {
    const curve = key.asymmetricKeyDetails?.namedCurve;
    return curve === 'prime256v1'
      ? undefined
      : `ECDSA key on curve ${curve ?? 'unknown'}; CloudFront needs P-256`;
  }
  return `key type ${key.asymmetricKeyType ?? key.type} is not supported; CloudFront needs RSA or ECDSA P-256`;
}

/** Result of loading a key. */
export type LoadedKey =
  | { readonly ok: true; readonly key: KeyObject }
  | { readonly ok: false; readonly detail: string };

/**
 * Loads a private key (PEM: PKCS #8 or PKCS #1/SEC 1; or a `KeyObject`) and checks it is RSA ≥ 2048 or
 * ECDSA P-256. Encrypted PEM is not supported.
 */
export function loadPrivateKey(source: KeyObject | string): LoadedKey {
  let key: KeyObject;
  try {
    key = typeof source === 'string' ? createPrivateKey(source) : source;
  } catch {
    return { ok: false, detail: 'private key is not a readable unencrypted PEM' };
  }
  if (key.type !== 'private') return { ok: false, detail: 'a private key is required' };
  const problem = keyProblem(key);
  return problem === undefined ? { ok: true, key } : { ok: false, detail: problem };
}

/**
 * Loads a public key (PEM `PUBLIC KEY`, a certificate-free SPKI; or a `KeyObject`, private keys give their
 * public half) and checks it is RSA ≥ 2048 or ECDSA P-256.
 */
export function loadPublicKey(source: KeyObject | string): LoadedKey {
  let key: KeyObject;
  try {
    key = typeof source === 'string' ? createPublicKey(source) : source;
    if (key.type === 'private') key = createPublicKey(key);
  } catch {
    return { ok: false, detail: 'public key is not a readable PEM' };
  }
  if (key.type !== 'public') return { ok: false, detail: 'a public key is required' };
  const problem = keyProblem(key);
  return problem === undefined ? { ok: true, key } : { ok: false, detail: problem };
}
