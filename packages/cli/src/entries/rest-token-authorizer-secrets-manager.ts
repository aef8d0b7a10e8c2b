/**
 * Bundle entry of a `rest-token-authorizer` function whose HS256 secret lives in AWS Secrets Manager: fetched once per
 * container on the first invocation. `@aws-sdk/client-secrets-manager` stays external (provided by the
 * Lambda `nodejs22.x` runtime).
 *
 * @module
 */
import config from 'edgeward:config';
import type { TokenAuthorizerConfig } from 'edgeward/internal/apigateway/config.js';
import { createTokenAuthorizer } from 'edgeward/internal/apigateway/handlers.js';
import { withSecretsManagerSecret } from 'edgeward/internal/apigateway/secrets-manager.js';

/** Lambda handler `index.handler`. */
export const handler = withSecretsManagerSecret(createTokenAuthorizer, config as TokenAuthorizerConfig);

/** For the JWKS key store's first fetch (`edgeward build` points its dynamic import at this entry). */
export { fetchJwksDocument } from 'edgeward/internal/core/verify/jwks-fetch.js';
