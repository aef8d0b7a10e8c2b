/**
 * Authorizer logs: `logLevel` chooses which records are written (validated at construction), and with the
 * default JSON logger the decision line (pre-serialized constant part + policy scope) is exactly the JSON
 * of the record an injected logger receives.
 */
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import {
  createHttpApiAuthorizer,
  createTokenAuthorizer,
} from '../../packages/edgeward/src/apigateway/index.js';
import type { CognitoIssuerConfig, RulesConfig } from '../../packages/edgeward/src/core/config.js';
import type { LogRecord } from '../../packages/edgeward/src/core/runtime.js';
import { httpEvent, tokenEvent } from '../fixtures/apigateway/events.js';
import { bakedJwks, cognitoIssuer } from '../helpers/issuers.js';
import { accessClaims, fixedClock, makeKey, signToken, type TestKey } from '../helpers/keys.js';
import { captureLogger } from './helpers.js';

let key: TestKey;
let issuer: CognitoIssuerConfig;
beforeAll(async () => {
  key = await makeKey('log-kid');
  issuer = cognitoIssuer({ jwks: bakedJwks(key), cacheSize: 0 });
});
afterEach(() => {
  vi.restoreAllMocks();
});

const ARN = 'arn:aws:execute-api:us-east-1:123456789012:s4x3opwd6i/test';
const rules: RulesConfig = { rules: [{ resource: '/admin/{proxy+}', groups: ['admins'] }] };

/** Captures what the default logger writes to stdout during `fn`. */
async function stdoutOf(fn: () => Promise<unknown>): Promise<string[]> {
  const lines: string[] = [];
  vi.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => {
    lines.push(String(chunk));
    return true;
  });
  try {
    await fn().catch(() => undefined);
  } finally {
    vi.restoreAllMocks();
  }
  return lines;
}

describe('authorizer logLevel', () => {
  it('writes the same decision line with the default logger as the record an injected logger gets', async () => {
    const token = await signToken(key, accessClaims());
    for (const [path, response] of [
      ['/GET/pets', 'iam'],
      ['/GET/admin/x', 'iam'],
      ['/GET/pets', 'simple'],
    ] as const) {
      const config = { issuer, rules, response } as const;
      const captured = captureLogger();
      const injected = createHttpApiAuthorizer(config, { clock: fixedClock, logger: captured.logger });
      const plain = createHttpApiAuthorizer(config, { clock: fixedClock });
      const event = httpEvent({ headers: { authorization: `Bearer ${token}` }, routeArn: `${ARN}${path}` });
      await injected(event);
      const lines = await stdoutOf(() => plain(event));
      expect(lines.map((l) => JSON.parse(l) as LogRecord)).toEqual(captured.records);
      expect(lines.every((l) => l.endsWith('}\n') && !l.includes(token))).toBe(true);
      expect(captured.records).toHaveLength(1);
    }
  });

  it('writes nothing below the level, and validates it', async () => {
    const token = await signToken(key, accessClaims());
    const event = tokenEvent(`Bearer ${token}`, `${ARN}/GET/pets`);
    const at = async (logLevel: 'warn' | 'off' | 'info', ev = event) => {
      const captured = captureLogger();
      const handler = createTokenAuthorizer(
        { issuer, rules, logLevel },
        { clock: fixedClock, logger: captured.logger },
      );
      await handler(ev).catch(() => undefined);
      const plain = createTokenAuthorizer({ issuer, rules, logLevel }, { clock: fixedClock });
      return { records: captured.records, lines: await stdoutOf(() => plain(ev)) };
    };
    expect((await at('info')).records.map((r) => r.level)).toEqual(['info']);
    expect(await at('warn')).toEqual({ records: [], lines: [] });
    const broken = tokenEvent('Bearer x.y.z', `${ARN}/GET/pets`);
    expect((await at('warn', broken)).records).toEqual([]); // a refused token is an info line
    expect(await at('off', { ...event, methodArn: 'nope' })).toEqual({ records: [], lines: [] });
    // An invalid level is a configuration error: never a throw at construction (a Lambda init error), but a
    // handler that answers Unauthorized and logs the reason at error level.
    const log = captureLogger();
    const invalid = createTokenAuthorizer(
      { issuer, rules, logLevel: 'verbose' as never },
      { clock: fixedClock, logger: log.logger },
    );
    await expect(invalid(event)).rejects.toThrow(/^Unauthorized$/);
    expect(log.records).toEqual([
      expect.objectContaining({
        level: 'error',
        event: 'config_invalid',
        detail: expect.stringMatching(/logLevel/),
      }),
    ]);
  });
});
