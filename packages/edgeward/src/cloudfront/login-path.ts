/**
 * The login path of a site handler, imported on first use (`session.ts` `loginPath`): the OAuth
 * callback, sign-out, the signed-cookie issue route, login redirects and the loop guard, inline refresh,
 * and the refusals with their pages (`failure.ts`).
 * In a site bundle this module and what only it needs (oauth4webapi, `Set-Cookie` writing, the login
 * state, the pages) form chunks that a request presenting a valid token never loads.
 *
 * @module
 */
export { handleCallback } from './callback.js';
export { handleIssue } from './issue.js';
export { clearSession, requireLogin } from './login.js';
export { refresh } from './refresh.js';
export { refusal } from './refusal.js';
export { handleSignOut } from './signout.js';
