/**
 * `npm test`'s first step (`pretest`): makes sure a Chromium-family browser is there for the browser tests,
 * installing one when it can (see `chromium.ts`), or exits 1 at once with one line saying what to run.
 */
import { ensureChromium } from './chromium.js';

const log = (line: string): void => {
  process.stderr.write(`${line}\n`);
};
try {
  const browser = ensureChromium(log);
  log(`browser tests: ${browser.version} (${browser.path}, from ${browser.source})`);
} catch (e) {
  log((e as Error).message);
  process.exitCode = 1;
}
