/**
 * `npm run fuzz`: the long campaign — 10^6 viewer requests and 2×10^5 authorizer events by default.
 *
 * Usage: `npm run fuzz -- [--viewer N] [--authorizer N] [--seed S]`. Prints a JSON summary; exits 1 when
 * anything was found (exception, invalid result, unauthenticated forward, bypass or log leak).
 */
import { parseArgs } from 'node:util';
import { clean, runFuzz } from './fuzz.js';

const { values } = parseArgs({
  options: {
    viewer: { type: 'string', default: '1000000' },
    authorizer: { type: 'string', default: '200000' },
    seed: { type: 'string', default: String(Date.now() % 2 ** 31) },
  },
});
const summary = await runFuzz({
  viewerEvents: Number(values.viewer),
  authorizerEvents: Number(values.authorizer),
  seed: Number(values.seed),
  progress: (done, total) => process.stderr.write(`fuzz: ${done}/${total}\n`),
});
process.stdout.write(`${JSON.stringify(summary, null, 2)}\n`);
process.exitCode = clean(summary) ? 0 : 1;
