/**
 * Cognito's `/oauth2/userInfo`: returns the user's attributes for a valid access token that carries the
 * `openid` scope (so not for `InitiateAuth` tokens) and whose grant (`origin_jti`) was not revoked.
 *
 * @see https://docs.aws.amazon.com/cognito/latest/developerguide/userinfo-endpoint.html
 * @see https://www.rfc-editor.org/rfc/rfc6750#section-3
 * @module
 */
import { jwtVerify } from 'jose';
import type { KoaContextWithOIDC } from 'oidc-provider';
import type { ShimDeps } from './context.js';

const INVALID_TOKEN = 'Access token is expired, disabled, or deleted, or the user has globally signed out.';

function unauthorized(ctx: KoaContextWithOIDC, error?: 'invalid_token' | 'invalid_request'): void {
  ctx.status = error === 'invalid_request' ? 400 : 401;
  ctx.set(
    'www-authenticate',
    error === undefined ? 'Bearer' : `Bearer error="${error}", error_description="${INVALID_TOKEN}"`,
  );
  ctx.set('cache-control', 'no-store');
  ctx.body = error === undefined ? '' : { error, error_description: INVALID_TOKEN };
}

/**
 * Handles `GET|POST /oauth2/userInfo` with `Authorization: Bearer <access token>`. Answers 200 with
 * `sub`, `username`, `email`, `email_verified` (a string, as Cognito returns it); 401 without a token
 * or with an invalid, expired, revoked or non-`openid` one.
 */
export async function handleUserInfo(ctx: KoaContextWithOIDC, deps: ShimDeps): Promise<void> {
  const match = /^Bearer ([A-Za-z0-9\-_.]+)$/.exec(ctx.get('authorization'));
  if (!match) {
    unauthorized(ctx);
    return;
  }
  let claims: Record<string, unknown>;
  try {
    ({ payload: claims } = await jwtVerify(match[1] as string, deps.publicKey, {
      issuer: deps.issuer,
      algorithms: ['RS256'],
    }));
  } catch {
    unauthorized(ctx, 'invalid_token');
    return;
  }
  const scopes = typeof claims.scope === 'string' ? claims.scope.split(' ') : [];
  const grantId = claims.origin_jti;
  const user = typeof claims.sub === 'string' ? deps.users.bySub(claims.sub) : undefined;
  const grant = typeof grantId === 'string' ? await deps.provider.Grant.find(grantId) : undefined;
  if (claims.token_use !== 'access' || !scopes.includes('openid') || !user || !grant) {
    unauthorized(ctx, 'invalid_token');
    return;
  }
  ctx.set('cache-control', 'no-store');
  ctx.type = 'application/json';
  ctx.body = {
    sub: user.sub,
    ...(user.email === undefined
      ? {}
      : { email_verified: String(user.emailVerified ?? true), email: user.email }),
    username: user.username,
  };
}
