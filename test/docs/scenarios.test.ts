/**
 * docs/scenarios.md shows, for each of the five scenarios, the configuration `edgeward init` writes (the
 * file under `examples/`), verbatim; and it is the document the init templates cite.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { SCENARIO_SUMMARIES, SCENARIOS } from '../../packages/cli/src/init/templates.js';

const DOC = readFileSync('docs/scenarios.md', 'utf8');

/** The section of the doc for scenario `letter` (`## A. …` up to the next `## `). */
function section(letter: string): string {
  const start = DOC.indexOf(`\n## ${letter}. `);
  expect(start, `docs/scenarios.md has no section "## ${letter}."`).toBeGreaterThan(0);
  const end = DOC.indexOf('\n## ', start + 1);
  return DOC.slice(start, end < 0 ? undefined : end);
}

describe('docs/scenarios.md', () => {
  it.each(SCENARIOS)('shows the %s example configuration in its scenario section', (scenario) => {
    const letter = SCENARIO_SUMMARIES[scenario].slice(0, 1);
    const json = readFileSync(`examples/${scenario}/edgeward.config.json`, 'utf8').trimEnd();
    expect(section(letter)).toContain(`\`\`\`json\n${json}\n\`\`\``);
    expect(DOC).toContain(`| ${letter} | \`${scenario}\` |`);
  });

  it('is the document the init templates cite', () => {
    expect(readFileSync('packages/cli/src/init/templates.ts', 'utf8')).toContain('docs/scenarios.md');
  });
});
