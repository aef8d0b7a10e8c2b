/**
 * Turning a reason code into the one deliberate response and its log line. Statuses come from the shared
 * table in `src/core/outcomes.ts`. Loaded on the first refusal (`fail` in `failure.ts`): a request that
 * is let through never loads it.
 *
 * @module
 */
import type { CloudFrontResultResponse } from 'aws-lambda';
import { type FailureCode, OUTCOMES } from '../core/outcomes.js';
import type { ViewerRequest } from './event.js';
import { type FailureStyle, logRequest } from './failure.js';
import { failurePage } from './pages.js';
import { bearerChallenge, jsonError } from './responses.js';
import type { Site } from './site.js';

/**
 * The deliberate response for `code`, logged once (warn, or error for 5xx): a Bearer request gets JSON
 * with `WWW-Authenticate: Bearer … error=…` (RFC 6750 §3), a navigation an HTML page, anything else JSON
 * (with a `WWW-Authenticate` challenge on a 401).
 *
 * @param detail - safe detail for the log line (AuthError messages are safe by contract)
 */
export function refusal(
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
  return failurePage(status, code, setCookies, style.signedIn);
}
