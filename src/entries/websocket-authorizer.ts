/**
 * Bundle entry of a `websocket-authorizer` function: the handler is created once at module scope from the baked
 * configuration.
 *
 * @module
 */
import config from 'edgeward:config';
import type { WebSocketAuthorizerConfig } from '../apigateway/config.js';
import { createWebSocketAuthorizer } from '../apigateway/index.js';

/** Lambda handler `index.handler`. */
export const handler = createWebSocketAuthorizer(config as WebSocketAuthorizerConfig);
