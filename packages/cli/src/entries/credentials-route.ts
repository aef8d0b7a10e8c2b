/**
 * The identity-pool credentials route of the site entries: a dynamic `import()` (its own chunk, loaded by
 * the first request to the route) in the bundle of a site with `identityPool`, nothing in any other (the
 * build defines `__EDGEWARD_CREDENTIALS_ROUTE__`, and esbuild drops the dead branch with its import).
 *
 * @module
 */
import type { SiteFeatures } from 'edgeward/internal/cloudfront/site.js';

/** The `loadCredentialsRoute` feature, or no feature. */
export const credentialsRouteFeature: Pick<SiteFeatures, 'loadCredentialsRoute'> =
  __EDGEWARD_CREDENTIALS_ROUTE__
    ? { loadCredentialsRoute: () => import('edgeward/internal/cloudfront/credentials.js') }
    : {};
