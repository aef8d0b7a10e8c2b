/**
 * Bundle entry of a `rest-request-authorizer` function: the handler is created once at module scope from the baked
 * configuration, with the lean factory: `edgeward build` validated the configuration first (`validateConfig`),
 * so the bundle carries no configuration validator.
 *
 * @module
 */
import config from 'edgeward:config';
import type { RequestAuthorizerConfig } from 'edgeward/internal/apigateway/config.js';
import { createRequestAuthorizer } from 'edgeward/internal/apigateway/handlers.js';

/** Lambda handler `index.handler`. */
export const handler = createRequestAuthorizer(config as RequestAuthorizerConfig);

/** For the JWKS key store's first fetch (`edgeward build` points its dynamic import at this entry). */
export { fetchJwksDocument } from 'edgeward/internal/core/verify/jwks-fetch.js';
