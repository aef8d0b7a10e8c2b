/**
 * Configuration of CloudFront signed cookies (scenario D): trade a verified login for the three (or four)
 * `CloudFront-*` cookies, so a behavior restricted by a trusted key group is checked by CloudFront itself and
 * needs no edge function per request.
 *
 * Plain JSON, baked into the bundle. Times are in **seconds** unless a field name ends in `Ms`.
 *
 * @see [Amazon CloudFront Developer Guide - Use signed cookies](https://docs.aws.amazon.com/AmazonCloudFront/latest/DeveloperGuide/private-content-signed-cookies.html)
 * @module
 */
import type { TokenUse } from '../config.js';
import { AuthError } from '../errors.js';
import { validateReturnPath } from '../session/return-to.js';

/**
 * Hash used to sign the policy. `SHA1` is CloudFront's default; `SHA256` adds the
 * `CloudFront-Hash-Algorithm=SHA256` cookie.
 *
 * @see [Amazon CloudFront Developer Guide - Set signed cookies using a custom policy](https://docs.aws.amazon.com/AmazonCloudFront/latest/DeveloperGuide/private-content-setting-signed-cookie-custom-policy.html)
 */
export type SignedCookieHashAlgorithm = 'SHA1' | 'SHA256';

/**
 * Where the signing private key (RSA ≥ 2048 bits or ECDSA P-256, unencrypted PEM) comes from.
 *
 * - `{ pem }`: baked into the bundle at build time. **Anyone who can download the function code (for example
 *   with `lambda:GetFunction`) can read this key** and mint cookies for your content; prefer Secrets Manager
 *   when that matters.
 * - `{ secretsManager }`: fetched once per container from AWS Secrets Manager by the separate entry point
 *   `edgeward`'s `signed-cookies/secrets-manager` (the default entry carries no AWS SDK). Lambda@Edge has no
 *   environment variables, so `region` is explicit: `us-east-1` or a region holding a replica of the secret.
 *   The secret value is the PEM itself, or a JSON object with the PEM in `privateKey`.
 */
export type SignedCookiePrivateKeySource =
  | { readonly pem: string }
  | {
      readonly secretsManager: {
        /** Secret name or ARN. */
        readonly secretId: string;
        /** Region of the secret (or of its replica), e.g. `us-east-1`. */
        readonly region: string;
        /** Timeout of the one fetch per container, in milliseconds. Default 1500. */
        readonly timeoutMs?: number;
      };
    };

/** Which credentials the issue route accepts. */
export interface SignedCookieAccept {
  /** Accept the edgeward cookie session (tokens in cookies after the hosted-UI callback). Default `true`. */
  readonly session?: boolean;
  /** Accept `Authorization: Bearer <token>` (RFC 6750 §2.1). Default `false`. */
  readonly bearer?: boolean;
  /** Accepted Cognito `token_use` values. Default `["access"]`. */
  readonly tokenUse?: readonly TokenUse[];
}

/**
 * `Set-Cookie` attributes. `Secure` and `HttpOnly` are always set (not configurable).
 *
 * @see [Amazon CloudFront Developer Guide - Use signed cookies, preventing misuse of signed cookies](https://docs.aws.amazon.com/AmazonCloudFront/latest/DeveloperGuide/private-content-signed-cookies.html#private-content-signed-cookie-misuse)
 */
export interface SignedCookieAttributes {
  /** `Domain` attribute. Default none (host-only cookies, AWS's recommendation). */
  readonly domain?: string;
  /** `SameSite` attribute. Default `Lax`. */
  readonly sameSite?: 'Lax' | 'Strict';
  /**
   * `session` (default, AWS's recommendation): no `Expires`/`Max-Age`, the browser drops the cookies when it
   * closes. `policy`: `Max-Age` = seconds until the policy's `DateLessThan`.
   */
  readonly persistence?: 'session' | 'policy';
}

/** CloudFront signed-cookie issuing, as configured for one site. */
export interface SignedCookiesConfig {
  /** Id of the CloudFront public key in the behavior's trusted key group, e.g. `K2JCJMDEHXQW5F`. */
  readonly keyPairId: string;
  /** The signing private key. See {@link SignedCookiePrivateKeySource}. */
  readonly privateKey: SignedCookiePrivateKeySource;
  /** Default `SHA1` (CloudFront's default). */
  readonly hashAlgorithm?: SignedCookieHashAlgorithm;
  /**
   * The policy `Resource`: an `http://`, `https://` or `http*://` URL pattern with `*`/`?` wildcards, e.g.
   * `https://{host}/private/app/*`. `{host}` is replaced by the request's `Host` header only when that host is
   * in {@link allowedHosts}; otherwise nothing is issued.
   */
  readonly resource: string;
  /** Hosts (lower case, optional `:port`) `{host}` may take. Required when `resource` contains `{host}`. */
  readonly allowedHosts?: readonly string[];
  /**
   * Upper bound of the cookies' lifetime in seconds: `DateLessThan` = min(token `exp`, now +
   * `maxLifetimeSeconds`). Default 3600.
   */
  readonly maxLifetimeSeconds?: number;
  /**
   * When set, adds `DateGreaterThan` = now − `skewSeconds` (default 30), so the cookies cannot be used for
   * requests CloudFront dates before their issue. Default: no `DateGreaterThan`.
   */
  readonly notBefore?: { readonly skewSeconds?: number };
  /**
   * Bind the cookies to the viewer's address: `IpAddress` = `clientIp/32` (or `/128` for IPv6). Default
   * `false`. Viewers whose address changes (mobile networks, IPv4/IPv6 happy eyeballs) lose access; AWS has
   * documented `IpAddress` as IPv4-only, so disable IPv6 on the distribution when you enable this.
   */
  readonly bindClientIp?: boolean;
  /** `Path` attribute of the cookies, e.g. `/private/app/`. Default `/`. */
  readonly cookiePath?: string;
  /** Other cookie attributes. */
  readonly cookieAttributes?: SignedCookieAttributes;
  /** The issue route's path (exact match), e.g. `/private/login`. */
  readonly issuePath: string;
  /**
   * Where the issue route redirects (302) after setting the cookies: a same-host absolute path (optionally
   * with a query string), e.g. `/private/app/index.html`. Validated like a return path
   * (`validateReturnPath` in `core/session/return-to.ts`).
   */
  readonly appPath: string;
  /**
   * `route` (default): cookies are issued only by the issue route. `login` ("signed-cookie mode"): the
   * hosted-UI callback also issues them, so protected behaviors need no edge function.
   */
  readonly mode?: 'route' | 'login';
  /** Which credentials the issue route accepts. */
  readonly accept?: SignedCookieAccept;
}

/** {@link SignedCookiesConfig} with every default applied and every field checked. */
export interface ResolvedSignedCookiesConfig {
  /** `keyPairId`: the CloudFront public key ID (`CloudFront-Key-Pair-Id`). */
  readonly keyPairId: string;
  /** `privateKey`: where the signing key comes from. */
  readonly privateKey: SignedCookiePrivateKeySource;
  /** `hashAlgorithm`; default `SHA1`. */
  readonly hashAlgorithm: SignedCookieHashAlgorithm;
  /** `resource`: the policy's `Resource` URL pattern. */
  readonly resource: string;
  /** `allowedHosts`, lower-cased; default none. */
  readonly allowedHosts: readonly string[];
  /** `maxLifetimeSeconds`; default {@link DEFAULT_MAX_LIFETIME_SECONDS}. */
  readonly maxLifetimeSeconds: number;
  /** `undefined` when no `DateGreaterThan` is added. */
  readonly notBeforeSkewSeconds: number | undefined;
  /** `bindClientIp`; default false. */
  readonly bindClientIp: boolean;
  /** `cookiePath`; default `/`. */
  readonly cookiePath: string;
  /** `cookieAttributes.domain`, lower-cased; `undefined`: a host-only cookie. */
  readonly domain: string | undefined;
  /** `cookieAttributes.sameSite`; default `Lax`. */
  readonly sameSite: 'Lax' | 'Strict';
  /** `cookieAttributes.persistence`; default `session`. */
  readonly persistence: 'session' | 'policy';
  /** `issuePath`: the route that issues the cookies. */
  readonly issuePath: string;
  /** `appPath`: where the route redirects after issuing. */
  readonly appPath: string;
  /** `mode`; default `route`. */
  readonly mode: 'route' | 'login';
  /** `accept` with its defaults: which credentials the issuing route accepts. */
  readonly accept: {
    readonly session: boolean;
    readonly bearer: boolean;
    readonly tokenUse: readonly TokenUse[];
  };
}

/** Default `maxLifetimeSeconds`. */
export const DEFAULT_MAX_LIFETIME_SECONDS = 3600;
/** Default `notBefore.skewSeconds`. */
export const DEFAULT_NOT_BEFORE_SKEW_SECONDS = 30;

const HOST = /^[a-z0-9](?:[a-z0-9.-]*[a-z0-9])?(?::\d{1,5})?$/;
const KEY_PAIR_ID = /^[A-Z0-9]{1,128}$/;
const COOKIE_PATH = /^\/[\x21-\x3a\x3c-\x7e]*$/;
const DOMAIN = /^\.?[a-z0-9](?:[a-z0-9.-]*[a-z0-9])?$/;

const fail = (field: string, problem: string): never => {
  throw new AuthError('config_invalid', `signedCookies.${field} ${problem}`);
};

const positiveInt = (v: unknown): v is number => typeof v === 'number' && Number.isSafeInteger(v) && v > 0;

/**
 * Checks every field of a signed-cookie configuration: key pair id, exactly one private key source
 * (Secrets Manager `secretId`/`region`, `timeoutMs` in ms), hash algorithm, `resource` URL pattern and its
 * single `{host}` placeholder with `allowedHosts`, `maxLifetimeSeconds`, `notBefore.skewSeconds` (0–300 s),
 * cookie path, domain, `SameSite`, persistence, `issuePath`, `appPath`, `mode`, `accept`. Run by
 * {@link resolveSignedCookiesConfig} and by `edgeward build`; bundles only carry
 * {@link applySignedCookiesDefaults}.
 *
 * @throws AuthError `config_invalid` `signedCookies.<field> <problem>` for the first problem found
 * @see [Amazon CloudFront Developer Guide - Set signed cookies using a custom policy](https://docs.aws.amazon.com/AmazonCloudFront/latest/DeveloperGuide/private-content-setting-signed-cookie-custom-policy.html)
 */
export function validateSignedCookiesConfig(config: SignedCookiesConfig): void {
  if (!KEY_PAIR_ID.test(config.keyPairId ?? '')) fail('keyPairId', 'must be a CloudFront public key id');
  const pk = config.privateKey as Partial<Record<'pem' | 'secretsManager', unknown>> | undefined;
  if (pk === undefined || (pk.pem === undefined) === (pk.secretsManager === undefined)) {
    fail('privateKey', 'must have exactly one of pem, secretsManager');
  }
  if ('secretsManager' in config.privateKey) {
    const sm = config.privateKey.secretsManager;
    if (!sm.secretId || !sm.region) fail('privateKey.secretsManager', 'needs secretId and region');
    if (sm.timeoutMs !== undefined && !positiveInt(sm.timeoutMs)) {
      fail('privateKey.secretsManager.timeoutMs', 'must be a positive integer');
    }
  }
  const hashAlgorithm = config.hashAlgorithm ?? 'SHA1';
  if (hashAlgorithm !== 'SHA1' && hashAlgorithm !== 'SHA256') fail('hashAlgorithm', 'must be SHA1 or SHA256');

  const resource = config.resource ?? '';
  if (!/^(https?|http\*):\/\/[^\s]+$/.test(resource)) {
    fail('resource', 'must be an http://, https:// or http*:// URL pattern without spaces');
  }
  if (resource.replace('{host}', '').includes('{') || resource.replace('{host}', '').includes('}')) {
    fail('resource', 'may contain only the {host} placeholder, once');
  }
  const allowedHosts = (config.allowedHosts ?? []).map((h) => h.toLowerCase());
  for (const h of allowedHosts)
    if (!HOST.test(h)) fail('allowedHosts', `contains an invalid host ${JSON.stringify(h)}`);
  if (resource.includes('{host}') && allowedHosts.length === 0) {
    fail('allowedHosts', 'must list the hosts {host} may take');
  }

  const maxLifetimeSeconds = config.maxLifetimeSeconds ?? DEFAULT_MAX_LIFETIME_SECONDS;
  if (!positiveInt(maxLifetimeSeconds)) fail('maxLifetimeSeconds', 'must be a positive integer');
  let notBeforeSkewSeconds: number | undefined;
  if (config.notBefore !== undefined) {
    notBeforeSkewSeconds = config.notBefore.skewSeconds ?? DEFAULT_NOT_BEFORE_SKEW_SECONDS;
    if (
      !Number.isSafeInteger(notBeforeSkewSeconds) ||
      notBeforeSkewSeconds < 0 ||
      notBeforeSkewSeconds > 300
    ) {
      fail('notBefore.skewSeconds', 'must be an integer from 0 to 300');
    }
  }

  const cookiePath = config.cookiePath ?? '/';
  if (!COOKIE_PATH.test(cookiePath)) fail('cookiePath', 'must start with / and contain no ; or spaces');
  const attrs = config.cookieAttributes ?? {};
  const domain = attrs.domain?.toLowerCase();
  if (domain !== undefined && !DOMAIN.test(domain)) fail('cookieAttributes.domain', 'must be a domain name');
  const sameSite = attrs.sameSite ?? 'Lax';
  if (sameSite !== 'Lax' && sameSite !== 'Strict') fail('cookieAttributes.sameSite', 'must be Lax or Strict');
  const persistence = attrs.persistence ?? 'session';
  if (persistence !== 'session' && persistence !== 'policy') {
    fail('cookieAttributes.persistence', 'must be session or policy');
  }

  if (validateReturnPath(config.issuePath) === undefined || config.issuePath.includes('?')) {
    fail('issuePath', 'must be an absolute path without query');
  }
  if (validateReturnPath(config.appPath) === undefined || /\s/.test(config.appPath)) {
    fail('appPath', 'must be a same-host path without spaces (validated like a return path)');
  }
  const mode = config.mode ?? 'route';
  if (mode !== 'route' && mode !== 'login') fail('mode', 'must be route or login');

  const accept = {
    session: config.accept?.session ?? true,
    bearer: config.accept?.bearer ?? false,
    tokenUse: config.accept?.tokenUse ?? (['access'] as const),
  };
  if (!accept.session && !accept.bearer) fail('accept', 'must accept the session, Bearer tokens, or both');
  if (accept.tokenUse.length === 0 || accept.tokenUse.some((u) => u !== 'access' && u !== 'id')) {
    fail('accept.tokenUse', 'must list access and/or id');
  }
}

/**
 * Applies the defaults of a signed-cookie configuration already accepted by
 * {@link validateSignedCookiesConfig} (no checks: `edgeward build` ran them before baking). Host names and
 * the cookie domain are lower-cased.
 */
export function applySignedCookiesDefaults(config: SignedCookiesConfig): ResolvedSignedCookiesConfig {
  const attrs = config.cookieAttributes ?? {};
  return {
    keyPairId: config.keyPairId,
    privateKey: config.privateKey,
    hashAlgorithm: config.hashAlgorithm ?? 'SHA1',
    resource: config.resource,
    allowedHosts: (config.allowedHosts ?? []).map((h) => h.toLowerCase()),
    maxLifetimeSeconds: config.maxLifetimeSeconds ?? DEFAULT_MAX_LIFETIME_SECONDS,
    notBeforeSkewSeconds:
      config.notBefore === undefined
        ? undefined
        : (config.notBefore.skewSeconds ?? DEFAULT_NOT_BEFORE_SKEW_SECONDS),
    bindClientIp: config.bindClientIp ?? false,
    cookiePath: config.cookiePath ?? '/',
    domain: attrs.domain?.toLowerCase(),
    sameSite: attrs.sameSite ?? 'Lax',
    persistence: attrs.persistence ?? 'session',
    issuePath: config.issuePath,
    appPath: config.appPath,
    mode: config.mode ?? 'route',
    accept: {
      session: config.accept?.session ?? true,
      bearer: config.accept?.bearer ?? false,
      tokenUse: config.accept?.tokenUse ?? ['access'],
    },
  };
}

/**
 * Checks every field ({@link validateSignedCookiesConfig}) and applies the defaults
 * ({@link applySignedCookiesDefaults}).
 *
 * @throws AuthError `config_invalid` naming the field and the problem
 */
export function resolveSignedCookiesConfig(config: SignedCookiesConfig): ResolvedSignedCookiesConfig {
  validateSignedCookiesConfig(config);
  return applySignedCookiesDefaults(config);
}
