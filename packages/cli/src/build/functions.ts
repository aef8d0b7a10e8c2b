/**
 * What each function `type` builds: its bundle entry point, the AWS event type that sets its size limit,
 * and the runtime configuration baked into it.
 *
 * @module
 */
import type { HttpApiAuthorizerConfig, TokenAuthorizerConfig } from 'edgeward/internal/apigateway/config.js';
import type { SiteConfig } from 'edgeward/internal/cloudfront/config.js';
import type { IssuerConfig } from 'edgeward/internal/core/config.js';
import type { FunctionConfig, FunctionType } from '../config/types.js';
import type { EventType } from './sizes.js';

/** Build facts of one function type. */
export interface FunctionKind {
  /** Entry module name under `packages/cli/src/entries/` (without extension). */
  readonly entry: string;
  /** Entry used when a key or secret comes from Secrets Manager (the AWS SDK client stays external). */
  readonly secretsManagerEntry: string;
  /** Decides the zipped-size limit. */
  readonly eventType: EventType;
}

/** The entry of a `site` function with CloudFront signed cookies whose private key is baked. */
export const SITE_SIGNED_COOKIES_ENTRY = 'site-signed-cookies';

/** Every function type's entry points and event type. */
export const FUNCTION_KINDS: Readonly<Record<FunctionType, FunctionKind>> = {
  site: { entry: 'site', secretsManagerEntry: 'site-secrets-manager', eventType: 'viewer-request' },
  'rest-token-authorizer': {
    entry: 'rest-token-authorizer',
    secretsManagerEntry: 'rest-token-authorizer-secrets-manager',
    eventType: 'authorizer',
  },
  'rest-request-authorizer': {
    entry: 'rest-request-authorizer',
    secretsManagerEntry: 'rest-request-authorizer-secrets-manager',
    eventType: 'authorizer',
  },
  'http-authorizer': {
    entry: 'http-authorizer',
    secretsManagerEntry: 'http-authorizer-secrets-manager',
    eventType: 'authorizer',
  },
  'websocket-authorizer': {
    entry: 'websocket-authorizer',
    secretsManagerEntry: 'websocket-authorizer-secrets-manager',
    eventType: 'authorizer',
  },
};

/**
 * The module of an entry that holds its lazily loaded code: a site's login module (its one lazily loaded
 * chunk), or the entry itself for an authorizer (a one-file bundle). `edgeward build` points the JWKS
 * key store's dynamic import of `jwks-fetch.js` there (`lazyImportsPlugin`), so that fetching a JWKS,
 * which a cold start with baked keys never does, neither is cold-start code in a site nor adds a chunk.
 * Each of these modules exports {@link LAZY_EXPORT}.
 */
const LAZY_MODULES: Readonly<Record<string, string>> = {
  site: 'login',
  [SITE_SIGNED_COOKIES_ENTRY]: 'site-signed-cookies-login',
  'site-secrets-manager': 'site-secrets-manager-login',
};

/** What every lazily loaded module ({@link lazyModuleOf}) exports for the JWKS key store. */
export const LAZY_EXPORT = 'fetchJwksDocument';

/** The module holding an entry's lazily loaded code (the entry itself for an authorizer). */
export function lazyModuleOf(entryName: string): string {
  return LAZY_MODULES[entryName] ?? entryName;
}

/** The runtime configuration a function's handler factory receives (`SiteConfig` or an authorizer config). */
export type RuntimeFunctionConfig = SiteConfig | TokenAuthorizerConfig | HttpApiAuthorizerConfig;

/**
 * True when the function reads a key or secret from Secrets Manager at cold start (HS256 secret or the
 * signed-cookie private key), which selects the Secrets Manager entry.
 */
export function usesSecretsManager(fn: FunctionConfig, issuer: IssuerConfig): boolean {
  if (issuer.kind === 'hs256' && 'secretsManager' in issuer.secret) return true;
  return (
    fn.type === 'site' && fn.signedCookies !== undefined && 'secretsManager' in fn.signedCookies.privateKey
  );
}

/**
 * The bundle entry of a function: the Secrets Manager variant when a key or secret comes from Secrets
 * Manager; for a site with signed cookies and a baked key, the entry that includes the signer (the plain
 * `site` entry leaves it out, to keep the Lambda@Edge bundle small).
 */
export function entryOf(fn: FunctionConfig, secretsManager: boolean): string {
  const kind = FUNCTION_KINDS[fn.type];
  if (secretsManager) return kind.secretsManagerEntry;
  if (fn.type === 'site' && fn.signedCookies !== undefined) return SITE_SIGNED_COOKIES_ENTRY;
  return kind.entry;
}

/**
 * The runtime configuration of a function: its file entry without `type`, with the named issuer embedded.
 */
export function toRuntimeConfig(fn: FunctionConfig, issuer: IssuerConfig): RuntimeFunctionConfig {
  const { type: _type, issuer: _name, ...rest } = fn;
  return { ...rest, issuer } as RuntimeFunctionConfig;
}

/**
 * The esbuild `define`s of a function's bundle: feature switches that let the bundler leave out what the
 * configuration does not use. `__EDGEWARD_CREDENTIALS_ROUTE__` is `true` only for a site with
 * `identityPool` (the credentials route and its Cognito Identity client are loaded lazily otherwise never).
 */
export function bundleDefinesOf(fn: FunctionConfig): Record<string, string> {
  return { __EDGEWARD_CREDENTIALS_ROUTE__: String(fn.type === 'site' && fn.identityPool !== undefined) };
}
