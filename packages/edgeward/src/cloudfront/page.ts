/**
 * The one HTML template of every page the viewer-request function answers itself (refusals, login
 * problems, outages, confirmations): a centred card in the system font, light or dark after the viewer's
 * `prefers-color-scheme`, readable without JavaScript, with no external resource — its only style is
 * the inline `<style>` below, allowed by its hash in {@link PAGE_CONTENT_SECURITY_POLICY}. The palette
 * is the demo site's (`packages/cli/demo/site/assets/site.css`). Every page stays under 2 KB gzipped.
 *
 * Kept apart from the wording (`failure.ts`) and the response builders (`responses.ts`) so it can live in
 * a chunk of its own that only requests answered with a page load.
 *
 * @module
 */
import { createHash } from 'node:crypto';
import type { ReasonCode } from '../core/outcomes.js';

/** A link on a page: a same-host path (callers validate it). */
export interface PageLink {
  readonly href: string;
  readonly text: string;
}

/**
 * A button that POSTs an empty form to `action`, a same-host path (callers validate it). A plain
 * `<form>`: no script.
 */
export interface PageForm {
  readonly action: string;
  /** The button's label. */
  readonly button: string;
}

/** What a page offers, shown in order; the first is the primary action. */
export type PageAction = PageLink | PageForm;

/**
 * The small "reference" line support needs to find the log entry: the reason code and CloudFront's
 * `requestId` of the request (the same value as the log line's `requestId` and the `x-amz-cf-id`
 * response header).
 */
export interface PageReference {
  /** A code `edgeward explain` explains (a failure code, or a notice such as `signout_confirmation`). */
  readonly code: ReasonCode;
  /** CloudFront `requestId`; left out when empty. */
  readonly requestId?: string;
}

/** Everything a page shows. Fixed text or escaped values only: never a token, code or secret. */
export interface PageContent {
  /** The heading (also the document title). */
  readonly title: string;
  /** One paragraph, or several. */
  readonly message: string | readonly string[];
  readonly actions?: readonly PageAction[];
  readonly reference?: PageReference;
}

/** The page's whole style sheet (its hash is in the CSP: edit it freely, the hash follows). */
const STYLE =
  ':root{color-scheme:light dark;--bg:#f7f8fb;--card:#fff;--ink:#1d2330;--muted:#5b6475;--line:#dde1ea;' +
  '--accent:#2f6fde;--on:#fff}' +
  '@media(prefers-color-scheme:dark){:root{--bg:#11141a;--card:#1a1f29;--ink:#e7eaf0;--muted:#a4acbb;' +
  '--line:#2e3542;--accent:#7eaaff;--on:#0b0e13}}' +
  'body{margin:0;min-height:100vh;display:grid;place-items:center;padding:1.5rem;box-sizing:border-box;' +
  'background:var(--bg);color:var(--ink);' +
  'font:1rem/1.5 system-ui,-apple-system,"Segoe UI",Roboto,"Helvetica Neue",Arial,sans-serif}' +
  'main{width:100%;max-width:32rem;box-sizing:border-box;background:var(--card);border:1px solid var(--line);' +
  'border-radius:.75rem;padding:2rem;box-shadow:0 1px 3px #0000001a}' +
  'h1{font-size:1.35rem;line-height:1.3;margin:0 0 .75rem}p{margin:0 0 .75rem}' +
  '.actions{display:flex;flex-wrap:wrap;gap:.75rem;margin:1.5rem 0 0}form{margin:0}' +
  '.actions a,button{display:inline-block;font:inherit;padding:.5rem 1rem;border-radius:.4rem;' +
  'border:1px solid var(--accent);color:var(--accent);background:none;text-decoration:none;cursor:pointer}' +
  '.actions .primary{background:var(--accent);color:var(--on)}' +
  'a:focus-visible,button:focus-visible{outline:3px solid var(--accent);outline-offset:2px}' +
  '.ref{margin:1.5rem 0 0;padding-top:.75rem;border-top:1px solid var(--line);color:var(--muted);' +
  'font-size:.8rem;overflow-wrap:anywhere}' +
  'code{font-family:ui-monospace,SFMono-Regular,Menlo,Consolas,monospace}';

/**
 * The `Content-Security-Policy` of every page: nothing may load; the one inline style is allowed by its
 * SHA-256; no framing (the confirmation buttons cannot be clickjacked). There is no `form-action`: a
 * sign-out form is answered with a redirect to the identity provider, which `form-action 'self'` would block.
 *
 * @see [Content Security Policy Level 3 - hash sources](https://www.w3.org/TR/CSP3/#grammardef-hash-source)
 */
export const PAGE_CONTENT_SECURITY_POLICY = `default-src 'none'; style-src ${pageStyleSource()}; base-uri 'none'; frame-ancestors 'none'`;

/**
 * The CSP source allowing the pages' inline style, `'sha256-…'`: a site whose response headers policy
 * overrides `Content-Security-Policy` keeps edgeward's pages styled by listing it in `style-src`.
 *
 * @see [Content Security Policy Level 3 - hash sources](https://www.w3.org/TR/CSP3/#grammardef-hash-source)
 */
export function pageStyleSource(): string {
  return `'sha256-${createHash('sha256').update(STYLE).digest('base64')}'`;
}

/** Escapes text for HTML element content and attribute values. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

function renderAction(action: PageAction, primary: boolean): string {
  const cls = primary ? ' class="primary"' : '';
  return 'href' in action
    ? `<a${cls} href="${escapeHtml(action.href)}">${escapeHtml(action.text)}</a>`
    : `<form method="post" action="${escapeHtml(action.action)}"><button${cls} type="submit">${escapeHtml(action.button)}</button></form>`;
}

function renderReference(ref: PageReference): string {
  const id = ref.requestId ? ` · request <code>${escapeHtml(ref.requestId)}</code>` : '';
  return `<p class="ref">Reference: <code>${escapeHtml(ref.code)}</code>${id}</p>`;
}

/**
 * Renders a page. Every value is escaped.
 *
 * @returns a complete HTML document (`lang="en"`, `noindex`)
 */
export function renderPage(page: PageContent): string {
  const paragraphs = typeof page.message === 'string' ? [page.message] : page.message;
  const actions = page.actions ?? [];
  return (
    '<!doctype html><html lang="en"><head><meta charset="utf-8">' +
    '<meta name="viewport" content="width=device-width,initial-scale=1">' +
    '<meta name="color-scheme" content="light dark"><meta name="robots" content="noindex">' +
    `<title>${escapeHtml(page.title)}</title><style>${STYLE}</style></head><body><main>` +
    `<h1>${escapeHtml(page.title)}</h1>${paragraphs.map((p) => `<p>${escapeHtml(p)}</p>`).join('')}` +
    (actions.length === 0
      ? ''
      : `<div class="actions">${actions.map((a, i) => renderAction(a, i === 0)).join('')}</div>`) +
    (page.reference === undefined ? '' : renderReference(page.reference)) +
    '</main></body></html>'
  );
}
