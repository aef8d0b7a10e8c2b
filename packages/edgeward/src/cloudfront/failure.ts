/**
 * Turning a reason code into the one deliberate response and the one log line. Statuses come from the
 * shared table in `core/outcomes.ts`, page wording from `page-text.ts`. Pages and logs carry the reason
 * code, the request id and fixed text only (a 403 page also names the verified username and, unless the
 * site sets `revealRequirements: false`, the group or scope it lacks), never a token, code, cookie value
 * or secret.
 *
 * @module
 */
import type { CloudFrontResultResponse } from 'aws-lambda';
import { isAuthError } from '../core/errors.js';
import { type FailureCode, OUTCOMES } from '../core/outcomes.js';
import type { LogRecord } from '../core/runtime.js';
import { returnPathOf } from '../core/session/return-to.js';
import type { ViewerRequest } from './event.js';
import { failurePage, type SignedInUser } from './page-text.js';
import { bearerChallenge, htmlPage, jsonError } from './responses.js';
import type { Site } from './site.js';

export type { SignedInUser } from './page-text.js';

/** How the failing request should be answered. */
export interface FailureStyle {
  /** A browser navigation: an HTML page. Otherwise JSON. */
  readonly navigation: boolean;
  /** The request used a Bearer token: add `WWW-Authenticate: Bearer … error=…` (RFC 6750 §3). */
  readonly bearer?: boolean;
  /** `Set-Cookie` values to send (e.g. clearing the session or the state cookie). */
  readonly setCookies?: readonly string[];
  /**
   * The verified session of a refused navigation: its 403 page names the user and links to the sign-out
   * path, so a person knows which account was refused and how to switch.
   */
  readonly signedIn?: SignedInUser;
  /** What the refused session lacks, in words, when the site reveals requirements (see `page-text.ts`). */
  readonly missing?: string;
  /**
   * Where the page's "Try again" leads. Default: the request's own path and query (the callback path
   * excepted: `/`).
   */
  readonly retryPath?: string;
}

/** Longest request path written to a log line, in characters. */
const MAX_LOGGED_PATH = 256;

/** Writes one structured log line for a request (never the query string, cookies or tokens). */
export function logRequest(
  site: Site,
  vr: Pick<ViewerRequest, 'requestId' | 'uri'> | undefined,
  record: LogRecord,
): void {
  try {
    site.logger({
      ...record,
      requestId: vr?.requestId ?? '',
      path: vr ? vr.uri.slice(0, MAX_LOGGED_PATH) : '',
    });
  } catch {
    // A failing logger must not turn a deliberate response into a thrown error.
  }
}

/** The reason code of any thrown value: an AuthError's code, else `internal_error`. */
export function failureCode(e: unknown): FailureCode {
  return isAuthError(e) ? e.code : 'internal_error';
}

/** A safe description of a thrown value for logs: an AuthError's message, else only its type name. */
export function failureDetail(e: unknown): string {
  if (isAuthError(e)) return e.message;
  return e instanceof Error ? e.name : typeof e;
}

/**
 * The deliberate response for `code`, logged once (warn, or error for 5xx).
 *
 * @param detail - safe detail for the log line (AuthError messages are safe by contract)
 */
export function fail(
  site: Site,
  vr: ViewerRequest | undefined,
  code: FailureCode,
  style: FailureStyle,
  detail?: string,
): CloudFrontResultResponse {
  const outcome = OUTCOMES[code];
  const status = outcome.status;
  logRequest(site, vr, {
    level: status >= 500 ? 'error' : 'warn',
    event: code,
    status,
    ...(detail === undefined ? {} : { detail }),
  });
  const setCookies = style.setCookies ?? [];
  if (style.bearer) {
    const realm = vr?.host ?? 'edgeward';
    const challenge = bearerChallenge(
      realm,
      code === 'token_missing' ? undefined : (outcome.bearerError ?? 'invalid_token'),
    );
    const headers = status === 401 || status === 403 ? [['WWW-Authenticate', challenge] as const] : [];
    return jsonError(status, outcome.bearerError ?? code, headers, setCookies);
  }
  if (!style.navigation) {
    const headers =
      status === 401
        ? [['WWW-Authenticate', bearerChallenge(vr?.host ?? 'edgeward', outcome.bearerError)] as const]
        : [];
    return jsonError(status, code, headers, setCookies);
  }
  const retryPath =
    style.retryPath ??
    (vr && vr.uri !== site.config?.callbackPath ? returnPathOf(vr.uri, vr.querystring) : undefined);
  const page = failurePage(code, {
    requestId: vr?.requestId ?? '',
    ...(style.signedIn === undefined ? {} : { signedIn: style.signedIn }),
    ...(style.missing === undefined ? {} : { missing: style.missing }),
    ...(retryPath === undefined ? {} : { retryPath }),
  });
  return htmlPage(status, page, setCookies);
}
