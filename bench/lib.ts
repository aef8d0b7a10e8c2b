/**
 * Reusable benchmark pieces: interleaved rounds, medians, machine facts, and the raw `node:crypto`
 * baselines (RS256 verify with a pre-imported `KeyObject`, HMAC-SHA-256) every case is compared against.
 *
 * Method: each case is first warmed up (~`warmupMs` of CPU time, so the JIT has compiled it and batch
 * sizes are calibrated on steady-state code), then runs in batches sized to ~`batchMs` of CPU time;
 * every round runs every case once, in a rotated order, so drift (thermal, GC, other load on the
 * machine) spreads over all cases; the reported figure is the median of the rounds' throughputs
 * (operations per CPU-second of this process).
 */
import { createHmac, type KeyObject, timingSafeEqual, verify } from 'node:crypto';
import { cpus, loadavg, platform, release } from 'node:os';

/** One benchmarked operation. Sync or async; async ones are awaited one after another. */
export interface BenchCase {
  readonly name: string;
  readonly fn: () => unknown;
}

/** Median throughput of one case. */
export interface CaseResult {
  readonly name: string;
  /** Median operations per second over the rounds. */
  readonly opsPerSec: number;
  /** Median time per operation, microseconds. */
  readonly usPerOp: number;
  readonly rounds: number;
}

/** Shared run options. */
export interface BenchOptions {
  /** Rounds per case. Default 15. */
  readonly rounds: number;
  /** Target CPU time of one batch, ms. Default 15. */
  readonly batchMs: number;
  /**
   * CPU time each case runs before calibration and measurement, ms (not measured). Default 150.
   *
   * Without it, a case whose code is still cold when it is first calibrated (the first section to use
   * a handler) gets tiny batches, so most of its rounds run before the JIT has finished (and the
   * compiler's background threads count as CPU time): the median then measured warm-up, not the
   * per-call cost, and swung by 2× between runs.
   */
  readonly warmupMs?: number;
}

export const DEFAULT_OPTIONS: BenchOptions = { rounds: 15, batchMs: 15, warmupMs: 150 };

/** Median of a non-empty list. */
export function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1
    ? (sorted[mid] as number)
    : ((sorted[mid - 1] as number) + (sorted[mid] as number)) / 2;
}

/** V8's collector, exposed by `--expose-gc` (the bench's workers run with it). */
const collect = (globalThis as { gc?: (options?: { type: 'minor' | 'major' }) => void }).gc;

/**
 * Runs one batch and returns the **CPU time** it used (user + system of this process, ms). CPU time, not
 * wall time, so that other processes on a shared machine do not count against whichever case was
 * running while they were scheduled.
 *
 * Each batch pays for its own garbage and only for it: the young generation is collected before the
 * batch (not timed) and again at its end (timed). Without that, a scavenge was charged to whichever case
 * happened to fill the young generation, with the garbage of the cases before it: the weak handles each
 * `crypto.verify` call leaves (the raw baseline's and the peers'), collected at ~0.15 µs each, landed in
 * other cases' batches, and a cache hit (2 µs) read 30–40% slower than it runs.
 */
async function runBatch(fn: () => unknown, iterations: number): Promise<number> {
  collect?.({ type: 'minor' });
  const start = process.cpuUsage();
  for (let i = 0; i < iterations; i++) {
    const r = fn();
    if (r instanceof Promise) await r;
  }
  collect?.({ type: 'minor' });
  const used = process.cpuUsage(start);
  return (used.user + used.system) / 1000;
}

/** Runs `fn` in growing batches until it has used about `ms` of CPU time (warm-up; nothing recorded). */
async function warmUp(fn: () => unknown, ms: number): Promise<void> {
  let used = 0;
  for (let n = 16; used < ms; n = Math.min(n * 2, 1 << 16)) used += await runBatch(fn, n);
}

/** Finds a batch size that takes about `batchMs`. */
async function calibrate(fn: () => unknown, batchMs: number): Promise<number> {
  let n = 16;
  for (;;) {
    const ms = await runBatch(fn, n);
    if (ms >= batchMs / 4 || n > 1 << 24) return Math.max(1, Math.round((n * batchMs) / Math.max(ms, 0.001)));
    n *= 4;
  }
}

/**
 * Runs `cases` in interleaved rounds and returns each case's median throughput.
 *
 * @throws whatever a case throws (a benchmark of a failing operation is meaningless)
 */
export async function interleaved(
  cases: readonly BenchCase[],
  partial: Partial<BenchOptions> = {},
): Promise<CaseResult[]> {
  const options = { ...DEFAULT_OPTIONS, ...partial };
  for (const c of cases) await warmUp(c.fn, options.warmupMs ?? 0);
  const sizes: number[] = [];
  for (const c of cases) sizes.push(await calibrate(c.fn, options.batchMs));
  const samples: number[][] = cases.map(() => []);
  for (let round = 0; round < options.rounds; round++) {
    for (let k = 0; k < cases.length; k++) {
      const index = (k + round) % cases.length;
      const n = sizes[index] as number;
      const ms = await runBatch((cases[index] as BenchCase).fn, n);
      (samples[index] as number[]).push((n * 1000) / ms);
    }
  }
  return cases.map((c, i) => {
    const ops = median(samples[i] as number[]);
    return { name: c.name, opsPerSec: ops, usPerOp: 1e6 / ops, rounds: options.rounds };
  });
}

/**
 * The raw baseline: verify the RS256 signature of `token` with `crypto.verify` and a pre-imported
 * `KeyObject` — splitting the token and decoding the signature, nothing else (no claims, no JSON).
 */
export function rawRs256Verify(publicKey: KeyObject): (token: string) => boolean {
  return (token) => {
    const dot = token.lastIndexOf('.');
    return verify(
      'sha256',
      Buffer.from(token.slice(0, dot)),
      publicKey,
      Buffer.from(token.slice(dot + 1), 'base64url'),
    );
  };
}

/** The raw HS256 baseline: one HMAC-SHA-256 over the signing input and a constant-time compare. */
export function rawHmacVerify(key: KeyObject): (token: string) => boolean {
  return (token) => {
    const dot = token.lastIndexOf('.');
    const expected = createHmac('sha256', key).update(token.slice(0, dot)).digest();
    const actual = Buffer.from(token.slice(dot + 1), 'base64url');
    return actual.length === expected.length && timingSafeEqual(actual, expected);
  };
}

/** Facts about the machine, for the report. */
export function machine(): {
  cpu: string;
  cores: number;
  node: string;
  os: string;
  date: string;
  load: string;
} {
  const list = cpus();
  return {
    load: loadAverage(),
    cpu: list[0]?.model ?? 'unknown',
    cores: list.length,
    node: process.version,
    os: `${platform()} ${release()}`,
    date: new Date().toISOString(),
  };
}

/** Formats a number of operations per second. */
export function formatOps(ops: number): string {
  return ops >= 100_000
    ? `${Math.round(ops / 1000)}k`
    : ops >= 10_000
      ? `${(ops / 1000).toFixed(1)}k`
      : `${Math.round(ops)}`;
}

/**
 * The 1-, 5- and 15-minute load averages (`os.loadavg()`), e.g. `0.12 / 0.30 / 0.41`: on a shared machine
 * other processes take CPU time from the measured ones, so the report states the load it ran under.
 */
export function loadAverage(): string {
  return loadavg()
    .map((l) => l.toFixed(2))
    .join(' / ');
}
