/** The signed login state: round trip, tampering, expiry, constant-time compare, single use. */
import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import {
  ConsumedStates,
  createLoginState,
  openLoginState,
  sealLoginState,
  statesEqual,
} from '../../../packages/edgeward/src/core/session/state.js';
import { thrownCode } from '../../helpers/auth-errors.js';
import { FIXED_NOW } from '../../helpers/keys.js';

const key = new Uint8Array(32).fill(3);

describe('login state', () => {
  it('creates random state, nonce and a PKCE S256 challenge of the verifier', async () => {
    const a = await createLoginState('/x', FIXED_NOW);
    const b = await createLoginState('/x', FIXED_NOW);
    expect(a.login.state).not.toBe(b.login.state);
    expect(a.login.nonce).not.toBe(b.login.nonce);
    expect(a.login.codeVerifier).toMatch(/^[A-Za-z0-9_-]{43,128}$/);
    expect(a.codeChallenge).toBe(createHash('sha256').update(a.login.codeVerifier).digest('base64url'));
    expect(a.login.exp).toBe(FIXED_NOW + 600);
  });

  it('round-trips through the sealed cookie value', async () => {
    const { login } = await createLoginState('/docs?a=1', FIXED_NOW, 60);
    const value = sealLoginState(login, key);
    expect(value).toMatch(/^v1\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]{43}$/);
    expect(openLoginState(value, key, FIXED_NOW)).toEqual(login);
  });

  it('refuses a value sealed with another key, a modified payload, or garbage', async () => {
    const { login } = await createLoginState('/', FIXED_NOW);
    const value = sealLoginState(login, key);
    expect(thrownCode(() => openLoginState(value, new Uint8Array(32).fill(4), FIXED_NOW))).toBe(
      'state_invalid',
    );
    const [v, , mac] = value.split('.');
    const other = sealLoginState({ ...login, returnTo: '/admin' }, key).split('.')[1];
    expect(thrownCode(() => openLoginState(`${v}.${other}.${mac}`, key, FIXED_NOW))).toBe('state_invalid');
    for (const bad of ['', 'v1', 'v1..', 'v2.a.b', 'v1.a.b.c'])
      expect(thrownCode(() => openLoginState(bad, key, FIXED_NOW))).toBe('state_invalid');
  });

  it('refuses an unsafe return path even when correctly signed', async () => {
    const { login } = await createLoginState('/', FIXED_NOW);
    const value = sealLoginState({ ...login, returnTo: '//evil.example' }, key);
    expect(thrownCode(() => openLoginState(value, key, FIXED_NOW))).toBe('state_invalid');
  });

  it('expires', async () => {
    const { login } = await createLoginState('/', FIXED_NOW, 60);
    const value = sealLoginState(login, key);
    expect(thrownCode(() => openLoginState(value, key, FIXED_NOW + 59))).toBe('none');
    expect(thrownCode(() => openLoginState(value, key, FIXED_NOW + 60))).toBe('state_expired');
  });

  it('compares states exactly', () => {
    expect(statesEqual('abc', 'abc')).toBe(true);
    expect(statesEqual('abc', 'abd')).toBe(false);
    expect(statesEqual('abc', 'abcd')).toBe(false);
  });
});

describe('ConsumedStates', () => {
  it('accepts a state once until it expires, and stays bounded', () => {
    const used = new ConsumedStates(3);
    expect(used.consume('s1', FIXED_NOW + 600, FIXED_NOW)).toBe(true);
    expect(used.consume('s1', FIXED_NOW + 600, FIXED_NOW + 1)).toBe(false);
    for (let i = 2; i < 10; i++) expect(used.consume(`s${i}`, FIXED_NOW + 600, FIXED_NOW)).toBe(true);
    // s1 was evicted by capacity: the IdP's single-use code remains the backstop.
    expect(used.consume('s9', FIXED_NOW + 600, FIXED_NOW)).toBe(false);
  });
});
