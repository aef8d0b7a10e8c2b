/**
 * Bearer mode (RFC 6750 §2.1): exactly one `Authorization` header carrying exactly one token with the
 * `Bearer` scheme (case-insensitive), verified as an access token, then the rules. Failures answer 401
 * `WWW-Authenticate: Bearer error="invalid_request"|"invalid_token"` or 403 `insufficient_scope`
 * (RFC 6750 §3.1); success forwards without the `Authorization` header.
 *
 * @see https://www.rfc-editor.org/rfc/rfc6750#section-2.1
 * @see https://www.rfc-editor.org/rfc/rfc6750#section-3
 * @module
 */
import type { CloudFrontHeaders, CloudFrontRequestResult } from 'aws-lambda';
import type { TokenUse } from '../core/config.js';
import { AuthError } from '../core/errors.js';
import type { FailureCode } from '../core/outcomes.js';
import type { VerifiedToken } from '../core/verify/types.js';
import { headerValues, type ViewerRequest } from './event.js';
import { fail, failureCode, failureDetail } from './failure.js';
import type { Site } from './site.js';

/** `b64token` of RFC 6750 §2.1 after `Bearer` and one or more spaces; nothing else on the line. */
const BEARER = /^bearer +([A-Za-z0-9\-._~+/]+=*)$/i;

/** True when the request carries at least one `Authorization` header. */
export function hasAuthorization(headers: CloudFrontHeaders): boolean {
  return headerValues(headers, 'authorization').length > 0;
}

/**
 * Extracts the one Bearer token of a request.
 *
 * @throws AuthError `authorization_header_invalid` for several `Authorization` headers, another scheme,
 *   no token, or more than one token; `token_missing` when there is no `Authorization` header
 */
export function bearerToken(headers: CloudFrontHeaders): string {
  const values = headerValues(headers, 'authorization');
  if (values.length === 0) throw new AuthError('token_missing', 'no Authorization header');
  if (values.length > 1)
    throw new AuthError('authorization_header_invalid', 'more than one Authorization header');
  const m = BEARER.exec(values[0]!.trim());
  if (!m) throw new AuthError('authorization_header_invalid', 'Authorization is not one Bearer token');
  return m[1]!;
}

/**
 * Verifies the Bearer token against each accepted `token_use` in order (first success wins).
 *
 * @throws AuthError from extraction or verification (the last verification error)
 */
export async function verifyBearer(
  site: Site,
  headers: CloudFrontHeaders,
  uses: readonly TokenUse[],
): Promise<VerifiedToken> {
  const token = bearerToken(headers);
  let last: unknown;
  for (const tokenUse of uses) {
    try {
      return await site.verifier.verify(token, { tokenUse });
    } catch (e) {
      last = e;
      if (failureCode(e) !== 'token_use_invalid') break;
    }
  }
  throw last;
}

/**
 * Handles a request carrying `Authorization` in Bearer mode.
 *
 * @param onAllowed - continuation when the rules allow the verified token
 */
export async function handleBearer(
  site: Site,
  vr: ViewerRequest,
  onAllowed: (token: VerifiedToken) => Promise<CloudFrontRequestResult>,
  uses: readonly TokenUse[] = ['access'],
): Promise<CloudFrontRequestResult> {
  let token: VerifiedToken;
  try {
    token = await verifyBearer(site, vr.request.headers, uses);
  } catch (e) {
    return fail(site, vr, failureCode(e), { navigation: false, bearer: true }, failureDetail(e));
  }
  const d = site.authorize({ path: vr.uri, method: vr.method }, token);
  switch (d.outcome) {
    case 'allow':
      return onAllowed(token);
    case 'bad_request':
      return fail(site, vr, 'path_invalid', { navigation: false, bearer: true }, d.detail);
    case 'unauthenticated':
      return fail(site, vr, 'credentials_required', { navigation: false, bearer: true }, d.detail);
    default:
      return fail(site, vr, d.reason as FailureCode, { navigation: false, bearer: true }, d.detail);
  }
}
