/**
 * Bundle entry of a `rest-token-authorizer` function: the handler is created once at module scope from the baked
 * configuration.
 *
 * @module
 */
import config from 'edgeward:config';
import type { TokenAuthorizerConfig } from '../apigateway/config.js';
import { createTokenAuthorizer } from '../apigateway/index.js';

/** Lambda handler `index.handler`. */
export const handler = createTokenAuthorizer(config as TokenAuthorizerConfig);
