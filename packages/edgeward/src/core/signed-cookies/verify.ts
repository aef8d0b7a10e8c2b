/**
 * Checks CloudFront signed cookies the way CloudFront does for a behavior restricted by a trusted key group.
 * Used by the local CloudFront emulator and by tests; dependency-free (`node:crypto`, `node:net`).
 *
 * Steps: pick the public key by `CloudFront-Key-Pair-Id`; pick the hash by `CloudFront-Hash-Algorithm`
 * (absent = SHA1); take the policy from `CloudFront-Policy` (custom) or rebuild the canned policy from the
 * request URL and `CloudFront-Expires`; verify `CloudFront-Signature` (RSA PKCS #1 v1.5 or DER ECDSA) over the
 * policy bytes; then check `Resource`, `DateLessThan`, `DateGreaterThan` and `IpAddress`.
 *
 * @see https://docs.aws.amazon.com/AmazonCloudFront/latest/DeveloperGuide/private-content-signed-cookies.html
 * @module
 */
import { type KeyObject, verify } from 'node:crypto';
import { fromCloudFrontBase64 } from './encoding.js';
import { loadPublicKey } from './keys.js';
import { buildCannedPolicy, ipInCidr, matchResource, type PolicyStatement, parsePolicy } from './policy.js';

/** Why signed cookies were refused. Stable strings, safe to log (never cookie values). */
export type SignedCookieRejection =
  | 'cookies_missing'
  | 'key_pair_id_unknown'
  | 'public_key_invalid'
  | 'hash_algorithm_invalid'
  | 'policy_malformed'
  | 'expires_malformed'
  | 'signature_malformed'
  | 'signature_invalid'
  | 'resource_mismatch'
  | 'expired'
  | 'not_yet_valid'
  | 'ip_mismatch';

/** Result of {@link verifySignedCookies}. */
export type SignedCookieCheck =
  | { readonly ok: true }
  | { readonly ok: false; readonly reason: SignedCookieRejection; readonly detail?: string };

/** Request facts and trust anchors for {@link verifySignedCookies}. */
export interface VerifySignedCookiesOptions {
  /**
   * The requested URL: scheme, host, path and query string (without CloudFront's own signed-URL
   * parameters), e.g. `https://example.com/private/app/index.html?v=1`.
   */
  readonly url: string;
  /** The viewer's address (CloudFront `clientIp`). */
  readonly clientIp: string;
  /** The request time in **seconds** since the epoch. */
  readonly nowSeconds: number;
  /** The trusted key group: public key id → public key (PEM or `KeyObject`). */
  readonly publicKeys: Readonly<Record<string, KeyObject | string>>;
}

/** Largest `CloudFront-Expires` CloudFront accepts (32-bit epoch time). */
const MAX_CANNED_EXPIRES = 2147483647;

/**
 * Verifies CloudFront signed cookies for one request.
 *
 * @param cookies - the request's cookies by name (case-sensitive names, raw values)
 * @returns `{ ok: true }`, or `{ ok: false, reason }` naming the first failed check
 * @see https://docs.aws.amazon.com/AmazonCloudFront/latest/DeveloperGuide/private-content-setting-signed-cookie-custom-policy.html
 * @see https://docs.aws.amazon.com/AmazonCloudFront/latest/DeveloperGuide/private-content-setting-signed-cookie-canned-policy.html
 */
export function verifySignedCookies(
  cookies: Readonly<Record<string, string>>,
  options: VerifySignedCookiesOptions,
): SignedCookieCheck {
  const keyPairId = cookies['CloudFront-Key-Pair-Id'];
  const signatureValue = cookies['CloudFront-Signature'];
  const policyValue = cookies['CloudFront-Policy'];
  const expiresValue = cookies['CloudFront-Expires'];
  if (!keyPairId || !signatureValue || (!policyValue && !expiresValue)) return reject('cookies_missing');

  const trusted = Object.hasOwn(options.publicKeys, keyPairId) ? options.publicKeys[keyPairId] : undefined;
  if (trusted === undefined) return reject('key_pair_id_unknown');
  const publicKey = loadPublicKey(trusted);
  if (!publicKey.ok) return reject('public_key_invalid', publicKey.detail);

  const hashName = cookies['CloudFront-Hash-Algorithm'];
  let hash: 'sha1' | 'sha256';
  if (hashName === undefined || hashName === 'SHA1') hash = 'sha1';
  else if (hashName === 'SHA256') hash = 'sha256';
  else return reject('hash_algorithm_invalid');

  let policyJson: string;
  let statement: PolicyStatement;
  if (policyValue) {
    const bytes = fromCloudFrontBase64(policyValue);
    if (bytes === undefined) return reject('policy_malformed', 'CloudFront-Policy is not CloudFront base64');
    policyJson = bytes.toString('utf8');
    const parsed = parsePolicy(policyJson);
    if (!parsed.ok) return reject('policy_malformed', parsed.detail);
    statement = parsed.statement;
  } else {
    const expires = /^\d{1,10}$/.test(expiresValue!) ? Number(expiresValue) : Number.NaN;
    if (!(expires <= MAX_CANNED_EXPIRES)) return reject('expires_malformed');
    policyJson = buildCannedPolicy(options.url, expires);
    statement = { resource: options.url, dateLessThan: expires };
  }

  const signature = fromCloudFrontBase64(signatureValue);
  if (signature === undefined) return reject('signature_malformed');
  let valid: boolean;
  try {
    valid = verify(hash, Buffer.from(policyJson, 'utf8'), publicKey.key, signature);
  } catch {
    valid = false;
  }
  if (!valid) return reject('signature_invalid');

  if (statement.resource !== undefined && !matchResource(statement.resource, options.url)) {
    return reject('resource_mismatch');
  }
  if (!(options.nowSeconds < statement.dateLessThan)) return reject('expired');
  if (statement.dateGreaterThan !== undefined && !(options.nowSeconds > statement.dateGreaterThan)) {
    return reject('not_yet_valid');
  }
  if (statement.sourceIp !== undefined && !ipInCidr(options.clientIp, statement.sourceIp)) {
    return reject('ip_mismatch');
  }
  return { ok: true };
}

function reject(reason: SignedCookieRejection, detail?: string): SignedCookieCheck {
  return detail === undefined ? { ok: false, reason } : { ok: false, reason, detail };
}
