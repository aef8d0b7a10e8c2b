/**
 * CloudFront signed cookies (scenario D): issue them for a verified login, clear them at sign-out, and
 * verify them as CloudFront does (reused by the local CloudFront emulator).
 *
 * The Secrets Manager key provider is a separate entry, `./secrets-manager.js`, so this entry carries no AWS SDK.
 *
 * @see https://docs.aws.amazon.com/AmazonCloudFront/latest/DeveloperGuide/private-content-signed-cookies.html
 * @module
 */
export {
  applySignedCookiesDefaults,
  DEFAULT_MAX_LIFETIME_SECONDS,
  DEFAULT_NOT_BEFORE_SKEW_SECONDS,
  type ResolvedSignedCookiesConfig,
  resolveSignedCookiesConfig,
  type SignedCookieAccept,
  type SignedCookieAttributes,
  type SignedCookieHashAlgorithm,
  type SignedCookiePrivateKeySource,
  type SignedCookiesConfig,
  validateSignedCookiesConfig,
} from './config.js';
export { fromCloudFrontBase64, toCloudFrontBase64 } from './encoding.js';
export {
  createSignedCookieIssuer,
  createValidatedSignedCookieIssuer,
  type PrivateKeyProvider,
  SIGNED_COOKIE_NAMES,
  type SignedCookieIssueInput,
  type SignedCookieIssuer,
  type SignedCookieIssuerDeps,
} from './issuer.js';
export { keyProblem, type LoadedKey, loadPrivateKey, loadPublicKey, MIN_RSA_BITS } from './keys.js';
export {
  buildCannedPolicy,
  buildCustomPolicy,
  ipInCidr,
  matchResource,
  type ParsedPolicy,
  type PolicyConditions,
  type PolicyStatement,
  parsePolicy,
  singleAddressCidr,
} from './policy.js';
export {
  type SignedCookieCheck,
  type SignedCookieRejection,
  type VerifySignedCookiesOptions,
  verifySignedCookies,
} from './verify.js';
