/**
 * The hosted-UI login page (`/login`): a plain HTML form (username, password, sign in) that works without
 * JavaScript. It completes oidc-provider's `login` interaction; there is no consent screen.
 *
 * @see https://docs.aws.amazon.com/cognito/latest/developerguide/login-endpoint.html
 * @module
 */
import type { InteractionDetails, KoaContextWithOIDC } from 'oidc-provider';
import { htmlHeaders, readText, type ShimDeps } from './context.js';
import { escapeHtml, htmlPage } from './html.js';
import { COGNITO_PATHS } from './provider.js';

/** The message Cognito shows for a wrong username or password (it never says which). */
export const WRONG_CREDENTIALS_MESSAGE = 'Incorrect username or password.';

/** Shown to a user who still has a temporary password (`forceChangePassword`). */
export const NEW_PASSWORD_REQUIRED_MESSAGE =
  'You must set a new password first. This local sign-in page cannot: use `edgeward login`, which answers NEW_PASSWORD_REQUIRED.';

interface FormState {
  readonly uid: string;
  readonly clientId: string;
  readonly username?: string;
  readonly error?: string;
}

/** Renders the sign-in form. Every value is HTML-escaped. */
export function renderLoginForm(state: FormState): string {
  const error =
    state.error === undefined
      ? ''
      : `<p class="error" role="alert" id="login-error">${escapeHtml(state.error)}</p>\n`;
  const describedBy = state.error === undefined ? '' : ' aria-describedby="login-error"';
  return htmlPage(
    'Sign in',
    `<h1>Sign in</h1>
<p class="note">Local Cognito-compatible identity provider for <strong>${escapeHtml(state.clientId)}</strong>.
Demo accounts only.</p>
${error}<form method="post" action="${COGNITO_PATHS.login}">
<input type="hidden" name="uid" value="${escapeHtml(state.uid)}">
<label for="username">Username</label>
<input id="username" name="username" type="text" autocomplete="username" autocapitalize="none" required${describedBy} value="${escapeHtml(state.username ?? '')}">
<label for="password">Password</label>
<input id="password" name="password" type="password" autocomplete="current-password" required${describedBy}>
<button type="submit">Sign in</button>
</form>`,
  );
}

function renderProblem(ctx: KoaContextWithOIDC, status: number, message: string): void {
  htmlHeaders(ctx);
  ctx.status = status;
  ctx.type = 'html';
  ctx.body = htmlPage(
    'Sign-in problem',
    `<h1>Sign-in problem</h1><p class="error">${escapeHtml(message)}</p>`,
  );
}

async function currentInteraction(
  ctx: KoaContextWithOIDC,
  deps: ShimDeps,
): Promise<InteractionDetails | undefined> {
  try {
    return await deps.provider.interactionDetails(ctx.req, ctx.res);
  } catch {
    return undefined;
  }
}

/**
 * `GET /login`. With a pending login interaction (its cookie), renders the form. Without one but with
 * the authorize parameters (`client_id`, `redirect_uri`, `response_type`), as Cognito accepts, starts
 * the authorization request at `/oauth2/authorize`. Otherwise answers 400.
 */
export async function showLoginPage(ctx: KoaContextWithOIDC, deps: ShimDeps): Promise<void> {
  const details = await currentInteraction(ctx, deps);
  if (!details) {
    const { client_id: clientId, redirect_uri: redirectUri, response_type: responseType } = ctx.query;
    if (typeof clientId === 'string' && typeof redirectUri === 'string' && typeof responseType === 'string') {
      ctx.status = 302;
      ctx.redirect(`${COGNITO_PATHS.authorize}?${ctx.querystring}`);
      return;
    }
    renderProblem(ctx, 400, 'No sign-in is in progress, or it expired. Start again from the application.');
    return;
  }
  if (details.prompt.name !== 'login') {
    renderProblem(ctx, 400, `Unsupported interaction "${details.prompt.name}".`);
    return;
  }
  htmlHeaders(ctx);
  ctx.type = 'html';
  ctx.body = renderLoginForm({ uid: details.uid, clientId: String(details.params.client_id ?? '') });
}

/**
 * `POST /login` (`application/x-www-form-urlencoded`: `uid`, `username`, `password`). Wrong credentials
 * re-render the form with {@link WRONG_CREDENTIALS_MESSAGE} (a user who must change a temporary password
 * with {@link NEW_PASSWORD_REQUIRED_MESSAGE}); right ones finish the login interaction and
 * redirect (303) back into the authorization request, which redirects to the client with the code.
 */
export async function submitLogin(ctx: KoaContextWithOIDC, deps: ShimDeps): Promise<void> {
  const details = await currentInteraction(ctx, deps);
  const text = await readText(ctx);
  if (details?.prompt.name !== 'login') {
    renderProblem(ctx, 400, 'No sign-in is in progress, or it expired. Start again from the application.');
    return;
  }
  if (text === undefined) {
    renderProblem(ctx, 413, 'The form is too large.');
    return;
  }
  const form = new URLSearchParams(text);
  if (form.get('uid') !== details.uid) {
    renderProblem(ctx, 400, 'This sign-in form is stale. Start again from the application.');
    return;
  }
  const username = form.get('username') ?? '';
  const user = deps.users.authenticate(username, form.get('password') ?? '');
  // A user with a temporary password must set a new one first; this page cannot (`edgeward login` can).
  const mustChange = user !== undefined && deps.users.mustChangePassword(user.username);
  if (!user || mustChange) {
    htmlHeaders(ctx);
    ctx.type = 'html';
    ctx.body = renderLoginForm({
      uid: details.uid,
      clientId: String(details.params.client_id ?? ''),
      username,
      error: mustChange ? NEW_PASSWORD_REQUIRED_MESSAGE : WRONG_CREDENTIALS_MESSAGE,
    });
    return;
  }
  const returnTo = await deps.provider.interactionResult(
    ctx.req,
    ctx.res,
    { login: { accountId: user.sub } },
    { mergeWithLastSubmission: false },
  );
  ctx.set('cache-control', 'no-store');
  ctx.status = 303;
  ctx.redirect(returnTo);
}
