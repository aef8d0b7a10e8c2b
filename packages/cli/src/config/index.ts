/**
 * `@edgeward/cli/config`: the configuration model (`defineConfig`, `loadConfig`, `validateConfig`, its types and
 * JSON Schema). Build-time only: never import it from a Lambda bundle.
 *
 * @module
 */
export { type ConfigProblem, ConfigValidationError } from './issues.js';
export { configJsonSchema } from './json-schema-document.js';
export { ConfigLoadError, DEFAULT_CONFIG_FILES, loadConfig, parseJsonText } from './load.js';
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
} from './types.js';
export { stripComments, type ValidateOptions, validateConfig } from './validate.js';
