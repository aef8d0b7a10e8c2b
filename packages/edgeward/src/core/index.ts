/**
 * `edgeward`: the verification core.
 *
 * @module
 */
export type * from './config.js';
export {
  AuthError,
  type AuthErrorCode,
  type AuthErrorOptions,
  EdgewardError,
  type EdgewardErrorOptions,
  isAuthError,
} from './errors.js';
export { decodeIdentityList, encodeIdentityList, type IdentityListSeparator } from './identity-list.js';
export { type FailureCode, OUTCOMES, type Outcome } from './outcomes.js';
export type * from './rules/types.js';
export {
  type Clock,
  type FetchLike,
  fetchWithTimeout,
  jsonLogger,
  LOG_LEVELS,
  type Logger,
  type LogLevel,
  type LogRecord,
  type LogSeverity,
  nowSeconds,
  type RuntimeDeps,
  silentLogger,
} from './runtime.js';
export {
  cognitoIssuerUrl,
  createVerifier,
  MIN_HS256_SECRET_BYTES,
  resolveSecret,
  VERIFY_DEFAULTS,
  type VerifierDeps,
} from './verify/index.js';
export type * from './verify/types.js';
