/**
 * What the Cognito shim routes share: their dependencies, body reading and HTML response headers.
 *
 * @module
 */
import type { KeyObject } from 'node:crypto';
import type { KoaContextWithOIDC, Provider } from 'oidc-provider';
import { readBody } from '../http.js';
import type { LocalIdentityPool } from './identity-pool.js';
import type { LocalClient } from './types.js';
import type { UserDirectory } from './users.js';

/** What every shim route needs. */
export interface ShimDeps {
  readonly provider: Provider;
  readonly users: UserDirectory;
  readonly clients: ReadonlyMap<string, LocalClient>;
  readonly issuer: string;
  readonly baseUrl: string;
  /** The public half of the signing key (verifies access tokens at userInfo). */
  readonly publicKey: KeyObject;
  /** List the users (with passwords) on the sign-in page: the demo only. */
  readonly showUsers?: boolean;
  /** The identity pool answering `GetId`/`GetCredentialsForIdentity`, when configured. */
  readonly identityPool?: LocalIdentityPool;
}

/** Largest request body the shim routes read, in bytes. */
export const MAX_BODY_BYTES = 16 * 1024;

/**
 * Reads a request body as UTF-8 text.
 *
 * @returns the text, or undefined when it exceeds {@link MAX_BODY_BYTES}
 */
export async function readText(ctx: KoaContextWithOIDC): Promise<string | undefined> {
  const body = await readBody(ctx.req, MAX_BODY_BYTES);
  return body?.toString('utf8');
}

/** Sets security headers for HTML pages the shim renders (no caching, no framing, no scripts). */
export function htmlHeaders(ctx: KoaContextWithOIDC): void {
  ctx.set('cache-control', 'no-store');
  ctx.set('x-frame-options', 'DENY');
  ctx.set('content-security-policy', "default-src 'none'; style-src 'unsafe-inline'; frame-ancestors 'none'");
}
