/**
 * The CloudFront viewer-request handler: event → normalized request → route → result.
 *
 * Routes, in order: the callback and sign-out paths (cookie login), the signed-cookie issue path, the
 * identity-pool credentials path (loaded on first use), then
 * ordinary requests: path hygiene and public rules first (no verification needed), then Bearer (when the
 * request carries `Authorization` and Bearer mode is on), else the cookie session, else a 401 challenge.
 *
 * @module
 */
import type {
  CloudFrontRequestEvent,
  CloudFrontRequestHandler,
  CloudFrontRequestResult,
  CloudFrontResultResponse,
} from 'aws-lambda';
import { jsonLogger } from '../core/runtime.js';
import type { VerifiedToken } from '../core/verify/types.js';
import { handleBearer, hasAuthorization } from './bearer.js';
import { handleCallback } from './callback.js';
import type { SiteConfig } from './config.js';
import { decideRequest, forwardAllowed, indexTargetOf } from './directory-index.js';
import { isNavigation, readViewerRequest, type ViewerRequest } from './event.js';
import { fail, failureCode, failureDetail, logRequest } from './failure.js';
import { redirect } from './responses.js';
import { handleSession } from './session.js';
import { handleSignOut } from './signout.js';
import { buildSite, type Site, type SiteDeps, type SiteFeatures } from './site.js';

/**
 * Defined by `edgeward build` (an esbuild `define`): `false` for a site without `identityPool`, so the
 * credentials route's module is left out of its Lambda@Edge bundle; `true` with one. Undefined outside a
 * bundle (the route is then always available).
 */
declare const __EDGEWARD_CREDENTIALS_ROUTE__: boolean | undefined;

/** A viewer-request handler: `(event) => Promise<result>`; it never throws and never calls `callback`. */
export type ViewerRequestHandler = (event: CloudFrontRequestEvent) => Promise<CloudFrontRequestResult>;

/** The signed-cookie issue route: verify a session or Bearer token, issue the cookies, 302 to the app path. */
async function handleIssue(site: Site, vr: ViewerRequest): Promise<CloudFrontRequestResult> {
  const signed = site.signedCookies!;
  const accept = signed.config.accept;
  const issue = async (token: VerifiedToken): Promise<CloudFrontResultResponse> => {
    const setCookies = await signed.issue({ tokenExp: token.exp, host: vr.host, clientIp: vr.clientIp });
    logRequest(site, vr, { level: 'info', event: 'signed_cookies_redirect', status: 302 });
    return redirect(signed.config.appPath, setCookies);
  };
  if (accept.bearer && hasAuthorization(vr.request.headers))
    return handleBearer(site, vr, issue, accept.tokenUse);
  if (accept.session && site.sessions) return handleSession(site, vr, issue);
  return fail(site, vr, 'token_missing', { navigation: false, bearer: true });
}

async function route(site: Site, vr: ViewerRequest): Promise<CloudFrontRequestResult> {
  const { config } = site;
  if (config.cookieLogin) {
    if (vr.uri === config.callbackPath) return handleCallback(site, vr);
    if (vr.uri === config.signOutPath) return handleSignOut(site, vr);
  }
  if (site.signedCookies && vr.uri === site.signedCookies.config.issuePath) return handleIssue(site, vr);
  if (
    config.identityPool &&
    vr.uri === config.identityPool.path &&
    (typeof __EDGEWARD_CREDENTIALS_ROUTE__ === 'undefined' || __EDGEWARD_CREDENTIALS_ROUTE__)
  ) {
    const { handleCredentials } = await import('./credentials.js');
    return handleCredentials(site, vr);
  }

  return ordinaryRequest(site, withIndexUri(site, vr));
}

/** Adds the directory-index target of an ordinary request (`directoryIndex`), when it has one. */
function withIndexUri(site: Site, vr: ViewerRequest): ViewerRequest {
  const index = site.config.directoryIndex;
  const indexUri = index === undefined ? undefined : indexTargetOf(vr.uri, index);
  return indexUri === undefined ? vr : { ...vr, indexUri };
}

/** Any request that is not one of edgeward's routes: public rules first, then Bearer or the cookie session. */
async function ordinaryRequest(site: Site, vr: ViewerRequest): Promise<CloudFrontRequestResult> {
  const { config } = site;
  const anonymous = decideRequest(site, vr);
  if (anonymous.outcome === 'bad_request') {
    return fail(site, vr, 'path_invalid', { navigation: isNavigation(vr.request.headers) }, anonymous.detail);
  }
  if (anonymous.outcome === 'allow') return forwardAllowed(site, vr);
  if (anonymous.outcome === 'forbidden') {
    // A `deny` rule refuses with or without credentials: no login, no verification.
    const bearer = config.bearer && (!config.cookieLogin || hasAuthorization(vr.request.headers));
    const style = { navigation: !bearer && isNavigation(vr.request.headers), bearer };
    return fail(site, vr, anonymous.reason as 'rule_denied', style, anonymous.detail);
  }
  const pass = async (token: VerifiedToken) => forwardAllowed(site, vr, token);
  if (config.bearer && hasAuthorization(vr.request.headers)) return handleBearer(site, vr, pass);
  if (config.cookieLogin) return handleSession(site, vr, pass);
  return fail(site, vr, 'token_missing', { navigation: false, bearer: true });
}

/**
 * Builds the viewer-request handler of one site with the optional `features` given (bundle entries pass
 * only what their configuration uses; applications use {@link createViewerRequestHandler}, which includes
 * every feature). Build it once, at module scope: the verifier (and its
 * JWKS cache), the compiled rules, the OAuth client and the keys are created here and reused.
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
 * @see https://docs.aws.amazon.com/AmazonCloudFront/latest/DeveloperGuide/lambda-event-structure.html
 * @see https://docs.aws.amazon.com/AmazonCloudFront/latest/DeveloperGuide/lambda-generating-http-responses.html
 * @param features - optional features (signed cookies); a configuration that uses a missing feature is
 *   answered like an invalid configuration (502 `config_invalid`)
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
  const handler = async (event: CloudFrontRequestEvent): Promise<CloudFrontRequestResult> => {
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
      return await route(site, vr);
    } catch (e) {
      return fail(
        site,
        vr,
        failureCode(e),
        { navigation: isNavigation(vr.request.headers) },
        failureDetail(e),
      );
    }
  };
  return handler as ViewerRequestHandler & CloudFrontRequestHandler;
}
