/**
 * CloudFront's URL-safe base64 variant, used for `CloudFront-Policy` and `CloudFront-Signature`: standard
 * MIME base64 (RFC 2045 §6.8) with `+` → `-`, `=` → `_` and `/` → `~`.
 *
 * Dependency-free (Node `Buffer` only) so the local CloudFront emulator can reuse it.
 *
 * @see https://docs.aws.amazon.com/AmazonCloudFront/latest/DeveloperGuide/private-content-setting-signed-cookie-custom-policy.html
 * @module
 */

const TO_CLOUDFRONT: Readonly<Record<string, string>> = { '+': '-', '=': '_', '/': '~' };
const FROM_CLOUDFRONT: Readonly<Record<string, string>> = { '-': '+', _: '=', '~': '/' };

/** The characters CloudFront base64 may contain. */
const CLOUDFRONT_BASE64 = /^[A-Za-z0-9\-~]+_{0,2}$/;

/**
 * Encodes bytes (or a UTF-8 string) as CloudFront base64.
 *
 * @param data - the bytes to encode; a string is encoded as UTF-8 first
 * @returns standard base64 with `+`, `=`, `/` replaced by `-`, `_`, `~`
 */
export function toCloudFrontBase64(data: Uint8Array | string): string {
  const b64 = (typeof data === 'string' ? Buffer.from(data, 'utf8') : Buffer.from(data)).toString('base64');
  return b64.replace(/[+=/]/g, (c) => TO_CLOUDFRONT[c]!);
}

/**
 * Decodes CloudFront base64 strictly: only the CloudFront alphabet, padding (`_`) only at the end, and a length
 * that is a multiple of 4 once padded.
 *
 * @returns the decoded bytes, or `undefined` when `value` is not well-formed CloudFront base64
 */
export function fromCloudFrontBase64(value: string): Buffer | undefined {
  if (value.length === 0 || value.length % 4 !== 0 || !CLOUDFRONT_BASE64.test(value)) return undefined;
  const b64 = value.replace(/[-_~]/g, (c) => FROM_CLOUDFRONT[c]!);
  const bytes = Buffer.from(b64, 'base64');
  // Buffer.from ignores non-canonical trailing bits; re-encoding must give the input back.
  return bytes.toString('base64') === b64 ? bytes : undefined;
}
