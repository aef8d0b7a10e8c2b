/**
 * What every function entry of `edgeward.config.json` has: a `type` and the name of an issuer defined
 * under `issuers`.
 *
 * @module
 */

import { LOG_LEVELS, type LogLevel } from 'edgeward/internal/core/runtime.js';
import * as v from 'valibot';
import { oneOf } from './primitives.js';

/** Function and issuer names: they become directory names and CloudFormation-friendly ids. */
export const NAME_PATTERN = /^[A-Za-z0-9][A-Za-z0-9_-]{0,63}$/;
export const NAME_MESSAGE =
  'expected a name of letters, digits, "-" and "_" (at most 64, starting alphanumeric)';

/** The `issuer` reference of a function: the name of an entry of `issuers`. */
export const issuerRefSchema = v.pipe(
  v.string('expected the name of an issuer defined under "issuers"'),
  v.regex(NAME_PATTERN, 'expected the name of an issuer defined under "issuers"'),
);

/**
 * A function entry as written in the config file: the runtime config `C` with its embedded `issuer`
 * replaced by an issuer name, plus the function `type`.
 */
export type FileFunction<T extends string, C extends { readonly issuer: unknown }> = {
  readonly type: T;
  readonly issuer: string;
} & Omit<C, 'issuer'>;

/** `logLevel` of every function kind: the least severe log records written. */
export const logLevelSchema = oneOf(LOG_LEVELS as readonly LogLevel[] as [LogLevel, ...LogLevel[]]);
