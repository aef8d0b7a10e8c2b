/**
 * The IAM policy an authorizer returns: cache-safe by default (every route this token may call, Denies
 * where the rules refuse it), or for the current method ARN only.
 *
 * @see [Amazon API Gateway Developer Guide - Output from an API Gateway Lambda authorizer](https://docs.aws.amazon.com/apigateway/latest/developerguide/api-gateway-lambda-authorizer-output.html)
 * @module
 */
import type { PolicyDocument } from 'aws-lambda';
import { AuthError } from '../core/errors.js';
import type { CompiledRule, CompiledRules } from '../core/rules/index.js';
import {
  collectResourceGlobs,
  evaluateRequirements,
  parseResourceTemplate,
  ruleResourceGlobs,
} from '../core/rules/index.js';
import type { RuleDecision } from '../core/rules/types.js';
import type { VerifiedToken } from '../core/verify/types.js';
import { arnPrefix, type ExecuteApiArn, formatExecuteApiArn, resourceArn } from './arn.js';
import { DEFAULT_MAX_RESOURCES, type PolicyConfig } from './config.js';
import { MAX_POLICY_RESOURCE_LENGTH } from './contract.js';
import { compilePolicy, type PolicyEvaluator } from './iam-evaluator.js';
import {
  globLanguage,
  type PathLanguage,
  pathPatternLanguage,
  type TemplateSegment,
  templateGlob,
  templateGlobIsExact,
  templateLanguage,
  templateWithin,
} from './patterns.js';
import { type PlanRoute, type PlanRule, type PlanStatement, parseRoutes, planPolicy } from './policy-plan.js';

/** The policy for one invocation. */
export interface BuiltPolicy {
  readonly document: PolicyDocument;
  /** `cache-safe`: covers the token's other routes; `method`: the current ARN only. */
  readonly scope: 'cache-safe' | 'method';
  /** Why a cache-safe policy could not be built (logged as `policy_fallback`). */
  readonly fallbackReason?: string;
}

/** Builds policies for one authorizer; create once at module scope. */
export interface PolicyBuilder {
  /**
   * @param arn - the parsed method/route ARN of the current request
   * @param token - the verified token
   * @param decision - the rules' decision for the current request (its effect is what the policy must
   *   give the current ARN)
   * @param requestArn - the ARN string the event carried (`arn` parsed from it); default
   *   `formatExecuteApiArn(arn)`, the same string rebuilt
   * @throws AuthError `path_invalid` when only a policy for the current ARN would do and that ARN is longer
   *   than a policy resource may be (512 characters): the authorizer answers `Unauthorized` (401)
   */
  build(arn: ExecuteApiArn, token: VerifiedToken, decision: RuleDecision, requestArn?: string): BuiltPolicy;
}

/**
 * Denies appended to every cache-safe policy, as tails after `{arnPrefix}/*`: the paths the rules' path
 * hygiene refuses (percent-escapes, empty segments, dot-segments, backslashes), and every path with a `;`.
 * A cached policy is applied by IAM to the raw method ARN of later requests and can run neither the
 * hygiene check nor the rules' second reading of a path without its `;params` (`/admin;x/y` is `/admin/y`
 * to a servlet container, yet no IAM glob of `/admin/*` matches it), so it must refuse them outright
 * (fail closed). A legitimate percent-encoded path or path with `;` is refused too; when the current
 * request has one, the method policy is returned instead (see docs/apigateway.md).
 */
export const HYGIENE_GUARDS: readonly string[] = ['%*', ';*', '//*', '/./*', '/../*', '/.', '/..', '\\*'];

/**
 * Why an authorizer with `originPaths: "iis"` never returns a cache-safe policy: IAM compares resource
 * ARNs case-sensitively, so a cached policy would let `/ADMIN/x` past a Deny of `/admin/*`.
 */
const IIS_FALLBACK =
  'originPaths "iis": IAM matches resource ARNs case-sensitively, a cached policy cannot follow a case-insensitive origin';

/** Plans kept per distinct token "shape" (effects and interpolated globs). */
const PLAN_CACHE_SIZE = 256;

/**
 * Request ARNs whose check against a cached document is remembered (see {@link CheckMemo}). Bounds the
 * memory to this many ARN strings (each at most `MAX_ARN_LENGTH` characters), whatever the number of
 * documents.
 */
const CHECK_MEMO_SIZE = 512;

/** The token-independent part of a rule's plan view (see {@link staticView}). */
export interface StaticRule {
  readonly rule: CompiledRule;
  /** Globs/languages when they do not depend on the token. */
  readonly fixed?: { readonly globs: string[]; readonly languages: PathLanguage[] };
  readonly template?: readonly TemplateSegment[];
  /** Whether the globs cover exactly the rule's paths. */
  readonly exact: boolean;
}

function withSlash(glob: string): string {
  return glob.startsWith('/') ? glob : `/${glob}`;
}

/** Precomputes what does not depend on the token: globs and languages of rules without claim placeholders. */
export function staticView(rule: CompiledRule): StaticRule {
  if (rule.kind === 'resource') {
    // own glob (greedy `{x+}` → `?*`, exact) rather than ruleResourceGlobs' wider `*`
    const parsed = parseResourceTemplate(rule.pattern);
    const template = parsed.ok ? parsed.template.segments : [];
    return {
      rule,
      template,
      exact: templateGlobIsExact(template),
      fixed: { globs: [templateGlob(template)], languages: [templateLanguage(template)] },
    };
  }
  if (rule.placeholders.length === 0 || rule.access === 'deny') {
    const globs = ruleResourceGlobs(rule).map(withSlash);
    return {
      rule,
      exact: rule.globsExact,
      fixed: { globs, languages: [pathPatternLanguage(rule.pattern)] },
    };
  }
  return { rule, exact: rule.globsExact };
}

/** The rule's effect for a token that reached it. */
function effectFor(rule: CompiledRule, token: VerifiedToken): 'allow' | 'deny' {
  if (rule.access === 'deny') return 'deny';
  if (rule.access === 'public') return 'allow';
  return evaluateRequirements(rule, token).ok ? 'allow' : 'deny';
}

/**
 * The plan view of one rule for one token.
 *
 * @param effect - overrides the token's effect (build-time validation enumerates effects)
 */
export function toPlanRule(
  view: StaticRule,
  token: VerifiedToken,
  effect = effectFor(view.rule, token),
): PlanRule {
  const { rule } = view;
  const interpolated = view.fixed === undefined ? collectResourceGlobs(rule, token) : undefined;
  const globs = view.fixed?.globs ?? interpolated!.globs.map(withSlash);
  const languages = view.fixed?.languages ?? globs.map(globLanguage);
  const template = view.template;
  const exactGlobs = rule.kind === 'path' && !(rule.placeholders.length > 0 && rule.access === 'deny');
  return {
    index: rule.index,
    methods: rule.methods,
    effect,
    globs,
    languages,
    exact: view.exact,
    truncated: interpolated?.truncated === true,
    covers: (t) =>
      template !== undefined
        ? templateWithin(t, { template })
        : exactGlobs && globs.some((g) => templateWithin(t, { glob: g })),
  };
}

/**
 * Cache key: what the plan depends on for this token — each rule's effect and interpolated globs, and
 * whether those were cut (two tokens whose first 100 groups agree must not share a plan when only one of
 * them has a 101st).
 */
function planKey(views: readonly StaticRule[], token: VerifiedToken): string {
  let key = '';
  for (const v of views) {
    key += effectFor(v.rule, token) === 'allow' ? 'a' : 'd';
    if (v.fixed === undefined) {
      const { globs, truncated } = collectResourceGlobs(v.rule, token);
      key += JSON.stringify(globs);
      if (truncated) key += '+';
    }
  }
  return key;
}

/**
 * The policy for the current method ARN only.
 *
 * @throws AuthError `path_invalid` when the ARN is longer than a policy resource may be (512 characters):
 *   such a result is refused by API Gateway (500), and no shorter resource names exactly this request
 */
function methodPolicy(arn: ExecuteApiArn, decision: RuleDecision, fallbackReason?: string): BuiltPolicy {
  const resource = formatExecuteApiArn(arn);
  if (resource.length > MAX_POLICY_RESOURCE_LENGTH) {
    throw new AuthError(
      'path_invalid',
      `the method ARN is longer than the ${MAX_POLICY_RESOURCE_LENGTH} characters of a policy resource`,
    );
  }
  const document: PolicyDocument = {
    Version: '2012-10-17',
    Statement: [
      {
        Action: 'execute-api:Invoke',
        Effect: decision.outcome === 'allow' ? 'Allow' : 'Deny',
        Resource: resource,
      },
    ],
  };
  return fallbackReason === undefined
    ? { document, scope: 'method' }
    : { document, scope: 'method', fallbackReason };
}

function render(arn: ExecuteApiArn, statements: readonly PlanStatement[]): PolicyDocument {
  const allow: string[] = [];
  const deny: string[] = [];
  for (const s of statements) {
    const r = resourceArn(arn, s.verb, s.glob);
    const list = s.effect === 'Allow' ? allow : deny;
    if (!list.includes(r)) list.push(r);
  }
  const Statement: PolicyDocument['Statement'] = [];
  for (const tail of HYGIENE_GUARDS) deny.push(`${arnPrefix(arn)}/*${tail}`);
  if (allow.length > 0) Statement.push({ Action: 'execute-api:Invoke', Effect: 'Allow', Resource: allow });
  if (deny.length > 0) Statement.push({ Action: 'execute-api:Invoke', Effect: 'Deny', Resource: deny });
  return { Version: '2012-10-17', Statement };
}

function resourceCount(document: PolicyDocument): number {
  let n = 0;
  for (const s of document.Statement) {
    const r = 'Resource' in s ? s.Resource : undefined;
    n += Array.isArray(r) ? r.length : 1;
  }
  return n;
}

function tooLong(document: PolicyDocument): boolean {
  return document.Statement.some((s) => {
    const r = 'Resource' in s ? s.Resource : undefined;
    return (Array.isArray(r) ? r : [r]).some(
      (x) => typeof x === 'string' && x.length > MAX_POLICY_RESOURCE_LENGTH,
    );
  });
}

/** A rendered cache-safe document with its compiled evaluator (used to check it per request). */
interface CheckedDocument {
  readonly document: PolicyDocument;
  readonly evaluate: PolicyEvaluator;
}

/** A rendered document, deep-frozen, or the reason it cannot be returned (size limits). */
function checked(document: PolicyDocument, maxResources: number): CheckedDocument | string {
  if (resourceCount(document) > maxResources) return `policy would name more than ${maxResources} resources`;
  if (tooLong(document)) return `a resource would exceed ${MAX_POLICY_RESOURCE_LENGTH} characters`;
  for (const s of document.Statement) {
    if ('Resource' in s && Array.isArray(s.Resource)) Object.freeze(s.Resource);
    Object.freeze(s);
  }
  Object.freeze(document.Statement);
  return { document: Object.freeze(document), evaluate: compilePolicy(document) };
}

/**
 * Rendered documents (frozen, shared) or the reason they cannot be used, per stage prefix and then plan
 * key; at most {@link PLAN_CACHE_SIZE}, the oldest inserted evicted first. The stage prefix string of the
 * previous lookup is reused when the ARN names the same stage: building and hashing a fresh ~60-character
 * prefix (or a prefix + plan key) was most of the cost of a lookup.
 */
class DocumentCache {
  readonly #byStage = new Map<string, Map<string, CheckedDocument | string>>();
  /** Insertion order, for eviction: `[prefix, plan]`. */
  readonly #order: (readonly [string, string])[] = [];
  #lastArn: ExecuteApiArn | undefined;
  #lastPrefix = '';

  /** `arnPrefix(arn)`, the same string object as last time when the stage is the same. */
  prefixOf(arn: ExecuteApiArn): string {
    const last = this.#lastArn;
    if (
      last === undefined ||
      arn.stage !== last.stage ||
      arn.apiId !== last.apiId ||
      arn.account !== last.account ||
      arn.region !== last.region ||
      arn.partition !== last.partition
    ) {
      this.#lastArn = arn;
      this.#lastPrefix = arnPrefix(arn);
    }
    return this.#lastPrefix;
  }

  get(prefix: string, plan: string): CheckedDocument | string | undefined {
    return this.#byStage.get(prefix)?.get(plan);
  }

  set(prefix: string, plan: string, doc: CheckedDocument | string): void {
    if (this.#order.length >= PLAN_CACHE_SIZE) {
      const [oldPrefix, oldPlan] = this.#order.shift()!;
      const stage = this.#byStage.get(oldPrefix);
      stage?.delete(oldPlan);
      if (stage?.size === 0) this.#byStage.delete(oldPrefix);
    }
    let stage = this.#byStage.get(prefix);
    if (stage === undefined) {
      stage = new Map();
      this.#byStage.set(prefix, stage);
    }
    stage.set(plan, doc);
    this.#order.push([prefix, plan]);
  }
}

/** One remembered check: the document it was made against and the effect the document gave. */
interface CheckEntry {
  readonly doc: CheckedDocument;
  readonly effect: 'Allow' | 'Deny';
}

/**
 * The IAM effect a cached document gives a request ARN, remembered per ARN string for the document it was
 * last evaluated against. The effect is a pure function of (document, ARN) and documents are frozen, so a
 * remembered effect is exactly what evaluating again would give: the check still runs for every request,
 * it is just not recomputed for an ARN seen before with the same document. At most
 * {@link CHECK_MEMO_SIZE} ARNs, the oldest inserted forgotten first; an ARN checked against another
 * document replaces its entry.
 */
class CheckMemo {
  readonly #byArn = new Map<string, CheckEntry>();

  effectOf(doc: CheckedDocument, requestArn: string): 'Allow' | 'Deny' {
    const hit = this.#byArn.get(requestArn);
    if (hit !== undefined && hit.doc === doc) return hit.effect;
    const effect = doc.evaluate(requestArn).effect;
    if (hit === undefined && this.#byArn.size >= CHECK_MEMO_SIZE) {
      this.#byArn.delete(this.#byArn.keys().next().value!);
    }
    this.#byArn.set(requestArn, { doc, effect });
    return effect;
  }
}

/**
 * Creates the policy builder for compiled rules.
 *
 * Cache-safe documents are memoized (deep-frozen) per stage and token shape (which rules the token
 * satisfies, interpolated claim values), at most {@link PLAN_CACHE_SIZE}. Every cache-safe policy is
 * checked against the current request with the IAM evaluator (compiled once per document; its answer
 * remembered per request ARN, see {@link CheckMemo}) before it is
 * returned; a disagreement (which the plan's proof rules out) falls back to the method policy and is
 * reported as such.
 *
 * @param rules - compiled rules
 * @param config - `policy` configuration (mode, routes, maxResources)
 * @throws AuthError-free: a malformed `routes` entry makes every policy a method policy with that reason
 */
export function createPolicyBuilder(rules: CompiledRules, config: PolicyConfig = {}): PolicyBuilder {
  const mode = config.mode ?? 'cache-safe';
  const maxResources = config.maxResources ?? DEFAULT_MAX_RESOURCES;
  const views = rules.rules.map(staticView);
  const defaultEffect = rules.defaultAccess === 'deny' ? 'deny' : 'allow';
  const routes = config.routes === undefined ? undefined : parseRoutes(config.routes);

  const documents = new DocumentCache();
  const checks = new CheckMemo();

  const cacheSafeDocument = (arn: ExecuteApiArn, token: VerifiedToken): CheckedDocument | string => {
    if (typeof routes === 'string') return routes;
    if (rules.originPaths !== 'standard') return IIS_FALLBACK;
    const prefix = documents.prefixOf(arn);
    const plan = planKey(views, token);
    let doc = documents.get(prefix, plan);
    if (doc === undefined) {
      const p = planPolicy(
        views.map((v) => toPlanRule(v, token)),
        defaultEffect,
        routes as PlanRoute[] | undefined,
      );
      doc = p.ok ? checked(render(arn, p.statements), maxResources) : p.reason;
      documents.set(prefix, plan, doc);
    }
    return doc;
  };

  return {
    build(arn, token, decision, requestArn) {
      // a path refused by hygiene was never matched against the rules: refuse exactly this ARN
      if (mode === 'method' || arn.verb === undefined || decision.outcome === 'bad_request') {
        return methodPolicy(arn, decision);
      }
      const cached = cacheSafeDocument(arn, token);
      if (typeof cached === 'string') return methodPolicy(arn, decision, cached);
      const expected = decision.outcome === 'allow' ? 'Allow' : 'Deny';
      // The event's own string when given: cheaper to evaluate than a freshly concatenated one
      // (docs/verification.md, "Where the time went").
      if (checks.effectOf(cached, requestArn ?? formatExecuteApiArn(arn)) !== expected) {
        return methodPolicy(
          arn,
          decision,
          'cache-safe policy disagrees with the rules for the current request',
        );
      }
      return { document: cached.document, scope: 'cache-safe' };
    },
  };
}
