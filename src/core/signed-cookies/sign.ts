/**
 * Signs a CloudFront custom policy for signed cookies with `node:crypto`: the same bytes as
 * `getSignedCookies` of `@aws-sdk/cloudfront-signer` given a custom policy (RSA/ECDSA `createSign` with
 * `RSA-SHA1` or `RSA-SHA256` over the policy JSON, CloudFront base64), without its URL and canned-policy
 * code in the size-limited Lambda@Edge bundle.
 *
 * @see https://docs.aws.amazon.com/AmazonCloudFront/latest/DeveloperGuide/private-content-setting-signed-cookie-custom-policy.html
 * @module
 */
import { createSign, type KeyObject } from 'node:crypto';
import type { SignedCookieHashAlgorithm } from './config.js';
import { toCloudFrontBase64 } from './encoding.js';

/** The values of the signed cookies, by cookie name; `CloudFront-Hash-Algorithm` only for SHA-256. */
export interface SignedCookieValues {
  readonly 'CloudFront-Policy': string;
  readonly 'CloudFront-Signature': string;
  readonly 'CloudFront-Key-Pair-Id': string;
  readonly 'CloudFront-Hash-Algorithm'?: 'SHA256';
}

/**
 * Signs `policy` (the custom policy JSON, exactly as it will be sent) with `privateKey`.
 *
 * @param policy - the policy statement JSON (see `buildCustomPolicy`)
 * @param keyPairId - the CloudFront public key id in the trusted key group
 * @param privateKey - RSA or ECDSA P-256 private key (a `KeyObject` or a PEM string)
 * @param algorithm - `SHA1` (CloudFront's default) or `SHA256` (adds `CloudFront-Hash-Algorithm=SHA256`)
 * @returns the cookie values, CloudFront base64 where encoded
 * @throws Error from `node:crypto` when the key cannot sign
 */
export function signCustomPolicy(
  policy: string,
  keyPairId: string,
  privateKey: KeyObject | string,
  algorithm: SignedCookieHashAlgorithm,
): SignedCookieValues {
  const signature = createSign(algorithm === 'SHA256' ? 'RSA-SHA256' : 'RSA-SHA1')
    .update(policy)
    .sign(privateKey);
  return {
    'CloudFront-Policy': toCloudFrontBase64(policy),
    'CloudFront-Signature': toCloudFrontBase64(signature),
    'CloudFront-Key-Pair-Id': keyPairId,
    ...(algorithm === 'SHA256' ? { 'CloudFront-Hash-Algorithm': 'SHA256' as const } : {}),
  };
}
