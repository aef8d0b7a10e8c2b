/**
 * The identity-pool credentials route feature of the site entries. The route lives in the site's one
 * lazily loaded module (`login.ts`, `site-signed-cookies-login.ts` or `site-secrets-manager-login.ts`,
 * each re-exporting `credentialsRoute` from `credentials-route-module.ts`), so a site has one chunk loaded
 * on first use rather than several: esbuild splits code by the set of dynamic imports that reach it, and
 * every chunk boundary costs bytes. Only the bundle of a site with `identityPool` contains the route: the
 * build defines `__EDGEWARD_CREDENTIALS_ROUTE__`, and esbuild drops the dead branches.
 *
 * This module must not import the route itself: the entries import it statically, so whatever it imports
 * is cold-start code.
 *
 * @module
 */
import type { CredentialsRoute, SiteFeatures } from 'edgeward/internal/cloudfront/site.js';

/**
 * The `loadCredentialsRoute` feature of a site whose lazily loaded module `loadLazy` imports (a module
 * re-exporting `credentialsRoute`), or no feature in a bundle without `identityPool`.
 */
export function credentialsRouteFeature(
  loadLazy: () => Promise<{ readonly credentialsRoute: CredentialsRoute | undefined }>,
): Pick<SiteFeatures, 'loadCredentialsRoute'> {
  return __EDGEWARD_CREDENTIALS_ROUTE__
    ? { loadCredentialsRoute: async () => (await loadLazy()).credentialsRoute! }
    : {};
}
