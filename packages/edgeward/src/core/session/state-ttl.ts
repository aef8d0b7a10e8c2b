/**
 * The default lifetime of a login state, on its own so that reading a site's configuration does not
 * load the login state code (`state.ts`, with oauth4webapi's PKCE helpers) into a site's per-request
 * chunk.
 *
 * @module
 */

/** Default lifetime of a login state, in seconds (10 minutes). */
export const DEFAULT_STATE_TTL_SECONDS = 600;
