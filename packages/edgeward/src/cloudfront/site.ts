/**
 * Everything a viewer-request handler builds once, at construction (module scope in the Lambda): the
 * verifier, the compiled rules, the session cookie naming, the forwarder. The login path's own pieces (the
 * OAuth client and endpoints, cookie writing, used login states, the signed-cookie issuer) are
 * built on first use by `login-tools.ts`, in a chunk loaded only when a request needs them.
 *
 * @module
 */

import type { CloudFrontRequestResult } from 'aws-lambda';
import type { TokenUse } from '../core/config.js';
import { AuthError } from '../core/errors.js';
import type { OAuthClientConfig } from '../core/oauth/types.js';
import { type Authorizer, authorizerFor } from '../core/rules/authorize.js';
import { compileValidatedRules } from '../core/rules/compile.js';
import { atLevel, type Clock, jsonLogger, type Logger, type RuntimeDeps } from '../core/runtime.js';
import { SessionNames } from '../core/session/session-names.js';
import type { SignedCookiesConfig } from '../core/signed-cookies/config.js';
import type {
  createValidatedSignedCookieIssuer,
  SignedCookieIssuer,
  SignedCookieIssuerDeps,
} from '../core/signed-cookies/issuer.js';
import { createJwksVerifier } from '../core/verify/prevalidated.js';
import { cognitoIssuerOf } from '../core/verify/resolve-jwks-issuer.js';
import type { VerifyOptions } from '../core/verify/types.js';
import type { IssuerVerifier } from '../core/verify/verifier.js';
import { applySiteDefaults, type ResolvedSiteConfig, type SiteConfig } from './config.js';
import type * as CredentialsRouteModule from './credentials.js';
import type * as LoginPathModule from './login-path.js';
import { createForwarder, type Forwarder } from './origin.js';

/** The verify options of each `token_use`, built once (no object per request). */
export const TOKEN_USE: Readonly<Record<TokenUse, VerifyOptions>> = Object.freeze({
  access: Object.freeze({ tokenUse: 'access' }),
  id: Object.freeze({ tokenUse: 'id' }),
});

/** What a route answers: the result, or a promise of it (a promise only when something had to wait). */
export type Routed = CloudFrontRequestResult | Promise<CloudFrontRequestResult>;

/** The login path module (`login-path.ts`). */
export type LoginPath = typeof LoginPathModule;

/** The identity-pool credentials route module (`credentials.ts`). */
export type CredentialsRoute = typeof CredentialsRouteModule;

/**
 * Dependencies of a site handler: the runtime (clock in ms, fetch, logger) plus, for CloudFront signed
 * cookies whose key lives in Secrets Manager, the private key provider (see `signed-cookies/secrets-manager`).
 */
export type SiteDeps = RuntimeDeps & Pick<SignedCookieIssuerDeps, 'privateKey'>;

/**
 * Optional features a handler is built with. The public {@link createViewerRequestHandler} includes all of
 * them; bundle entries include only what their configuration uses, so a site without CloudFront signed
 * cookies does not carry the signer in its size-limited Lambda@Edge bundle.
 */
export interface SiteFeatures {
  /**
   * Loads the factory that issues CloudFront signed cookies (`signedCookies` in the config) from a
   * configuration that was validated (by `validate`, or by `edgeward build`). Called on the first request
   * that issues or clears them (bundle entries load the signer then, in its own chunk).
   */
  readonly loadSignedCookieIssuer?: () => Promise<typeof createValidatedSignedCookieIssuer>;
  /**
   * Loads the login path (`login-path.ts`: callback, sign-out, login redirects, refresh, refusals and
   * pages). Required. Bundle entries pass a dynamic `import()`, the one place such an import is written,
   * so that the login path (with the signer, for signed-cookie entries) is one chunk loaded on first use.
   */
  readonly loadLoginPath?: () => Promise<LoginPath>;
  /**
   * Loads the identity-pool credentials route (`credentials.ts`), for a configuration with
   * `identityPool`. Bundle entries load it from their login chunk, and only when the configuration has
   * one (an `edgeward build` define), so other sites never carry the route.
   */
  readonly loadCredentialsRoute?: () => Promise<CredentialsRoute>;
  /**
   * Checks the whole configuration before anything is built (`validateSiteConfig`). The public
   * `createViewerRequestHandler` sets it; bundle entries leave it out because `edgeward build` ran the same
   * validators before baking the configuration.
   */
  readonly validate?: (config: SiteConfig) => void;
}

/**
 * Cookie login (hosted UI with authorization code + PKCE, session cookies, sign-out): the part of a
 * {@link Site} that exists when `cookieLogin` is on.
 */
export interface SiteLogin {
  /** The OAuth client used for the hosted UI, the token endpoint and revocation. */
  readonly client: OAuthClientConfig;
  /** The session cookie names (and reading them back from a request). */
  readonly sessions: SessionNames;
}

/** The per-handler state, built once. */
export interface Site {
  readonly config: ResolvedSiteConfig;
  /** The issuer's verifier (its `check` answers without a promise when no JWKS fetch is needed). */
  readonly verifier: IssuerVerifier;
  readonly authorize: Authorizer;
  /** The exact `iss` of the issuer's tokens (for the OAuth client's id token checks). */
  readonly issuerUrl: string;
  /** Accepted id token `alg` values. */
  readonly algorithms: readonly string[];
  /** Cookie login; present when `cookieLogin` is on (`config.cookieLogin`). */
  readonly login: SiteLogin | undefined;
  /**
   * The CloudFront signed cookies as configured (the issuer holds them with defaults); present when
   * configured. Only `issuePath` (required) and `mode` (`route` when absent) are read per request.
   */
  readonly signedCookies: SignedCookiesConfig | undefined;
  /** Builds the signed-cookie issuer (first use only: `login-tools.ts` keeps it). */
  readonly signedCookieIssuer: (() => Promise<SignedCookieIssuer>) | undefined;
  /** The dependencies the handler was built with (for the login path's pieces). */
  readonly deps: SiteDeps;
  /** Loads the login path (first use only; the module system keeps it). */
  readonly loginPath: () => Promise<LoginPath>;
  /** Loads the credentials route; present when `identityPool` is configured. */
  readonly credentialsRoute: (() => Promise<CredentialsRoute>) | undefined;
  /** Prepares the request forwarded to the origin. */
  readonly forward: Forwarder;
  readonly clock: Clock;
  readonly logger: Logger;
}

/**
 * Builds the {@link Site} of a configuration: checked first by `features.validate` when given, else
 * assumed validated by `edgeward build` (only defaults are applied).
 *
 * @throws AuthError `config_invalid` (or another code from a component) when the configuration is unusable,
 *   or uses a feature that `features` does not include
 */
export function buildSite(config: SiteConfig, deps: SiteDeps, features: SiteFeatures): Site {
  features.validate?.(config);
  const resolved = applySiteDefaults(config);
  const issuerUrl =
    resolved.issuer.kind === 'cognito' ? cognitoIssuerOf(resolved.issuer) : resolved.issuer.issuer;
  const algorithms = resolved.issuer.kind === 'oidc' ? (resolved.issuer.algorithms ?? ['RS256']) : ['RS256'];
  if (resolved.cookieLogin && resolved.client === undefined) {
    throw new AuthError('config_invalid', 'cookieLogin needs client');
  }
  const client = resolved.cookieLogin ? resolved.client : undefined;
  const login: SiteLogin | undefined = client && {
    client,
    sessions: new SessionNames(resolved.cookies, client.clientId),
  };
  const load = features.loadSignedCookieIssuer;
  const loginPath = features.loadLoginPath;
  if (!loginPath) {
    throw new AuthError('config_invalid', 'features.loadLoginPath is missing');
  }
  if (resolved.signedCookies && !load) {
    throw new AuthError('config_invalid', 'signedCookies needs features.loadSignedCookieIssuer');
  }
  if (resolved.identityPool && !features.loadCredentialsRoute) {
    throw new AuthError('config_invalid', 'identityPool needs features.loadCredentialsRoute');
  }
  const signed = resolved.signedCookies;
  return {
    config: resolved,
    verifier: createJwksVerifier(resolved.issuer, deps),
    authorize: authorizerFor(compileValidatedRules(resolved.rules, { originPaths: config.originPaths })),
    issuerUrl,
    algorithms,
    login,
    signedCookies: signed,
    signedCookieIssuer: signed && load ? async () => (await load())(signed, deps) : undefined,
    deps,
    loginPath,
    credentialsRoute: resolved.identityPool ? features.loadCredentialsRoute : undefined,
    forward: createForwarder({
      ...(login && !resolved.forwardSessionCookies
        ? { ownCookies: (values: readonly string[]) => login.sessions.scan(values) }
        : {}),
      removeAuthorization: resolved.bearer,
      identityHeaders: resolved.identityHeaders.enabled,
      claims: resolved.identityHeaders.claims,
    }),
    clock: deps.clock ?? Date.now,
    logger: atLevel(deps.logger ?? jsonLogger, resolved.logLevel),
  };
}
