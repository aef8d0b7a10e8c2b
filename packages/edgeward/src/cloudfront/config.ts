/**
 * Configuration of one CloudFront site protected by the edgeward viewer-request function.
 *
 * Plain JSON data: the CLI validates it at build time (valibot, `packages/cli/src/config/`) and bakes it into the
 * bundle; {@link applySiteDefaults} applies the defaults in the bundle, and `checkSiteFields` (with the
 * other validators, in `validate.ts`: not in this module, which a bundle's cold start loads) is what
 * `edgeward build` and `createViewerRequestHandler` check.
 * Times are in **seconds** unless a field name ends in `Ms`.
 *
 * @module
 */
import type {
  CognitoIssuerConfig,
  OidcIssuerConfig,
  OriginPaths,
  RulesConfig,
  TokenUse,
} from '../core/config.js';
import { AuthError } from '../core/errors.js';
import {
  applyIdentityPoolDefaults,
  type IdentityPoolConfig,
  type ResolvedIdentityPoolConfig,
} from '../core/identity-pool/defaults.js';
import type { OAuthClientConfig } from '../core/oauth/types.js';
import { DEFAULT_LOG_LEVEL, type LogLevel } from '../core/runtime.js';
import type { SessionCookieOptions } from '../core/session/session-cookies.js';
import { DEFAULT_STATE_TTL_SECONDS } from '../core/session/state-ttl.js';
import type { SignedCookiesConfig } from '../core/signed-cookies/config.js';

/** Paths edgeward answers itself (exact match on the request `uri`). */
export interface SitePaths {
  /** The OAuth callback (`redirect_uri` path). Default `/_edgeward/callback`. */
  readonly callback?: string;
  /** Sign-out: clears the session, revokes the refresh token, redirects to the IdP logout. Default `/_edgeward/signout`. */
  readonly signOut?: string;
}

/** Sign-out behaviour. */
export interface SignOutConfig {
  /**
   * Where the IdP sends the browser after logout (`logout_uri`): a same-host path (made absolute on the
   * request's host, e.g. `/` → `https://<host>/`) or an absolute `https:` URL. Must be registered with
   * the IdP as an allowed sign-out URL. Default `/`.
   */
  readonly postLogoutRedirect?: string;
  /** Revoke the refresh token at the revocation endpoint (best effort, bounded by the client timeout). Default true. */
  readonly revokeRefreshToken?: boolean;
}

/** Identity forwarded to the origin as request headers. Incoming `x-edgeward-*` headers are always removed. */
export interface IdentityHeadersConfig {
  /**
   * Add `x-edgeward-sub`, `x-edgeward-username`, `x-edgeward-groups` (comma-separated),
   * `x-edgeward-scopes` (space-separated), `x-edgeward-client-id` and `x-edgeward-token-use` from the
   * verified token. In the lists each element is percent-encoded first (`%`, `,`, space, non-ASCII), so
   * `value.split(',').map(decodeURIComponent)` gives the groups back exactly (`decodeIdentityList`).
   * Default false.
   */
  readonly enabled?: boolean;
  /**
   * Extra claims to forward: header suffix → claim name, e.g. `{ "email": "email" }` adds
   * `x-edgeward-email`. Suffixes are lower-case letters, digits and `-`. An array-of-strings claim is
   * forwarded as a comma-separated identity list (elements percent-encoded, like `x-edgeward-groups`).
   */
  readonly claims?: Readonly<Record<string, string>>;
}

/** A status edgeward answers that a CloudFront custom error response can replace (CloudFront has none for 401). */
export type ErrorPageStatus = '400' | '403' | '502';

/** The statuses {@link SiteConfig.errorPages} may name. */
export const ERROR_PAGE_STATUSES: readonly ErrorPageStatus[] = ['400', '403', '502'];

/**
 * One site. Cookie login (hosted UI, authorization code + PKCE) and Bearer mode may both be enabled;
 * a request carrying an `Authorization` header is then handled as Bearer, any other as cookie login.
 */
export interface SiteConfig {
  /** The issuer whose tokens are accepted (Cognito user pool or any OIDC issuer with a JWKS). */
  readonly issuer: CognitoIssuerConfig | OidcIssuerConfig;
  /** The OAuth client used by cookie login (required when `cookieLogin` is on). */
  readonly client?: OAuthClientConfig;
  /** Cookie login with the hosted UI. Default true. */
  readonly cookieLogin?: boolean;
  /** `Authorization: Bearer` access tokens (RFC 6750 §2.1). Default false. */
  readonly bearer?: boolean;
  /**
   * Which token of the cookie session is verified on every request (and used by the rules): `access`
   * (default; has `scope` and `cognito:groups`) or `id` (for OIDC issuers whose access tokens are opaque).
   */
  readonly sessionTokenUse?: TokenUse;
  /** Route paths. */
  readonly paths?: SitePaths;
  /** Session cookie naming and attributes. */
  readonly cookies?: SessionCookieOptions;
  /**
   * HMAC-SHA256 key of the login state cookie, base64url, at least 32 bytes once decoded. Rotating it
   * invalidates logins in progress only (not sessions). Required with cookie login; unused (may be omitted)
   * when the site takes Bearer tokens only.
   */
  readonly stateSecret?: string;
  /** Lifetime of a login in progress (the state cookie), seconds. Default 600. */
  readonly stateTtlSeconds?: number;
  /** Path rules and the default for unmatched paths. */
  readonly rules: RulesConfig;
  /**
   * How the origin reads request paths: `standard` (default; S3, web servers, servlet containers that drop
   * `;params`) or `iis` (also case-insensitive, trailing dots and spaces ignored). Every path must satisfy
   * the rules under each reading; the strictest decision wins. See docs/rules.md ("Readings of a path").
   */
  readonly originPaths?: OriginPaths;
  /**
   * What a request that is not a navigation (`Sec-Fetch-Mode` other than `navigate`, or no `text/html`
   * in `Accept`) gets when it has no valid session: `unauthorized` (default: 401 with
   * `WWW-Authenticate`, for SPAs and `fetch`) or `redirect` (302 to login like a navigation).
   */
  readonly nonNavigation?: 'unauthorized' | 'redirect';
  /** Identity headers to the origin. */
  readonly identityHeaders?: IdentityHeadersConfig;
  /** Forward edgeward's own cookies to the origin. Default false (they are removed from `Cookie`). */
  readonly forwardSessionCookies?: boolean;
  /** Sign-out behaviour. */
  readonly signOut?: SignOutConfig;
  /** CloudFront signed cookies (scenario D): issue route, login mode, cleared at sign-out. */
  readonly signedCookies?: SignedCookiesConfig;
  /**
   * Whether a 403 page names the group or scope the signed-in user lacks ("this page requires the group
   * \"admins\""). Set false for sites that prefer not to say. Claim requirements are never named. Default true.
   */
  readonly revealRequirements?: boolean;
  /**
   * The site's own page for a status, on the origin: status (`"400"`, `"403"`, `"502"`) → path, e.g.
   * `{ "403": "/errors/403.html" }`. Served by CloudFront, not by the function: the distribution gets a
   * custom error response per entry (`ErrorCode` and `ResponseCode` the status, `ResponsePagePath` the path,
   * `ErrorCachingMinTTL` 0), as the CDK construct `ProtectedSite` and `edgeward dev` set up. CloudFront
   * applies it to every response of that status on the distribution (origin errors, and edgeward's JSON
   * answers to API clients too). The function keeps answering the status with its own page, which is what
   * viewers see where no custom error response is configured. Default: none.
   *
   * @see [Amazon CloudFront Developer Guide - Generate custom error responses](https://docs.aws.amazon.com/AmazonCloudFront/latest/DeveloperGuide/GeneratingCustomErrorResponses.html)
   */
  readonly errorPages?: Readonly<Partial<Record<ErrorPageStatus, string>>>;
  /**
   * The least severe log records written (JSON lines on stdout): `debug`, `info` (default: also
   * logins, refreshes and sign-outs), `warn` (refusals and problems), `error`, or `off`.
   */
  readonly logLevel?: LogLevel;
  /**
   * Index document of directory URLs, e.g. `index.html`: `/members/` and `/members` (no `.` in the last
   * segment) are forwarded to the origin as `/members/index.html`, after the rules allowed both the
   * requested path and the index object (see `directory-index.ts`). A file name: letters, digits, `.`,
   * `_` and `-`, containing a `.`. Default: none (URIs are forwarded as received).
   */
  readonly directoryIndex?: string;
  /**
   * Identity-pool credentials for signed-in users: a `GET` route (default `/_edgeward/credentials`) that
   * exchanges the session's id token for temporary AWS credentials of an Amazon Cognito identity pool,
   * for same-origin browser code (see `credentials.ts`). Needs cookie login. Default: off.
   */
  readonly identityPool?: IdentityPoolConfig;
}

/** {@link SiteConfig} with defaults applied and checked. */
export interface ResolvedSiteConfig {
  readonly issuer: CognitoIssuerConfig | OidcIssuerConfig;
  readonly client: OAuthClientConfig | undefined;
  readonly cookieLogin: boolean;
  readonly bearer: boolean;
  readonly sessionTokenUse: TokenUse;
  readonly callbackPath: string;
  readonly signOutPath: string;
  readonly cookies: SessionCookieOptions;
  readonly stateKey: Uint8Array;
  readonly stateTtlSeconds: number;
  readonly rules: RulesConfig;
  readonly nonNavigation: 'unauthorized' | 'redirect';
  readonly identityHeaders: { readonly enabled: boolean; readonly claims: Readonly<Record<string, string>> };
  readonly forwardSessionCookies: boolean;
  readonly postLogoutRedirect: string;
  readonly revokeRefreshToken: boolean;
  readonly signedCookies: SignedCookiesConfig | undefined;
  readonly revealRequirements: boolean;
  readonly logLevel: LogLevel;
  readonly directoryIndex: string | undefined;
  readonly identityPool: ResolvedIdentityPoolConfig | undefined;
}

/** Default `paths.callback`. */
export const DEFAULT_CALLBACK_PATH = '/_edgeward/callback';
/** Default `signOut.postLogoutRedirect`: the site's root. */
export const DEFAULT_POST_LOGOUT_REDIRECT = '/';
/** Default `paths.signOut`. */
export const DEFAULT_SIGN_OUT_PATH = '/_edgeward/signout';

/** What `directoryIndex` may be: a file name with an extension, no path. */
export const DIRECTORY_INDEX = /^(?=.{3,64}$)[A-Za-z0-9_-]+(?:\.[A-Za-z0-9_-]+)+$/;

/**
 * Applies the defaults of a site configuration already accepted by `checkSiteFields` (no checks:
 * `edgeward build` ran them before baking) and decodes the state key.
 */
export function applySiteDefaults(config: SiteConfig): ResolvedSiteConfig {
  return {
    issuer: config.issuer,
    client: config.client,
    cookieLogin: config.cookieLogin ?? true,
    bearer: config.bearer ?? false,
    sessionTokenUse: config.sessionTokenUse ?? 'access',
    callbackPath: config.paths?.callback ?? DEFAULT_CALLBACK_PATH,
    signOutPath: config.paths?.signOut ?? DEFAULT_SIGN_OUT_PATH,
    cookies: config.cookies ?? {},
    stateKey: new Uint8Array(Buffer.from(config.stateSecret ?? '', 'base64url')),
    stateTtlSeconds: config.stateTtlSeconds ?? DEFAULT_STATE_TTL_SECONDS,
    rules: config.rules,
    nonNavigation: config.nonNavigation ?? 'unauthorized',
    identityHeaders: {
      enabled: config.identityHeaders?.enabled ?? false,
      claims: config.identityHeaders?.claims ?? {},
    },
    forwardSessionCookies: config.forwardSessionCookies ?? false,
    postLogoutRedirect: config.signOut?.postLogoutRedirect ?? DEFAULT_POST_LOGOUT_REDIRECT,
    revokeRefreshToken: config.signOut?.revokeRefreshToken ?? true,
    signedCookies: config.signedCookies,
    revealRequirements: config.revealRequirements ?? true,
    logLevel: config.logLevel ?? DEFAULT_LOG_LEVEL,
    directoryIndex: config.directoryIndex,
    identityPool: config.identityPool === undefined ? undefined : identityPoolOf(config.identityPool),
  };
}

declare global {
  /**
   * Whether the identity-pool credentials route is compiled in: `edgeward build` defines it (esbuild
   * `define`) as whether the baked configuration has `identityPool`, so that other bundles drop its
   * defaults from the cold-start code. Undefined outside a bundle: it is there.
   */
  var EDGEWARD_IDENTITY_POOL: boolean | undefined;
}

/**
 * `identityPool` with its defaults applied.
 *
 * @throws AuthError `config_invalid` in a bundle built without the identity-pool route
 */
function identityPoolOf(config: IdentityPoolConfig): ResolvedIdentityPoolConfig {
  // (the global is checked in place: esbuild drops the defaults from a bundle without the route only so)
  if (globalThis.EDGEWARD_IDENTITY_POOL !== false) return applyIdentityPoolDefaults(config);
  throw new AuthError('config_invalid', 'identityPool: not in this bundle');
}
