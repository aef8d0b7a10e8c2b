/**
 * Cognito's `/logout`: ends the hosted-UI (IdP) session and redirects immediately — to a registered
 * `logout_uri`, or, with `redirect_uri` + `response_type`, back into a new sign-in.
 *
 * @see https://docs.aws.amazon.com/cognito/latest/developerguide/logout-endpoint.html
 * @module
 */
import type { KoaContextWithOIDC } from 'oidc-provider';
import { htmlHeaders, type ShimDeps } from './context.js';
import { escapeHtml, htmlPage } from './html.js';
import { COGNITO_PATHS } from './provider.js';

function refuse(ctx: KoaContextWithOIDC, message: string): void {
  htmlHeaders(ctx);
  ctx.status = 400;
  ctx.type = 'html';
  ctx.body = htmlPage(
    'Sign-out problem',
    `<h1>Sign-out problem</h1><p class="error">${escapeHtml(message)}</p>`,
  );
}

/** Destroys the IdP session named by the session cookie (if any) and clears the cookie. */
async function endSession(ctx: KoaContextWithOIDC, deps: ShimDeps): Promise<void> {
  const session = await deps.provider.Session.get(ctx);
  await session.destroy();
  ctx.cookies.set(deps.provider.cookieName('session'), null, { signed: true });
}

/**
 * `GET /logout?client_id=…&logout_uri=…` (or `&redirect_uri=…&response_type=code[&state=…&scope=…]`).
 * The URI must be registered for the client (exact match), else 400 and the session is kept: no open
 * redirect. Answers 302.
 */
export async function handleLogout(ctx: KoaContextWithOIDC, deps: ShimDeps): Promise<void> {
  const one = (name: string) => {
    const v = ctx.query[name];
    return typeof v === 'string' ? v : undefined;
  };
  const clientId = one('client_id');
  const client = clientId === undefined ? undefined : deps.clients.get(clientId);
  if (!client) {
    refuse(ctx, 'Unknown or missing client_id.');
    return;
  }
  const logoutUri = one('logout_uri');
  if (logoutUri !== undefined) {
    if (!(client.logoutUris ?? []).includes(logoutUri)) {
      refuse(ctx, 'logout_uri is not a registered sign-out URL of this client.');
      return;
    }
    await endSession(ctx, deps);
    ctx.set('cache-control', 'no-store');
    ctx.status = 302;
    ctx.redirect(logoutUri);
    return;
  }
  const redirectUri = one('redirect_uri');
  const responseType = one('response_type');
  if (redirectUri !== undefined && responseType !== undefined) {
    if (!(client.redirectUris ?? []).includes(redirectUri)) {
      refuse(ctx, 'redirect_uri is not a registered callback URL of this client.');
      return;
    }
    await endSession(ctx, deps);
    const params = new URLSearchParams({
      client_id: client.clientId,
      redirect_uri: redirectUri,
      response_type: responseType,
    });
    for (const name of ['scope', 'state']) {
      const value = one(name);
      if (value !== undefined) params.set(name, value);
    }
    ctx.set('cache-control', 'no-store');
    ctx.status = 302;
    ctx.redirect(`${COGNITO_PATHS.authorize}?${params}`);
    return;
  }
  refuse(ctx, 'logout_uri (or redirect_uri and response_type) is required.');
}
