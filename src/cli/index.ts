/**
 * `edgeward/cli`: the configuration model (`defineConfig`, `loadConfig`, `validateConfig`, its types and
 * JSON Schema) and the `edgeward` command runner. Build-time only: never import it from a Lambda bundle.
 *
 * @module
 */
export { type ConfigProblem, ConfigValidationError } from './config/issues.js';
export { configJsonSchema } from './config/json-schema-document.js';
export { ConfigLoadError, DEFAULT_CONFIG_FILES, loadConfig } from './config/load.js';
export {
  defineConfig,
  type EdgewardConfig,
  type FunctionConfig,
  type FunctionType,
  type HttpAuthorizerFunction,
  type RestRequestAuthorizerFunction,
  type RestTokenAuthorizerFunction,
  type SiteFunction,
  type WebSocketAuthorizerFunction,
} from './config/types.js';
export { stripComments, type ValidateOptions, validateConfig } from './config/validate.js';
export type { CliIo } from './io.js';
export { run } from './main.js';
