/**
 * Why a build failed (other than an invalid configuration, which throws `ConfigValidationError`).
 *
 * @module
 */
import { EdgewardError, type EdgewardErrorOptions } from 'edgeward';
import type { ForbiddenImport } from './forbidden.js';

/**
 * The codes of {@link BuildError}: `unknown_function` (no such function in the configuration),
 * `forbidden_import` (the bundle pulls in a package that must never reach a Lambda), `bundle_failed`
 * (esbuild failed), `jwks_unavailable` (the JWKS could not be read or fetched), `jwks_invalid` (what was
 * read is not a JWKS of public keys), `published_secret` (a secret published in edgeward's docs or
 * examples).
 */
export type BuildErrorCode = (typeof BuildError.codes)[number];

/** A build failure other than an invalid configuration (which throws `ConfigValidationError`). */
export class BuildError extends EdgewardError {
  /** Every code a `BuildError` carries. */
  static readonly codes = [
    'unknown_function',
    'forbidden_import',
    'bundle_failed',
    'jwks_unavailable',
    'jwks_invalid',
    'published_secret',
  ] as const;
  declare readonly code: BuildErrorCode;
  /** For `forbidden_import`: the offending packages. */
  readonly forbidden: readonly ForbiddenImport[];

  /**
   * @param code - why the build failed
   * @param message - names the function, file or URI and what went wrong
   * @param options - optional `cause`; `forbidden` for `forbidden_import`
   */
  constructor(
    code: BuildErrorCode,
    message: string,
    options: EdgewardErrorOptions & { readonly forbidden?: ForbiddenImport[] } = {},
  ) {
    super(code, message, options);
    this.name = 'BuildError';
    this.forbidden = options.forbidden ?? [];
  }
}
