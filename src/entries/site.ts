/**
 * Bundle entry of a `site` function: the CloudFront viewer-request handler, created once at module scope
 * from the baked configuration (Lambda@Edge has no environment variables).
 *
 * @module
 */
import config from 'edgeward:config';
import type { SiteConfig } from '../cloudfront/config.js';
import { createViewerRequestHandler } from '../cloudfront/index.js';

/** Lambda handler `index.handler`. */
export const handler = createViewerRequestHandler(config as SiteConfig);
