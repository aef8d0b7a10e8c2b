/**
 * `edgeward init [scenario]`: writes a commented starting configuration.
 *
 * @module
 */
import { existsSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import type { Command } from 'commander';
import {
  freshValues,
  SCENARIO_NEXT_STEPS,
  SCENARIO_SUMMARIES,
  SCENARIOS,
  type Scenario,
  templateText,
} from '../init/templates.js';
import { CliError, type CliIo } from '../io.js';

/** Runs `edgeward init`. */
export async function runInit(
  scenario: string | undefined,
  opts: { out: string; force?: boolean; stdout?: boolean },
  io: CliIo,
): Promise<void> {
  const chosen = (scenario ?? 'site-cookie') as Scenario;
  if (!SCENARIOS.includes(chosen)) {
    throw new CliError(
      `unknown scenario ${JSON.stringify(scenario)}; expected one of ${SCENARIOS.join(', ')}`,
      2,
    );
  }
  const text = templateText(chosen, freshValues());
  if (opts.stdout) {
    io.stdout(text);
    return;
  }
  const path = resolve(io.cwd, opts.out);
  if (existsSync(path) && !opts.force) throw new CliError(`${opts.out} exists (use --force to overwrite)`);
  await writeFile(path, text, { mode: 0o600 });
  io.stderr(`wrote ${opts.out} (${SCENARIO_SUMMARIES[chosen]}).\n${SCENARIO_NEXT_STEPS[chosen]}\n`);
}

/** Registers `edgeward init`. */
export function addInitCommand(program: Command, io: CliIo): void {
  program
    .command('init')
    .summary('write a commented starting edgeward.config.json for a scenario')
    .description(
      `Write a starting configuration ("$comment" fields explain each part). Scenarios:\n${SCENARIOS.map(
        (s) => `  ${s.padEnd(17)} ${SCENARIO_SUMMARIES[s]}`,
      ).join('\n')}`,
    )
    .argument('[scenario]', 'one of the scenarios above', 'site-cookie')
    .option('-o, --out <file>', 'file to write', 'edgeward.config.json')
    .option('-f, --force', 'overwrite an existing file')
    .option('--stdout', 'print the configuration instead of writing a file')
    .action(async (scenario: string, opts: { out: string; force?: boolean; stdout?: boolean }) =>
      runInit(scenario, opts, io),
    );
}
