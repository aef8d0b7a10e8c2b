/**
 * Test tokens for `edgeward token`, `decode` and `explain`: signing keys, minting compact JWS tokens (RS256,
 * ES256, HS256) and decoding them unverified — all with jose; only key loading and generation use
 * `node:crypto` directly (jose's importers read PKCS #8 only, `--key` also accepts PKCS #1 and SEC 1). Test
 * tokens only: production tokens come from the identity provider.
 *
 * @see [RFC 7515 - JSON Web Signature, section 7.1 (compact serialization)](https://www.rfc-editor.org/rfc/rfc7515.html#section-7.1)
 * @see [RFC 7518 - JSON Web Algorithms, section 3.1 (RS256, ES256, HS256)](https://www.rfc-editor.org/rfc/rfc7518.html#section-3.1)
 * @module
 */
import {
  createPrivateKey,
  createPublicKey,
  generateKeyPairSync,
  type JsonWebKey,
  type KeyObject,
} from 'node:crypto';
import {
  calculateJwkThumbprint,
  decodeProtectedHeader,
  exportJWK,
  type JWK,
  type JWTPayload,
  decodeJwt as joseDecodeJwt,
  SignJWT,
} from 'jose';
import { CliError } from './io.js';

/** An asymmetric signing key with its algorithm and key id. */
export interface SigningKey {
  readonly alg: 'RS256' | 'ES256';
  readonly kid: string;
  readonly privateKey: KeyObject;
}

/** What a token is signed with. */
export type TokenSigner =
  | SigningKey
  | { readonly alg: 'HS256'; readonly secret: Uint8Array; readonly kid?: string };

/** The RFC 7638 JWK thumbprint (SHA-256, base64url) of a key's public part, used as its `kid`. */
async function thumbprintOf(privateKey: KeyObject): Promise<string> {
  return calculateJwkThumbprint(await exportJWK(createPublicKey(privateKey)), 'sha256');
}

/** The public JWK (with `kid`, `alg`, `use: sig`) of a signing key. */
export async function publicJwkOf(key: SigningKey): Promise<JWK & { kid: string; alg: string; use: string }> {
  const jwk = await exportJWK(createPublicKey(key.privateKey));
  return { ...jwk, kid: key.kid, alg: key.alg, use: 'sig' };
}

/**
 * Loads a private signing key from PEM (PKCS #8, PKCS #1 or SEC 1) or a private JWK (JSON) text.
 * RSA keys sign RS256 (2048 bits or more), P-256 keys ES256.
 *
 * @param kid - overrides the key id; default the JWK's `kid`, else its RFC 7638 thumbprint
 * @throws CliError `command_failed` when the text is not a supported private key
 * @see [RFC 7638 - JSON Web Key (JWK) Thumbprint, section 3](https://www.rfc-editor.org/rfc/rfc7638.html#section-3)
 */
export async function loadSigningKey(text: string, kid?: string): Promise<SigningKey> {
  let privateKey: KeyObject;
  let jwkKid: string | undefined;
  const trimmed = text.trim();
  try {
    if (trimmed.startsWith('{')) {
      const jwk = JSON.parse(trimmed) as JWK;
      jwkKid = jwk.kid;
      privateKey = createPrivateKey({ key: jwk as JsonWebKey, format: 'jwk' });
    } else {
      privateKey = createPrivateKey(trimmed);
    }
  } catch (e) {
    throw new CliError('not a PEM or JWK private key', 1, { cause: e });
  }
  let alg: SigningKey['alg'];
  if (privateKey.asymmetricKeyType === 'rsa') {
    if ((privateKey.asymmetricKeyDetails?.modulusLength ?? 0) < 2048)
      throw new CliError('RSA keys must have at least 2048 bits');
    alg = 'RS256';
  } else if (
    privateKey.asymmetricKeyType === 'ec' &&
    privateKey.asymmetricKeyDetails?.namedCurve === 'prime256v1'
  ) {
    alg = 'ES256';
  } else {
    throw new CliError('expected an RSA (RS256) or EC P-256 (ES256) private key');
  }
  return { alg, kid: kid ?? jwkKid ?? (await thumbprintOf(privateKey)), privateKey };
}

/** Generates an RSA-2048 RS256 signing key; `kid` is its RFC 7638 thumbprint. */
export async function generateSigningKey(): Promise<SigningKey> {
  const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  return { alg: 'RS256', kid: await thumbprintOf(privateKey), privateKey };
}

/**
 * Signs `claims` as a compact JWS with header `{alg, typ: 'JWT', kid}` (HS256 omits `kid` unless given),
 * with jose's `SignJWT`; the claims are signed as given (no claim is added). RS256 and HS256 signatures are
 * deterministic: the same input yields the same token.
 */
export async function signJwt(
  claims: Readonly<Record<string, unknown>>,
  signer: TokenSigner,
): Promise<string> {
  const jwt = new SignJWT({ ...claims } as JWTPayload).setProtectedHeader({
    alg: signer.alg,
    typ: 'JWT',
    ...(signer.kid === undefined ? {} : { kid: signer.kid }),
  });
  return jwt.sign(signer.alg === 'HS256' ? signer.secret : signer.privateKey);
}

/** A decoded, **unverified** compact JWS. */
export interface DecodedJwt {
  readonly header: Record<string, unknown>;
  readonly payload: Record<string, unknown>;
  /** Length of the signature part, in characters. */
  readonly signatureLength: number;
}

/**
 * Decodes a compact JWS without verifying anything (jose's `decodeProtectedHeader` and `decodeJwt`).
 *
 * @throws CliError `command_failed` when the token is a JWE or not three base64url parts with JSON object
 *   header and payload
 */
export function decodeJwt(token: string): DecodedJwt {
  const compact = token.trim();
  const parts = compact.split('.');
  if (parts.length === 5)
    throw new CliError('this is a JWE (five parts), e.g. a Cognito refresh token: it cannot be decoded');
  if (parts.length !== 3)
    throw new CliError(`expected a compact JWS of three dot-separated parts, got ${parts.length}`);
  let header: Record<string, unknown>;
  try {
    header = decodeProtectedHeader(compact) as Record<string, unknown>;
  } catch (e) {
    throw new CliError('the header is not a base64url-encoded JSON object', 1, { cause: e });
  }
  let payload: Record<string, unknown>;
  try {
    payload = joseDecodeJwt(compact) as Record<string, unknown>;
  } catch (e) {
    throw new CliError('the payload is not a base64url-encoded JSON object', 1, { cause: e });
  }
  return { header, payload, signatureLength: parts[2]!.length };
}
