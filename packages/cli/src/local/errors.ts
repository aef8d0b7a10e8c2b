/**
 * Why the local stack (identity provider, CloudFront and API Gateway emulators, `edgeward dev`) refused
 * its options or failed.
 *
 * @module
 */
import { EdgewardError, type EdgewardErrorOptions } from 'edgeward';

/** The codes of {@link LocalStackError}. */
export type LocalStackErrorCode = (typeof LocalStackError.codes)[number];

/**
 * `local_config_invalid`: an emulator's or the identity provider's options are wrong (a malformed route
 * key or resource template, an unsupported identity source, a users file that is not a list of users, a
 * bad port, a configuration without a site function); the message names the option.
 * `local_stack_failed`: the stack could not do what it emulates (a port taken while starting, a Lambda
 * module without a handler, an origin that does not answer in time, the identity provider's own token
 * exchange failing).
 */
export class LocalStackError extends EdgewardError {
  /** Every code a `LocalStackError` carries. */
  static readonly codes = ['local_config_invalid', 'local_stack_failed'] as const;
  declare readonly code: LocalStackErrorCode;

  /**
   * @param code - which kind of failure
   * @param message - names the option, file or port
   * @param options - optional `cause`
   */
  constructor(code: LocalStackErrorCode, message: string, options?: EdgewardErrorOptions) {
    super(code, message, options);
    this.name = 'LocalStackError';
  }
}
