/**
 * The HTML pages the viewer-request function answers itself (refusals, login problems, outages,
 * confirmations): the content from `page-text.ts`, rendered by the one template of `page.ts`, sent with
 * its `Content-Security-Policy`. Loaded on first use: a site bundle keeps them out of the code every
 * request needs.
 *
 * @module
 */
import type { CloudFrontResultResponse } from 'aws-lambda';
import { PAGE_CONTENT_SECURITY_POLICY, type PageContent, renderPage } from './page.js';
import { cookies, type HeaderList, response } from './responses.js';

/**
 * A page response. Never contains a token, code, secret or expected value: only fixed text, a verified
 * username, same-host links and the reference line; every value is escaped.
 *
 * @param status - the HTTP status (400, 401, 403, 502, or 200 for a confirmation page)
 */
export function htmlPage(
  status: number,
  page: PageContent,
  setCookies: readonly string[] = [],
  extraHeaders: HeaderList = [],
): CloudFrontResultResponse {
  return response(
    status,
    [
      ['Content-Type', 'text/html; charset=utf-8'],
      ['Content-Security-Policy', PAGE_CONTENT_SECURITY_POLICY],
      ['X-Content-Type-Options', 'nosniff'],
      ...extraHeaders,
      ...cookies(setCookies),
    ],
    renderPage(page),
  );
}
