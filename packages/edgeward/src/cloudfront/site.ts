/**
 * Everything a viewer-request handler builds once, at construction (module scope in the Lambda): the
 * verifier, the compiled rules, the OAuth client, the session cookie naming, the state key, the
 * signed-cookie issuer.
 *
 * @module
 */
import { AuthError } from '../core/errors.js';
import { createOAuthClient, type OAuthClient } from '../core/oauth/client.js';
import { isLoopbackHost } from '../core/oauth/endpoints.js';
import { type Authorizer, authorizerFor } from '../core/rules/authorize.js';
import { compileValidatedRules } from '../core/rules/compile.js';
import { type Clock, type FetchLike, jsonLogger, type Logger, type RuntimeDeps } from '../core/runtime.js';
import { SessionCookies } from '../core/session/names.js';
import { ConsumedStates } from '../core/session/state.js';
import type {
  createValidatedSignedCookieIssuer,
  SignedCookieIssuer,
  SignedCookieIssuerDeps,
} from '../core/signed-cookies/issuer.js';
import { cognitoIssuerOf } from '../core/verify/jwks-issuer.js';
import { createJwksVerifier } from '../core/verify/lean.js';
import type { TokenVerifier } from '../core/verify/types.js';
import { applySiteDefaults, type ResolvedSiteConfig, type SiteConfig } from './config.js';
import { createForwarder, type Forwarder } from './origin.js';

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
   * Issues CloudFront signed cookies (`signedCookies` in the config), from a configuration that was
   * validated (by `validate`, or by `edgeward build`).
   */
  readonly signedCookieIssuer?: typeof createValidatedSignedCookieIssuer;
  /**
   * Checks the whole configuration before anything is built (`validateSiteConfig`). The public
   * `createViewerRequestHandler` sets it; bundle entries leave it out because `edgeward build` ran the same
   * validators before baking the configuration.
   */
  readonly validate?: (config: SiteConfig) => void;
}

/** The per-handler state, built once. */
export interface Site {
  readonly config: ResolvedSiteConfig;
  readonly verifier: TokenVerifier;
  readonly authorize: Authorizer;
  /** Present when cookie login is enabled. */
  readonly oauth: OAuthClient | undefined;
  /** Present when cookie login is enabled. */
  readonly sessions: SessionCookies | undefined;
  readonly consumedStates: ConsumedStates;
  readonly signedCookies: SignedCookieIssuer | undefined;
  /** Prepares the request forwarded to the origin. */
  readonly forward: Forwarder;
  readonly clock: Clock;
  readonly logger: Logger;
  /** The injected `fetch` (the credentials route's Cognito Identity calls). */
  readonly fetch: FetchLike;
  /** The issuer URL of the site's tokens (`iss`). */
  readonly issuerUrl: string;
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
  const oauth =
    resolved.cookieLogin && resolved.client
      ? createOAuthClient(resolved.client, issuerUrl, algorithms, deps)
      : undefined;
  const sessions =
    resolved.cookieLogin && resolved.client
      ? new SessionCookies(resolved.cookies, resolved.client.clientId)
      : undefined;
  if (resolved.signedCookies && !features.signedCookieIssuer) {
    throw new AuthError(
      'config_invalid',
      'signedCookies is configured but this handler was built without the signed-cookie feature (use the site-signed-cookies entry)',
    );
  }
  const signedCookies = resolved.signedCookies
    ? features.signedCookieIssuer?.(resolved.signedCookies, deps)
    : undefined;
  return {
    config: resolved,
    verifier: createJwksVerifier(resolved.issuer, deps),
    authorize: authorizerFor(compileValidatedRules(resolved.rules)),
    oauth,
    sessions,
    consumedStates: new ConsumedStates(),
    signedCookies,
    forward: createForwarder({
      ...(sessions && !resolved.forwardSessionCookies ? { ownsCookie: (n: string) => sessions.owns(n) } : {}),
      removeAuthorization: resolved.bearer,
      identityHeaders: resolved.identityHeaders.enabled,
      claims: resolved.identityHeaders.claims,
    }),
    clock: deps.clock ?? Date.now,
    logger: deps.logger ?? jsonLogger,
    fetch: deps.fetch ?? ((input, init) => fetch(input, init)),
    issuerUrl,
  };
}

/** `https://<host>` (or `http://` for a loopback host: the local stack). */
export function originOf(host: string): string {
  return `${isLoopbackHost(host) ? 'http' : 'https'}://${host}`;
}
