/**
 * `edgeward decode`: prints a token's header and claims, clearly marked **unverified**, with NumericDate
 * claims shown as ISO 8601 times.
 *
 * @module
 */
import type { Command } from 'commander';
import { CliError, type CliIo, clockFrom, isoOf } from '../io.js';
import { decodeJwt } from '../jws.js';

/** NumericDate claims annotated with their time (RFC 7519 §4.1.4–4.1.6, OIDC `auth_time`). */
const TIME_CLAIMS = ['exp', 'nbf', 'iat', 'auth_time'];

/** Reads the token argument; `-` or no argument reads standard input (keeps it out of shell history). */
export async function readTokenArg(token: string | undefined, io: CliIo): Promise<string> {
  const value = token === undefined || token === '-' ? (await io.readStdin()).trim() : token.trim();
  if (!value) throw new CliError('no token given (pass it as an argument or on standard input)', 2);
  return value.replace(/^Bearer\s+/i, '');
}

/** Renders decoded claims with time annotations, relative to `nowSeconds`. */
export function describeTimes(payload: Record<string, unknown>, nowSeconds: number): string[] {
  const lines: string[] = [];
  for (const name of TIME_CLAIMS) {
    const value = payload[name];
    if (typeof value !== 'number') continue;
    const delta = value - nowSeconds;
    const rel = delta === 0 ? 'now' : delta > 0 ? `in ${delta} s` : `${-delta} s ago`;
    lines.push(`  ${name.padEnd(9)} ${value}  ${isoOf(value)}  (${rel})`);
  }
  return lines;
}

/** Runs `edgeward decode`. */
export async function runDecode(
  token: string | undefined,
  opts: { json?: boolean; now?: string },
  io: CliIo,
): Promise<void> {
  const text = await readTokenArg(token, io);
  let decoded: ReturnType<typeof decodeJwt>;
  try {
    decoded = decodeJwt(text);
  } catch (e) {
    throw new CliError(`cannot decode: ${(e as Error).message}`);
  }
  if (opts.json) {
    io.stdout(
      `${JSON.stringify({ verified: false, header: decoded.header, payload: decoded.payload }, null, 2)}\n`,
    );
    return;
  }
  const now = Math.floor(clockFrom(io, opts.now)() / 1000);
  const out = [
    'UNVERIFIED — decoded only: the signature and claims have NOT been checked (use `edgeward explain`).',
    '',
    'header:',
    JSON.stringify(decoded.header, null, 2),
    '',
    'claims:',
    JSON.stringify(decoded.payload, null, 2),
  ];
  const times = describeTimes(decoded.payload, now);
  if (times.length) out.push('', `times (now ${isoOf(now)}):`, ...times);
  io.stdout(`${out.join('\n')}\n`);
}

/** Registers `edgeward decode`. */
export function addDecodeCommand(program: Command, io: CliIo): void {
  program
    .command('decode')
    .summary("print a token's header and claims, UNVERIFIED")
    .description(
      'Decode a JWT without verifying it. Pass the token, or - (or nothing) to read it from standard input.',
    )
    .argument('[token]', 'the compact JWT, or - for standard input')
    .option('--json', 'print {verified: false, header, payload} as JSON')
    .option('--now <time>', 'pin the clock for relative times: ISO 8601 or epoch seconds (also EDGEWARD_NOW)')
    .action(async (token: string | undefined, opts: { json?: boolean; now?: string }) =>
      runDecode(token, opts, io),
    );
}
