/**
 * Issues CloudFront signed cookies for a verified login: a custom policy whose `DateLessThan` is bound to the
 * token's `exp` and a maximum lifetime, signed with `@aws-sdk/cloudfront-signer` (RSA or ECDSA P-256, SHA1 or
 * SHA256), rendered as `Set-Cookie` header values.
 *
 * @see https://docs.aws.amazon.com/AmazonCloudFront/latest/DeveloperGuide/private-content-setting-signed-cookie-custom-policy.html
 * @module
 */
import type { KeyObject } from 'node:crypto';
import { getSignedCookies } from '@aws-sdk/cloudfront-signer';
import { type SetCookie, stringifySetCookie } from 'cookie';
import { AuthError, isAuthError } from '../errors.js';
import { jsonLogger, type Logger, nowSeconds, type RuntimeDeps } from '../runtime.js';
import {
  applySignedCookiesDefaults,
  type ResolvedSignedCookiesConfig,
  type SignedCookiesConfig,
  validateSignedCookiesConfig,
} from './config.js';
import { loadPrivateKey } from './keys.js';
import { buildCustomPolicy, singleAddressCidr } from './policy.js';

/** The cookie names CloudFront reads, in the order edgeward sets them. */
export const SIGNED_COOKIE_NAMES = [
  'CloudFront-Policy',
  'CloudFront-Signature',
  'CloudFront-Key-Pair-Id',
  'CloudFront-Hash-Algorithm',
] as const;

/** Supplies the signing private key (PEM or `KeyObject`); called on every issue, so it must cache. */
export type PrivateKeyProvider = () => Promise<KeyObject | string>;

/** Dependencies of {@link createSignedCookieIssuer}. */
export type SignedCookieIssuerDeps = RuntimeDeps & {
  /**
   * The private key provider, e.g. from `createSecretsManagerPrivateKeyProvider`
   * (`signed-cookies/secrets-manager.ts`). Required when `config.privateKey` is `{ secretsManager }`; when set
   * it takes precedence over a baked `{ pem }`.
   */
  readonly privateKey?: PrivateKeyProvider;
};

/** What {@link SignedCookieIssuer.issue} needs from the request and the verified token. */
export interface SignedCookieIssueInput {
  /** The verified token's `exp`, in **seconds** since the epoch. */
  readonly tokenExp: number;
  /** The request's `Host` header (used for `{host}` only when it is in `allowedHosts`). */
  readonly host: string;
  /** The viewer's address (CloudFront `clientIp`), used when `bindClientIp` is set. */
  readonly clientIp: string;
}

/** Issues and clears CloudFront signed cookies for one configuration. */
export interface SignedCookieIssuer {
  /** The configuration with defaults applied (issue path, app path, mode, accepted credentials…). */
  readonly config: ResolvedSignedCookiesConfig;
  /**
   * Signs a custom policy and returns the `Set-Cookie` header values: `CloudFront-Policy`,
   * `CloudFront-Signature`, `CloudFront-Key-Pair-Id`, and `CloudFront-Hash-Algorithm` when SHA256.
   *
   * @throws AuthError `token_expired` when min(`tokenExp`, now + max lifetime) is not in the future;
   *   `event_invalid` when the host is not allowed or `clientIp` is not an IP address (with `bindClientIp`);
   *   `config_invalid` when the provided private key is unusable; `internal_error` when the key provider or
   *   signing fails.
   */
  issue(input: SignedCookieIssueInput): Promise<string[]>;
  /** `Set-Cookie` header values that delete the four cookies (same `Path`/`Domain`, `Max-Age=0`). */
  clearCookies(): string[];
}

/**
 * Builds a signed-cookie issuer. A baked PEM is loaded and checked here; a provided key is checked on first use.
 *
 * @throws AuthError `config_invalid` when the configuration or the baked key is invalid (RSA < 2048 bits,
 *   not ECDSA P-256, unreadable PEM), or when the key lives in Secrets Manager and no provider was given
 * @example
 * ```ts
 * const issuer = createSignedCookieIssuer(config.signedCookies, { privateKey: createSecretsManagerPrivateKeyProvider(…) });
 * const setCookies = await issuer.issue({ tokenExp: token.exp, host, clientIp });
 * ```
 */
export function createSignedCookieIssuer(
  config: SignedCookiesConfig,
  deps: SignedCookieIssuerDeps = {},
): SignedCookieIssuer {
  validateSignedCookiesConfig(config);
  return createValidatedSignedCookieIssuer(config, deps);
}

/**
 * {@link createSignedCookieIssuer} for a configuration already accepted by `validateSignedCookiesConfig`
 * (bundle entries: `edgeward build` ran the checks before baking). The baked PEM is still loaded and
 * checked here, a provided key on first use; every issue request is checked as before.
 *
 * @throws AuthError `config_invalid` when the baked key is invalid, or when the key lives in Secrets
 *   Manager and no provider was given
 */
export function createValidatedSignedCookieIssuer(
  config: SignedCookiesConfig,
  deps: SignedCookieIssuerDeps = {},
): SignedCookieIssuer {
  const resolved = applySignedCookiesDefaults(config);
  const clock = deps.clock ?? Date.now;
  const logger: Logger = deps.logger ?? jsonLogger;
  const getKey = keySource(resolved, deps.privateKey);

  const attributes = (): Omit<SetCookie, 'name' | 'value'> => ({
    path: resolved.cookiePath,
    ...(resolved.domain === undefined ? {} : { domain: resolved.domain }),
    secure: true,
    httpOnly: true,
    sameSite: resolved.sameSite === 'Strict' ? 'strict' : 'lax',
  });

  return {
    config: resolved,
    async issue(input) {
      const now = nowSeconds(clock);
      const dateLessThan = Math.min(Math.floor(input.tokenExp), now + resolved.maxLifetimeSeconds);
      if (!Number.isSafeInteger(dateLessThan) || dateLessThan <= now) {
        throw new AuthError('token_expired', 'signed cookies need a token that has not expired');
      }
      const resource = resolveResource(resolved, input.host);
      let sourceIp: string | undefined;
      if (resolved.bindClientIp) {
        sourceIp = singleAddressCidr(input.clientIp);
        if (sourceIp === undefined) throw new AuthError('event_invalid', 'clientIp is not an IP address');
      }
      const policy = buildCustomPolicy(resource, {
        dateLessThan,
        ...(resolved.notBeforeSkewSeconds === undefined
          ? {}
          : { dateGreaterThan: now - resolved.notBeforeSkewSeconds }),
        ...(sourceIp === undefined ? {} : { sourceIp }),
      });
      const privateKey = await getKey();
      let signed: ReturnType<typeof getSignedCookies>;
      try {
        signed = getSignedCookies({
          keyPairId: resolved.keyPairId,
          privateKey,
          policy,
          algorithm: resolved.hashAlgorithm,
        });
      } catch (e) {
        throw new AuthError('internal_error', 'signing the CloudFront policy failed', { cause: e });
      }
      const base = attributes();
      const withLifetime = resolved.persistence === 'policy' ? { ...base, maxAge: dateLessThan - now } : base;
      const values: Array<[string, string | undefined]> = [
        ['CloudFront-Policy', signed['CloudFront-Policy']],
        ['CloudFront-Signature', signed['CloudFront-Signature']],
        ['CloudFront-Key-Pair-Id', signed['CloudFront-Key-Pair-Id']],
        ['CloudFront-Hash-Algorithm', signed['CloudFront-Hash-Algorithm']],
      ];
      logger({
        level: 'info',
        event: 'signed_cookies_issued',
        keyPairId: resolved.keyPairId,
        hashAlgorithm: resolved.hashAlgorithm,
        dateLessThan,
        ipBound: sourceIp !== undefined,
      });
      return values
        .filter((entry): entry is [string, string] => entry[1] !== undefined)
        .map(([name, value]) => stringifySetCookie({ name, value, ...withLifetime }, { encode: (v) => v }));
    },
    clearCookies() {
      const base = attributes();
      return SIGNED_COOKIE_NAMES.map((name) =>
        stringifySetCookie({ name, value: '', ...base, maxAge: 0, expires: new Date(0) }),
      );
    },
  };
}

/** Picks the key source and memoizes the checked key (PEM text the signer accepts). */
function keySource(
  config: ResolvedSignedCookiesConfig,
  provider: PrivateKeyProvider | undefined,
): () => Promise<string> {
  if (provider === undefined) {
    if (!('pem' in config.privateKey)) {
      throw new AuthError(
        'config_invalid',
        'signedCookies.privateKey.secretsManager needs the Secrets Manager key provider (signed-cookies/secrets-manager entry)',
      );
    }
    const pem = checkedPem(config.privateKey.pem);
    return async () => pem;
  }
  let lastRaw: KeyObject | string | undefined;
  let lastPem: string | undefined;
  return async () => {
    let raw: KeyObject | string;
    try {
      raw = await provider();
    } catch (e) {
      if (isAuthError(e)) throw e;
      throw new AuthError('internal_error', 'the signed-cookie private key is unavailable', { cause: e });
    }
    if (raw !== lastRaw || lastPem === undefined) {
      lastPem = checkedPem(raw);
      lastRaw = raw;
    }
    return lastPem;
  };
}

/** Loads and checks a private key, returning it as PKCS #8 PEM. */
function checkedPem(source: KeyObject | string): string {
  const loaded = loadPrivateKey(source);
  if (!loaded.ok) throw new AuthError('config_invalid', `signedCookies.privateKey: ${loaded.detail}`);
  return loaded.key.export({ format: 'pem', type: 'pkcs8' }).toString();
}

/** Substitutes `{host}` with the request's host when it is allowed. */
function resolveResource(config: ResolvedSignedCookiesConfig, host: string): string {
  if (!config.resource.includes('{host}')) return config.resource;
  const wanted = host.trim().toLowerCase();
  const allowed = config.allowedHosts.find((h) => h === wanted);
  if (allowed === undefined) {
    throw new AuthError('event_invalid', 'the Host header is not in signedCookies.allowedHosts');
  }
  return config.resource.replace('{host}', allowed);
}
