/**
 * A rule's requirements on a verified token: groups (any-of / all-of), scopes (all), claims (equals /
 * in-list). Compiled once; checking a token allocates nothing and returns precomputed results.
 *
 * @module
 */
import type { RuleConfig } from '../config.js';
import type { VerifiedToken } from '../verify/types.js';

/** A requirement the token does not meet. `detail` names the requirement from config, never token values. */
export interface RequirementFailure {
  readonly ok: false;
  readonly reason: 'group_missing' | 'scope_missing' | 'claim_mismatch';
  readonly detail: string;
}

/** Result of {@link evaluateRequirements}. */
export type RequirementResult = { readonly ok: true } | RequirementFailure;

/** The shared "all requirements met" result. */
export const REQUIREMENTS_MET: RequirementResult = Object.freeze({ ok: true });

/** Precompiled requirements of one rule. */
export interface CompiledRequirements {
  /** Whether the rule has any requirement (`groups`, `allGroups`, `scopes` or `claims`). */
  readonly any: boolean;
  /** Every possible failure, in checking order; {@link firstUnmet} returns an index into it. */
  readonly failures: readonly RequirementFailure[];
  /** @internal */
  readonly groups: readonly string[] | undefined;
  /** @internal */
  readonly allGroups: readonly string[];
  /** @internal */
  readonly scopes: readonly string[];
  /** @internal claim name → accepted values */
  readonly claims: readonly (readonly [string, readonly string[]])[];
}

/**
 * Compiles a rule's requirements. An empty `groups` list can never be satisfied (any-of nothing: fail
 * closed); empty `allGroups`/`scopes` lists require nothing (`validateRules` reports all three).
 *
 * @param rule - the rule (already validated at build time)
 */
export function compileRequirements(rule: RuleConfig): CompiledRequirements {
  const failures: RequirementFailure[] = [];
  const fail = (reason: RequirementFailure['reason'], detail: string): void => {
    failures.push(Object.freeze({ ok: false, reason, detail }));
  };
  const groups = rule.groups === undefined ? undefined : [...rule.groups];
  if (groups !== undefined) fail('group_missing', `requires one of groups [${groups.join(', ')}]`);
  const allGroups = [...(rule.allGroups ?? [])];
  for (const g of allGroups)
    fail('group_missing', `requires group "${g}" (all of [${allGroups.join(', ')}])`);
  const scopes = [...(rule.scopes ?? [])];
  for (const s of scopes) fail('scope_missing', `requires scope "${s}"`);
  const claims = Object.entries(rule.claims ?? {}).map(
    ([name, expected]) => [name, typeof expected === 'string' ? [expected] : [...expected]] as const,
  );
  for (const [name, values] of claims) {
    fail(
      'claim_mismatch',
      `requires claim "${name}" to be ${values.length === 1 ? '' : 'one of '}${JSON.stringify(values.length === 1 ? values[0] : values)}`,
    );
  }
  return { any: failures.length > 0, failures, groups, allGroups, scopes, claims };
}

/**
 * Index into `req.failures` of the first requirement `token` does not meet, or -1 when all are met.
 * Order: `groups`, then each of `allGroups`, `scopes`, `claims`.
 */
export function firstUnmet(req: CompiledRequirements, token: VerifiedToken): number {
  let k = 0;
  if (req.groups !== undefined) {
    if (!includesAny(token.groups, req.groups)) return k;
    k++;
  }
  for (const g of req.allGroups) {
    if (!token.groups.includes(g)) return k;
    k++;
  }
  for (const s of req.scopes) {
    if (!token.scopes.includes(s)) return k;
    k++;
  }
  for (const [name, values] of req.claims) {
    if (!claimHasValue(token.claims[name], values)) return k;
    k++;
  }
  return -1;
}

function includesAny(have: readonly string[], wanted: readonly string[]): boolean {
  for (const w of wanted) if (have.includes(w)) return true;
  return false;
}

/**
 * True when a claim value equals one of `accepted`, compared as strings: a string as is, a number or
 * boolean in its JSON spelling (`5` equals `"5"`, `true` equals `"true"`), an array when any scalar
 * element does. `null`, objects and a missing claim never match.
 */
function claimHasValue(value: unknown, accepted: readonly string[]): boolean {
  if (Array.isArray(value)) {
    for (const v of value) if (!Array.isArray(v) && claimHasValue(v, accepted)) return true;
    return false;
  }
  if (typeof value === 'string') return accepted.includes(value);
  if (typeof value === 'number' || typeof value === 'boolean') return accepted.includes(String(value));
  return false;
}

/**
 * Checks a rule's requirements against a verified token (the token is not re-verified here).
 *
 * @param req - from {@link compileRequirements}
 * @param token - the verified token
 * @returns {@link REQUIREMENTS_MET} or the first failing requirement
 */
export function checkRequirements(req: CompiledRequirements, token: VerifiedToken): RequirementResult {
  const k = firstUnmet(req, token);
  return k < 0 ? REQUIREMENTS_MET : req.failures[k]!;
}
