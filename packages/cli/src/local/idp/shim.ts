/**
 * The Cognito shim: the few Cognito routes oidc-provider does not serve the Cognito way, mounted in
 * front of oidc-provider's own routes as Koa middleware.
 *
 * @module
 */
import type { KoaContextWithOIDC, Middleware } from 'oidc-provider';
import { htmlHeaders, type ShimDeps } from './context.js';
import { escapeHtml, htmlPage } from './html.js';
import { handleIdentityPool, isIdentityPoolRequest } from './identity-pool.js';
import { handleInitiateAuth, isCognitoApiRequest } from './initiate-auth.js';
import { showLoginPage, submitLogin } from './login.js';
import { handleLogout } from './logout.js';
import { COGNITO_PATHS, clientScopes, internalRedirectUri } from './provider.js';
import { handleUserInfo } from './userinfo.js';

/**
 * Cognito's `/oauth2/authorize` grants the client's allowed scopes when the request has no `scope`, and
 * only allowed scopes otherwise (RFC 6749 §3.3 lets the server narrow the scope). oidc-provider would
 * instead ask for consent for the others, so `scope` is settled before oidc-provider sees the request.
 */
function settleAuthorizeScope(ctx: KoaContextWithOIDC, deps: ShimDeps): void {
  const { client_id: clientId, scope } = ctx.query;
  if (typeof clientId !== 'string' || Array.isArray(scope)) return;
  const client = deps.clients.get(clientId);
  if (!client) return;
  const allowed = clientScopes(client);
  const granted = scope === undefined ? allowed : scope.split(' ').filter((s) => allowed.includes(s));
  const params = new URLSearchParams(ctx.querystring);
  params.set('scope', [...new Set(granted)].join(' '));
  ctx.querystring = params.toString();
}

/**
 * Cognito does not send the RFC 9207 `iss` authorization response parameter; oidc-provider always does.
 * It is removed from the redirect to the client so that client code cannot come to depend on it locally.
 */
function dropIssParameter(ctx: KoaContextWithOIDC, issuer: string): void {
  if (ctx.status < 300 || ctx.status >= 400) return;
  const target = ctx.response.get('location');
  if (target === '') return;
  let url: URL;
  try {
    url = new URL(target);
  } catch {
    return;
  }
  if (url.searchParams.get('iss') !== issuer) return;
  url.searchParams.delete('iss');
  ctx.set('location', url.href);
}

function badRequest(ctx: KoaContextWithOIDC): void {
  htmlHeaders(ctx);
  ctx.status = 400;
  ctx.type = 'html';
  ctx.body = htmlPage(
    'Bad request',
    `<h1>Bad request</h1><p class="error">${escapeHtml('invalid_request')}</p>`,
  );
}

/** The Koa middleware routing Cognito-only paths to the shim and everything else to oidc-provider. */
export function cognitoShim(deps: ShimDeps): Middleware {
  return async (ctx, next) => {
    const { method, path } = ctx;
    if (path === COGNITO_PATHS.login && method === 'GET') return showLoginPage(ctx, deps);
    if (path === COGNITO_PATHS.login && method === 'POST') return submitLogin(ctx, deps);
    if (path === COGNITO_PATHS.logout && method === 'GET') return handleLogout(ctx, deps);
    if (path === COGNITO_PATHS.userInfo && (method === 'GET' || method === 'POST')) {
      return handleUserInfo(ctx, deps);
    }
    if (path === '/' && method === 'POST' && isCognitoApiRequest(ctx)) return handleInitiateAuth(ctx, deps);
    if (path === '/' && method === 'POST' && isIdentityPoolRequest(ctx)) return handleIdentityPool(ctx, deps);
    if (path === COGNITO_PATHS.authorize) {
      // Cognito's authorize endpoint is GET only; the internal InitiateAuth redirect URI is not for browsers.
      if (method !== 'GET' || ctx.query.redirect_uri === internalRedirectUri(deps.baseUrl)) {
        return badRequest(ctx);
      }
      settleAuthorizeScope(ctx, deps);
    }
    await next();
    if (path.startsWith(COGNITO_PATHS.authorize)) dropIssParameter(ctx, deps.issuer);
    if (path === COGNITO_PATHS.discovery && typeof ctx.body === 'object' && ctx.body !== null) {
      delete (ctx.body as Record<string, unknown>).authorization_response_iss_parameter_supported;
    }
  };
}
