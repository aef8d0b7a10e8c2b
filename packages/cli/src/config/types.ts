/**
 * The types of `edgeward.config.json` / `edgeward.config.ts`: named issuers and named functions, each
 * function referencing an issuer by name. {@link defineConfig} gives a typed `edgeward.config.ts`.
 *
 * @module
 */
import type { IssuerConfig } from 'edgeward/internal/core/config.js';
import type {
  HttpAuthorizerFunction,
  RestRequestAuthorizerFunction,
  RestTokenAuthorizerFunction,
  WebSocketAuthorizerFunction,
} from './authorizers.js';
import type { SiteFunction } from './site.js';

export type {
  HttpAuthorizerFunction,
  RestRequestAuthorizerFunction,
  RestTokenAuthorizerFunction,
  SiteFunction,
  WebSocketAuthorizerFunction,
};

/** One function to build, discriminated by `type`. */
export type FunctionConfig =
  | SiteFunction
  | RestTokenAuthorizerFunction
  | RestRequestAuthorizerFunction
  | HttpAuthorizerFunction
  | WebSocketAuthorizerFunction;

/** A function `type`. */
export type FunctionType = FunctionConfig['type'];

/**
 * The configuration file.
 *
 * @example
 * ```json
 * {
 *   "$schema": "./node_modules/@edgeward/cli/schema/edgeward.config.schema.json",
 *   "issuers": { "pool": { "kind": "cognito", "region": "eu-west-1", "userPoolId": "eu-west-1_AbC", "clientIds": ["…"] } },
 *   "functions": { "api": { "type": "rest-token-authorizer", "issuer": "pool" } }
 * }
 * ```
 */
export interface EdgewardConfig {
  /** JSON Schema reference for editors; ignored by edgeward. */
  readonly $schema?: string;
  /** Issuer profiles by name (letters, digits, `-`, `_`). */
  readonly issuers: Readonly<Record<string, IssuerConfig>>;
  /** Functions to build by name; the name is the output directory `dist-functions/<name>/`. */
  readonly functions: Readonly<Record<string, FunctionConfig>>;
}

/**
 * Identity helper for a typed `edgeward.config.ts`: `export default defineConfig({ … })`. The file is
 * still validated at build time exactly like the JSON form.
 */
export function defineConfig(config: EdgewardConfig): EdgewardConfig {
  return config;
}
