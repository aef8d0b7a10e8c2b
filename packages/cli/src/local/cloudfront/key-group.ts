/**
 * A trusted key group on a cache behavior: CloudFront itself checks the viewer's signed cookies
 * (`CloudFront-Policy` or `CloudFront-Expires`, `CloudFront-Signature`, `CloudFront-Key-Pair-Id`, optional
 * `CloudFront-Hash-Algorithm`) with {@link verifySignedCookies} and answers 403 when they are missing or
 * invalid.
 *
 * @see [Amazon CloudFront Developer Guide - Specify signers that can create signed URLs and signed cookies](https://docs.aws.amazon.com/AmazonCloudFront/latest/DeveloperGuide/private-content-trusted-signers.html)
 * @module
 */

import type { KeyObject } from 'node:crypto';
import { parseCookieHeaders } from 'edgeward/internal/core/session/cookie-header.js';
import { verifySignedCookies } from 'edgeward/internal/core/signed-cookies/verify.js';
import type { KeyGroupCheck } from './emulator.js';

/**
 * A {@link KeyGroupCheck} for a trusted key group.
 *
 * @param publicKeys - CloudFront public key id → public key (PEM or `KeyObject`)
 * @returns a check answering `MissingKey` when no signed cookies are sent and `AccessDenied` otherwise
 */
export function trustedKeyGroup(publicKeys: Readonly<Record<string, KeyObject | string>>): KeyGroupCheck {
  return (cookieHeaders, url, clientIp, nowSeconds) => {
    const cookies: Record<string, string> = Object.create(null);
    for (const { name, value } of parseCookieHeaders(cookieHeaders)) {
      if (!Object.hasOwn(cookies, name)) cookies[name] = value;
    }
    const check = verifySignedCookies(cookies, { url, clientIp, nowSeconds, publicKeys });
    if (check.ok) return { ok: true };
    return check.reason === 'cookies_missing'
      ? { ok: false, code: 'MissingKey', message: 'Missing Key-Pair-Id query parameter or cookie value' }
      : { ok: false, code: 'AccessDenied', message: 'Access denied' };
  };
}
