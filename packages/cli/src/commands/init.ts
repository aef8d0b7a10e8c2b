/**
 * `edgeward init [scenario]`: writes a commented starting configuration.
 *
 * @module
 */
import { existsSync } from 'node:fs';
import { appendFile, readFile, writeFile } from 'node:fs/promises';
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
import { LOCAL_STACK_DIR } from '../local-stack-file.js';

/** The `.gitignore` line for the local stack's folder (it holds the local IdP's private key). */
const IGNORE_LINE = `${LOCAL_STACK_DIR}/`;

/**
 * Adds `.edgeward/` to the `.gitignore` of `dir`, creating the file when missing; does nothing when a line
 * already ignores the folder (`.edgeward`, `.edgeward/`, `/.edgeward/`, …).
 *
 * @returns true when the file was created or changed
 */
export async function ignoreLocalStackDir(dir: string): Promise<boolean> {
  const path = resolve(dir, '.gitignore');
  let text: string | undefined;
  try {
    text = await readFile(path, 'utf8');
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'ENOENT') throw e;
  }
  const ignored = (text ?? '')
    .split(/\r?\n/)
    .some((line) => line.trim().replace(/^\//, '').replace(/\/$/, '') === LOCAL_STACK_DIR);
  if (ignored) return false;
  const separator = text === undefined || text === '' || text.endsWith('\n') ? '' : '\n';
  await appendFile(path, `${separator}${IGNORE_LINE}\n`);
  return true;
}

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
  if (await ignoreLocalStackDir(io.cwd)) {
    io.stderr(
      `added ${IGNORE_LINE} to .gitignore (\`edgeward dev\` keeps the local identity provider's key there).\n`,
    );
  }
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
