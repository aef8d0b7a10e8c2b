/**
 * Verified tokens built directly for rule tests: rules never verify tokens, they only read the verified
 * claims, so these are `VerifiedToken` values shaped the way the verifier produces them for Cognito
 * access tokens (groups from `cognito:groups`, scopes from the space-separated `scope`).
 */
import type { VerifiedToken } from '../../../packages/edgeward/src/core/verify/types.js';
import { FIXED_NOW } from '../../helpers/keys.js';

/** A Cognito-shaped verified access token for user `alice` (sub `alice-sub`), with claim overrides. */
export function verifiedToken(claims: Record<string, unknown> = {}): VerifiedToken {
  const all: Record<string, unknown> = {
    sub: 'alice-sub',
    iss: 'https://cognito-idp.eu-west-1.amazonaws.com/eu-west-1_TestPool1',
    client_id: 'client-1',
    token_use: 'access',
    username: 'alice',
    scope: 'openid',
    exp: FIXED_NOW + 3600,
    ...claims,
  };
  const groupsClaim = all['cognito:groups'];
  const groups = Array.isArray(groupsClaim)
    ? groupsClaim.filter((g): g is string => typeof g === 'string')
    : [];
  const scope = all['scope'];
  return {
    header: { alg: 'RS256', kid: 'k1' },
    claims: all as VerifiedToken['claims'],
    sub: typeof all['sub'] === 'string' ? all['sub'] : '',
    tokenUse: 'access',
    groups,
    scopes: typeof scope === 'string' ? scope.split(' ').filter((s) => s !== '') : [],
    clientId: 'client-1',
    username: 'alice',
    exp: FIXED_NOW + 3600,
  };
}
