/**
 * Turning a reason code into the one deliberate response and the one log line. Statuses come from the
 * shared table in `packages/edgeward/src/core/outcomes.ts`. Pages and logs carry the reason code and fixed text only (a 403
 * page also names the verified username), never a token, code, cookie value, secret or expected value.
 *
 * @module
 */
import type { CloudFrontResultResponse } from 'aws-lambda';
import { isAuthError } from '../core/errors.js';
import { type FailureCode, OUTCOMES } from '../core/outcomes.js';
import type { LogRecord } from '../core/runtime.js';
import type { ViewerRequest } from './event.js';
import { bearerChallenge, htmlPage, jsonError } from './responses.js';
import type { Site } from './site.js';

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

/** Longest username shown on a page, in characters. */
const MAX_SHOWN_USERNAME = 128;

const TITLES: Readonly<Record<number, [string, string]>> = {
  400: ['Bad request', 'This request cannot be processed. Start again from the home page.'],
  401: ['Sign-in required', 'We could not sign you in. Start again from the home page.'],
  403: ['Access denied', 'You are signed in, but you do not have access to this page.'],
  502: ['Temporarily unavailable', 'The sign-in service could not be reached. Please try again shortly.'],
};

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
  const [title, message] = TITLES[status] ?? TITLES[502]!;
  const home = { href: '/', text: 'Home page' };
  if (status === 403 && style.signedIn !== undefined) {
    const { username, signOutPath } = style.signedIn;
    const who = `You are signed in as ${username.slice(0, MAX_SHOWN_USERNAME)}, but you do not have access to this page.`;
    const signOut = { href: signOutPath, text: 'Sign out (to use another account)' };
    return htmlPage(status, title, who, code, setCookies, [home, signOut]);
  }
  return htmlPage(status, title, message, code, setCookies, home);
}
