/**
 * The decision: path hygiene, then the first matching rule, then the default.
 *
 * @module
 */
import type { RuleConfig, RulesConfig } from '../config.js';
import type { VerifiedToken } from '../verify/types.js';
import {
  type CompiledRule,
  type CompiledRules,
  compileRules,
  isRule,
  type Rule,
  RuleSet,
} from './compile.js';
import { checkPath, isPathProblem, PATH_PROBLEMS, type PathRejection } from './normalize.js';
import {
  type CompiledRequirements,
  checkRequirements,
  compileRequirements,
  firstUnmet,
  type RequirementResult,
} from './requirements.js';
import type { AccessRequest, RuleDecision } from './types.js';

/**
 * A fast `authorize` bound to one compiled rule set (see {@link createAuthorizer}).
 *
 * `after`: the decision the same authorizer returned for the same request **without** a token. A caller
 * that decides first without a token (public paths need no verification) and then again with the
 * verified token passes it, and the second decision resumes where the first stopped instead of matching
 * from the first rule again: rules before that one did not match even with their claim placeholders
 * matching any segment, so they cannot match with a token either. The decision is the same as without
 * `after`.
 */
export type Authorizer = (
  request: AccessRequest,
  token?: VerifiedToken,
  after?: RuleDecision,
) => RuleDecision;

const badRequest = new Map<string, RuleDecision>(
  Object.values(PATH_PROBLEMS).map((p) => [
    p,
    Object.freeze({
      outcome: 'bad_request',
      reason: 'path_invalid',
      ruleIndex: -1,
      detail: `path rejected before rule matching: ${p}`,
    } as const),
  ]),
);

const compiledCache = new WeakMap<RulesConfig, RuleSet>();

function toRuleSet(rules: RulesConfig | CompiledRules): RuleSet {
  if (rules instanceof RuleSet) return rules;
  let set = compiledCache.get(rules);
  if (set === undefined) {
    set = compileRules(rules) as RuleSet;
    compiledCache.set(rules, set);
  }
  return set;
}

/**
 * Decides one request against ordered rules.
 *
 * 1. Path hygiene (`normalizePath`): a refused path → `bad_request`/`path_invalid`, never matched.
 * 2. The first rule whose pattern matches the decoded path and whose `methods` (if any) include the
 *    method decides:
 *    - `deny` → `forbidden`/`rule_denied`, with or without a token;
 *    - a rule interpolating claims (`/users/{sub}/*`), without a token → `unauthenticated`/
 *      `credentials_required` as soon as its shape (placeholder = any segment) matches;
 *    - `public` → `allow`/`rule_public`, even without a token;
 *    - otherwise, without a token → `unauthenticated`/`credentials_required`; with one, requirements in
 *      order `groups` (any-of), `allGroups`, `scopes`, `claims` → `forbidden` with `group_missing`/
 *      `scope_missing`/`claim_mismatch` on the first unmet, else `allow` (`rule_requirements_met` or
 *      `rule_authenticated`).
 * 3. No rule matched → `defaultAccess` (default `authenticated`): `default_public`,
 *    `default_authenticated` (with a token), `credentials_required` (without), or `rule_denied`.
 *
 * The returned decisions are frozen, shared objects; deciding allocates nothing for a path without `%`.
 *
 * @param rules - compiled rules (preferred), or a {@link RulesConfig} (compiled on first use and cached
 *   per object)
 * @param request - the raw path (before hygiene) and the HTTP method (compared in upper case)
 * @param token - the verified token, if the request carried a valid one; rules never verify tokens
 * @throws AuthError `config_invalid` only when given an uncompiled, invalid `RulesConfig`
 * @example
 * ```ts
 * const d = authorize(rules, { path: '/admin/x', method: 'GET' }, token);
 * if (d.outcome !== 'allow') log({ event: d.reason, detail: d.detail });
 * ```
 */
export function authorize(
  rules: RulesConfig | CompiledRules,
  request: AccessRequest,
  token?: VerifiedToken,
): RuleDecision {
  return decide(toRuleSet(rules), request, token);
}

/**
 * Compiles `rules` once and returns an {@link Authorizer} closed over them: the fastest way to decide.
 *
 * @param rules - rules to compile, or already compiled rules
 * @throws AuthError `config_invalid` when `rules` are invalid (see `compileRules`)
 */
export function createAuthorizer(rules: RulesConfig | CompiledRules): Authorizer {
  return authorizerFor(toRuleSet(rules) as CompiledRules);
}

/**
 * {@link createAuthorizer} for rules already compiled (`compileRules` or `compileValidatedRules`): never
 * validates, so bundles carry no rule validator. The decision is the same.
 *
 * @param rules - compiled rules
 */
export function authorizerFor(rules: CompiledRules): Authorizer {
  const set = rules instanceof RuleSet ? rules : new RuleSet(rules.source);
  return (request, token, after) =>
    after !== undefined && token !== undefined
      ? resume(set, request, token, after)
      : decide(set, request, token);
}

function decide(
  set: RuleSet,
  request: AccessRequest,
  token: VerifiedToken | undefined,
  from = 0,
): RuleDecision {
  const path = checkPath(request.path);
  if (isPathProblem(path)) return rejected(path);
  const method = upperMethod(request.method);
  const rule = set.index.first(path, from, (r) => r.matchesMethod(method) && r.matchesPath(path, token));
  return rule === undefined ? defaultDecision(set, token) : decideRule(rule, token);
}

/** The second decision of a request, with its token, from the first one made without (see `Authorizer`). */
function resume(
  set: RuleSet,
  request: AccessRequest,
  token: VerifiedToken,
  first: RuleDecision,
): RuleDecision {
  // Only "a token is needed" depends on the token; every other anonymous decision stands.
  if (first.outcome !== 'unauthenticated') return first;
  if (first.ruleIndex < 0) return defaultDecision(set, token);
  const rule = set.rules[first.ruleIndex]!;
  // A rule without claim placeholders matched the path and method already: it decides.
  if (!rule.interpolated) return decideRule(rule, token);
  return decide(set, request, token, first.ruleIndex);
}

function defaultDecision(set: RuleSet, token: VerifiedToken | undefined): RuleDecision {
  const d = set.defaultDecisions;
  switch (set.defaultAccess) {
    case 'public':
      return d.public;
    case 'deny':
      return d.deny;
    default:
      return token === undefined ? d.credentials : d.authenticated;
  }
}

function decideRule(rule: Rule, token: VerifiedToken | undefined): RuleDecision {
  if (rule.access === 'deny') return rule.deny;
  if (rule.interpolated && token === undefined) return rule.credentials;
  if (rule.access === 'public') return rule.allow;
  if (token === undefined) return rule.credentials;
  const k = firstUnmet(rule.requirements, token);
  return k < 0 ? rule.allow : rule.unmet[k]!;
}

function rejected(r: PathRejection): RuleDecision {
  return badRequest.get(r.problem)!;
}

const requirementsCache = new WeakMap<RuleConfig, CompiledRequirements>();

/**
 * Checks only a rule's requirements (`groups` any-of, `allGroups`, `scopes`, `claims`, in that order)
 * against a verified token, ignoring its pattern, methods and `access`. The API Gateway policy builder
 * uses it to decide, per rule, whether this token gets an Allow or a Deny.
 *
 * @param rule - a compiled rule (fast) or a rule config (compiled on first use, cached per object)
 * @param token - the verified token
 * @returns `{ ok: true }` (shared `REQUIREMENTS_MET`) or the first unmet requirement with its
 *   reason (`group_missing`, `scope_missing`, `claim_mismatch`) and a detail naming the requirement
 * @example
 * ```ts
 * const r = evaluateRequirements({ path: '/admin/*', groups: ['admins'] }, token);
 * if (!r.ok) console.log(r.reason); // 'group_missing'
 * ```
 */
export function evaluateRequirements(
  rule: CompiledRule | RuleConfig,
  token: VerifiedToken,
): RequirementResult {
  if (isRule(rule)) return checkRequirements(rule.requirements, token);
  const config = rule as RuleConfig;
  let req = requirementsCache.get(config);
  if (req === undefined) {
    req = compileRequirements(config);
    requirementsCache.set(config, req);
  }
  return checkRequirements(req, token);
}

/** The method in upper case; the same string (no allocation) when it already is. */
function upperMethod(method: unknown): string {
  if (typeof method !== 'string') return '';
  for (let i = 0; i < method.length; i++) {
    const c = method.charCodeAt(i);
    if (c >= 0x61 && c <= 0x7a) return method.toUpperCase();
  }
  return method;
}
