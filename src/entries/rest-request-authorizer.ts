/**
 * Bundle entry of a `rest-request-authorizer` function: the handler is created once at module scope from the baked
 * configuration.
 *
 * @module
 */
import config from 'edgeward:config';
import type { RequestAuthorizerConfig } from '../apigateway/config.js';
import { createRequestAuthorizer } from '../apigateway/index.js';

/** Lambda handler `index.handler`. */
export const handler = createRequestAuthorizer(config as RequestAuthorizerConfig);
