/**
 * The login path's pieces of a site, built on its first request that needs them and kept for the
 * container's life: the OAuth client (token endpoint, revocation), the session cookie writer, the login
 * states already used (replay protection), and the signed-cookie issuer. Part of the login chunk of a
 * site bundle, never loaded by requests that only verify a token.
 *
 * @module
 */
import { createOAuthClient, type OAuthClient } from '../core/oauth/client.js';
import { SessionCookies } from '../core/session/names.js';
import { ConsumedStates } from '../core/session/state.js';
import type { SignedCookieIssuer } from '../core/signed-cookies/issuer.js';
import type { Site } from './site.js';

/** The login path's pieces of one site. */
export interface LoginTools {
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
    const client = site.config.client!;
    tools = {
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
    issuer = site.signedCookieIssuer!();
    issuers.set(site, issuer);
    issuer.catch(() => issuers.delete(site));
  }
  return issuer;
}
