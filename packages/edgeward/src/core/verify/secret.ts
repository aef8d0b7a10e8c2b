/**
 * HS256 shared secrets: resolution from a {@link SecretSource} and the 32-byte minimum
 * (RFC 7518 §3.2: a key of the same size as the hash output or larger).
 *
 * @module
 */
import { createSecretKey, type KeyObject } from 'node:crypto';
import type { SecretSource } from '../config.js';
import { AuthError } from '../errors.js';
import { isCanonicalBase64url } from './parse.js';

/** Smallest accepted HS256 secret, in bytes (RFC 7518 §3.2). */
export const MIN_HS256_SECRET_BYTES = 32;

function configInvalid(message: string): AuthError {
  return new AuthError('config_invalid', message);
}

function decodeBase64url(value: string, where: string): Uint8Array {
  if (value.length === 0 || !isCanonicalBase64url(value)) {
    throw configInvalid(`${where} is not unpadded base64url`);
  }
  return new Uint8Array(Buffer.from(value, 'base64url'));
}

/**
 * Resolves an HS256 secret from a baked (`base64url`) or environment (`env`) source. The environment
 * variable holds the secret as unpadded base64url, like the baked form. The `secretsManager` source is
 * resolved by the separate Secrets Manager entry point, not here.
 *
 * @returns the secret bytes (at least {@link MIN_HS256_SECRET_BYTES})
 * @throws AuthError `config_invalid` naming the problem: not base64url, variable unset, secret shorter
 *   than 32 bytes, or a `secretsManager` source
 * @see https://www.rfc-editor.org/rfc/rfc7518#section-3.2
 * @example
 * ```ts
 * const secret = resolveSecret({ env: 'JWT_SECRET' });
 * const verifier = createVerifier(config, { secret });
 * ```
 */
export function resolveSecret(source: SecretSource): Uint8Array {
  let bytes: Uint8Array;
  if ('base64url' in source) {
    bytes = decodeBase64url(source.base64url, 'secret.base64url');
  } else if ('env' in source) {
    const value = process.env[source.env];
    if (value === undefined || value === '') {
      throw configInvalid(`environment variable ${source.env} (HS256 secret) is not set`);
    }
    bytes = decodeBase64url(value, `environment variable ${source.env}`);
  } else if ('secretsManager' in source) {
    throw configInvalid(
      'a secretsManager secret is resolved by the Secrets Manager entry point; pass deps.secret',
    );
  } else {
    throw configInvalid('secret source must have base64url, env or secretsManager');
  }
  assertSecretLength(bytes.byteLength);
  return bytes;
}

function assertSecretLength(bytes: number): void {
  if (bytes < MIN_HS256_SECRET_BYTES) {
    throw configInvalid(
      `HS256 secret is ${bytes} bytes; at least ${MIN_HS256_SECRET_BYTES} bytes are required`,
    );
  }
}

/**
 * Turns secret bytes or a secret `KeyObject` into the HMAC `KeyObject` used for every verification.
 *
 * @throws AuthError `config_invalid` when the key is not a secret key or is shorter than 32 bytes
 */
export function toHmacKey(secret: Uint8Array | KeyObject): KeyObject {
  if (secret instanceof Uint8Array) {
    assertSecretLength(secret.byteLength);
    return createSecretKey(secret);
  }
  if (typeof secret !== 'object' || secret === null || secret.type !== 'secret') {
    throw configInvalid('HS256 secret must be bytes or a secret KeyObject');
  }
  assertSecretLength(secret.symmetricKeySize ?? 0);
  return secret;
}
