/**
 * Resolves and validates one {@link IssuerConfig} into the policies the verifier applies: defaults,
 * limits, the pinned algorithms, the JWKS store and the signature check. Every problem is an
 * `AuthError('config_invalid', …)` naming the field, raised once at construction (module scope in Lambda).
 *
 * @module
 */
import type { KeyObject } from 'node:crypto';
import type {
  CognitoIssuerConfig,
  Hs256IssuerConfig,
  IssuerCommon,
  IssuerConfig,
  JwksPolicy,
  OidcIssuerConfig,
} from '../config.js';
import { AuthError } from '../errors.js';
import { type Clock, type FetchLike, jsonLogger, type Logger, type RuntimeDeps } from '../runtime.js';
import type { ClaimPolicy } from './claims.js';
import type { HeaderPolicy } from './header.js';
import { verifyHs256 } from './hs256.js';
import { JwksStore } from './jwks.js';
import { verifyJwsSignature } from './jws.js';
import type { ParsedJws } from './parse.js';
import { resolveSecret, toHmacKey } from './secret.js';
import type { VerifiedHeader } from './types.js';

/** Defaults (seconds unless the name ends in `Ms`). */
export const VERIFY_DEFAULTS = {
  clockToleranceSeconds: 0,
  maxClockToleranceSeconds: 300,
  maxTokenBytes: 8192,
  cacheSize: 1000,
  groupsClaim: 'cognito:groups',
  cooldownSeconds: 30,
  ttlSeconds: 3600,
  timeoutMs: 1500,
} as const;

/** Asymmetric algorithms an OIDC issuer may be pinned to (see `keys.ts` for the keys each needs). */
export const ASYMMETRIC_ALGORITHMS: readonly string[] = [
  'RS256',
  'RS384',
  'RS512',
  'ES256',
  'ES384',
  'ES512',
  'EdDSA',
];

/** Everything the verifier needs for one issuer. */
export interface ResolvedIssuer {
  readonly header: HeaderPolicy;
  readonly claims: ClaimPolicy;
  readonly maxTokenBytes: number;
  readonly cacheSize: number;
  /**
   * Verifies the signature of `parsed` (after the header and `iss` checks) for its checked header `alg`
   * and `kid`; returns a promise only when it must wait (a JWKS fetch), else `undefined`.
   *
   * @throws AuthError (synchronously, or as the promise's rejection)
   */
  readonly verifySignature: (parsed: ParsedJws, header: VerifiedHeader) => Promise<void> | undefined;
  /** The JWKS store, for JWKS issuers. */
  readonly keys?: JwksStore;
}

/** Injected dependencies plus the resolved HS256 secret. */
export type VerifierDeps = RuntimeDeps & {
  /** The HS256 secret (bytes or a secret `KeyObject`, ≥ 32 bytes); wins over `config.secret`. */
  readonly secret?: Uint8Array | KeyObject;
};

function configInvalid(message: string): AuthError {
  return new AuthError('config_invalid', message);
}

function numberIn(value: unknown, field: string, min: number, max: number, integer: boolean): number {
  if (typeof value !== 'number' || !Number.isFinite(value) || value < min || value > max) {
    throw configInvalid(`${field} must be a number from ${min} to ${max}`);
  }
  if (integer && !Number.isInteger(value)) throw configInvalid(`${field} must be an integer`);
  return value;
}

function stringList(value: unknown, field: string): readonly string[] {
  if (!Array.isArray(value) || value.length === 0 || !value.every((v) => typeof v === 'string' && v !== '')) {
    throw configInvalid(`${field} must be a non-empty array of non-empty strings`);
  }
  return value;
}

const REGION = /^(?:eusc-[a-z]{2}|[a-z]{2})-(?:gov-)?[a-z]+-\d$/;
const POOL_SUFFIX = /^[A-Za-z0-9]+$/;

/**
 * The Cognito user pool issuer URL, `https://cognito-idp.{region}.amazonaws.com/{userPoolId}`.
 *
 * @param region - e.g. `eu-west-1`
 * @param userPoolId - e.g. `eu-west-1_AbCdEf123`; must start with `{region}_`
 * @throws AuthError `config_invalid` for a malformed region or pool id
 * @see https://docs.aws.amazon.com/cognito/latest/developerguide/amazon-cognito-user-pools-using-tokens-verifying-a-jwt.html
 * @example
 * ```ts
 * cognitoIssuerUrl('eu-west-1', 'eu-west-1_AbCdEf123');
 * // 'https://cognito-idp.eu-west-1.amazonaws.com/eu-west-1_AbCdEf123'
 * ```
 */
export function cognitoIssuerUrl(region: string, userPoolId: string): string {
  if (typeof region !== 'string' || !REGION.test(region)) throw configInvalid('region is not an AWS region');
  if (
    typeof userPoolId !== 'string' ||
    !userPoolId.startsWith(`${region}_`) ||
    !POOL_SUFFIX.test(userPoolId.slice(region.length + 1))
  ) {
    throw configInvalid('userPoolId must look like {region}_{id} for the configured region');
  }
  return `https://cognito-idp.${region}.amazonaws.com/${userPoolId}`;
}

function resolveClaimsCommon(config: IssuerCommon) {
  return {
    toleranceSeconds: numberIn(
      config.clockToleranceSeconds ?? VERIFY_DEFAULTS.clockToleranceSeconds,
      'clockToleranceSeconds',
      0,
      VERIFY_DEFAULTS.maxClockToleranceSeconds,
      false,
    ),
    requiredClaims:
      config.requiredClaims === undefined ? [] : stringList(config.requiredClaims, 'requiredClaims'),
    groupsClaim: config.groupsClaim ?? VERIFY_DEFAULTS.groupsClaim,
  };
}

function resolveLimits(config: IssuerCommon) {
  if (
    config.groupsClaim !== undefined &&
    (typeof config.groupsClaim !== 'string' || config.groupsClaim === '')
  ) {
    throw configInvalid('groupsClaim must be a non-empty string');
  }
  return {
    maxTokenBytes: numberIn(
      config.maxTokenBytes ?? VERIFY_DEFAULTS.maxTokenBytes,
      'maxTokenBytes',
      16,
      1 << 20,
      true,
    ),
    cacheSize: numberIn(config.cacheSize ?? VERIFY_DEFAULTS.cacheSize, 'cacheSize', 0, 1_000_000, true),
  };
}

interface RuntimeParts {
  readonly clock: Clock;
  readonly fetch: FetchLike;
  readonly logger: Logger;
}

function createStore(
  uri: string,
  baked: CognitoIssuerConfig['jwks'],
  policy: JwksPolicy | undefined,
  runtime: RuntimeParts,
): JwksStore {
  let url: URL;
  try {
    url = new URL(uri);
  } catch {
    throw configInvalid('jwksUri is not a URL');
  }
  if (url.protocol !== 'https:' && !(url.protocol === 'http:' && policy?.allowHttp === true)) {
    throw configInvalid('jwksUri must use https: (set jwksPolicy.allowHttp for a local http: issuer)');
  }
  if (baked !== undefined && (typeof baked !== 'object' || baked === null || !Array.isArray(baked.keys))) {
    throw configInvalid('jwks must be a JWKS object with a keys array');
  }
  return new JwksStore({
    uri: url.href,
    ...(baked ? { baked } : {}),
    ...runtime,
    cooldownMs:
      numberIn(
        policy?.cooldownSeconds ?? VERIFY_DEFAULTS.cooldownSeconds,
        'jwksPolicy.cooldownSeconds',
        0,
        86_400,
        false,
      ) * 1000,
    ttlMs:
      numberIn(
        policy?.ttlSeconds ?? VERIFY_DEFAULTS.ttlSeconds,
        'jwksPolicy.ttlSeconds',
        1,
        31_536_000,
        false,
      ) * 1000,
    timeoutMs: numberIn(
      policy?.timeoutMs ?? VERIFY_DEFAULTS.timeoutMs,
      'jwksPolicy.timeoutMs',
      1,
      30_000,
      false,
    ),
  });
}

function jwksIssuer(
  store: JwksStore,
  algorithms: readonly string[],
  claims: ClaimPolicy,
  config: IssuerCommon,
): ResolvedIssuer {
  return {
    header: { algorithms: new Set(algorithms), requireKid: true },
    claims,
    ...resolveLimits(config),
    keys: store,
    verifySignature: (parsed, header) => {
      // `kid` is present: the header check requires it for JWKS issuers.
      const kid = header.kid as string;
      // Known, fresh key: stay synchronous (no promise on the hot path).
      const key = store.fresh(kid);
      if (key !== undefined) return verifyJwsSignature(parsed, header.alg, key);
      return store.resolve(kid).then((k) => verifyJwsSignature(parsed, header.alg, k));
    },
  };
}

function resolveCognito(config: CognitoIssuerConfig, runtime: RuntimeParts): ResolvedIssuer {
  const issuer = cognitoIssuerUrl(config.region, config.userPoolId);
  const clientIds = new Set(stringList(config.clientIds, 'clientIds'));
  const store = createStore(
    config.jwksUri ?? `${issuer}/.well-known/jwks.json`,
    config.jwks,
    config.jwksPolicy,
    runtime,
  );
  return jwksIssuer(
    store,
    ['RS256'],
    { profile: 'cognito', issuer, clientIds, ...resolveClaimsCommon(config) },
    config,
  );
}

function resolveOidc(config: OidcIssuerConfig, runtime: RuntimeParts): ResolvedIssuer {
  if (typeof config.issuer !== 'string' || config.issuer === '')
    throw configInvalid('issuer must be a non-empty string');
  if (typeof config.jwksUri !== 'string') throw configInvalid('jwksUri is required for an oidc issuer');
  const algorithms =
    config.algorithms === undefined ? ['RS256'] : stringList(config.algorithms, 'algorithms');
  for (const alg of algorithms) {
    if (!ASYMMETRIC_ALGORITHMS.includes(alg)) {
      throw configInvalid(`algorithms may only contain ${ASYMMETRIC_ALGORITHMS.join(', ')}`);
    }
  }
  const store = createStore(config.jwksUri, config.jwks, config.jwksPolicy, runtime);
  return jwksIssuer(
    store,
    algorithms,
    {
      profile: 'oidc',
      issuer: config.issuer,
      ...(config.audience === undefined
        ? {}
        : { audience: new Set(stringList(config.audience, 'audience')) }),
      ...(config.clientIds === undefined
        ? {}
        : { clientIds: new Set(stringList(config.clientIds, 'clientIds')) }),
      ...resolveClaimsCommon(config),
    },
    config,
  );
}

function resolveHs256(config: Hs256IssuerConfig, secret: Uint8Array | KeyObject | undefined): ResolvedIssuer {
  if (config.issuer !== undefined && (typeof config.issuer !== 'string' || config.issuer === '')) {
    throw configInvalid('issuer must be a non-empty string when set');
  }
  if (secret === undefined && config.secret === undefined)
    throw configInvalid('secret is required for hs256');
  const key = toHmacKey(secret ?? resolveSecret(config.secret));
  return {
    header: { algorithms: new Set(['HS256']), requireKid: false },
    claims: {
      profile: 'hs256',
      ...(config.issuer === undefined ? {} : { issuer: config.issuer }),
      ...(config.audience === undefined
        ? {}
        : { audience: new Set(stringList(config.audience, 'audience')) }),
      ...resolveClaimsCommon(config),
    },
    ...resolveLimits(config),
    verifySignature: (parsed) => verifyHs256(parsed, key),
  };
}

/**
 * Validates `config` and builds the policies and signature check for it.
 *
 * @throws AuthError `config_invalid` naming the offending field
 */
export function resolveIssuer(config: IssuerConfig, deps: VerifierDeps): ResolvedIssuer {
  if (typeof config !== 'object' || config === null) throw configInvalid('issuer config must be an object');
  const runtime: RuntimeParts = {
    clock: deps.clock ?? Date.now,
    fetch: deps.fetch ?? ((input, init) => globalThis.fetch(input, init)),
    logger: deps.logger ?? jsonLogger,
  };
  switch (config.kind) {
    case 'cognito':
      return resolveCognito(config, runtime);
    case 'oidc':
      return resolveOidc(config, runtime);
    case 'hs256':
      return resolveHs256(config, deps.secret);
    default:
      throw configInvalid('issuer kind must be cognito, oidc or hs256');
  }
}
