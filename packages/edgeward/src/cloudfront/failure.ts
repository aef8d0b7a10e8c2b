/**
 * Refusing a request: the one deliberate response and the one log line per refusal (`fail`, which loads
 * `refusal.ts` on first use), and the log line helpers every route uses. Pages and logs carry the reason
 * code and fixed text only (a 403 page also names the verified username), never a token, code, cookie
 * value, secret or expected value.
 *
 * @module
 */
import type { CloudFrontResultResponse } from 'aws-lambda';
import { isAuthError } from '../core/errors.js';
import type { FailureCode } from '../core/outcomes.js';
import type { LogRecord } from '../core/runtime.js';
import type { ViewerRequest } from './event.js';
import type { LoginPath, Site } from './site.js';

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
}

/** Who is signed in, for a 403 page. */
export interface SignedInUser {
  /** The verified username (`cognito:username`/`username`), else the `sub`. Shown escaped, cut to 128 chars. */
  readonly username: string;
  /** The site's sign-out path. */
  readonly signOutPath: string;
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
 * A 502 JSON answer built here, without the refusal module: for a handler whose configuration is unusable
 * (it has no login path to load) and should that module ever fail to load (a damaged deployment).
 */
function unavailable(code: FailureCode): CloudFrontResultResponse {
  return {
    status: '502',
    statusDescription: 'Bad Gateway',
    headers: {
      'cache-control': [{ key: 'Cache-Control', value: 'no-store' }],
      'content-type': [{ key: 'Content-Type', value: 'application/json' }],
    },
    body: JSON.stringify({ error: code }),
    bodyEncoding: 'text',
  };
}

/**
 * The deliberate response for `code`, logged once (warn, or error for 5xx): see `refusal` in
 * `refusal.ts`, loaded on first use with the login path (`Site.loginPath`). Never throws.
 *
 * @param detail - safe detail for the log line (AuthError messages are safe by contract)
 */
export async function fail(
  site: Site,
  vr: ViewerRequest | undefined,
  code: FailureCode,
  style: FailureStyle,
  detail?: string,
): Promise<CloudFrontResultResponse> {
  let module: LoginPath;
  try {
    // a site that could not be built has no login path: only config_invalid (a 502) gets here then
    if (site.loginPath === undefined) throw new Error('no login path');
    module = await site.loginPath();
  } catch (e) {
    logRequest(site, vr, {
      level: 'error',
      event: code,
      status: 502,
      detail: site.loginPath === undefined ? (detail ?? code) : failureDetail(e),
    });
    return unavailable(code);
  }
  return module.refusal(site, vr, code, style, detail);
}
