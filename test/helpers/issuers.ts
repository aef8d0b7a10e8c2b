/**
 * Shared setup of the tests that verify tokens: the test user pool's Cognito issuer configuration (with
 * baked keys or a JWKS server on 127.0.0.1) and quiet verifier dependencies on the pinned clock.
 */
import type { CognitoIssuerConfig, Jwks, JwksPolicy } from '../../packages/edgeward/src/core/config.js';
import { silentLogger } from '../../packages/edgeward/src/core/runtime.js';
import { CLIENT_ID, fixedClock, REGION, type TestKey, USER_POOL_ID } from './keys.js';

/**
 * The Cognito issuer of the test user pool ({@link REGION}, {@link USER_POOL_ID}, app client
 * {@link CLIENT_ID}), with `overrides` (keys, JWKS URI, cache size…) on top.
 */
export function cognitoIssuer(overrides: Partial<CognitoIssuerConfig> = {}): CognitoIssuerConfig {
  return { kind: 'cognito', region: REGION, userPoolId: USER_POOL_ID, clientIds: [CLIENT_ID], ...overrides };
}

/** A baked JWKS (no network) holding the public JWKs of `keys`. */
export function bakedJwks(...keys: readonly TestKey[]): Jwks {
  return { keys: keys.map((k) => k.publicJwk as Jwks['keys'][number]) };
}

/** Issuer fields fetching the JWKS from `jwksUri`, a test server on 127.0.0.1 (plain http allowed). */
export function servedJwks(jwksUri: string): { jwksUri: string; jwksPolicy: JwksPolicy } {
  return { jwksUri, jwksPolicy: { allowHttp: true } };
}

/** Verifier dependencies of most tests: the pinned clock and no logging. */
export const quietDeps = { clock: fixedClock, logger: silentLogger } as const;
