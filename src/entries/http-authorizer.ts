/**
 * Bundle entry of a `http-authorizer` function: the handler is created once at module scope from the baked
 * configuration.
 *
 * @module
 */
import config from 'edgeward:config';
import type { HttpApiAuthorizerConfig } from '../apigateway/config.js';
import { createHttpApiAuthorizer } from '../apigateway/index.js';

/** Lambda handler `index.handler`. */
export const handler = createHttpApiAuthorizer(config as HttpApiAuthorizerConfig);
