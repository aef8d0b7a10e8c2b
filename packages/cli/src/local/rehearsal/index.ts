/**
 * The deploy rehearsal (`edgeward rehearse`): a synthesized CDK cloud assembly run in the local stack.
 * See `./rehearse.ts` and docs/local-stack.md.
 *
 * @module
 */
export { rehearsalBanner } from './banner.js';
export { type Finding, type FindingKind, formatFinding } from './findings.js';
export {
  IDP_KEY_FILE,
  JWKS_CONTEXT_KEY,
  JWKS_FILE,
  REHEARSAL_DIR,
  type RehearsalKey,
  rehearsalKey,
} from './idp-key.js';
export {
  type Rehearsal,
  RehearsalError,
  type RehearsalOptions,
  type RehearsedApi,
  type RehearsedDistribution,
  type RehearsedIdp,
  startRehearsal,
} from './rehearse.js';
export { type SynthOptions, synthesizeForRehearsal } from './synth.js';
