/**
 * The identity-pool credentials route (`identityPool` in the site configuration, default
 * `GET /_edgeward/credentials`): browser code of the site cannot read the HttpOnly session cookies, so it
 * asks the edge for temporary AWS credentials instead of handing an id token to Cognito itself.
 *
 * 1. `GET` only (else 405), and only from the site's own pages (`isOwnPageRequest`): `Sec-Fetch-Site:
 *    same-origin`, or — from a browser that sends no Fetch Metadata — an `Origin` (or `Referer`) equal to
 *    the site's origin; anything else (another site, a URL typed in the address bar, a request with none
 *    of these headers) → 403 `cross_origin_refused`.
 * 2. The session is checked like any request (verification, rules on the route's path, inline refresh).
 * 3. The session's id token is verified (`token_use: id`, same `sub` as the session token); an expired
 *    one is refreshed inline with the refresh token.
 * 4. Cognito Identity `GetId` + `GetCredentialsForIdentity` with the id token as the login of the user
 *    pool (`Logins: {"cognito-idp.<region>.amazonaws.com/<poolId>": idToken}`).
 * 5. 200 JSON `{identityId, accessKeyId, secretAccessKey, sessionToken, expiration}` with
 *    `Cache-Control: no-store`. Cognito failures: 503 `identity_pool_unavailable` (timeout, throttling,
 *    5xx: retry later) or 502 `identity_pool_error`, as JSON; nothing here throws.
 *
 * No credential, token or Cognito message is ever logged. Loaded with a dynamic `import()` by the
 * handler, so it can live in a lazily loaded chunk.
 *
 * @see [Amazon Cognito Developer Guide - Identity pools authentication flow](https://docs.aws.amazon.com/cognito/latest/developerguide/authentication-flow.html)
 * @see [Fetch Metadata Request Headers - Sec-Fetch-Site](https://www.w3.org/TR/fetch-metadata/#sec-fetch-site-header)
 * @module
 */
import type { CloudFrontRequestResult } from 'aws-lambda';
import { createIdentityPoolClient, type IdentityPoolClient } from '../core/identity-pool/client.js';
import type { VerifiedToken } from '../core/verify/types.js';
import type { ViewerRequest } from './event.js';
import { fail, failureCode, failureDetail, logRequest } from './failure.js';
import { jsonError, response } from './responses.js';
import { isOwnPageRequest } from './same-origin.js';
import { handleSession } from './session.js';
import type { Site, SiteLogin } from './site.js';

/** One Cognito Identity client per site (the route module is loaded once, the site is built once). */
const clients = new WeakMap<Site, IdentityPoolClient>();

function clientOf(site: Site): IdentityPoolClient {
  let client = clients.get(site);
  if (client === undefined) {
    const fetchImpl = site.deps.fetch ?? ((input, init) => fetch(input, init));
    client = createIdentityPoolClient(site.config.identityPool!, site.issuerUrl, fetchImpl);
    clients.set(site, client);
  }
  return client;
}

/** Exchanges the session's id token for the identity's credentials. Never throws. */
async function issue(
  site: Site,
  vr: ViewerRequest,
  login: SiteLogin,
  session: VerifiedToken,
): Promise<CloudFrontRequestResult> {
  const style = { navigation: false } as const;
  const { sessions } = login;
  vr.own ??= sessions.scan(vr.cookieHeaders);
  const tokens = sessions.readOwn(vr.cookieHeaders, vr.own);
  const idToken = tokens.idToken;
  if (idToken === undefined) {
    if (tokens.refreshToken) {
      return (await site.loginPath()).refresh(site, vr, tokens.refreshToken, 'token_missing');
    }
    return fail(site, vr, 'token_missing', style, 'the session has no id token');
  }
  let id: VerifiedToken;
  try {
    id =
      site.config.sessionTokenUse === 'id'
        ? session
        : await site.verifier.verify(idToken, { tokenUse: 'id' });
  } catch (e) {
    const code = failureCode(e);
    if (code === 'token_expired' && tokens.refreshToken) {
      return (await site.loginPath()).refresh(site, vr, tokens.refreshToken, code);
    }
    return fail(site, vr, code, style, failureDetail(e));
  }
  if (id.sub !== session.sub) {
    return fail(site, vr, 'token_claim_invalid', style, 'id and session token subjects differ');
  }
  try {
    const credentials = await clientOf(site).credentials(idToken, id.sub);
    logRequest(site, vr, { level: 'info', event: 'identity_credentials_issued', status: 200 });
    return response(
      200,
      [
        ['Content-Type', 'application/json'],
        ['X-Content-Type-Options', 'nosniff'],
      ],
      JSON.stringify(credentials),
    );
  } catch (e) {
    return fail(site, vr, failureCode(e), style, failureDetail(e));
  }
}

/** Handles a request to the credentials route. Never throws. */
export async function handleCredentials(site: Site, vr: ViewerRequest): Promise<CloudFrontRequestResult> {
  if (vr.method !== 'GET') {
    logRequest(site, vr, { level: 'warn', event: 'method_not_allowed', status: 405 });
    return jsonError(405, 'method_not_allowed', [['Allow', 'GET']]);
  }
  if (!isOwnPageRequest(vr)) return fail(site, vr, 'cross_origin_refused', { navigation: false });
  const { login } = site;
  // The credentials route needs the session's id token: a site without cookie login has none to exchange.
  if (login === undefined)
    return fail(site, vr, 'config_invalid', { navigation: false }, 'identityPool needs cookie login');
  return handleSession(site, login, vr, (token) => issue(site, vr, login, token));
}
