/**
 * The small HTML pages the viewer-request function answers (login problems, forbidden, upstream
 * failures). Loaded on first use: a site bundle keeps them out of the code every request needs.
 *
 * @module
 */
import type { CloudFrontResultResponse } from 'aws-lambda';
import type { SignedInUser } from './failure.js';
import { cookies, type HeaderList, response } from './responses.js';

/** Escapes text for HTML element content and attribute values. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

/** A link on an HTML page: a same-host path only (callers validate it). */
export interface PageLink {
  readonly href: string;
  readonly text: string;
}

/**
 * A button on an HTML page that POSTs an empty form to `action`, a same-host path (callers validate it).
 * A plain `<form>`: no script, so it works under any Content-Security-Policy that allows
 * `form-action 'self'` (or has no `form-action`).
 */
export interface PageForm {
  readonly action: string;
  /** The button's label. */
  readonly button: string;
}

/** What a page offers: links and POST buttons. */
export type PageAction = PageLink | PageForm;

function renderAction(action: PageAction): string {
  return 'href' in action
    ? `<p><a href="${escapeHtml(action.href)}">${escapeHtml(action.text)}</a></p>`
    : `<form method="post" action="${escapeHtml(action.action)}"><p><button type="submit">${escapeHtml(action.button)}</button></p></form>`;
}

/**
 * A small friendly HTML page (login problems, forbidden, upstream failures, the sign-out confirmation).
 * Never contains a token, code, secret or expected value: only the `title`/`message` (fixed text, or a
 * verified username on a 403 page), the links and buttons and the reason code; every value is escaped.
 *
 * @param links - one link or button or several, shown in order
 */
export function htmlPage(
  status: number,
  title: string,
  message: string,
  reason: string,
  setCookies: readonly string[] = [],
  links?: PageAction | readonly PageAction[],
  extraHeaders: HeaderList = [],
): CloudFrontResultResponse {
  const list: readonly PageAction[] =
    links === undefined ? [] : Array.isArray(links) ? links : [links as PageAction];
  const a = list.map(renderAction).join('');
  const body =
    `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="robots" content="noindex">` +
    `<title>${escapeHtml(title)}</title></head><body><h1>${escapeHtml(title)}</h1>` +
    `<p>${escapeHtml(message)}</p>${a}<p><small>Reason: ${escapeHtml(reason)}</small></p></body></html>`;
  return response(
    status,
    [['Content-Type', 'text/html; charset=utf-8'], ...extraHeaders, ...cookies(setCookies)],
    body,
  );
}

/** Longest username shown on a page, in characters. */
const MAX_SHOWN_USERNAME = 128;

const TITLES: Readonly<Record<number, [string, string]>> = {
  400: ['Bad request', 'This request cannot be processed. Start again from the home page.'],
  401: ['Sign-in required', 'We could not sign you in. Start again from the home page.'],
  403: ['Access denied', 'You are signed in, but you do not have access to this page.'],
  502: ['Temporarily unavailable', 'The sign-in service could not be reached. Please try again shortly.'],
};

/**
 * The page of a refused navigation: a title and message per status, the reason code, a link home; a 403
 * for a signed-in user names them (cut to 128 characters) and links to the sign-out path.
 */
export function failurePage(
  status: number,
  code: string,
  setCookies: readonly string[],
  signedIn: SignedInUser | undefined,
): CloudFrontResultResponse {
  const [title, message] = TITLES[status] ?? TITLES[502]!;
  const home = { href: '/', text: 'Home page' };
  if (status === 403 && signedIn !== undefined) {
    const { username, signOutPath } = signedIn;
    const who = `You are signed in as ${username.slice(0, MAX_SHOWN_USERNAME)}, but you do not have access to this page.`;
    const signOut = { href: signOutPath, text: 'Sign out (to use another account)' };
    return htmlPage(status, title, who, code, setCookies, [home, signOut]);
  }
  return htmlPage(status, title, message, code, setCookies, home);
}
