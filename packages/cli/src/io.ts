/**
 * The CLI's view of the outside world, injected so commands can be tested in-process: output streams,
 * standard input, environment, clock and `fetch`.
 *
 * @module
 */
import type { FetchLike } from 'edgeward/internal/core/runtime.js';

/** Everything a command reads from or writes to the outside world. */
export interface CliIo {
  /** Writes to standard output (results: tokens, tables, JSON). */
  readonly stdout: (text: string) => void;
  /** Writes to standard error (progress, warnings, errors). */
  readonly stderr: (text: string) => void;
  /** Reads all of standard input as UTF-8. */
  readonly readStdin: () => Promise<string>;
  /** Prompts on the terminal without echo (passwords); `undefined` when there is no terminal. */
  readonly promptHidden?: (question: string) => Promise<string>;
  /** Environment variables. */
  readonly env: Readonly<Record<string, string | undefined>>;
  /** Current time in ms since the epoch. Commands accept `--now` (or `EDGEWARD_NOW`) to pin it. */
  readonly clock: () => number;
  /** HTTP client (JWKS fetches at build/explain time). */
  readonly fetch: FetchLike;
  /** Working directory for relative paths. */
  readonly cwd: string;
}

/** Reads stdin to the end. */
async function readAll(stream: NodeJS.ReadableStream): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream)
    chunks.push(typeof chunk === 'string' ? Buffer.from(chunk) : (chunk as Buffer));
  return Buffer.concat(chunks).toString('utf8');
}

/** Prompts on a TTY with echo turned off; resolves with the line typed. */
function promptHiddenTty(question: string): Promise<string> {
  return new Promise((resolvePrompt, reject) => {
    const input = process.stdin;
    process.stderr.write(question);
    input.setRawMode(true);
    input.resume();
    input.setEncoding('utf8');
    let value = '';
    const done = (err?: Error) => {
      input.setRawMode(false);
      input.pause();
      input.removeListener('data', onData);
      process.stderr.write('\n');
      if (err) reject(err);
      else resolvePrompt(value);
    };
    const onData = (chunk: string) => {
      for (const ch of chunk) {
        if (ch === '\r' || ch === '\n') return done();
        if (ch === '\u0003') return done(new Error('cancelled'));
        if (ch === '\u007f' || ch === '\b') value = value.slice(0, -1);
        else value += ch;
      }
    };
    input.on('data', onData);
  });
}

/** The real process: `process.stdout`/`stderr`/`stdin`, `process.env`, `Date.now`, global `fetch`. */
export function processIo(): CliIo {
  return {
    stdout: (t) => process.stdout.write(t),
    stderr: (t) => process.stderr.write(t),
    readStdin: () => readAll(process.stdin),
    promptHidden: process.stdin.isTTY ? promptHiddenTty : undefined,
    env: process.env,
    clock: Date.now,
    fetch: (input, init) => fetch(input, init),
    cwd: process.cwd(),
  };
}

/** A command failed for a reason the user can act on: printed without a stack trace, exit code 1 (or 2). */
export class CliError extends Error {
  /** 1: failure, 2: usage. */
  readonly exitCode: 1 | 2;
  constructor(message: string, exitCode: 1 | 2 = 1, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'CliError';
    this.exitCode = exitCode;
  }
}

/**
 * Parses a `--now` value (ISO 8601 date-time or seconds since the epoch) into ms since the epoch.
 *
 * @throws CliError (usage) when the value is neither
 */
export function parseNow(value: string): number {
  if (/^\d+(\.\d+)?$/.test(value)) return Number(value) * 1000;
  const ms = Date.parse(value);
  if (Number.isNaN(ms))
    throw new CliError(
      `--now: expected an ISO 8601 date-time or seconds since the epoch, got ${JSON.stringify(value)}`,
      2,
    );
  return ms;
}

/** The clock a command uses: `--now`, else `EDGEWARD_NOW`, else the io clock. */
export function clockFrom(io: CliIo, now: string | undefined): () => number {
  const pinned = now ?? io.env['EDGEWARD_NOW'];
  if (pinned === undefined || pinned === '') return io.clock;
  const ms = parseNow(pinned);
  return () => ms;
}

/** ISO 8601 of a NumericDate (seconds). */
export function isoOf(seconds: number): string {
  return new Date(seconds * 1000).toISOString().replace('.000Z', 'Z');
}
