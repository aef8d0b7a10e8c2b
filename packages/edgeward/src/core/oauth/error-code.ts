/**
 * The one filter for strings an identity provider sends that end up in logs: the `error` of an
 * authorization response (RFC 6749 §4.1.2.1) or of a token endpoint response (§5.2). Registered codes are
 * lower-case ASCII letters and `_` (`invalid_grant`, `access_denied`); anything else — a description, a
 * token, a CR/LF forging a log line, 10 KB of text — is logged as `unrecognized`.
 *
 * @see [RFC 6749 - OAuth 2.0, section 5.2 (error codes)](https://www.rfc-editor.org/rfc/rfc6749.html#section-5.2)
 * @module
 */

const ERROR_CODE = /^[a-z_]{1,64}$/;

/**
 * An IdP-provided OAuth `error` value as it may be logged: itself when it matches `^[a-z_]{1,64}$`, else
 * `unrecognized`.
 *
 * @param value - the `error` value as received (any type: a response body is not trusted)
 * @see [RFC 6749 - OAuth 2.0, section 5.2 (error response)](https://www.rfc-editor.org/rfc/rfc6749#section-5.2)
 * @example
 * ```ts
 * loggableErrorCode('invalid_grant');          // 'invalid_grant'
 * loggableErrorCode('x\r\n{"level":"info"}');  // 'unrecognized'
 * ```
 */
export function loggableErrorCode(value: unknown): string {
  return typeof value === 'string' && ERROR_CODE.test(value) ? value : 'unrecognized';
}
