/**
 * `npm run bench`: runs every benchmark section in one process, prints a table and writes BENCHMARKS.md.
 * Not a timed test. To add a section, add one line to `SECTIONS` (a module whose default export is a
 * {@link BenchSection}).
 */
import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { type BenchSection, DEFAULT_OPTIONS, formatOps, machine, type SectionResult } from './lib.js';

/**
 * In-process micro-benchmarks first, the load check last: the load check runs the local stack (the same
 * CloudFront handler code, other configurations and event shapes, a large heap) in this process, and
 * sections measured after it were 1–2.5 µs per call slower for reasons that are not the handler's
 * (shared functions trained on other shapes, garbage collection of the stack's heap).
 */
const SECTIONS: readonly (() => Promise<{ default: BenchSection }>)[] = [
  () => import('./verify.js'),
  () => import('./cloudfront.js'),
  () => import('./apigateway.js'),
  () => import('./load.js'),
];

function table(result: SectionResult): string {
  const lines = [
    '| case | ops/s | µs/op | ratio | target |',
    '| --- | ---: | ---: | ---: | --- |',
    ...result.rows.map((r) => {
      const ratio = r.ratio === undefined ? '' : `${r.ratio.toFixed(2)}×`;
      const target = r.target === undefined ? '' : `${r.target} ${r.pass ? '✅ met' : '❌ missed'}`;
      return `| ${r.name} | ${formatOps(r.opsPerSec)} | ${r.usPerOp.toFixed(1)} | ${ratio} | ${target} |`;
    }),
  ];
  return lines.join('\n');
}

async function main(): Promise<void> {
  const started = performance.now();
  const facts = machine();
  const results: SectionResult[] = [];
  for (const load of SECTIONS) {
    const section = (await load()).default;
    process.stdout.write(`running ${section.title}…\n`);
    const result = await section.run(DEFAULT_OPTIONS);
    results.push(result);
    process.stdout.write(`\n## ${result.title}\n\n${table(result)}\n\n`);
  }
  const seconds = ((performance.now() - started) / 1000).toFixed(1);
  const missed = results.flatMap((r) => r.rows).filter((r) => r.pass === false);
  const body = [
    '# Benchmarks',
    '',
    'Written by `npm run bench` (`bench/run.ts`). Medians of interleaved rounds in one process; ratios are',
    "throughput relative to each section's raw `node:crypto` baseline (higher is faster).",
    '',
    `- Machine: ${facts.cpu}, ${facts.cores} cores, ${facts.os}`,
    `- Node: ${facts.node}`,
    `- Date: ${facts.date}`,
    `- Method: each case warmed up for ~${DEFAULT_OPTIONS.warmupMs} ms of CPU time (JIT-compiled before it is calibrated or measured), then ${DEFAULT_OPTIONS.rounds} interleaved rounds per case, batches of ~${DEFAULT_OPTIONS.batchMs} ms of CPU time, median of operations per CPU-second (CPU time of this process, so other load on a shared machine does not skew one case); whole run ${seconds} s`,
    '',
    ...results.flatMap((r) => [
      `## ${r.title}`,
      '',
      table(r),
      '',
      ...(r.notes ?? []).map((n) => `- ${n}`),
      '',
    ]),
    missed.length === 0 ? 'All targets met.' : `Targets missed: ${missed.map((r) => r.name).join(', ')}.`,
    '',
  ].join('\n');
  writeFileSync(fileURLToPath(new URL('../BENCHMARKS.md', import.meta.url)), body);
  process.stdout.write(
    `wrote BENCHMARKS.md in ${seconds} s; ${missed.length === 0 ? 'all targets met' : `${missed.length} target(s) missed`}\n`,
  );
}

await main();
