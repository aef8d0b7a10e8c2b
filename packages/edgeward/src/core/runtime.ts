/**
 * The two things every request-time component receives by injection: a clock and a `fetch`.
 * Tests pin the clock and point `fetch` at servers on 127.0.0.1; nothing at request time reads
 * `Date.now()` or the global `fetch` directly.
 *
 * @module
 */

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

/** A structured log record. Never put tokens, codes, secrets or cookie values in it. */
export interface LogRecord {
  readonly level: 'debug' | 'info' | 'warn' | 'error';
  /** Stable reason code or event name, e.g. `token_expired`, `login_redirect`. */
  readonly event: string;
  readonly [key: string]: unknown;
}

/** Receives structured log records. */
export type Logger = (record: LogRecord) => void;

/** Writes each record as one JSON line to stdout (CloudWatch reads it as a structured log). */
export const jsonLogger: Logger = (record) => {
  process.stdout.write(`${JSON.stringify(record)}\n`);
};

/** Discards every record (tests and benchmarks). */
export const silentLogger: Logger = () => {};

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
