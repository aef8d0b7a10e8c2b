/**
 * HS256 shared secrets: resolution from a {@link SecretSource} and the 32-byte minimum
 * (RFC 7518 §3.2: a key of the same size as the hash output or larger).
 *
 * @module
 */
import { createSecretKey, type KeyObject } from 'node:crypto';
import type { SecretSource } from '../config.js';
import { AuthError } from '../errors.js';

/** Smallest accepted HS256 secret, in bytes (RFC 7518 §3.2). */
export const MIN_HS256_SECRET_BYTES = 32;

function configInvalid(message: string): AuthError {
  return new AuthError('config_invalid', message);
}

const BASE64 = /^[A-Za-z0-9+/]*={0,2}$/;
const BASE64URL = /^[A-Za-z0-9_-]*={0,2}$/;

/**
 * Decodes secret text written as standard base64 (RFC 4648 §4, `+` `/`, with or without `=` padding — what
 * `openssl rand -base64 32` prints) or base64url (RFC 4648 §5, `-` `_`, with or without padding).
 * Surrounding whitespace (a trailing newline) is ignored. Only the canonical form of each byte sequence is
 * accepted (unused trailing bits zero, padding complete when present), so a mistyped value is refused
 * rather than silently decoded to other bytes.
 *
 * @param where - names the source in the error message (never the value)
 * @throws AuthError `config_invalid` when the text is empty or not base64/base64url
 */
export function decodeSecretText(value: string, where: string): Uint8Array {
  const text = value.trim();
  const encoding = BASE64.test(text) ? 'base64' : BASE64URL.test(text) ? 'base64url' : undefined;
  if (text.length === 0 || encoding === undefined) {
    throw configInvalid(`${where} is not base64 or base64url`);
  }
  const bytes = Buffer.from(text, encoding);
  const unpadded = bytes.toString('base64url');
  const canonical =
    encoding === 'base64'
      ? bytes.toString('base64')
      : unpadded.padEnd(Math.ceil(unpadded.length / 4) * 4, '=');
  if (text !== canonical && text !== canonical.replace(/=+$/, '')) {
    throw configInvalid(`${where} is not canonical base64 or base64url (wrong padding or trailing bits)`);
  }
  return new Uint8Array(bytes);
}

/**
 * Resolves an HS256 secret from a baked (`base64url`) or environment (`env`) source. The environment
 * variable holds the secret as standard base64 (padded or not, e.g. `openssl rand -base64 32`) or
 * base64url (see {@link decodeSecretText}); at least 32 bytes once decoded. The `secretsManager` source is
 * resolved by the separate Secrets Manager entry point, not here.
 *
 * @returns the secret bytes (at least {@link MIN_HS256_SECRET_BYTES})
 * @throws AuthError `config_invalid` naming the problem (never the value): not base64/base64url, variable
 *   unset, secret shorter than 32 bytes, or a `secretsManager` source
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
    bytes = decodeSecretText(source.base64url, 'secret.base64url');
  } else if ('env' in source) {
    const value = process.env[source.env];
    if (value === undefined || value === '') {
      throw configInvalid(`environment variable ${source.env} (HS256 secret) is not set`);
    }
    bytes = decodeSecretText(value, `environment variable ${source.env}`);
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
