/**
 * The JWK shape checks the key import applies before `createPublicKey` (`keys.ts`): the same rules as
 * aws-jwt-verify's `isJwk` and `assertIsSignatureJwk` (a differential test holds them equal), in a few
 * lines, because importing `aws-jwt-verify/jwk` also drags its HTTPS fetcher and Node/Web compatibility
 * layer into every edge bundle.
 *
 * @see https://www.rfc-editor.org/rfc/rfc7517#section-4
 * @see https://www.rfc-editor.org/rfc/rfc7518#section-6
 * @module
 */
import { isRecord } from '../record.js';

/** Members that must be strings when present (RFC 7517 §4, RFC 7518 §6). */
const OPTIONAL_STRING_MEMBERS = ['use', 'alg', 'kid', 'n', 'e', 'x', 'y', 'crv'];

/** Members each key type must have non-empty (RFC 7518 §6.2.1, §6.3.1; RFC 8037 §2). */
const REQUIRED_BY_KTY: Readonly<Record<string, readonly string[]>> = {
  EC: ['crv', 'x', 'y'],
  RSA: ['n', 'e'],
  OKP: ['crv', 'x'],
};

/**
 * A JSON Web Key as read from a JWKS: string members (`kty`, `kid`, `use`, `alg`, `n`, `e`, `crv`, `x`, `y`,
 * …) plus optional `key_ops`.
 *
 * @see [RFC 7517 - JSON Web Key, section 4](https://www.rfc-editor.org/rfc/rfc7517.html#section-4)
 */
export interface Jwk {
  readonly kty: string;
  readonly kid?: string;
  readonly use?: string;
  readonly alg?: string;
  readonly key_ops?: readonly string[];
  readonly [member: string]: unknown;
}

/**
 * Whether `value` has the shape of a JWK: a JSON object with a string `kty`, and string `use`, `alg`,
 * `kid`, `n`, `e`, `x`, `y`, `crv` when present.
 */
export function isJwk(value: unknown): value is Jwk {
  if (!isRecord(value) || typeof value['kty'] !== 'string') return false;
  return OPTIONAL_STRING_MEMBERS.every((m) => !(m in value) || typeof value[m] === 'string');
}

/**
 * Asserts that a JWK can be a signature key: `kty` `EC`, `RSA` or `OKP`; `use`, when set, is `sig`; the
 * key type's members are present (`crv`/`x`/`y`, `n`/`e`, `crv`/`x`).
 *
 * @throws Error naming the problem (the caller logs the key as skipped, never its contents)
 */
export function assertIsSignatureJwk(jwk: Jwk): void {
  const required = REQUIRED_BY_KTY[jwk.kty];
  if (required === undefined || !Object.hasOwn(REQUIRED_BY_KTY, jwk.kty)) {
    throw new Error('JWK kty is not EC, RSA or OKP');
  }
  if (jwk.use && jwk.use !== 'sig') throw new Error('JWK use is not sig');
  for (const m of required) if (!jwk[m]) throw new Error(`JWK ${m} is missing`);
}
