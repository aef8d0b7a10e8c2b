/**
 * CloudFront signed cookies (scenario D): issue them for a verified login and clear them at sign-out.
 *
 * The Secrets Manager key provider is a separate entry, `./secrets-manager.js`, so this entry carries no AWS
 * SDK. Verifying signed cookies as CloudFront does (`verify.ts`, used by the local CloudFront emulator), the
 * policy and encoding helpers and the resolved configuration stay reachable as
 * `edgeward/internal/core/signed-cookies/…`, not covered by semver. `packages/edgeward/api/
 * signed-cookies.api.md` records the surface.
 *
 * @see [Amazon CloudFront Developer Guide - Use signed cookies](https://docs.aws.amazon.com/AmazonCloudFront/latest/DeveloperGuide/private-content-signed-cookies.html)
 * @module
 */
export {
  DEFAULT_MAX_LIFETIME_SECONDS,
  DEFAULT_NOT_BEFORE_SKEW_SECONDS,
  type ResolvedSignedCookiesConfig,
  type SignedCookieAccept,
  type SignedCookieAttributes,
  type SignedCookieHashAlgorithm,
  type SignedCookiePrivateKeySource,
  type SignedCookiesConfig,
  validateSignedCookiesConfig,
} from './config.js';
export {
  createSignedCookieIssuer,
  type PrivateKeyProvider,
  SIGNED_COOKIE_NAMES,
  type SignedCookieIssueInput,
  type SignedCookieIssuer,
  type SignedCookieIssuerDeps,
} from './issuer.js';
export { MIN_RSA_BITS } from './keys.js';
