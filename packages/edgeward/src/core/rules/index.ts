/**
 * The rule model shared by the CloudFront viewer-request adapter and the API Gateway authorizers:
 * path hygiene, CloudFront path-pattern and API Gateway resource-path matching, claim interpolation,
 * requirements, first-match-wins decisions, IAM resource globs and build-time validation.
 *
 * See `docs/rules.md` for the semantics and for how ordered rules translate into IAM policies.
 *
 * @module
 */
export {
  type Authorizer,
  authorize,
  authorizerFor,
  createAuthorizer,
  evaluateRequirements,
} from './authorize.js';
export { isSafeClaimValue } from './claims.js';
export {
  assertValidRules,
  type CompiledRule,
  type CompiledRules,
  compileRules,
  compileValidatedRules,
} from './compile.js';
export {
  type CompiledGlob,
  compileGlob,
  compilePathPattern,
  describePatternProblem,
  type GlobPart,
  globParts,
  matchGlob,
  type PathPatternResult,
  type PatternProblem,
} from './glob.js';
export {
  collectResourceGlobs,
  MAX_GLOBS_PER_RULE,
  type ResourceGlobs,
  ruleEffect,
  ruleResourceGlobs,
} from './iam.js';
export { type NormalizedPath, normalizePath, PATH_PROBLEMS } from './normalize.js';
export {
  REQUIREMENTS_MET,
  type RequirementFailure,
  type RequirementResult,
} from './requirements.js';
export {
  matchResource,
  parseResourceTemplate,
  type ResourceTemplate,
  type ResourceTemplateResult,
  resourceGlob,
  type TemplateSegment,
} from './resource.js';
export type * from './types.js';
export { RULE_METHODS, validateRules } from './validate.js';
