/**
 * A small IAM policy evaluator for `execute-api:Invoke`, as API Gateway applies an authorizer's policy to a
 * request's method/route ARN: an explicit `Deny` wins, else an `Allow` grants, else the request is denied
 * (implicit deny). Used by the tests and by the local API Gateway emulator (`src/local/`).
 *
 * Supported: `Effect`, `Action`/`NotAction`, `Resource`/`NotResource` (string or array), wildcards `*`
 * (any characters, including `/` and `:`) and `?` (exactly one character) in actions and resources.
 * Resource matching is case-sensitive, action matching case-insensitive (as in IAM). `Condition` blocks are
 * not evaluated: an `Allow` with a condition is ignored and a `Deny` with a condition applies (fail closed).
 *
 * @see https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_evaluation-logic.html
 * @see https://docs.aws.amazon.com/apigateway/latest/developerguide/api-gateway-control-access-using-iam-policies-to-invoke-api.html
 * @module
 */

/** The decision for one request. */
export interface IamDecision {
  readonly effect: 'Allow' | 'Deny';
  /** `explicit-deny`, `allow`, or `implicit-deny` (no Allow matched). */
  readonly reason: 'explicit-deny' | 'allow' | 'implicit-deny';
  /** Index of the deciding statement (-1 for implicit deny). */
  readonly statementIndex: number;
}

/**
 * True when `value` matches the IAM wildcard `pattern` (`*` any run of characters, `?` one character).
 * Linear-time two-pointer algorithm with single backtrack point: no RegExp, no exponential blow-up.
 */
export function iamWildcardMatch(pattern: string, value: string): boolean {
  let p = 0;
  let v = 0;
  let starP = -1;
  let starV = 0;
  while (v < value.length) {
    const pc = pattern[p];
    if (pc === '*') {
      starP = p++;
      starV = v;
    } else if (pc !== undefined && (pc === '?' || pc === value[v])) {
      p++;
      v++;
    } else if (starP >= 0) {
      p = starP + 1;
      v = ++starV;
    } else return false;
  }
  while (pattern[p] === '*') p++;
  return p === pattern.length;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function asList(value: unknown): readonly unknown[] | undefined {
  if (typeof value === 'string') return [value];
  if (Array.isArray(value)) return value;
  return undefined;
}

function anyMatches(patterns: readonly unknown[], value: string, caseInsensitive: boolean): boolean {
  const v = caseInsensitive ? value.toLowerCase() : value;
  return patterns.some(
    (p) => typeof p === 'string' && iamWildcardMatch(caseInsensitive ? p.toLowerCase() : p, v),
  );
}

/** Whether one statement's action and resource parts cover the request. */
function statementApplies(statement: Record<string, unknown>, action: string, resource: string): boolean {
  const actions = asList(statement['Action']);
  const notActions = asList(statement['NotAction']);
  const actionOk =
    actions !== undefined
      ? anyMatches(actions, action, true)
      : notActions !== undefined && !anyMatches(notActions, action, true);
  if (!actionOk) return false;
  const resources = asList(statement['Resource']);
  const notResources = asList(statement['NotResource']);
  if (resources !== undefined) return anyMatches(resources, resource, false);
  return notResources !== undefined && !anyMatches(notResources, resource, false);
}

/**
 * Evaluates a policy document against one request ARN for `execute-api:Invoke`.
 *
 * Malformed documents never allow: a non-object document, a missing `Statement`, or statements that are
 * not objects simply match nothing (implicit deny).
 *
 * @param policyDocument - the authorizer result's `policyDocument`
 * @param resourceArn - the request's `methodArn` / `routeArn`
 * @param action - default `execute-api:Invoke`
 */
export function evaluatePolicy(
  policyDocument: unknown,
  resourceArn: string,
  action = 'execute-api:Invoke',
): IamDecision {
  const raw = isObject(policyDocument) ? policyDocument['Statement'] : undefined;
  const list: readonly unknown[] = Array.isArray(raw) ? raw : isObject(raw) ? [raw] : [];
  let allowIndex = -1;
  for (let i = 0; i < list.length; i++) {
    const st = list[i];
    if (!isObject(st)) continue;
    const statement = st;
    const effect = statement['Effect'];
    const hasCondition = statement['Condition'] !== undefined;
    if (!statementApplies(statement, action, resourceArn)) continue;
    if (effect === 'Deny') return { effect: 'Deny', reason: 'explicit-deny', statementIndex: i };
    if (effect === 'Allow' && !hasCondition && allowIndex < 0) allowIndex = i;
  }
  if (allowIndex >= 0) return { effect: 'Allow', reason: 'allow', statementIndex: allowIndex };
  return { effect: 'Deny', reason: 'implicit-deny', statementIndex: -1 };
}
