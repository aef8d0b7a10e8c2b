/**
 * Minting compact JWS tokens for tests with `node:crypto` only (RS256, ES256, HS256), and the signing
 * keys behind them. Test tokens only: production tokens come from the identity provider.
 *
 * @see https://www.rfc-editor.org/rfc/rfc7515#section-7.1 (compact serialization)
 * @see https://www.rfc-editor.org/rfc/rfc7518#section-3 (RS256, ES256, HS256)
 * @module
 */
import {
  createHash,
  createHmac,
  createPrivateKey,
  createPublicKey,
  generateKeyPairSync,
  type JsonWebKey,
  type KeyObject,
  sign,
} from 'node:crypto';

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

const b64url = (data: Uint8Array | string): string => Buffer.from(data).toString('base64url');

/**
 * The RFC 7638 JWK thumbprint (SHA-256, base64url) of a public RSA or EC key, used as its `kid`.
 *
 * @see https://www.rfc-editor.org/rfc/rfc7638#section-3
 */
export function jwkThumbprint(jwk: JsonWebKey): string {
  const members =
    jwk.kty === 'RSA'
      ? { e: jwk.e, kty: jwk.kty, n: jwk.n }
      : { crv: jwk.crv, kty: jwk.kty, x: jwk.x, y: jwk.y };
  return createHash('sha256').update(JSON.stringify(members)).digest('base64url');
}

/** The public JWK (with `kid`, `alg`, `use: sig`) of a signing key. */
export function publicJwkOf(key: SigningKey): JsonWebKey & { kid: string; alg: string; use: string } {
  const jwk = createPublicKey(key.privateKey).export({ format: 'jwk' });
  return { ...jwk, kid: key.kid, alg: key.alg, use: 'sig' };
}

/**
 * Loads a private signing key from PEM (PKCS #8, PKCS #1 or SEC 1) or a private JWK (JSON) text.
 * RSA keys sign RS256 (2048 bits or more), P-256 keys ES256.
 *
 * @param kid - overrides the key id; default the JWK's `kid`, else its RFC 7638 thumbprint
 * @throws Error when the text is not a supported private key
 */
export function loadSigningKey(text: string, kid?: string): SigningKey {
  let privateKey: KeyObject;
  let jwkKid: string | undefined;
  const trimmed = text.trim();
  if (trimmed.startsWith('{')) {
    const jwk = JSON.parse(trimmed) as JsonWebKey & { kid?: string };
    jwkKid = jwk.kid;
    privateKey = createPrivateKey({ key: jwk, format: 'jwk' });
  } else {
    privateKey = createPrivateKey(trimmed);
  }
  let alg: SigningKey['alg'];
  if (privateKey.asymmetricKeyType === 'rsa') {
    if ((privateKey.asymmetricKeyDetails?.modulusLength ?? 0) < 2048)
      throw new Error('RSA keys must have at least 2048 bits');
    alg = 'RS256';
  } else if (
    privateKey.asymmetricKeyType === 'ec' &&
    privateKey.asymmetricKeyDetails?.namedCurve === 'prime256v1'
  ) {
    alg = 'ES256';
  } else {
    throw new Error('expected an RSA (RS256) or EC P-256 (ES256) private key');
  }
  const publicJwk = createPublicKey(privateKey).export({ format: 'jwk' });
  return { alg, kid: kid ?? jwkKid ?? jwkThumbprint(publicJwk), privateKey };
}

/** Generates an RSA-2048 RS256 signing key; `kid` is its thumbprint. */
export function generateSigningKey(): SigningKey {
  const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  return {
    alg: 'RS256',
    kid: jwkThumbprint(createPublicKey(privateKey).export({ format: 'jwk' })),
    privateKey,
  };
}

/**
 * Signs `claims` as a compact JWS with header `{alg, typ: 'JWT', kid}` (HS256 omits `kid` unless given).
 * RS256 and HS256 signatures are deterministic: the same input yields the same token.
 */
export function signJwt(claims: Readonly<Record<string, unknown>>, signer: TokenSigner): string {
  const header: Record<string, string> = { alg: signer.alg, typ: 'JWT' };
  if (signer.kid !== undefined) header['kid'] = signer.kid;
  const input = `${b64url(JSON.stringify(header))}.${b64url(JSON.stringify(claims))}`;
  let signature: Uint8Array;
  if (signer.alg === 'HS256') {
    signature = createHmac('sha256', signer.secret).update(input).digest();
  } else if (signer.alg === 'RS256') {
    signature = sign('sha256', Buffer.from(input), signer.privateKey);
  } else {
    signature = sign('sha256', Buffer.from(input), { key: signer.privateKey, dsaEncoding: 'ieee-p1363' });
  }
  return `${input}.${b64url(signature)}`;
}

/** A decoded, **unverified** compact JWS. */
export interface DecodedJwt {
  readonly header: Record<string, unknown>;
  readonly payload: Record<string, unknown>;
  /** Length of the signature part, in characters. */
  readonly signatureLength: number;
}

/**
 * Decodes a compact JWS without verifying anything.
 *
 * @throws Error when the token is not three base64url parts with JSON object header and payload
 */
export function decodeJwt(token: string): DecodedJwt {
  const parts = token.trim().split('.');
  if (parts.length === 5)
    throw new Error('this is a JWE (five parts), e.g. a Cognito refresh token: it cannot be decoded');
  if (parts.length !== 3)
    throw new Error(`expected a compact JWS of three dot-separated parts, got ${parts.length}`);
  const json = (part: string, what: string): Record<string, unknown> => {
    let value: unknown;
    try {
      value = JSON.parse(Buffer.from(part, 'base64url').toString('utf8'));
    } catch {
      throw new Error(`the ${what} is not base64url-encoded JSON`);
    }
    if (typeof value !== 'object' || value === null || Array.isArray(value))
      throw new Error(`the ${what} is not a JSON object`);
    return value as Record<string, unknown>;
  };
  return {
    header: json(parts[0]!, 'header'),
    payload: json(parts[1]!, 'payload'),
    signatureLength: parts[2]!.length,
  };
}
