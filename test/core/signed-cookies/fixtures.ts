/**
 * Test fixtures for signed cookies: real key pairs from node:crypto, and an independent re-implementation of
 * CloudFront's signature check (decode with `-`→`+`, `_`→`=`, `~`→`/`, verify the policy bytes), so tests do
 * not rely on the code under test to judge its own output.
 */
import { generateKeyPairSync, type KeyObject, verify } from 'node:crypto';
import { parseSetCookie } from 'cookie';

export type KeyKind = 'rsa' | 'ec';

/** A real key pair: the private key as PKCS #8 PEM and the public key as SPKI PEM. */
export interface TestKeyPair {
  readonly privatePem: string;
  readonly publicPem: string;
  readonly publicKey: KeyObject;
}

/** RSA-2048 or ECDSA P-256 (the two kinds CloudFront accepts), or a weaker/other kind for negative tests. */
export function makeKeyPair(kind: KeyKind | 'rsa1024' | 'p384' | 'ed25519'): TestKeyPair {
  const pair =
    kind === 'rsa' || kind === 'rsa1024'
      ? generateKeyPairSync('rsa', { modulusLength: kind === 'rsa' ? 2048 : 1024 })
      : kind === 'ed25519'
        ? generateKeyPairSync('ed25519')
        : generateKeyPairSync('ec', { namedCurve: kind === 'ec' ? 'P-256' : 'P-384' });
  return {
    privatePem: pair.privateKey.export({ format: 'pem', type: 'pkcs8' }).toString(),
    publicPem: pair.publicKey.export({ format: 'pem', type: 'spki' }).toString(),
    publicKey: pair.publicKey,
  };
}

/** A parsed `Set-Cookie` header value. */
export interface ParsedSetCookie {
  readonly name: string;
  readonly value: string;
  /** Attribute names as written, e.g. `Path=/x`, `Secure`. */
  readonly attributes: readonly string[];
}

/** Parses `Set-Cookie` values (also with the `cookie` library, to make sure browsers' parsers agree). */
export function parseSetCookies(values: readonly string[]): Map<string, ParsedSetCookie> {
  const out = new Map<string, ParsedSetCookie>();
  for (const v of values) {
    const [pair, ...attributes] = v.split('; ');
    const eq = pair!.indexOf('=');
    const name = pair!.slice(0, eq);
    const value = pair!.slice(eq + 1);
    const viaLib = parseSetCookie(v);
    if (viaLib.name !== name || viaLib.value !== value)
      throw new Error(`cookie library disagrees on ${name}`);
    out.set(name, { name, value, attributes });
  }
  return out;
}

/** CloudFront's base64 decoding, written the way the AWS documentation describes it (character replacement). */
export function cloudFrontDecode(value: string): Buffer {
  return Buffer.from(value.replaceAll('-', '+').replaceAll('_', '=').replaceAll('~', '/'), 'base64');
}

/**
 * CloudFront's signature check of custom-policy cookies: rebuild the policy bytes from `CloudFront-Policy`,
 * pick SHA1 unless `CloudFront-Hash-Algorithm` says SHA256, verify `CloudFront-Signature` with the public key.
 *
 * @returns the policy as parsed JSON when the signature verifies; throws otherwise
 */
export function cloudFrontCheck(cookies: Map<string, ParsedSetCookie>, publicKey: KeyObject): unknown {
  const policy = cloudFrontDecode(cookies.get('CloudFront-Policy')!.value);
  const signature = cloudFrontDecode(cookies.get('CloudFront-Signature')!.value);
  const hash = cookies.get('CloudFront-Hash-Algorithm')?.value === 'SHA256' ? 'sha256' : 'sha1';
  if (!verify(hash, policy, publicKey, signature)) throw new Error('signature does not verify');
  return JSON.parse(policy.toString('utf8'));
}

/** Cookie name → value, as a viewer would send them back. */
export function cookieJar(cookies: Map<string, ParsedSetCookie>): Record<string, string> {
  return Object.fromEntries([...cookies.values()].map((c) => [c.name, c.value]));
}
