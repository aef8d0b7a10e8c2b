/**
 * The lazily loaded half of the `site-signed-cookies` bundle: the login path and the CloudFront
 * signed-cookie signer with a baked private key, one chunk imported by the first request that needs
 * either.
 *
 * @module
 */

export * from 'edgeward/internal/cloudfront/login-path.js';
export { createValidatedSignedCookieIssuer } from 'edgeward/internal/core/signed-cookies/issuer.js';
