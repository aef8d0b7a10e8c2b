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
import type { CloudFrontHeaders } from 'aws-lambda';
import type { TokenUse } from '../core/config.js';
import { AuthError } from '../core/errors.js';
import type { FailureCode } from '../core/outcomes.js';
import type { RuleDecision } from '../core/rules/types.js';
import type { VerifiedToken } from '../core/verify/types.js';
import { decideRequest } from './directory-index.js';
import { headerValues, type ViewerRequest } from './event.js';
import { fail, failureCode, failureDetail } from './failure.js';
import { type Routed, type Site, TOKEN_USE } from './site.js';

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
 * @returns the verified token, or a promise of it while the verifier fetches keys
 * @throws AuthError from extraction or verification (the last verification error), synchronously or as
 *   the promise's rejection
 */
export function verifyBearer(
  site: Site,
  headers: CloudFrontHeaders,
  uses: readonly TokenUse[],
): VerifiedToken | Promise<VerifiedToken> {
  const token = bearerCredential(headers);
  if (uses.length === 0) throw new AuthError('internal_error', 'no token_use');
  return verifyAs(site, token, uses, 0);
}

/** Verifies `token` as `uses[i]`, then as the next use when the token is another `token_use`. */
function verifyAs(
  site: Site,
  token: string,
  uses: readonly TokenUse[],
  i: number,
): VerifiedToken | Promise<VerifiedToken> {
  let result: VerifiedToken | Promise<VerifiedToken>;
  try {
    result = site.verifier.check(token, TOKEN_USE[uses[i]!]);
  } catch (e) {
    return nextUseOrThrow(site, token, uses, i, e);
  }
  return result instanceof Promise ? result.catch((e) => nextUseOrThrow(site, token, uses, i, e)) : result;
}

function nextUseOrThrow(
  site: Site,
  token: string,
  uses: readonly TokenUse[],
  i: number,
  error: unknown,
): VerifiedToken | Promise<VerifiedToken> {
  if (failureCode(error) === 'token_use_invalid' && i + 1 < uses.length)
    return verifyAs(site, token, uses, i + 1);
  throw B64TOKEN.test(token) ? error : notOneBearerToken();
}

/**
 * Handles a request carrying `Authorization` in Bearer mode. Answers without a promise when nothing had
 * to wait (the key held, the request allowed).
 *
 * @param onAllowed - continuation when the rules allow the verified token
 * @param uses - accepted `token_use` values, in order
 * @param anonymous - the rules' decision for this request without a token, when already made (the
 *   decision with the token resumes from it)
 */
export function handleBearer(
  site: Site,
  vr: ViewerRequest,
  onAllowed: (token: VerifiedToken) => Routed,
  uses: readonly TokenUse[] = ['access'],
  anonymous?: RuleDecision,
): Routed {
  let verified: VerifiedToken | Promise<VerifiedToken>;
  try {
    verified = verifyBearer(site, vr.request.headers, uses);
  } catch (e) {
    return refuse(site, vr, e);
  }
  if (verified instanceof Promise) {
    return verified.then(
      (token) => decideBearer(site, vr, token, onAllowed, anonymous),
      (e: unknown) => refuse(site, vr, e),
    );
  }
  return decideBearer(site, vr, verified, onAllowed, anonymous);
}

function refuse(site: Site, vr: ViewerRequest, e: unknown): Routed {
  return fail(site, vr, failureCode(e), { navigation: false, bearer: true }, failureDetail(e));
}

/** The rules' answer for a verified Bearer token. */
function decideBearer(
  site: Site,
  vr: ViewerRequest,
  token: VerifiedToken,
  onAllowed: (token: VerifiedToken) => Routed,
  anonymous: RuleDecision | undefined,
): Routed {
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
