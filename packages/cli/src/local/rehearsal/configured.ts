/**
 * What the edgeward configuration says the rehearsal's stand-ins are: the Cognito user pools the local
 * identity provider impersonates (issuer, app clients, hosted-UI origins, callback and sign-out paths),
 * the Secrets Manager secrets the functions read at cold start, and the CloudFront public keys of the
 * signing keys the rehearsal holds. The code that runs comes from the assembly, never from here.
 *
 * @module
 */
import { createPublicKey, generateKeyPairSync, randomBytes } from 'node:crypto';
import type { EdgewardConfig, FunctionConfig } from '../../config/types.js';

/** A configured Cognito user pool and the site functions signing in with it. */
export interface PoolPlan {
  readonly region: string;
  readonly userPoolId: string;
  readonly clientIds: Set<string>;
  readonly clientSecrets: Map<string, string>;
  readonly publicOrigins: Set<string>;
  readonly callbackPaths: Set<string>;
  readonly logoutTargets: Set<string>;
}

export function cognitoPools(config: EdgewardConfig): PoolPlan[] {
  const pools = new Map<string, PoolPlan>();
  for (const fn of Object.values(config.functions) as FunctionConfig[]) {
    const issuer = config.issuers[fn.issuer];
    if (issuer?.kind !== 'cognito') continue;
    const key = `${issuer.region}/${issuer.userPoolId}`;
    let plan = pools.get(key);
    if (plan === undefined) {
      plan = {
        region: issuer.region,
        userPoolId: issuer.userPoolId,
        clientIds: new Set(issuer.clientIds),
        clientSecrets: new Map(),
        publicOrigins: new Set(),
        callbackPaths: new Set(),
        logoutTargets: new Set(),
      };
      pools.set(key, plan);
    }
    if (fn.type !== 'site' || fn.client === undefined) continue;
    const client = fn.client;
    plan.clientIds.add(client.clientId);
    if (client.clientSecret !== undefined) plan.clientSecrets.set(client.clientId, client.clientSecret);
    const endpoints = [
      client.cognitoDomain,
      client.endpoints?.authorization,
      client.endpoints?.token,
      client.endpoints?.revocation,
      client.endpoints?.logout,
    ];
    for (const e of endpoints) {
      if (e === undefined) continue;
      const url = /^https?:\/\//i.test(e) ? e : `https://${e}`;
      plan.publicOrigins.add(new URL(url).origin);
    }
    plan.callbackPaths.add(fn.paths?.callback ?? '/_edgeward/callback');
    plan.logoutTargets.add(fn.signOut?.postLogoutRedirect ?? '/');
  }
  return [...pools.values()];
}

/** The secrets the configured functions read from Secrets Manager, and what kind of value each holds. */
export function configuredSecrets(config: EdgewardConfig): Map<string, 'signing-key' | 'hs256'> {
  const out = new Map<string, 'signing-key' | 'hs256'>();
  for (const issuer of Object.values(config.issuers)) {
    if (issuer.kind === 'hs256' && 'secretsManager' in issuer.secret)
      out.set(issuer.secret.secretsManager.secretId, 'hs256');
  }
  for (const fn of Object.values(config.functions) as FunctionConfig[]) {
    if (
      fn.type === 'site' &&
      fn.signedCookies !== undefined &&
      'secretsManager' in fn.signedCookies.privateKey
    ) {
      out.set(fn.signedCookies.privateKey.secretsManager.secretId, 'signing-key');
    }
  }
  return out;
}

/** The PEM in a signed-cookie secret (the PEM itself, or JSON `{ privateKey }`), as edgeward reads it. */
export function pemOfSecret(value: string): string | undefined {
  const text = value.trim();
  if (text.startsWith('-----BEGIN')) return text;
  try {
    const pem = (JSON.parse(text) as Record<string, unknown>)['privateKey'];
    return typeof pem === 'string' ? pem : undefined;
  } catch {
    return undefined;
  }
}

/**
 * The value of every secret the configuration reads: the given one, else a generated one (a fresh RSA-2048
 * key for a signed-cookie key, 32 random bytes for an HS256 secret).
 */
export function secretValues(
  config: EdgewardConfig,
  given: Readonly<Record<string, string>> = {},
): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [secretId, kind] of configuredSecrets(config)) {
    out[secretId] =
      given[secretId] ??
      (kind === 'signing-key'
        ? generateKeyPairSync('rsa', { modulusLength: 2048 })
            .privateKey.export({ format: 'pem', type: 'pkcs8' })
            .toString()
        : randomBytes(32).toString('base64url'));
  }
  return out;
}

/** CloudFront key pair id → public key (PEM) of every site's signing key the rehearsal holds. */
export function signingPublicKeys(
  config: EdgewardConfig,
  secrets: Readonly<Record<string, string>>,
): Map<string, string> {
  const keys = new Map<string, string>();
  for (const fn of Object.values(config.functions) as FunctionConfig[]) {
    if (fn.type !== 'site' || fn.signedCookies === undefined) continue;
    const source = fn.signedCookies.privateKey;
    const pem = 'pem' in source ? source.pem : pemOfSecret(secrets[source.secretsManager.secretId] ?? '');
    if (pem === undefined) continue;
    keys.set(
      fn.signedCookies.keyPairId,
      createPublicKey(pem).export({ format: 'pem', type: 'spki' }).toString(),
    );
  }
  return keys;
}
