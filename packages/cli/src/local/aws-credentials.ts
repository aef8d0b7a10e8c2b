/**
 * Clearly fake, expiring AWS credentials for the local stack: the local identity pool
 * (`GetCredentialsForIdentity`) issues them, the local S3 emulator verifies requests signed with them.
 * Every value says what it is (`ASIALOCAL…`, `edgeward-local-fake-…`), so none can be mistaken for a real
 * key, and they only ever exist in this process's memory.
 *
 * @module
 */
import { randomBytes } from 'node:crypto';
import type { Clock } from 'edgeward/internal/core/runtime.js';
import { LocalStackError } from './errors.js';

/** One set of temporary credentials and the identity it was issued to. Times in **seconds**. */
export interface LocalCredentials {
  readonly accessKeyId: string;
  readonly secretAccessKey: string;
  readonly sessionToken: string;
  /** The identity pool identity (`REGION:GUID`): `${cognito-identity.amazonaws.com:sub}` in policies. */
  readonly identityId: string;
  /** Expiry, seconds since the epoch. */
  readonly expiration: number;
}

/** Issues and looks up local credentials. */
export interface LocalCredentialStore {
  /** New credentials for `identityId`, valid for the store's lifetime setting. */
  issue(identityId: string): LocalCredentials;
  /** The credentials of an access key id (expired ones included: the caller decides), or undefined. */
  find(accessKeyId: string): LocalCredentials | undefined;
  /** The store's clock, in ms. */
  readonly clock: Clock;
}

/** Options of {@link createLocalCredentialStore}. */
export interface LocalCredentialStoreOptions {
  /** Lifetime of issued credentials in **seconds**. Default 3600 (Cognito identity pools' default). */
  readonly ttlSeconds?: number;
  /** Clock in ms. Default `Date.now`. */
  readonly clock?: Clock;
}

/** Most credentials kept: the oldest are forgotten first (a long-running demo must not grow forever). */
const MAX_KEPT = 10_000;

const ALPHANUMERIC = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';

function randomText(length: number, alphabet = ALPHANUMERIC): string {
  const bytes = randomBytes(length);
  let out = '';
  for (const b of bytes) out += alphabet[b % alphabet.length];
  return out;
}

/** Creates an in-memory store of fake temporary credentials. */
export function createLocalCredentialStore(options: LocalCredentialStoreOptions = {}): LocalCredentialStore {
  const ttl = options.ttlSeconds ?? 3600;
  if (!Number.isInteger(ttl) || ttl <= 0)
    throw new LocalStackError('local_config_invalid', 'ttlSeconds must be a positive integer');
  const clock = options.clock ?? Date.now;
  const byKey = new Map<string, LocalCredentials>();
  return {
    clock,
    issue(identityId) {
      const credentials: LocalCredentials = {
        accessKeyId: `ASIALOCAL${randomText(11)}`,
        secretAccessKey: `edgeward-local-fake-secret-${randomBytes(15).toString('base64url')}`,
        sessionToken: `edgeward-local-fake-session-token-${randomBytes(48).toString('base64url')}`,
        identityId,
        expiration: Math.floor(clock() / 1000) + ttl,
      };
      if (byKey.size >= MAX_KEPT) byKey.delete(byKey.keys().next().value!);
      byKey.set(credentials.accessKeyId, credentials);
      return credentials;
    },
    find: (accessKeyId) => byKey.get(accessKeyId),
  };
}
