/**
 * JOSE header checks (RFC 7515 §4, RFC 8725 §3.1): the algorithm is pinned per issuer, `crit` is refused
 * (no extension is understood, RFC 7515 §4.1.11), keys are never taken from the token (`jku`, `x5u`,
 * `jwk`, `x5c`), `b64` (RFC 7797) and JWE members are refused, and `kid` is required for JWKS issuers.
 *
 * @module
 */
import { AuthError } from '../errors.js';
import type { JsonObject } from './json.js';
import type { VerifiedHeader } from './types.js';

/** What an issuer accepts in a JOSE header. */
export interface HeaderPolicy {
  /** Accepted `alg` values, compared exactly (so `none`, `None`, `NONE` are never accepted). */
  readonly algorithms: ReadonlySet<string>;
  /** True for JWKS issuers: a token without `kid` is refused with `kid_missing`. */
  readonly requireKid: boolean;
}

/** Longest `kid` looked up; longer values are refused before any JWKS lookup. */
export const MAX_KID_LENGTH = 256;

/** Header members that would let a token choose its own key or change how it is processed. */
const REFUSED_MEMBERS = ['jku', 'x5u', 'jwk', 'x5c', 'b64', 'enc', 'zip'] as const;

/**
 * Checks a parsed, unverified JOSE header against `policy`.
 *
 * @returns the typed header
 * @throws AuthError `token_header_invalid` (missing/non-string `alg`, `kid` or `typ`; a refused member;
 *   an over-long `kid`), `token_alg_not_allowed`, `token_crit_unsupported`, `kid_missing`
 * @see https://www.rfc-editor.org/rfc/rfc7515#section-4.1
 * @see https://www.rfc-editor.org/rfc/rfc8725#section-3.1
 */
export function checkHeader(header: JsonObject, policy: HeaderPolicy): VerifiedHeader {
  const { alg, kid, typ } = header;
  if (typeof alg !== 'string')
    throw new AuthError('token_header_invalid', 'JWT header alg is missing or not a string');
  if (!policy.algorithms.has(alg))
    throw new AuthError('token_alg_not_allowed', 'JWT alg is not allowed for this issuer');
  if (header.crit !== undefined) {
    throw new AuthError('token_crit_unsupported', 'JWT header carries crit; no extension is supported');
  }
  for (const member of REFUSED_MEMBERS) {
    if (header[member] !== undefined) {
      throw new AuthError('token_header_invalid', `JWT header member ${member} is not accepted`);
    }
  }
  if (typ !== undefined && typeof typ !== 'string') {
    throw new AuthError('token_header_invalid', 'JWT header typ is not a string');
  }
  if (kid !== undefined) {
    if (typeof kid !== 'string')
      throw new AuthError('token_header_invalid', 'JWT header kid is not a string');
    if (kid.length > MAX_KID_LENGTH)
      throw new AuthError('token_header_invalid', 'JWT header kid is too long');
  }
  if (policy.requireKid && (kid === undefined || kid === '')) {
    throw new AuthError('kid_missing', 'JWT header has no kid; this issuer signs with a JWKS');
  }
  return {
    alg,
    ...(kid === undefined ? {} : { kid: kid as string }),
    ...(typ === undefined ? {} : { typ: typ as string }),
  };
}
