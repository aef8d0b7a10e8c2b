/**
 * The RFC 6750 `b64token` character check of a credential runs only when verification fails
 * (`readCredential`, then `fail` in engine.ts given the credential): these cases pin that every authorizer still answers exactly
 * as if the check came first — the same outcome and the same logged reason code — and that a valid
 * token is allowed. Real RS256 tokens, baked JWKS, pinned clock.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import {
  createHttpApiAuthorizer,
  createRequestAuthorizer,
  createTokenAuthorizer,
} from '../../packages/edgeward/src/apigateway/index.js';
import {
  isB64Token,
  parseCredential,
  readCredential,
} from '../../packages/edgeward/src/apigateway/token-source.js';
import type { CognitoIssuerConfig } from '../../packages/edgeward/src/core/config.js';
import { httpEvent, requestEvent, tokenEvent } from '../fixtures/apigateway/events.js';
import {
  accessClaims,
  CLIENT_ID,
  FIXED_NOW,
  fixedClock,
  makeKey,
  REGION,
  signToken,
  type TestKey,
  USER_POOL_ID,
} from '../helpers/keys.js';
import { captureLogger, run } from './helpers.js';

const ARN = 'arn:aws:execute-api:us-east-1:123456789012:s4x3opwd6i/test';
let key: TestKey;
let token: string;

beforeAll(async () => {
  key = await makeKey('kid-1');
  token = await signToken(key, accessClaims());
});

function issuer(): CognitoIssuerConfig {
  return {
    kind: 'cognito',
    region: REGION,
    userPoolId: USER_POOL_ID,
    clientIds: [CLIENT_ID],
    jwks: { keys: [key.publicJwk as never] },
  };
}

/** Credentials (after `Bearer `) and the reason each must be refused with. */
const refused: readonly (readonly [string, (t: string) => string, string])[] = [
  ['a comma inside the token', (t) => `${t.slice(0, 20)},${t.slice(21)}`, 'authorization_header_invalid'],
  ['two tokens', (t) => `${t} ${t}`, 'authorization_header_invalid'],
  ['a trailing quote', (t) => `${t}"`, 'authorization_header_invalid'],
  // `~`, `+`, `/` and `=` are b64token characters: the verifier refuses them (not base64url)
  ['a b64token that is not base64url', (t) => `${t}~`, 'token_malformed'],
  ['padding', (t) => `${t}==`, 'token_malformed'],
];

describe('deferred b64token check', () => {
  it('readCredential skips only the character check; parseCredential keeps it', () => {
    expect(readCredential('Bearer a,b')).toBe('a,b');
    expect(() => parseCredential('Bearer a,b')).toThrow(/b64token/);
    expect(isB64Token('abc.def-_~+/==')).toBe(true);
    expect(isB64Token('abc def')).toBe(false);
  });

  it('a token the verifier accepts is always a b64token', () => {
    expect(isB64Token(token)).toBe(true);
  });

  it.each(refused)('TOKEN authorizer: %s → %s', async (_name, make, code) => {
    const log = captureLogger();
    const handler = createTokenAuthorizer({ issuer: issuer() }, { clock: fixedClock, logger: log.logger });
    const out = await run('rest', handler(tokenEvent(`Bearer ${make(token)}`, `${ARN}/GET/pets`)));
    expect(out.kind).toBe('unauthorized');
    expect(log.records).toHaveLength(1);
    expect(log.records[0]).toMatchObject({ event: code, outcome: 'unauthorized' });
  });

  it.each(refused)('REQUEST and HTTP API authorizers: %s → %s', async (_name, make, code) => {
    const log = captureLogger();
    const deps = { clock: fixedClock, logger: log.logger };
    const rest = createRequestAuthorizer({ issuer: issuer() }, deps);
    const http = createHttpApiAuthorizer({ issuer: issuer(), response: 'simple' }, deps);
    const authorization = `Bearer ${make(token)}`;
    const restEvent = requestEvent({
      headers: { Authorization: authorization },
      methodArn: `${ARN}/GET/pets`,
    });
    const httpEv = httpEvent({ headers: { authorization }, routeArn: `${ARN}/GET/pets` });
    expect((await run('rest', rest(restEvent))).kind).toBe('unauthorized');
    expect((await run('http-simple', http(httpEv))).kind).toBe('unauthorized');
    expect(log.records.map((r) => r['event'])).toEqual([code, code]);
  });

  it('a valid token is allowed and an expired one keeps its own reason', async () => {
    const log = captureLogger();
    const handler = createTokenAuthorizer({ issuer: issuer() }, { clock: fixedClock, logger: log.logger });
    const ok = await run('rest', handler(tokenEvent(`Bearer ${token}`, `${ARN}/GET/pets`)));
    expect(ok.kind).toBe('result');
    const expired = await signToken(key, accessClaims({ exp: FIXED_NOW - 1 }));
    const out = await run('rest', handler(tokenEvent(`Bearer ${expired}`, `${ARN}/GET/pets`)));
    expect(out.kind).toBe('unauthorized');
    expect(log.records.at(-1)).toMatchObject({ event: 'token_expired' });
  });
});
