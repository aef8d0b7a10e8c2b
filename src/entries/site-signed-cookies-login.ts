/**
 * The lazily loaded half of the `site-signed-cookies` bundle: the login path and the CloudFront
 * signed-cookie signer with a baked private key, one chunk imported by the first request that needs
 * either.
 *
 * @module
 */

export * from '../cloudfront/login-path.js';
export { createValidatedSignedCookieIssuer } from '../core/signed-cookies/issuer.js';
