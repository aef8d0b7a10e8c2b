/**
 * The two things every request-time component receives by injection: a clock and a `fetch`.
 * Tests pin the clock and point `fetch` at servers on 127.0.0.1; nothing at request time reads
 * `Date.now()` or the global `fetch` directly.
 *
 * @module
 */
import { AuthError } from './errors.js';

/** Returns the current time in **milliseconds** since the Unix epoch (like `Date.now`). */
export type Clock = () => number;

/** The subset of the WHATWG `fetch` signature edgeward uses for all request-time I/O. */
export type FetchLike = (input: string | URL, init?: RequestInit) => Promise<Response>;

/** Injected dependencies shared by verifiers, OAuth clients and handlers. */
export interface RuntimeDeps {
  /** Clock in ms since epoch. Default: `Date.now`. */
  readonly clock?: Clock;
  /** HTTP client for JWKS, token endpoint and revocation calls. Default: global `fetch`. */
  readonly fetch?: FetchLike;
  /** Structured logger (one JSON object per line). Default: {@link jsonLogger}. */
  readonly logger?: Logger;
}

/** Current time in whole seconds since the epoch (JWT NumericDate, RFC 7519 §2). */
export function nowSeconds(clock: Clock): number {
  return Math.floor(clock() / 1000);
}

/** Severity of a log record, lowest first. */
export type LogSeverity = 'debug' | 'info' | 'warn' | 'error';

/**
 * The least severe records a function writes (`logLevel` in its configuration): `debug` writes
 * everything, `info` (the default) also the per-request decision and login lines, `warn` only refusals
 * and problems, `error` only failures of a dependency or edgeward itself, `off` nothing.
 */
export type LogLevel = LogSeverity | 'off';

/** Every {@link LogLevel}, least restrictive first. */
export const LOG_LEVELS: readonly LogLevel[] = ['debug', 'info', 'warn', 'error', 'off'];

/** The default {@link LogLevel}. */
export const DEFAULT_LOG_LEVEL: LogLevel = 'info';

/** A structured log record. Never put tokens, codes, secrets or cookie values in it. */
export interface LogRecord {
  /** Severity; records below the configured `logLevel` are not written. */
  readonly level: LogSeverity;
  /** Stable reason code or event name, e.g. `token_expired`, `login_redirect`. */
  readonly event: string;
  /** Further fields (`outcome`, `path`, `requestId`, …); never a token, code, secret or cookie value. */
  readonly [key: string]: unknown;
}

/** Receives structured log records. */
export type Logger = (record: LogRecord) => void;

/** Discards every record (tests, and `logLevel: 'off'`). */
export const silentLogger: Logger = () => {};

/**
 * Writes one already serialized line (with its `\n`) to stdout, where Lambda collects logs: text, or its
 * UTF-8 bytes (a line written many times is encoded once: writing a string re-encodes it on every write).
 */
export function writeLogLine(line: string | Uint8Array): void {
  process.stdout.write(line);
}

/** Writes each record as one JSON line to stdout (CloudWatch reads it as a structured log). */
export const jsonLogger: Logger = (record) => {
  writeLogLine(`${JSON.stringify(record)}\n`);
};

/**
 * Checks a configured `logLevel` (undefined = the default).
 *
 * @throws AuthError `config_invalid` naming `logLevel` and the accepted values
 */
export function checkLogLevel(level: unknown): void {
  if (level !== undefined && !LOG_LEVELS.includes(level as LogLevel)) {
    throw new AuthError('config_invalid', `logLevel must be one of ${LOG_LEVELS.join(', ')}`);
  }
}

/** True when records of `severity` are written at `level`. */
export function logs(level: LogLevel, severity: LogSeverity): boolean {
  return LOG_LEVELS.indexOf(severity) >= LOG_LEVELS.indexOf(level);
}

/**
 * `logger` writing only the records `level` lets through (see {@link LogLevel}); `logger` itself at
 * `debug`.
 */
export function atLevel(logger: Logger, level: LogLevel = DEFAULT_LOG_LEVEL): Logger {
  if (level === 'debug') return logger;
  if (level === 'off') return silentLogger;
  return (record) => {
    if (logs(level, record.level)) logger(record);
  };
}

/**
 * `fetch` with a hard timeout in **milliseconds**, via `AbortSignal.timeout`.
 *
 * @throws the underlying fetch error, or a `TimeoutError` `DOMException` when the timeout fires
 */
export async function fetchWithTimeout(
  fetchImpl: FetchLike,
  url: string | URL,
  init: RequestInit,
  timeoutMs: number,
): Promise<Response> {
  return fetchImpl(url, { ...init, signal: AbortSignal.timeout(timeoutMs) });
}
