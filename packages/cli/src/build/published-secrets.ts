/**
 * The guard against deploying a secret that edgeward itself has published: the example `stateSecret`s of
 * `examples/`, the demo and the docs are public, so anyone could forge state cookies (or tokens, or signed
 * cookies) with them. `edgeward build` and the CDK constructs refuse them; local and test builds may accept
 * them explicitly (`allowExampleSecrets`).
 *
 * The list holds SHA-256 digests of the published values. `test/build/published-secrets.test.ts` scans the
 * docs, examples, demo and `edgeward init` templates for secret values and fails when one is not listed.
 *
 * @module
 */
import { createHash } from 'node:crypto';
import type { EdgewardConfig } from '../config/index.js';

/** SHA-256 (lowercase hex) of each secret published in edgeward's docs, examples, demo or templates. */
export const PUBLISHED_SECRET_DIGESTS: ReadonlySet<string> = new Set([
  // examples/{site-cookie,signed-cookies,cdk} stateSecret (EXAMPLE_VALUES in init/templates.ts)
  '1bdfe4bb6bb33ca01c347726ab349acb13c3b115a2395430d8a58a684684b26a',
  // the demo's stateSecret (packages/cli/demo/edgeward.config.json; `edgeward dev` replaces it)
  '441bf6a702d136741a44e2161993afe47b066ee40aafc2a87d0963d23882c3ab',
  // the demo's placeholder signing key (not a key; `edgeward dev` replaces it)
  '2af5a162a787ff8b94d7403bedfee5bc2ec2ae348fa30caf0afbd62028abf5b7',
]);

/** The digest a secret value is listed under: SHA-256 of the value without whitespace (PEM line breaks). */
export function secretDigest(value: string): string {
  return createHash('sha256').update(value.replace(/\s+/g, '')).digest('hex');
}

/** True when `value` is one of the published secrets. */
export function isPublishedSecret(value: string): boolean {
  return PUBLISHED_SECRET_DIGESTS.has(secretDigest(value));
}

/** A published secret found in a configuration. */
export interface PublishedSecretUse {
  /** Path of the field, e.g. `functions.site.stateSecret`. */
  readonly path: string;
  /** How to make a fresh one. */
  readonly remedy: string;
}

const RANDOM_KEY =
  'generate one with `openssl rand -base64 32 | tr +/ -_ | tr -d =` (`edgeward init` writes a fresh stateSecret)';

/**
 * The secret-bearing fields of the given functions (and their issuers) whose value is published:
 * `stateSecret`, `client.clientSecret`, a baked `signedCookies.privateKey.pem`, an inline HS256
 * `secret.base64url`.
 */
export function findPublishedSecrets(
  config: EdgewardConfig,
  functionNames: readonly string[],
): PublishedSecretUse[] {
  const found: PublishedSecretUse[] = [];
  const check = (path: string, value: string | undefined, remedy: string) => {
    if (value !== undefined && isPublishedSecret(value)) found.push({ path, remedy });
  };
  const issuers = new Set<string>();
  for (const name of functionNames) {
    const fn = config.functions[name];
    if (!fn) continue;
    issuers.add(fn.issuer);
    if (fn.type !== 'site') continue;
    const base = `functions.${name}`;
    check(`${base}.stateSecret`, fn.stateSecret, RANDOM_KEY);
    check(`${base}.client.clientSecret`, fn.client?.clientSecret, "use your app client's own secret");
    const key = fn.signedCookies?.privateKey;
    if (key && 'pem' in key) {
      check(`${base}.signedCookies.privateKey.pem`, key.pem, 'create a key pair with `edgeward keys create`');
    }
  }
  for (const name of issuers) {
    const issuer = config.issuers[name];
    if (issuer?.kind === 'hs256' && 'base64url' in issuer.secret) {
      check(`issuers.${name}.secret.base64url`, issuer.secret.base64url, RANDOM_KEY);
    }
  }
  return found;
}
