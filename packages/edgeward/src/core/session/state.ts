/**
 * The login state of one authorization code flow, carried in a short-lived, HMAC-signed, HttpOnly cookie:
 * the OAuth `state`, the PKCE code verifier, the OIDC nonce and the return path.
 *
 * Format of the cookie value: `v1.<base64url(JSON payload)>.<base64url(HMAC-SHA256)>`, the MAC computed
 * over `v1.<payload>` with the configured state secret. The payload is signed, not encrypted: it holds
 * nothing a viewer who can read their own HttpOnly cookies could not already see.
 *
 * Single use: the callback clears the cookie, {@link ConsumedStates} refuses a second use of the same
 * `state` in the same container, and the authorization code itself is single-use at the IdP and bound to
 * the PKCE verifier (RFC 6749 §4.1.2, RFC 7636 §4.6). See docs/cloudfront.md for the residual risk.
 *
 * @see https://www.rfc-editor.org/rfc/rfc6749#section-10.12 (CSRF protection with `state`)
 * @see https://www.rfc-editor.org/rfc/rfc7636 (PKCE)
 * @see https://openid.net/specs/openid-connect-core-1_0.html#NonceNotes
 * @module
 */
import { createHmac, timingSafeEqual } from 'node:crypto';
import {
  calculatePKCECodeChallenge,
  generateRandomCodeVerifier,
  generateRandomNonce,
  generateRandomState,
} from 'oauth4webapi';
import { AuthError } from '../errors.js';
import { validateReturnPath } from './return-to.js';
import { DEFAULT_STATE_TTL_SECONDS } from './state-ttl.js';

export { DEFAULT_STATE_TTL_SECONDS } from './state-ttl.js';

const VERSION = 'v1';

/** What the state cookie carries between the redirect to the IdP and the callback. */
export interface LoginState {
  /** The random OAuth `state` sent to the IdP (RFC 6749 §4.1.1). */
  readonly state: string;
  /** The PKCE code verifier (RFC 7636 §4.1), sent only to the token endpoint. */
  readonly codeVerifier: string;
  /** The OIDC `nonce` the id token must carry (OIDC Core §3.1.2.1). */
  readonly nonce: string;
  /** Where to send the browser after login: a validated same-host path + query. */
  readonly returnTo: string;
  /** Expiry, seconds since the epoch. */
  readonly exp: number;
}

/** A fresh login state plus the PKCE S256 code challenge to put in the authorization request. */
export interface NewLoginState {
  readonly login: LoginState;
  /** `BASE64URL(SHA256(codeVerifier))` (RFC 7636 §4.2, method `S256`). */
  readonly codeChallenge: string;
}

/**
 * Creates a random `state`, PKCE verifier/challenge and nonce for one login.
 *
 * @param returnTo - validated return path (see `validateReturnPath`)
 * @param nowSeconds - current time, seconds since the epoch
 * @param ttlSeconds - lifetime of the state, seconds; default {@link DEFAULT_STATE_TTL_SECONDS}
 */
export async function createLoginState(
  returnTo: string,
  nowSeconds: number,
  ttlSeconds: number = DEFAULT_STATE_TTL_SECONDS,
): Promise<NewLoginState> {
  const codeVerifier = generateRandomCodeVerifier();
  const login: LoginState = {
    state: generateRandomState(),
    codeVerifier,
    nonce: generateRandomNonce(),
    returnTo,
    exp: nowSeconds + ttlSeconds,
  };
  return { login, codeChallenge: await calculatePKCECodeChallenge(codeVerifier) };
}

function mac(key: Uint8Array, data: string): Buffer {
  return createHmac('sha256', key).update(data).digest();
}

/**
 * Serializes and signs a login state into a cookie value.
 *
 * @param login - the state to seal
 * @param key - the state-cookie HMAC secret (at least 32 bytes)
 * @returns `v1.<payload>.<mac>`, every part base64url (cookie-safe)
 */
export function sealLoginState(login: LoginState, key: Uint8Array): string {
  const payload = Buffer.from(
    JSON.stringify({
      s: login.state,
      v: login.codeVerifier,
      n: login.nonce,
      r: login.returnTo,
      e: login.exp,
    }),
  ).toString('base64url');
  const signed = `${VERSION}.${payload}`;
  return `${signed}.${mac(key, signed).toString('base64url')}`;
}

/**
 * Verifies and parses a state cookie value.
 *
 * @param value - the cookie value
 * @param key - the state-cookie HMAC secret
 * @param nowSeconds - current time, seconds since the epoch
 * @throws AuthError `state_invalid` when the value is malformed or its MAC does not verify (the error
 *   never contains the expected MAC), `state_expired` when `exp` has passed
 */
export function openLoginState(value: string, key: Uint8Array, nowSeconds: number): LoginState {
  const parts = value.split('.');
  if (parts.length !== 3 || parts[0] !== VERSION) {
    throw new AuthError('state_invalid', 'state cookie is malformed');
  }
  const [, payload, signature] = parts as [string, string, string];
  const expected = mac(key, `${VERSION}.${payload}`);
  const given = Buffer.from(signature, 'base64url');
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) {
    throw new AuthError('state_invalid', 'state cookie signature does not verify');
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8'));
  } catch (cause) {
    throw new AuthError('state_invalid', 'state cookie payload is not JSON', { cause });
  }
  const p = parsed as Record<string, unknown>;
  const returnTo = validateReturnPath(p['r']);
  if (
    typeof p['s'] !== 'string' ||
    typeof p['v'] !== 'string' ||
    typeof p['n'] !== 'string' ||
    typeof p['e'] !== 'number' ||
    returnTo === undefined
  ) {
    throw new AuthError('state_invalid', 'state cookie payload is incomplete');
  }
  if (p['e'] <= nowSeconds) throw new AuthError('state_expired', 'state has expired');
  return { state: p['s'], codeVerifier: p['v'], nonce: p['n'], returnTo, exp: p['e'] };
}

/**
 * Compares two `state` values in constant time (for equal lengths; the length itself is not secret).
 *
 * @returns true when both are equal
 */
export function statesEqual(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

/**
 * A bounded in-memory record of `state` values already used at the callback in this container, kept
 * until they expire. Best effort (a container's memory is not shared): it stops a replay that reaches
 * the same container; the IdP's single-use authorization code stops the others.
 */
export class ConsumedStates {
  readonly #entries = new Map<string, number>();
  readonly #capacity: number;

  /** @param capacity - most entries kept; the oldest are dropped first. Default 1000. */
  constructor(capacity = 1000) {
    this.#capacity = capacity;
  }

  /**
   * Marks `state` used.
   *
   * @param state - the state value
   * @param exp - its expiry, seconds since the epoch
   * @param nowSeconds - current time, seconds
   * @returns false when it was already used (a replay), true on first use
   */
  consume(state: string, exp: number, nowSeconds: number): boolean {
    const seen = this.#entries.get(state);
    if (seen !== undefined && seen > nowSeconds) return false;
    for (const [k, e] of this.#entries) {
      if (e > nowSeconds && this.#entries.size < this.#capacity) break;
      this.#entries.delete(k);
    }
    this.#entries.set(state, exp);
    return true;
  }
}
