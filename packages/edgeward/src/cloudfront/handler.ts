/**
 * The CloudFront viewer-request handler: event → normalized request → route → result.
 *
 * Routes, in order: the callback and sign-out paths (cookie login), the signed-cookie issue path, the
 * identity-pool credentials path (loaded on first use), then
 * ordinary requests: path hygiene and public rules first (no verification needed), then Bearer (when the
 * request carries `Authorization` and Bearer mode is on), else the cookie session, else a 401 challenge.
 *
 * Everything a request that presents a valid token needs is here and in the modules this one imports;
 * the login path (callback, sign-out, signed-cookie issuing, login redirects, refresh) and the HTML
 * pages are imported on first use (`login-path.ts`, `pages.ts`), so a site bundle loads them only when a
 * request needs them.
 *
 * @module
 */
import type { CloudFrontRequestEvent, CloudFrontRequestHandler, CloudFrontRequestResult } from 'aws-lambda';
import { jsonLogger } from '../core/runtime.js';
import type { VerifiedToken } from '../core/verify/types.js';
import { handleBearer, hasAuthorization } from './bearer.js';
import type { SiteConfig } from './config.js';
import { decideRequest, forwardAllowed, indexTargetOf } from './directory-index.js';
import { readViewerRequest, type ViewerRequest } from './event.js';
import { fail, failureCode, failureDetail } from './failure.js';
import { handleSession } from './session.js';
import { buildSite, type Routed, type Site, type SiteDeps, type SiteFeatures } from './site.js';

/** A viewer-request handler: `(event) => Promise<result>`; it never throws and never calls `callback`. */
export type ViewerRequestHandler = (event: CloudFrontRequestEvent) => Promise<CloudFrontRequestResult>;

function route(site: Site, vr: ViewerRequest): Routed {
  const { config, login } = site;
  if (login) {
    if (vr.uri === config.callbackPath) return site.loginPath().then((m) => m.handleCallback(site, vr));
    if (vr.uri === config.signOutPath) return site.loginPath().then((m) => m.handleSignOut(site, vr));
  }
  if (vr.uri === site.signedCookies?.issuePath) return site.loginPath().then((m) => m.handleIssue(site, vr));
  if (site.credentialsRoute && vr.uri === config.identityPool?.path) {
    return site.credentialsRoute().then((m) => m.handleCredentials(site, vr));
  }

  const index = config.directoryIndex;
  if (index !== undefined) vr.indexUri = indexTargetOf(vr.uri, index);
  return ordinaryRequest(site, vr);
}

/**
 * Any request that is not one of edgeward's routes: public rules first, then Bearer or the cookie session.
 * Not an `async` function: an allowed request whose key is held is answered without a promise.
 */
function ordinaryRequest(site: Site, vr: ViewerRequest): Routed {
  const { config, login } = site;
  const anonymous = decideRequest(site, vr);
  if (anonymous.outcome === 'bad_request') {
    return fail(site, vr, 'path_invalid', { navigation: vr.navigation }, anonymous.detail);
  }
  if (anonymous.outcome === 'allow') return forwardAllowed(site, vr);
  if (anonymous.outcome === 'forbidden') {
    // A `deny` rule refuses with or without credentials: no login, no verification.
    const bearer = config.bearer && (!login || hasAuthorization(vr.request.headers));
    const style = { navigation: !bearer && vr.navigation, bearer };
    return fail(site, vr, anonymous.reason as 'rule_denied', style, anonymous.detail);
  }
  const pass = (token: VerifiedToken) => forwardAllowed(site, vr, token);
  if (config.bearer && hasAuthorization(vr.request.headers))
    return handleBearer(site, vr, pass, undefined, anonymous);
  if (login) return handleSession(site, login, vr, pass, anonymous);
  return fail(site, vr, 'token_missing', { navigation: false, bearer: true });
}

/** The answer to an error a route threw (or rejected with): its code's deliberate response. */
function failedRoute(site: Site, vr: ViewerRequest, e: unknown): Promise<CloudFrontRequestResult> {
  return fail(site, vr, failureCode(e), { navigation: vr.navigation }, failureDetail(e));
}

/**
 * Builds the viewer-request handler of one site with the optional `features` given (bundle entries pass
 * only what their configuration uses; applications use {@link createViewerRequestHandler}, which includes
 * every feature). Build it once, at module scope: the verifier (and its JWKS cache and keys) and the
 * compiled rules are created here and reused; the login path's pieces (OAuth client, cookie writer, the
 * signed-cookie issuer) on the first request that needs them, then reused.
 *
 * The returned function never throws: an invalid configuration answers every request 502 `config_invalid`
 * (logged once per request), a malformed event 400 `event_invalid`, any unexpected error 502
 * `internal_error`; each with `cache-control: no-store` and one JSON log line.
 *
 * @param config - the validated site configuration (see {@link SiteConfig})
 * @param deps - clock (ms), fetch (JWKS, token endpoint, revocation) and logger; defaults `Date.now`,
 *   global `fetch`, JSON lines on stdout; plus `privateKey`, the signed-cookie key provider when the key
 *   lives in Secrets Manager
 * @returns a handler compatible with `CloudFrontRequestHandler` from `@types/aws-lambda`
 * @see [Amazon CloudFront Developer Guide - Lambda@Edge event structure](https://docs.aws.amazon.com/AmazonCloudFront/latest/DeveloperGuide/lambda-event-structure.html)
 * @see [Amazon CloudFront Developer Guide - Generate HTTP responses in request triggers](https://docs.aws.amazon.com/AmazonCloudFront/latest/DeveloperGuide/lambda-generating-http-responses.html)
 * @param features - the login path loader (`loadLoginPath`, required) and optional features (signed
 *   cookies, the identity-pool credentials route); a configuration that uses a missing feature is answered
 *   like an invalid configuration (502 `config_invalid`)
 */
export function createSiteHandler(
  config: SiteConfig,
  deps: SiteDeps = {},
  features: SiteFeatures = {},
): ViewerRequestHandler & CloudFrontRequestHandler {
  let site: Site | undefined;
  let configError: unknown;
  try {
    site = buildSite(config, deps, features);
  } catch (e) {
    configError = e;
  }
  // Not an `async` function: a result routed without waiting is wrapped once (`Promise.resolve`) instead
  // of going through an `await`; a thrown error or a rejection is answered by `fail` either way.
  const handler = (event: CloudFrontRequestEvent): Promise<CloudFrontRequestResult> => {
    if (site === undefined) {
      const fallback = { logger: deps.logger ?? jsonLogger } as Site;
      return fail(fallback, undefined, 'config_invalid', { navigation: false }, failureDetail(configError));
    }
    let vr: ViewerRequest;
    try {
      vr = readViewerRequest(event);
    } catch (e) {
      return fail(site, undefined, failureCode(e), { navigation: false }, failureDetail(e));
    }
    try {
      const routed = route(site, vr);
      if (!(routed instanceof Promise)) return Promise.resolve(routed);
      return routed.catch((e: unknown) => failedRoute(site, vr, e));
    } catch (e) {
      return failedRoute(site, vr, e);
    }
  };
  return handler as ViewerRequestHandler & CloudFrontRequestHandler;
}
