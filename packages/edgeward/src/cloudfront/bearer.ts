/**
 * Bearer mode (RFC 6750 §2.1): exactly one `Authorization` header carrying exactly one token with the
 * `Bearer` scheme (case-insensitive), verified as an access token, then the rules. Failures answer 401
 * `WWW-Authenticate: Bearer error="invalid_request"|"invalid_token"` or 403 `insufficient_scope`
 * (RFC 6750 §3.1); success forwards without the `Authorization` header.
 *
 * @see [RFC 6750 - Bearer Token Usage, section 2.1](https://www.rfc-editor.org/rfc/rfc6750.html#section-2.1)
 * @see [RFC 6750 - Bearer Token Usage, section 3](https://www.rfc-editor.org/rfc/rfc6750.html#section-3)
 * @module
 */
import type { CloudFrontHeaders, CloudFrontRequestResult } from 'aws-lambda';
import type { TokenUse } from '../core/config.js';
import { AuthError } from '../core/errors.js';
import type { FailureCode } from '../core/outcomes.js';
import type { RuleDecision } from '../core/rules/types.js';
import type { VerifiedToken } from '../core/verify/types.js';
import { decideRequest } from './directory-index.js';
import { headerValues, type ViewerRequest } from './event.js';
import { fail, failureCode, failureDetail } from './failure.js';
import { type Site, TOKEN_USE } from './site.js';

/** RFC 6750 §2.1 `b64token`. */
const B64TOKEN = /^[A-Za-z0-9\-._~+/]+=*$/;

/** True when the request carries at least one `Authorization` header. */
export function hasAuthorization(headers: CloudFrontHeaders): boolean {
  return headerValues(headers, 'authorization').length > 0;
}

function notOneBearerToken(): AuthError {
  return new AuthError('authorization_header_invalid', 'Authorization is not one Bearer token');
}

/**
 * The credential after `Bearer` (any case) and one or more spaces, without the `b64token` character
 * check (see {@link verifyBearer}).
 *
 * @throws AuthError as {@link bearerToken}, except for the characters of the token
 */
function bearerCredential(headers: CloudFrontHeaders): string {
  const values = headerValues(headers, 'authorization');
  if (values.length === 0) throw new AuthError('token_missing', 'no Authorization header');
  if (values.length > 1)
    throw new AuthError('authorization_header_invalid', 'more than one Authorization header');
  const value = values[0]!.trim();
  if (value.length < 8 || value.charCodeAt(6) !== 0x20 || value.slice(0, 6).toLowerCase() !== 'bearer') {
    throw notOneBearerToken();
  }
  let start = 7;
  while (value.charCodeAt(start) === 0x20) start++;
  if (start === value.length) throw notOneBearerToken();
  return value.slice(start);
}

/**
 * Extracts the one Bearer token of a request: `Bearer` (case-insensitive), one or more spaces, one
 * `b64token`, nothing else on the line.
 *
 * @throws AuthError `authorization_header_invalid` for several `Authorization` headers, another scheme,
 *   no token, or more than one token; `token_missing` when there is no `Authorization` header
 */
export function bearerToken(headers: CloudFrontHeaders): string {
  const token = bearerCredential(headers);
  if (!B64TOKEN.test(token)) throw notOneBearerToken();
  return token;
}

/**
 * Verifies the Bearer token against each accepted `token_use` in order (first success wins).
 *
 * The token's `b64token` characters are checked only when verification fails: a token the verifier
 * accepts is always a `b64token` (three canonical base64url parts), and a refused token with other
 * characters is answered `authorization_header_invalid` exactly as if they had been checked first —
 * without a regular expression over every valid token.
 *
 * @throws AuthError from extraction or verification (the last verification error)
 */
export async function verifyBearer(
  site: Site,
  headers: CloudFrontHeaders,
  uses: readonly TokenUse[],
): Promise<VerifiedToken> {
  const token = bearerCredential(headers);
  let last: unknown;
  for (const tokenUse of uses) {
    try {
      return await site.verifier.verify(token, TOKEN_USE[tokenUse]);
    } catch (e) {
      last = e;
      if (failureCode(e) !== 'token_use_invalid') break;
    }
  }
  throw B64TOKEN.test(token) ? last : notOneBearerToken();
}

/**
 * Handles a request carrying `Authorization` in Bearer mode.
 *
 * @param onAllowed - continuation when the rules allow the verified token
 * @param uses - accepted `token_use` values, in order
 * @param anonymous - the rules' decision for this request without a token, when already made (the
 *   decision with the token resumes from it)
 */
export async function handleBearer(
  site: Site,
  vr: ViewerRequest,
  onAllowed: (token: VerifiedToken) => CloudFrontRequestResult | Promise<CloudFrontRequestResult>,
  uses: readonly TokenUse[] = ['access'],
  anonymous?: RuleDecision,
): Promise<CloudFrontRequestResult> {
  let token: VerifiedToken;
  try {
    token = await verifyBearer(site, vr.request.headers, uses);
  } catch (e) {
    return fail(site, vr, failureCode(e), { navigation: false, bearer: true }, failureDetail(e));
  }
  const d = decideRequest(site, vr, token, anonymous);
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
