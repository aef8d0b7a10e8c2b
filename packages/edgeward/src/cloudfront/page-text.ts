/**
 * What each page the function answers says, per situation — the one home of the wording (the template is
 * `page.ts`). Pages speak to the person in front of the browser: what happened, what to do next, and a
 * small reference line (reason code and request id) for support; never a token or an expected value.
 *
 * @module
 */
import type { RuleConfig } from '../core/config.js';
import type { FailureCode } from '../core/outcomes.js';
import type { VerifiedToken } from '../core/verify/types.js';
import type { SignedInUser } from './failure.js';
import type { PageAction, PageContent, PageLink } from './page.js';

/** What a failure page may say beyond its reason code. */
export interface PageSituation {
  /** CloudFront `requestId`, for the reference line. */
  readonly requestId: string;
  /** The verified session a 403 refuses. */
  readonly signedIn?: SignedInUser;
  /**
   * What the refused session lacks, in words (`the group "admins"`), when the site reveals requirements;
   * see {@link missingRequirement}.
   */
  readonly missing?: string;
  /** Where "Try again" leads: the page first asked for (a validated same-host path). Default `/`. */
  readonly retryPath?: string;
}

/** Longest username shown on a page, in characters. */
const MAX_SHOWN_USERNAME = 128;

const HOME: PageLink = { href: '/', text: 'Home page' };
const retry = (s: PageSituation): PageLink => ({ href: s.retryPath ?? '/', text: 'Try again' });

const quoted = (names: readonly string[]): string => names.map((n) => `"${n}"`).join(', ');

/**
 * Describes the requirement a verified token does not meet on the deciding rule (`groups`: any of,
 * `allGroups`: every one, `scopes`: every one), e.g. `the group "admins"`, `one of the groups "a", "b"`,
 * `the permission (scope) "pets.write"`. Claim requirements are never described.
 *
 * @returns undefined for `claim_mismatch`, an unknown rule, or a requirement the token meets
 */
export function missingRequirement(
  reason: FailureCode,
  rule: RuleConfig | undefined,
  token: VerifiedToken,
): string | undefined {
  if (rule === undefined) return undefined;
  if (reason === 'group_missing') {
    const anyOf = rule.groups;
    if (anyOf !== undefined && !anyOf.some((g) => token.groups.includes(g))) {
      return anyOf.length === 1 ? `the group ${quoted(anyOf)}` : `one of the groups ${quoted(anyOf)}`;
    }
    const lacking = (rule.allGroups ?? []).filter((g) => !token.groups.includes(g));
    if (lacking.length > 0) return `${lacking.length === 1 ? 'the group' : 'the groups'} ${quoted(lacking)}`;
  }
  if (reason === 'scope_missing') {
    const lacking = (rule.scopes ?? []).filter((s) => !token.scopes.includes(s));
    if (lacking.length > 0)
      return `${lacking.length === 1 ? 'the permission (scope)' : 'the permissions (scopes)'} ${quoted(lacking)}`;
  }
  return undefined;
}

/** A refused verified session: who, what is missing (when revealed), and how to switch account. */
function forbiddenPage(s: PageSituation): Pick<PageContent, 'title' | 'message' | 'actions'> {
  const user = s.signedIn;
  const who =
    user === undefined
      ? 'You are signed in'
      : `You are signed in as ${user.username.slice(0, MAX_SHOWN_USERNAME)}`;
  const why =
    s.missing === undefined
      ? `${who}, but your account does not have access to this page.`
      : `${who}, but this page requires ${s.missing}.`;
  const actions: PageAction[] = [HOME];
  if (user !== undefined) actions.push({ href: user.signOutPath, text: 'Sign out to use another account' });
  return { title: 'You do not have access to this page', message: why, actions };
}

/**
 * The page for a failure code.
 *
 * @param code - the reason code (also shown on the reference line)
 * @param s - the request's situation
 */
export function failurePage(code: FailureCode, s: PageSituation): PageContent {
  const reference = { code, requestId: s.requestId };
  const page = (title: string, message: string | string[], actions: readonly PageAction[]) => ({
    title,
    message,
    actions,
    reference,
  });
  switch (code) {
    case 'rule_denied':
      return page(
        'This page is not available',
        'This address cannot be opened. If a link brought you here, the page may be private or may have moved.',
        [HOME],
      );
    case 'group_missing':
    case 'scope_missing':
    case 'claim_mismatch':
      return { ...forbiddenPage(s), reference };
    case 'state_expired':
      return page(
        'Your sign-in timed out',
        'The sign-in took too long to finish, so it was stopped. Please try again.',
        [retry(s)],
      );
    case 'state_invalid':
    case 'state_missing':
    case 'pkce_missing':
      return page(
        'Sign-in could not be completed',
        'The sign-in was interrupted: it may have been started in another tab or browser, or this site’s cookies were blocked. Please try again.',
        [retry(s)],
      );
    case 'path_invalid':
      return page(
        'This address is not valid',
        'The link may be broken or mistyped. Check the address, or start from the home page.',
        [HOME],
      );
    case 'event_invalid':
      return page('This request could not be processed', 'Start again from the home page.', [HOME]);
    case 'jwks_unavailable':
    case 'jwks_invalid':
    case 'token_endpoint_error':
      return page(
        'Sign-in is temporarily unavailable',
        'The sign-in service could not be reached. Please try again in a few minutes.',
        [retry(s)],
      );
    case 'config_invalid':
    case 'internal_error':
      return page(
        'Something went wrong',
        'This site could not check your access just now. Please try again later.',
        [retry(s)],
      );
    default:
      return page(
        'We could not sign you in',
        'The sign-in did not produce a valid session. Please try again; if it keeps happening, contact the site’s support and quote the reference below.',
        [retry(s)],
      );
  }
}

/**
 * The page after the identity provider answered the callback with an OAuth `error` (RFC 6749 §4.1.2.1):
 * the user cancelled or was refused (`declined`), or the sign-in request was rejected.
 */
export function idpErrorPage(declined: boolean, s: PageSituation): PageContent {
  return {
    title: 'Sign-in was not completed',
    message: declined
      ? 'The sign-in was cancelled or refused.'
      : 'The sign-in service reported a problem with the sign-in request.',
    actions: [{ href: s.retryPath ?? '/', text: 'Try again' }, HOME],
    reference: { code: 'idp_error', requestId: s.requestId },
  };
}

/** The page shown instead of another automatic redirect to sign in (the redirect-loop guard). */
export function redirectLoopPage(code: FailureCode, signOutPath: string, s: PageSituation): PageContent {
  return {
    title: 'Sign-in could not be completed',
    message: [
      'Your browser was sent to sign in several times in a row.',
      'Sign out and try again; if it keeps happening, check that this site may set cookies.',
    ],
    actions: [{ href: signOutPath, text: 'Sign out and start again' }, HOME],
    reference: { code, requestId: s.requestId },
  };
}
