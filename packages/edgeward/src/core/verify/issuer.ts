/**
 * The lean resolver of any {@link IssuerConfig}: JWKS issuers via `jwks-issuer.ts`, HS256 here. Defaults
 * only — the configuration checks live in `issuer-checks.ts` ({@link validateIssuer}), which
 * `createVerifier` runs first and `edgeward build` runs before baking. The HS256 secret is a runtime input
 * (environment variable, Secrets Manager), so its decoding and 32-byte minimum stay here.
 *
 * @module
 */
import type { KeyObject } from 'node:crypto';
import type { Hs256IssuerConfig, IssuerConfig } from '../config.js';
import type { RuntimeDeps } from '../runtime.js';
import { verifyHs256 } from './hs256.js';
import { commonClaims, limits, type ResolvedIssuer, resolveJwksIssuer } from './jwks-issuer.js';
import { resolveSecret, toHmacKey } from './secret.js';

export { type ResolvedIssuer, VERIFY_DEFAULTS } from './jwks-issuer.js';

/** Injected dependencies plus the resolved HS256 secret. */
export type VerifierDeps = RuntimeDeps & {
  /** The HS256 secret (bytes or a secret `KeyObject`, ≥ 32 bytes); wins over `config.secret`. */
  readonly secret?: Uint8Array | KeyObject;
};

/**
 * Resolves an HS256 issuer: the secret from `secret` (else `config.secret`), `alg` pinned to `HS256`,
 * `kid` optional, `iss`/`aud` checked when configured.
 *
 * @throws AuthError `config_invalid` when the secret cannot be resolved or is shorter than 32 bytes
 */
function resolveHs256(config: Hs256IssuerConfig, secret: Uint8Array | KeyObject | undefined): ResolvedIssuer {
  const key = toHmacKey(secret ?? resolveSecret(config.secret));
  return {
    header: { algorithms: new Set(['HS256']), requireKid: false },
    claims: {
      profile: 'hs256',
      ...(config.issuer === undefined ? {} : { issuer: config.issuer }),
      ...(config.audience === undefined ? {} : { audience: new Set(config.audience) }),
      ...commonClaims(config),
    },
    ...limits(config),
    verifySignature: (parsed) => verifyHs256(parsed, key),
  };
}

/**
 * Builds the policies and signature check of a **validated** issuer (see {@link validateIssuer}).
 *
 * @throws AuthError `config_invalid` for an unusable HS256 secret (runtime input)
 */
export function resolveIssuer(config: IssuerConfig, deps: VerifierDeps): ResolvedIssuer {
  return config.kind === 'hs256' ? resolveHs256(config, deps.secret) : resolveJwksIssuer(config, deps);
}
