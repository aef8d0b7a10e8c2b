/**
 * Drives the hosted-UI authorization code flow with plain `fetch` (what a browser does without
 * JavaScript): GET /oauth2/authorize → 303 /login → GET the form → POST credentials → 303 resume →
 * 303 to the client's redirect_uri with the code. Cookies are carried by hand. Also starts the identity
 * provider the way every test here does ({@link startTestIdp}).
 */
import { createHash, randomBytes } from 'node:crypto';
import {
  type IdentityProviderOptions,
  type LocalIdp,
  startIdentityProvider,
} from '../../../packages/cli/src/local/idp/index.js';
import { REGION, USER_POOL_ID } from '../../helpers/keys.js';

/** The demo users file (alice, bob, …) the local identity provider tests sign in with. */
export const USERS_FILE = new URL('../../../packages/cli/demo/users.json', import.meta.url).pathname;

/**
 * Starts the local identity provider for the test user pool ({@link REGION}, {@link USER_POOL_ID}) with
 * the demo users, `clients`, and any other `options`.
 */
export function startTestIdp(
  clients: IdentityProviderOptions['clients'],
  options: Omit<IdentityProviderOptions, 'clients' | 'users'> = {},
): Promise<LocalIdp> {
  return startIdentityProvider({
    region: REGION,
    userPoolId: USER_POOL_ID,
    users: USERS_FILE,
    clients,
    ...options,
  });
}

/** A tiny cookie jar: name → value, from Set-Cookie headers (attributes ignored, `null` deletes). */
export class CookieJar {
  readonly #cookies = new Map<string, string>();
  /** Stores every cookie of `response`. */
  take(response: Response): void {
    for (const line of response.headers.getSetCookie()) {
      const [pair] = line.split(';');
      const eq = (pair as string).indexOf('=');
      const name = (pair as string).slice(0, eq).trim();
      const value = (pair as string).slice(eq + 1).trim();
      if (value === '' || /expires=Thu, 01 Jan 1970/i.test(line)) this.#cookies.delete(name);
      else this.#cookies.set(name, value);
    }
  }
  /** The Cookie request header value. */
  header(): string {
    return [...this.#cookies].map(([k, v]) => `${k}=${v}`).join('; ');
  }
  has(name: string): boolean {
    return this.#cookies.has(name);
  }
}

/** A PKCE pair (RFC 7636 §4.1–4.2, S256). */
export function pkcePair(): { verifier: string; challenge: string } {
  const verifier = randomBytes(32).toString('base64url');
  return { verifier, challenge: createHash('sha256').update(verifier).digest('base64url') };
}

/** GET with the jar's cookies, no redirect following; stores returned cookies. */
export async function get(url: string | URL, jar: CookieJar): Promise<Response> {
  const response = await fetch(url, { redirect: 'manual', headers: { cookie: jar.header() } });
  jar.take(response);
  return response;
}

/** Absolute Location of a redirect. */
export function location(response: Response, base: string): URL {
  const value = response.headers.get('location');
  if (value === null) throw new Error(`expected a redirect, got ${response.status}`);
  return new URL(value, base);
}

/** The `uid` hidden field of the login form. */
export function formUid(html: string): string {
  const match = /name="uid" value="([^"]+)"/.exec(html);
  if (!match) throw new Error('no login form');
  return match[1] as string;
}

/** Options of {@link signIn}. */
export interface SignInOptions {
  readonly clientId: string;
  readonly redirectUri: string;
  readonly username: string;
  readonly password: string;
  readonly state?: string;
  readonly nonce?: string;
  readonly scope?: string;
  readonly codeChallenge?: string;
  readonly jar?: CookieJar;
}

/** Starts an authorization request and returns the redirect to the login page. */
export async function startAuthorization(idp: LocalIdp, o: SignInOptions, jar: CookieJar): Promise<Response> {
  const url = new URL(idp.authorizeEndpoint);
  url.searchParams.set('client_id', o.clientId);
  url.searchParams.set('redirect_uri', o.redirectUri);
  url.searchParams.set('response_type', 'code');
  if (o.scope !== undefined) url.searchParams.set('scope', o.scope);
  if (o.state !== undefined) url.searchParams.set('state', o.state);
  if (o.nonce !== undefined) url.searchParams.set('nonce', o.nonce);
  if (o.codeChallenge !== undefined) {
    url.searchParams.set('code_challenge', o.codeChallenge);
    url.searchParams.set('code_challenge_method', 'S256');
  }
  return get(url, jar);
}

/** Posts the login form. */
export async function postLogin(
  idp: LocalIdp,
  jar: CookieJar,
  fields: Record<string, string>,
): Promise<Response> {
  const response = await fetch(idp.loginEndpoint, {
    method: 'POST',
    redirect: 'manual',
    headers: { cookie: jar.header(), 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams(fields),
  });
  jar.take(response);
  return response;
}

/**
 * Runs the whole hosted-UI flow and returns the callback URL (with `code`, `state`) and the jar (which
 * now holds the IdP session cookie).
 */
export async function signIn(idp: LocalIdp, o: SignInOptions): Promise<{ callback: URL; jar: CookieJar }> {
  const jar = o.jar ?? new CookieJar();
  const authorize = await startAuthorization(idp, o, jar);
  const loginUrl = location(authorize, idp.baseUrl);
  const page = await get(loginUrl, jar);
  const uid = formUid(await page.text());
  const posted = await postLogin(idp, jar, { uid, username: o.username, password: o.password });
  if (posted.status !== 303) throw new Error(`login answered ${posted.status}`);
  const resumed = await get(location(posted, idp.baseUrl), jar);
  await resumed.body?.cancel();
  return { callback: location(resumed, idp.baseUrl), jar };
}

/** Basic client authentication header (RFC 6749 §2.3.1). */
export function basicAuth(clientId: string, secret: string): string {
  return `Basic ${Buffer.from(`${encodeURIComponent(clientId)}:${encodeURIComponent(secret)}`).toString('base64')}`;
}

/**
 * The `authorization_code` grant form (RFC 6749 §4.1.3) for the code the IdP put in `callback`, as the
 * public client `clientId` (`client_id` in the body), plus `extra` parameters (e.g. `code_verifier`).
 */
export function codeGrant(
  callback: URL,
  redirectUri: string,
  clientId: string,
  extra: Record<string, string> = {},
): Record<string, string> {
  return {
    grant_type: 'authorization_code',
    code: callback.searchParams.get('code') ?? '',
    redirect_uri: redirectUri,
    client_id: clientId,
    ...extra,
  };
}

/** POSTs a form to the token endpoint (or another endpoint) and returns status + JSON body. */
export async function postForm(
  url: string,
  form: Record<string, string>,
  headers: Record<string, string> = {},
): Promise<{ status: number; body: Record<string, unknown> }> {
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded', ...headers },
    body: new URLSearchParams(form),
  });
  const text = await response.text();
  return { status: response.status, body: text === '' ? {} : (JSON.parse(text) as Record<string, unknown>) };
}
