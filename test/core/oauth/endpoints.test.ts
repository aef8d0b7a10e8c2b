/** Endpoint resolution and the authorization / logout URLs. */
import { describe, expect, it } from 'vitest';
import {
  buildAuthorizationUrl,
  buildLogoutUrl,
  isLoopbackHost,
  resolveEndpoints,
} from '../../../packages/edgeward/src/core/oauth/endpoints.js';
import { thrownCode } from '../../helpers/auth-errors.js';

describe('resolveEndpoints', () => {
  it('derives the Cognito endpoints from the domain', () => {
    const e = resolveEndpoints({ clientId: 'c', cognitoDomain: 'myapp.auth.eu-west-1.amazoncognito.com' });
    expect(e.authorization.href).toBe('https://myapp.auth.eu-west-1.amazoncognito.com/oauth2/authorize');
    expect(e.token.href).toBe('https://myapp.auth.eu-west-1.amazoncognito.com/oauth2/token');
    expect(e.revocation?.href).toBe('https://myapp.auth.eu-west-1.amazoncognito.com/oauth2/revoke');
    expect(e.logout?.href).toBe('https://myapp.auth.eu-west-1.amazoncognito.com/logout');
  });

  it('lets explicit endpoints override, and refuses http off loopback', () => {
    const e = resolveEndpoints({
      clientId: 'c',
      cognitoDomain: 'http://127.0.0.1:9000',
      endpoints: { logout: 'https://idp.example/end', logoutRedirectParam: 'post_logout_redirect_uri' },
    });
    expect(e.token.href).toBe('http://127.0.0.1:9000/oauth2/token');
    expect(e.logout?.href).toBe('https://idp.example/end');
    expect(
      thrownCode(() => resolveEndpoints({ clientId: 'c', cognitoDomain: 'http://auth.example.com' })),
    ).toBe('config_invalid');
    expect(thrownCode(() => resolveEndpoints({ clientId: 'c' }))).toBe('config_invalid');
    expect(
      thrownCode(() =>
        resolveEndpoints({
          clientId: 'c',
          endpoints: { authorization: 'https://u:p@x.example/a', token: 'https://x.example/t' },
        }),
      ),
    ).toBe('config_invalid');
  });

  it('recognizes loopback hosts only', () => {
    expect(isLoopbackHost('127.0.0.1:8080')).toBe(true);
    expect(isLoopbackHost('localhost')).toBe(true);
    expect(isLoopbackHost('[::1]:3000')).toBe(true);
    expect(isLoopbackHost('localhost.evil.example')).toBe(false);
    expect(isLoopbackHost('127.0.0.1.nip.io')).toBe(false);
  });
});

describe('URLs', () => {
  const client = {
    clientId: 'cid',
    cognitoDomain: 'auth.example.com',
    scopes: ['openid', 'profile'],
    idpIdentifier: 'corp',
  };
  it('builds the authorization request', () => {
    const url = new URL(
      buildAuthorizationUrl(resolveEndpoints(client), client, {
        redirectUri: 'https://site.example/cb',
        state: 's',
        codeChallenge: 'c',
        nonce: 'n',
      }),
    );
    expect(Object.fromEntries(url.searchParams)).toEqual({
      response_type: 'code',
      client_id: 'cid',
      redirect_uri: 'https://site.example/cb',
      scope: 'openid profile',
      state: 's',
      code_challenge: 'c',
      code_challenge_method: 'S256',
      nonce: 'n',
      idp_identifier: 'corp',
    });
  });

  it('builds the logout URL with client_id and logout_uri', () => {
    const url = new URL(buildLogoutUrl(resolveEndpoints(client), client, 'https://site.example/')!);
    expect(url.pathname).toBe('/logout');
    expect(url.searchParams.get('client_id')).toBe('cid');
    expect(url.searchParams.get('logout_uri')).toBe('https://site.example/');
  });
});
