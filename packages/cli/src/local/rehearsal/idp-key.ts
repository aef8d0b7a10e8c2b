/**
 * The rehearsal identity provider's signing key, kept in files so that one key serves both sides of a
 * rehearsal: the CDK app bakes its public JWKS into the functions (CDK context `edgeward:jwksFile`), and
 * `edgeward rehearse` signs tokens with the private key. This JWKS is the only difference between what
 * `cdk deploy` would upload and what the rehearsal runs (see docs/deploy.md, "Rehearse the deployment").
 *
 * The key is a throw-away RSA-2048 key for local use, created on first use; never use it anywhere real.
 *
 * @module
 */

import { createPublicKey, type JsonWebKey as NodeJsonWebKey } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { newSigningKey } from '../idp/server.js';
import type { JsonWebKeyWithKid } from '../idp/types.js';

/** Default folder of the key files, relative to the working directory. */
export const REHEARSAL_DIR = join('.edgeward', 'rehearsal');
/** The private signing key (JWK with `kid`), mode 0600. */
export const IDP_KEY_FILE = 'idp-key.json';
/** The public JWKS the CDK app bakes (`-c edgeward:jwksFile=.edgeward/rehearsal/jwks.json`). */
export const JWKS_FILE = 'jwks.json';
export { JWKS_CONTEXT_KEY } from '../../build/jwks.js';

/** The rehearsal key pair and where its files are. */
export interface RehearsalKey {
  readonly privateKeyJwk: JsonWebKeyWithKid;
  /** Absolute path of the public JWKS file. */
  readonly jwksFile: string;
  /** Absolute path of the private key file. */
  readonly keyFile: string;
  /** True when the files were created by this call. */
  readonly created: boolean;
}

/** The public JWKS of a private signing key. */
function publicJwks(key: JsonWebKeyWithKid): { keys: Record<string, unknown>[] } {
  const pub = createPublicKey({ key: key as NodeJsonWebKey, format: 'jwk' }).export({ format: 'jwk' });
  return { keys: [{ ...pub, kid: key.kid, alg: 'RS256', use: 'sig' }] };
}

/**
 * Reads the key from `dir` (default {@link REHEARSAL_DIR} under the working directory), creating it and
 * its JWKS when missing. The JWKS file is rewritten from the key when it is absent.
 *
 * @throws Error naming the file when the key file is not a private RSA JWK with a `kid`
 */
export async function rehearsalKey(dir: string = REHEARSAL_DIR): Promise<RehearsalKey> {
  const keyFile = resolve(dir, IDP_KEY_FILE);
  const jwksFile = resolve(dir, JWKS_FILE);
  let created = false;
  let key: JsonWebKeyWithKid;
  if (existsSync(keyFile)) {
    try {
      key = JSON.parse(readFileSync(keyFile, 'utf8')) as JsonWebKeyWithKid;
      if (key.kty !== 'RSA' || typeof key.kid !== 'string' || typeof key['d'] !== 'string')
        throw new Error('not a private RSA JWK with kid');
      createPublicKey({ key: key as NodeJsonWebKey, format: 'jwk' });
    } catch (e) {
      throw new Error(`${keyFile}: ${(e as Error).message} (delete it to create a new rehearsal key)`);
    }
  } else {
    key = await newSigningKey();
    mkdirSync(dirname(keyFile), { recursive: true });
    writeFileSync(keyFile, `${JSON.stringify(key, null, 2)}\n`, { mode: 0o600 });
    created = true;
  }
  if (created || !existsSync(jwksFile)) {
    writeFileSync(jwksFile, `${JSON.stringify(publicJwks(key), null, 2)}\n`);
  }
  return { privateKeyJwk: key, jwksFile, keyFile, created };
}
