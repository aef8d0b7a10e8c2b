/**
 * What each reason code means — the codes on the "reference" line of edgeward's pages, in `{"error": …}`
 * bodies and in the `event` of log lines — for `edgeward explain <code>`. Build-time only: the pages
 * themselves carry just the code.
 *
 * @module
 */
import {
  type FailureCode,
  type NoticeCode,
  OUTCOMES,
  type ReasonCode,
} from 'edgeward/internal/core/outcomes.js';

/** One code, explained. */
export interface ReasonDescription {
  /** What happened, for the person reading a log or a support ticket. */
  readonly meaning: string;
  /** What to check or change. */
  readonly action: string;
}

const TOKEN_REJECTED =
  'A new sign-in (or a fresh token) fixes it for a user; if it happens to everyone, check';

/** Every failure code, explained. Exhaustive by type: a new code without a description fails to compile. */
export const REASON_CODES: Readonly<Record<FailureCode, ReasonDescription>> = {
  token_missing: {
    meaning: 'The request carried no token (no session cookie, no Authorization header).',
    action: 'Sign in, or send `Authorization: Bearer <access token>`.',
  },
  token_malformed: {
    meaning: 'The token is not a compact JWS (three base64url parts with JSON header and claims).',
    action: 'Check what the client sends: a refresh token, an opaque token or a truncated value is refused.',
  },
  token_too_large: {
    meaning: 'The token is larger than the issuer allows (`maxTokenBytes`, default 8 KB).',
    action: 'Users with very many groups make large tokens: raise `maxTokenBytes` on the issuer.',
  },
  token_signature_invalid: {
    meaning: "The token's signature does not verify with the issuer's key.",
    action: `${TOKEN_REJECTED} that the issuer's JWKS baked into the function is current (rebuild).`,
  },
  token_alg_not_allowed: {
    meaning: "The token's `alg` is not one the issuer allows (RS256 for Cognito; `none` never).",
    action: 'Check the `algorithms` of an OIDC issuer.',
  },
  token_header_invalid: {
    meaning: "The token's JOSE header is not acceptable (e.g. `typ`, or a key id of the wrong shape).",
    action: 'Check that the token comes from the configured issuer.',
  },
  token_crit_unsupported: {
    meaning: 'The token header lists a `crit` extension edgeward does not implement (RFC 7515 §4.1.11).',
    action: 'Such tokens are refused by design.',
  },
  token_expired: {
    meaning: 'The token has expired (`exp`), beyond the allowed clock skew.',
    action:
      'Cookie sessions are refreshed automatically; API clients must fetch a new token. Check the clocks if tokens expire early.',
  },
  token_not_yet_valid: {
    meaning: 'The token is not valid yet (`nbf` in the future).',
    action: 'Check the clocks of the issuer and the client; `clockToleranceSeconds` allows some skew.',
  },
  token_issued_in_future: {
    meaning: 'The token claims to be issued in the future (`iat`).',
    action: 'Check the clocks of the issuer and the client; `clockToleranceSeconds` allows some skew.',
  },
  token_issuer_invalid: {
    meaning: "The token's `iss` is not the configured issuer.",
    action: 'Check the user pool id and region (Cognito) or `issuer` (OIDC) in the configuration.',
  },
  token_audience_invalid: {
    meaning: "The token's `aud` is not one of the accepted audiences or client ids.",
    action: "Add the app client id to the issuer's `clientIds` (or `audience`), or use the right client.",
  },
  token_client_invalid: {
    meaning: "The access token's `client_id` is not one of the issuer's `clientIds`.",
    action: "Add the app client id to the issuer's `clientIds`, or use the right client.",
  },
  token_use_invalid: {
    meaning: 'The token is the wrong kind (`token_use` id where access is required, or the reverse).',
    action: 'Send the access token to APIs and sites, or set `tokenUse` / `sessionTokenUse`.',
  },
  token_claim_missing: {
    meaning: 'A claim the verification needs is missing (e.g. `exp`, `sub`, `token_use`).',
    action: 'Check that the token comes from the configured issuer.',
  },
  token_claim_invalid: {
    meaning: 'A claim has the wrong type or value (e.g. a non-numeric `exp`, differing `sub`s at login).',
    action: 'Check that the token comes from the configured issuer.',
  },
  token_nonce_invalid: {
    meaning:
      "The id token's `nonce` does not match the login (OIDC Core §3.1.3.7): a replayed or foreign id token.",
    action: 'Sign in again. Repeated cases may be an attack: check the log lines around it.',
  },
  kid_missing: {
    meaning: 'The token header has no `kid`, so no key of the JWKS can be chosen.',
    action: 'Check that the token comes from the configured issuer.',
  },
  kid_unknown: {
    meaning: "The token's `kid` is not in the issuer's JWKS (after one refetch when allowed).",
    action:
      'The issuer rotated its keys: rebuild to bake the new JWKS, or let the function fetch it (jwksUri). A foreign token also does this.',
  },
  jwks_unavailable: {
    meaning: "The issuer's JWKS could not be fetched (network error, timeout, HTTP error).",
    action:
      'A temporary outage of the identity provider: users are asked to retry later. Check the JWKS URI.',
  },
  jwks_invalid: {
    meaning: "The issuer's JWKS was fetched but is not a usable key set.",
    action: 'Check the JWKS URI and what it serves.',
  },
  authorization_header_invalid: {
    meaning: 'The `Authorization` header is not exactly one `Bearer <token>` (RFC 6750 §2.1).',
    action: 'Send one `Authorization: Bearer <token>` header.',
  },
  state_invalid: {
    meaning:
      "The login callback's `state` does not match the signed state cookie (tampered, from another login, or already used).",
    action: 'The user retries the sign-in. Many of them may be a login CSRF attempt.',
  },
  state_expired: {
    meaning:
      'The sign-in took longer than `stateTtlSeconds` (default 600 s) between leaving and coming back.',
    action:
      'The user retries (the page links back to the page they wanted); raise `stateTtlSeconds` if logins are slow.',
  },
  state_missing: {
    meaning: 'The login callback has no `state` parameter.',
    action: 'The callback URL was opened directly or mangled: the user starts again from the site.',
  },
  pkce_missing: {
    meaning:
      'The login callback arrived without the state cookie (it holds the PKCE verifier): cookies blocked, another browser, or a bookmarked callback.',
    action: 'The user starts again from the site, in the same browser, with cookies allowed.',
  },
  idp_error: {
    meaning: 'The identity provider answered the callback with an OAuth `error` (e.g. the user cancelled).',
    action: 'The logged `idpError` says which; `access_denied` is usually the user cancelling.',
  },
  token_endpoint_error: {
    meaning: "The identity provider's token endpoint failed (network, timeout, or an error answer).",
    action:
      'Usually a temporary outage: users are asked to retry later. Persistent: check the client id/secret and the callback URL registered with the app client.',
  },
  refresh_failed: {
    meaning: 'Refreshing an expired session with the refresh token failed (revoked, expired, or refused).',
    action: 'The user signs in again; nothing to fix unless it happens to everyone (check the app client).',
  },
  path_invalid: {
    meaning:
      'The request path was refused before any rule ran (encoded slashes, dot-segments, invalid percent-encoding…).',
    action: 'Fix the link; edgeward never guesses what an ambiguous path means.',
  },
  rule_denied: {
    meaning: 'A `deny` rule, or `defaultAccess: "deny"`, refuses this path to everyone.',
    action:
      'Add a rule for the path if it should be reachable (`edgeward explain -p PATH` shows the deciding rule).',
  },
  group_missing: {
    meaning: 'The token is valid, but the rule for this path requires a group the user is not in.',
    action:
      "Add the user to the group (the 403 page names it unless `revealRequirements` is false), or change the rule's `groups`.",
  },
  scope_missing: {
    meaning: 'The token is valid, but the rule for this path requires a scope the token was not granted.',
    action:
      'Request the scope at sign-in (`client.scopes`) and allow it on the app client, or change the rule.',
  },
  claim_mismatch: {
    meaning: 'The token is valid, but a claim the rule for this path requires has another value.',
    action: "Check the user's attributes, or the rule's `claims`.",
  },
  config_invalid: {
    meaning: 'The function was built with a configuration it cannot use; it answers every request this way.',
    action: 'Run `edgeward build` and fix what it reports, then redeploy.',
  },
  event_invalid: {
    meaning: 'The function received an event that is not a CloudFront viewer-request (or API Gateway) event.',
    action: 'Check which trigger the function is attached to (viewer request).',
  },
  internal_error: {
    meaning: 'An unexpected error inside the function (logged with its type, never its data).',
    action: 'Find the log line by its request id and report it.',
  },
  credentials_required: {
    meaning: 'The path needs a signed-in user and the request had no credentials.',
    action: 'Browsers are sent to sign in; API clients must send a token.',
  },
  cross_origin_refused: {
    meaning:
      'A request to the identity-pool credentials route did not come from the site itself (`Sec-Fetch-Site` other than `same-origin`, or an `Origin`/`Referer` of another site).',
    action:
      "Call the credentials route from the site's own pages (same origin); other sites never get credentials.",
  },
  identity_pool_error: {
    meaning:
      'Cognito Identity refused `GetId` or `GetCredentialsForIdentity`, or answered in an unexpected shape (502).',
    action:
      "Check `identityPool.identityPoolId` and its region, and that the identity pool trusts the site's user pool and app client.",
  },
  identity_pool_unavailable: {
    meaning:
      'Cognito Identity did not answer in time, throttled, or failed (timeout, network error or 5xx; 503).',
    action: 'Retry later; if it persists, check the AWS Health Dashboard for Amazon Cognito in that region.',
  },
};

/** A notice code explained: also what the function answers, as notices have no row in `OUTCOMES`. */
export interface NoticeDescription extends ReasonDescription {
  /** The status of the page when shown for a `GET`/`HEAD`. */
  readonly status: 200;
  /** What CloudFront answers, in a sentence. */
  readonly answer: string;
}

/**
 * Every notice code (a request answered with a page, not refused), explained. Exhaustive by type: a new
 * notice code a page can show without a description fails to compile.
 */
export const NOTICE_CODES: Readonly<Record<NoticeCode, NoticeDescription>> = {
  signout_confirmation: {
    meaning:
      'A request to the sign-out path that was not a same-origin POST or a same-origin top-level navigation (a link from another site or subdomain, a fetch, a frame, or a browser without Fetch Metadata) got the sign-out confirmation page; nothing was cleared or revoked.',
    action:
      'For a user: press "Sign out" on the page. If your own sign-out links show it, make them plain same-origin links or a same-origin form POST to the sign-out path (not fetch(), a frame or a link from another host).',
    status: 200,
    answer:
      'CloudFront answers 200 with the confirmation page (403 for a refused POST), whose button POSTs back to the sign-out path; API Gateway: not used.',
  },
};

/** Every code `edgeward explain <code>` knows: the failure codes, then the notice codes. */
export const ALL_REASON_CODES: readonly ReasonCode[] = [
  ...(Object.keys(REASON_CODES) as FailureCode[]),
  ...(Object.keys(NOTICE_CODES) as NoticeCode[]),
];

/** True when `code` is a reason code edgeward uses (a failure or a notice). */
export function isReasonCode(code: string): code is ReasonCode {
  return Object.hasOwn(REASON_CODES, code) || Object.hasOwn(NOTICE_CODES, code);
}

const isNoticeCode = (code: ReasonCode): code is NoticeCode => Object.hasOwn(NOTICE_CODES, code);

/** `edgeward explain <code> --json`: `{code, status, meaning, action}` (and `answer` for a notice). */
export function reasonCodeJson(code: ReasonCode): Record<string, unknown> {
  if (isNoticeCode(code)) return { code, ...NOTICE_CODES[code] };
  return { code, status: OUTCOMES[code].status, ...REASON_CODES[code] };
}

/** The explanation of a code, as printed by `edgeward explain <code>`. */
export function describeReasonCode(code: ReasonCode): string {
  const d = isNoticeCode(code) ? NOTICE_CODES[code] : REASON_CODES[code];
  return [
    `${code}`,
    '',
    `  ${d.meaning}`,
    '',
    `  What to do: ${d.action}`,
    '',
    `  ${isNoticeCode(code) ? NOTICE_CODES[code].answer : answers(code)}`,
    `  Log line: "event" (or "reason") ${JSON.stringify(code)}, and the page's request id as "requestId".`,
    '',
  ].join('\n');
}

/** What CloudFront and API Gateway answer for a failure code. */
function answers(code: FailureCode): string {
  const outcome = OUTCOMES[code];
  const authorizer = {
    unauthorized: '401 (the authorizer throws "Unauthorized")',
    deny: '403 (Deny policy)',
    error: '500 (a deliberate authorizer failure)',
  }[outcome.authorizer];
  return `CloudFront answers ${outcome.status}${outcome.bearerError ? ` (Bearer error="${outcome.bearerError}")` : ''}; API Gateway ${authorizer}.`;
}
