/**
 * Production verification code runs unchanged against the local identity provider: edgeward's Cognito
 * verifier (over aws-jwt-verify) pointed at the local JWKS URI with `jwksPolicy.allowHttp` accepts its
 * tokens exactly as it would accept a real user pool's.
 *
 * Clock: oidc-provider stamps tokens with the real time, so the verifier uses `Date.now` here.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LocalIdp } from '../../../packages/cli/src/local/idp/index.js';
import { isAuthError } from '../../../packages/edgeward/src/core/errors.js';
import { silentLogger } from '../../../packages/edgeward/src/core/runtime.js';
import { createVerifier } from '../../../packages/edgeward/src/core/verify/index.js';
import type { TokenVerifier } from '../../../packages/edgeward/src/core/verify/types.js';
import { cognitoIssuer, servedJwks } from '../../helpers/issuers.js';
import { codeGrant, pkcePair, postForm, signIn, startTestIdp } from './flow.js';

const CLIENT_ID = 'edgeward-test-site';
const REDIRECT_URI = 'http://127.0.0.1:3999/_auth/callback';

let idp: LocalIdp;
let verifier: TokenVerifier;
let tokens: { access_token: string; id_token: string; refresh_token: string };

beforeAll(async () => {
  idp = await startTestIdp([{ clientId: CLIENT_ID, redirectUris: [REDIRECT_URI] }]);
  verifier = createVerifier(cognitoIssuer({ clientIds: [CLIENT_ID], ...servedJwks(idp.jwksUri) }), {
    clock: Date.now,
    fetch: (input, init) => fetch(input, init),
    logger: silentLogger,
  });
  const { verifier: codeVerifier, challenge } = pkcePair();
  const { callback } = await signIn(idp, {
    clientId: CLIENT_ID,
    redirectUri: REDIRECT_URI,
    username: 'alice',
    password: 'alice-demo-password',
    nonce: 'n-0S6_WzA2Mj',
    scope: 'openid email',
    codeChallenge: challenge,
  });
  const res = await postForm(
    idp.tokenEndpoint,
    codeGrant(callback, REDIRECT_URI, CLIENT_ID, { code_verifier: codeVerifier }),
  );
  tokens = res.body as typeof tokens;
});

afterAll(async () => {
  await idp?.close();
});

describe('edgeward Cognito verifier against the local identity provider', () => {
  it('accepts the access token with its groups, scopes, client and username', async () => {
    const token = await verifier.verify(tokens.access_token);
    expect(token).toMatchObject({
      tokenUse: 'access',
      sub: '7d1b3f0e-1c2a-4e5b-9f60-a11ce0000001',
      groups: ['members', 'admins'],
      scopes: ['openid', 'email'],
      clientId: CLIENT_ID,
      username: 'alice',
    });
    expect(token.header).toMatchObject({ alg: 'RS256', kid: idp.privateKeyJwk.kid });
  });

  it('accepts the id token with the nonce that was sent, and refuses another nonce', async () => {
    const token = await verifier.verify(tokens.id_token, { tokenUse: 'id', nonce: 'n-0S6_WzA2Mj' });
    expect(token).toMatchObject({ tokenUse: 'id', username: 'alice', clientId: CLIENT_ID });
    const error = await verifier
      .verify(tokens.id_token, { tokenUse: 'id', nonce: 'other' })
      .catch((e: unknown) => e);
    expect(isAuthError(error) && error.code).toBe('token_nonce_invalid');
  });

  it('refuses an id token where an access token is required, and the opaque refresh token', async () => {
    const wrongUse = await verifier.verify(tokens.id_token).catch((e: unknown) => e);
    expect(isAuthError(wrongUse) && wrongUse.code).toBe('token_use_invalid');
    const refresh = await verifier.verify(tokens.refresh_token).catch((e: unknown) => e);
    expect(isAuthError(refresh) && refresh.code).toBe('token_malformed');
  });
});
