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
import { type Authorizer, createAuthorizer } from '../core/rules/authorize.js';
import { type Clock, jsonLogger, type Logger, type RuntimeDeps } from '../core/runtime.js';
import { SessionCookies } from '../core/session/names.js';
import { ConsumedStates } from '../core/session/state.js';
import type {
  createSignedCookieIssuer,
  SignedCookieIssuer,
  SignedCookieIssuerDeps,
} from '../core/signed-cookies/issuer.js';
import { cognitoIssuerUrl, createVerifier } from '../core/verify/index.js';
import type { TokenVerifier } from '../core/verify/types.js';
import { type ResolvedSiteConfig, resolveSiteConfig, type SiteConfig } from './config.js';
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
  /** Issues CloudFront signed cookies (`signedCookies` in the config). */
  readonly signedCookieIssuer?: typeof createSignedCookieIssuer;
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
}

/**
 * Builds the {@link Site} of a configuration.
 *
 * @throws AuthError `config_invalid` (or another code from a component) when the configuration is unusable,
 *   or uses a feature that `features` does not include
 */
export function buildSite(config: SiteConfig, deps: SiteDeps, features: SiteFeatures): Site {
  const resolved = resolveSiteConfig(config);
  const issuerUrl =
    resolved.issuer.kind === 'cognito'
      ? cognitoIssuerUrl(resolved.issuer.region, resolved.issuer.userPoolId)
      : resolved.issuer.issuer;
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
  if (signedCookies?.config.accept.session && !sessions) {
    throw new AuthError('config_invalid', 'signedCookies.accept.session needs cookieLogin');
  }
  return {
    config: resolved,
    verifier: createVerifier(resolved.issuer, deps),
    authorize: createAuthorizer(resolved.rules),
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
  };
}

/** `https://<host>` (or `http://` for a loopback host: the local stack). */
export function originOf(host: string): string {
  return `${isLoopbackHost(host) ? 'http' : 'https'}://${host}`;
}
