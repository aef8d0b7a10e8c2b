/**
 * The login path's pieces of a site, built on its first request that needs them and kept for the
 * container's life: the OAuth client (token endpoint, revocation), the session cookie writer, the login
 * states already used (replay protection), and the signed-cookie issuer. Part of the login chunk of a
 * site bundle, never loaded by requests that only verify a token.
 *
 * @module
 */
import { AuthError } from '../core/errors.js';
import { createOAuthClient, type OAuthClient } from '../core/oauth/client.js';
import type { OAuthClientConfig } from '../core/oauth/types.js';
import { SessionCookies } from '../core/session/session-cookies.js';
import { ConsumedStates } from '../core/session/state.js';
import type { SignedCookieIssuer } from '../core/signed-cookies/issuer.js';
import type { Site } from './site.js';

/** The login path's pieces of one site. */
export interface LoginTools {
  /** The site's OAuth client configuration (`site.login.client`). */
  readonly client: OAuthClientConfig;
  readonly oauth: OAuthClient;
  readonly cookies: SessionCookies;
  readonly consumedStates: ConsumedStates;
}

const built = new WeakMap<Site, LoginTools>();
const issuers = new WeakMap<Site, Promise<SignedCookieIssuer>>();

/**
 * The login pieces of a site with cookie login (built once per site).
 *
 * @throws AuthError `config_invalid` when the site has no cookie login (a caller bug)
 */
export function loginTools(site: Site): LoginTools {
  let tools = built.get(site);
  if (tools === undefined) {
    const client = site.login?.client;
    if (client === undefined) throw new AuthError('config_invalid', 'the site has no cookie login');
    tools = {
      client,
      oauth: createOAuthClient(client, site.issuerUrl, site.algorithms, site.deps),
      cookies: new SessionCookies(site.config.cookies, client.clientId),
      consumedStates: new ConsumedStates(),
    };
    built.set(site, tools);
  }
  return tools;
}

/** The signed-cookie issuer of a site with `signedCookies` (built once per site; a failure is retried). */
export function signedCookieIssuer(site: Site): Promise<SignedCookieIssuer> {
  let issuer = issuers.get(site);
  if (issuer === undefined) {
    const build = site.signedCookieIssuer;
    if (build === undefined)
      return Promise.reject(new AuthError('config_invalid', 'the site has no signedCookies'));
    issuer = build();
    issuers.set(site, issuer);
    issuer.catch(() => issuers.delete(site));
  }
  return issuer;
}
