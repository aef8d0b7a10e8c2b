/**
 * The edgeward version, printed by `edgeward --version` and folded into CDK asset hashes.
 *
 * @module
 */

/** The package version (`package.json` `version`). */
export const VERSION = '0.1.0';
