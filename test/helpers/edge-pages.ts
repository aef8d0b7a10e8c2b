/**
 * Every page the viewer-request function can answer itself, rendered as it is sent — one per failure code,
 * the identity provider's error pages, the redirect-loop page and the sign-out confirmation (200 and 403) —
 * with long values everywhere a page shows one, so size limits are checked at their worst. Shared by the
 * template test (size, CSP) and the `edgeward explain` test (every code a page shows is explained).
 */
import type { CloudFrontResultResponse } from 'aws-lambda';
import {
  failurePage,
  idpErrorPage,
  redirectLoopPage,
} from '../../packages/edgeward/src/cloudfront/page-text.js';
import { htmlPage } from '../../packages/edgeward/src/cloudfront/pages.js';
import { signOutConfirmationPage } from '../../packages/edgeward/src/cloudfront/signout.js';
import { type FailureCode, OUTCOMES } from '../../packages/edgeward/src/core/outcomes.js';

/** A CloudFront request id as long as CloudFront sends. */
export const PAGE_REQUEST_ID = 'Zq0mD3bQ8pS1n_7xYwH2kLr5tVu9cE4fGjA6iBoN0sM-XyT1_wQeRg==';

/** `[name, response]` for every page the function answers. */
export function everyEdgePage(): [string, CloudFrontResultResponse][] {
  const situation = {
    requestId: PAGE_REQUEST_ID,
    signedIn: { username: 'x'.repeat(200), signOutPath: '/_edgeward/signout' },
    missing: 'one of the groups "a-very-long-group-name", "another-long-group-name"',
    retryPath: `/${'p'.repeat(2000)}`,
  };
  return [
    ...(Object.keys(OUTCOMES) as FailureCode[]).map((code): [string, CloudFrontResultResponse] => [
      code,
      htmlPage(OUTCOMES[code].status, failurePage(code, situation)),
    ]),
    ['idp_error (declined)', htmlPage(401, idpErrorPage(true, situation))],
    ['idp_error', htmlPage(400, idpErrorPage(false, situation))],
    ['redirect loop', htmlPage(401, redirectLoopPage('refresh_failed', '/_edgeward/signout', situation))],
    ['sign-out confirmation', signOutConfirmationPage(200, `/${'s'.repeat(200)}`, PAGE_REQUEST_ID)],
    [
      'sign-out confirmation (refused POST)',
      signOutConfirmationPage(403, '/_edgeward/signout', PAGE_REQUEST_ID),
    ],
  ];
}

/** The code on a page's "Reference" line. */
export function referenceCode(res: CloudFrontResultResponse): string | undefined {
  return /<p class="ref">Reference: <code>([^<]*)<\/code>/.exec(res.body ?? '')?.[1];
}
