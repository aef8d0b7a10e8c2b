/**
 * The identity-pool credentials route as the lazily loaded modules of the site entries re-export it (see
 * `credentials-route.ts`): the route module in the bundle of a site with `identityPool`, `undefined` (and
 * no route code) in any other.
 *
 * @module
 */
import * as route from 'edgeward/internal/cloudfront/credentials.js';
import type { CredentialsRoute } from 'edgeward/internal/cloudfront/site.js';

/** The credentials route module, or `undefined` in a bundle without `identityPool`. */
export const credentialsRoute: CredentialsRoute | undefined = __EDGEWARD_CREDENTIALS_ROUTE__
  ? route
  : undefined;
