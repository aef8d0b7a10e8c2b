/**
 * Browser session primitives for the cookie login flow: cookie parsing/serialization and chunking,
 * session cookie naming, the signed login state (state, PKCE verifier, nonce, return path) and
 * return-path validation.
 *
 * @module
 */
export { chunkCookie, cookieHeaderBytes } from './cookie-chunks.js';
export { parseCookieHeaders } from './cookie-header.js';
export {
  type CookiePair,
  chunkName,
  firstCookie,
  hasConflictingDuplicates,
  MAX_CHUNKS,
  MAX_COOKIE_VALUE_BYTES,
  readChunkedCookie,
} from './cookies.js';
export { MAX_RETURN_PATH_LENGTH, returnPathOf, validateReturnPath } from './return-to.js';
export {
  DEFAULT_SESSION_MAX_AGE_SECONDS,
  SESSION_COOKIE_BUDGET_BYTES,
  type SessionCookieOptions,
  SessionCookies,
  type SessionTokens,
} from './session-cookies.js';
export { type CookieAttributes, deletionSetCookie, serializeSetCookie } from './set-cookie.js';
export {
  ConsumedStates,
  createLoginState,
  DEFAULT_STATE_TTL_SECONDS,
  type LoginState,
  type NewLoginState,
  openLoginState,
  sealLoginState,
  statesEqual,
} from './state.js';
