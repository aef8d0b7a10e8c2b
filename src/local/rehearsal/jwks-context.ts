/**
 * The CDK context key naming a JWKS file that every edgeward function bakes instead of its issuer's JWKS:
 * `cdk synth -c edgeward:jwksFile=.edgeward/rehearsal/jwks.json` gives an assembly whose functions trust the
 * deploy rehearsal's identity provider. Read by `edgewardCode()` (`src/cdk/bundling.ts`); set by
 * `edgeward rehearse --synth`. Kept free of imports so the CDK constructs can read it cheaply.
 *
 * @module
 */

/** `edgeward:jwksFile`. */
export const JWKS_CONTEXT_KEY = 'edgeward:jwksFile';
