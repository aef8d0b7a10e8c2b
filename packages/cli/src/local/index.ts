/**
 * `@edgeward/cli/local`: the whole system on localhost — a Cognito-compatible identity provider (with an
 * identity pool), a CloudFront emulator running the built viewer-request bundle, API Gateway emulators (REST
 * and HTTP API) running the built authorizer bundles, an S3 emulator for identity-pool credentials,
 * {@link startDevStack} wiring them to the demo (`npm start`, `edgeward dev`), and {@link startRehearsal}
 * running a synthesized CDK cloud assembly in them (`edgeward rehearse`).
 *
 * See `docs/local-stack.md`.
 *
 * @module
 */

export { behaviorSelector, type HasPathPattern } from 'edgeward/internal/cloudfront/path-patterns.js';
export {
  type AuthorizerCall,
  type AuthorizerInvokerOptions,
  createAuthorizerInvoker,
} from './apigateway/authorizer.js';
export {
  type HttpApiAuthorizerOptions,
  type HttpApiEmulator,
  type HttpApiOptions,
  type HttpApiRouteOptions,
  startHttpApiEmulator,
} from './apigateway/http-api.js';
export {
  type RestApiEmulator,
  type RestApiOptions,
  type RestAuthorizerConfig,
  type RestMethodConfig,
  startRestApiEmulator,
} from './apigateway/rest-api.js';
export {
  createLocalCredentialStore,
  type LocalCredentialStore,
  type LocalCredentialStoreOptions,
  type LocalCredentials,
} from './aws-credentials.js';
export {
  type CacheBehavior,
  type CloudFrontEmulator,
  type CloudFrontEmulatorOptions,
  type CustomErrorResponse,
  type KeyGroupCheck,
  type KeyGroupVerdict,
  type ResponseCustomHeader,
  startCloudFrontEmulator,
} from './cloudfront/emulator.js';
export { trustedKeyGroup } from './cloudfront/key-group.js';
export { MAX_REQUEST_HEADER_BYTES, MAX_URL_BYTES } from './cloudfront/limits.js';
export type { FolderOrigin, HttpOrigin, Origin } from './cloudfront/origins.js';
export {
  checkViewerRequestResult,
  type GeneratedResponse,
  type ViewerRequestVerdict,
} from './cloudfront/validate.js';
export { type CorsRule, corsHeaders, corsRuleFor } from './cors.js';
export {
  DEFAULT_DEV_PORTS,
  type DevStack,
  type DevStackOptions,
  type DevStackPorts,
  type DevUser,
  devStackBanner,
  runDevStack,
  startDevStack,
} from './dev.js';
export { type FilesPageStorage, LOCAL_ASSETS_PATH } from './identity-storage.js';
export {
  type IdentityProviderOptions,
  identityIdOf,
  type JsonWebKeyWithKid,
  type LocalClient,
  type LocalIdentityPool,
  type LocalIdp,
  type LocalUser,
  readUsersFile,
  secretHash,
  startIdentityProvider,
} from './idp/index.js';
export {
  type HandlerModule,
  type HandlerSource,
  invokeLambda,
  type LambdaHandler,
  loadHandler,
} from './lambda.js';
export {
  type Finding,
  type FindingKind,
  formatFinding,
  type Rehearsal,
  RehearsalError,
  type RehearsalOptions,
  type RehearsedApi,
  type RehearsedDistribution,
  type RehearsedIdp,
  rehearsalBanner,
  startRehearsal,
  synthesizeForRehearsal,
} from './rehearsal/index.js';
export {
  type LocalBucketOptions,
  type S3Emulator,
  type S3EmulatorOptions,
  startS3Emulator,
} from './s3/server.js';
export {
  type LocalSecretsManager,
  type SecretsManagerOptions,
  startSecretsManager,
} from './secrets-manager.js';
