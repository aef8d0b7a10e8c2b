/** The OAuth client over real HTTP: refresh outcomes, timeouts, client authentication, revocation. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createOAuthClient } from '../../../packages/edgeward/src/core/oauth/client.js';
import { startTokenEndpoint, type TokenEndpoint } from '../../cloudfront/token-endpoint.js';
import { authErrorCode } from '../../helpers/auth-errors.js';
import { CLIENT_ID, fixedClock, ISSUER } from '../../helpers/keys.js';

let idp: TokenEndpoint;
beforeAll(async () => {
  idp = await startTokenEndpoint({ clientSecret: 's3cret+/=value' });
});
afterAll(async () => idp.close());

const client = (timeoutMs = 2000, clientSecret = 's3cret+/=value') =>
  createOAuthClient(
    { clientId: CLIENT_ID, clientSecret, cognitoDomain: idp.origin, timeoutMs },
    ISSUER,
    ['RS256'],
    { clock: fixedClock },
  );

describe('OAuth client', () => {
  it('refreshes with HTTP Basic client authentication', async () => {
    idp.addRefreshToken('rt-1');
    const set = await client().refresh('rt-1');
    expect(set.accessToken.split('.')).toHaveLength(3);
    expect(set.idToken).toBeDefined();
    expect(set.refreshToken).toBeUndefined();
  });

  it('maps a refused grant to refresh_failed, a bad client secret too, and an outage to token_endpoint_error', async () => {
    expect(await authErrorCode(client().refresh('unknown'))).toBe('refresh_failed');
    idp.addRefreshToken('rt-2');
    expect(await authErrorCode(client(2000, 'wrong').refresh('rt-2'))).toBe('refresh_failed');
    idp.setDown(true);
    try {
      expect(await authErrorCode(client().refresh('rt-2'))).toBe('token_endpoint_error');
    } finally {
      idp.setDown(false);
    }
  });

  it('times out within the configured bound', async () => {
    idp.addRefreshToken('rt-3');
    idp.setDelayMs(1000);
    try {
      const t = performance.now();
      expect(await authErrorCode(client(100).refresh('rt-3'))).toBe('token_endpoint_error');
      // Cut off before the endpoint would have answered (1000 ms); no tighter wall-clock assumption.
      expect(performance.now() - t).toBeLessThan(1000);
    } finally {
      idp.setDelayMs(0);
    }
  });

  it('refuses a timeout above 2000 ms', () => {
    expect(() => client(2500)).toThrow(/timeoutMs/);
  });

  it('revokes best effort and never throws', async () => {
    expect(await client().revoke('rt-x')).toBe(true);
    expect(idp.revoked).toContain('rt-x');
    idp.setDown(true);
    try {
      expect(await client().revoke('rt-y')).toBe(false);
    } finally {
      idp.setDown(false);
    }
  });

  it('maps an error= authorization response to idp_error and a state mismatch to state_invalid', async () => {
    const params = { redirectUri: 'https://x/cb', codeVerifier: 'v'.repeat(43), nonce: 'n', state: 's' };
    expect(
      await authErrorCode(client().exchangeCode(new URLSearchParams('error=access_denied&state=s'), params)),
    ).toBe('idp_error');
    expect(
      await authErrorCode(client().exchangeCode(new URLSearchParams('code=c&state=other'), params)),
    ).toBe('state_invalid');
    expect(
      await authErrorCode(client().exchangeCode(new URLSearchParams('code=c&state=s&state=s'), params)),
    ).toBe('state_invalid');
  });
});
