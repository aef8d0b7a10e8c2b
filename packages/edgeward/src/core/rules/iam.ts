/**
 * Rules as IAM `execute-api` resource globs, for the API Gateway policy builder.
 *
 * A method ARN is `arn:{partition}:execute-api:{region}:{account}:{apiId}/{stage}/{VERB}/{path}`; this
 * module produces the `{path}` part (no leading `/`). IAM resource wildcards are `*` (any characters,
 * including `/`) and `?` (one character), the same as CloudFront path patterns.
 *
 * First match wins vs. explicit Deny wins: rules are ordered, an IAM policy is not. For one token, each
 * rule has an effect ({@link ruleEffect}) over its globs; a policy with one statement per rule plus an
 * Allow of `*` when the default lets this token in decides like the rules **exactly** when no
 * Allow-effect rule overlaps a **later** Deny-effect rule (in IAM the later Deny would win, so the policy
 * is stricter than the rules: safe, but a 403 the rules would not give) and the Allow-effect rules have
 * exact globs (`CompiledRule.globsExact`) or their widening (`{id}` → `*`) only reaches paths the rules
 * also allow. With a refusing default, a Deny statement is only needed for a deny rule that a later
 * Allow-effect rule overlaps (implicit deny covers the rest), which also avoids the stricter case above.
 * Orderings and examples: `docs/rules.md` ("From rules to an IAM policy").
 *
 * @see https://docs.aws.amazon.com/apigateway/latest/developerguide/api-gateway-control-access-using-iam-policies-to-invoke-api.html
 * @see https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_resource.html#reference_policies_elements_resource_wildcards
 * @module
 */
import type { RuleConfig } from '../config.js';
import type { VerifiedToken } from '../verify/types.js';
import { evaluateRequirements } from './authorize.js';
import { safeClaimValues } from './claims.js';
import { type CompiledRule, toRule } from './compile.js';
import { globParts } from './glob.js';
import { resourceGlob } from './resource.js';

/** At most this many globs per rule (a multi-valued claim × placeholders); beyond it, globs are dropped. */
export const MAX_GLOBS_PER_RULE = 100;

/**
 * The IAM resource-path globs (the part after `{VERB}/` in a method ARN) that `rule` covers for `token`.
 *
 * - `path` rules: the CloudFront pattern with its leading `/` removed (`/admin/*` → `admin/*`, `*.jpg` →
 *   `*.jpg`); `*` and `?` are kept (same meaning in IAM). Placeholders are interpolated **literally** with
 *   each safe value of the claim (`/teams/{cognito:groups}/*` → one glob per group); if a placeholder has
 *   no safe value, or there is no token, the result is `[]` (the rule covers nothing for this caller).
 *   In a deny rule a placeholder becomes `*` (denial never depends on a claim; the glob is then wider).
 * - `resource` rules: `{name}` → `*` and `{name+}` → `*` (`/pets/{id}` → `pets/*`, `/{proxy+}` → `*`);
 *   `*` also crosses `/`, so these globs are wider than the rule (`CompiledRule.globsExact` is false).
 * - The root `/` → `''` (a method ARN for the root resource ends in `/{VERB}/`).
 *
 * Methods are not part of the result: combine each glob with `rule.methods` (or `*` when undefined).
 * At most {@link MAX_GLOBS_PER_RULE} globs are returned (fewer allowed routes, never more).
 *
 * @param rule - a compiled rule (from `compileRules(...).rules`) or a rule config
 * @param token - the verified token (claims for placeholders); undefined for an anonymous caller
 * @returns globs without a leading `/`; `[]` when interpolation fails
 * @throws AuthError `config_invalid` when given an invalid rule config
 * @example
 * ```ts
 * ruleResourceGlobs({ resource: '/pets/{id}' });             // ['pets/*']
 * ruleResourceGlobs({ path: '/users/{sub}/*' }, token);     // ['users/3f2a…/*']
 * ```
 */
export function ruleResourceGlobs(rule: CompiledRule | RuleConfig, token?: VerifiedToken): string[] {
  const r = toRule(rule);
  if (r.resource !== undefined) {
    return [resourceGlob(r.resource)];
  }
  const glob = r.glob!;
  if (r.placeholders.length === 0) return [glob.source.slice(1)];
  let globs = [''];
  for (const part of globParts(glob)) {
    if (part.kind !== 'claim' || !r.interpolated) {
      // a placeholder of a deny rule becomes `*` (denial never depends on a claim)
      const text = part.kind === 'literal' ? part.text : part.kind === 'one' ? '?' : '*';
      globs = globs.map((g) => g + text);
      continue;
    }
    if (token === undefined) return [];
    const values = safeClaimValues(token.claims, part.name);
    if (values.length === 0) return [];
    const next: string[] = [];
    for (const g of globs) {
      for (const v of values) {
        if (next.length === MAX_GLOBS_PER_RULE) break;
        next.push(g + v);
      }
    }
    globs = next;
  }
  return globs.map((g) => g.slice(1));
}

/**
 * The IAM effect a rule has for this token, for the statements of a cache-safe policy: `Deny` for a deny
 * rule; `Allow` for a public rule; for other rules `Allow` when a token is given and meets the
 * requirements (`evaluateRequirements`), else `Deny` (fail closed — an authorizer without a valid token
 * answers 401 before building a policy).
 *
 * @param rule - a compiled rule or a rule config
 * @param token - the verified token
 */
export function ruleEffect(rule: CompiledRule | RuleConfig, token?: VerifiedToken): 'Allow' | 'Deny' {
  const r = toRule(rule);
  if (r.access === 'deny') return 'Deny';
  if (r.access === 'public') return 'Allow';
  return token !== undefined && evaluateRequirements(r, token).ok ? 'Allow' : 'Deny';
}
