/**
 * The short fuzz campaign of `npm test`: 10^4 events (7,000 viewer requests over the cookie, Bearer and
 * signed-cookie sites, 3,000 events over every authorizer kind), a few seconds. `npm run fuzz` runs the
 * long one (10^6 and 2×10^5). See `fuzz.ts` for the generators and the checks.
 */
import { expect, it } from 'vitest';
import { runFuzz } from './fuzz.js';

it('10^4 fuzzed events: no exception, invalid result, unauthenticated forward, bypass or leak', async () => {
  const summary = await runFuzz({ viewerEvents: 7_000, authorizerEvents: 3_000, seed: 13 });
  expect(summary.failures).toEqual([]);
  for (const counts of [summary.viewer, summary.authorizer]) {
    expect(counts).toMatchObject({
      exceptions: 0,
      invalidResults: 0,
      unauthenticatedForwards: 0,
      bypasses: 0,
      leaks: 0,
    });
  }
  // the campaign reached both sides of every decision, and real cache-safe policies
  expect(summary.viewer.events).toBe(7_000);
  expect(summary.viewer.allowed).toBeGreaterThan(500);
  expect(summary.viewer.outcomes['400']).toBeGreaterThan(500);
  expect(summary.viewer.outcomes['403']).toBeGreaterThan(50);
  expect(summary.authorizer.allowed).toBeGreaterThan(100);
  expect(summary.authorizer.outcomes['deny']).toBeGreaterThan(100);
  expect(summary.authorizer.outcomes['cache-safe policy']).toBeGreaterThan(50);
}, 120_000);
