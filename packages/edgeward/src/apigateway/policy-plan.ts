/**
 * Translating first-match-wins rules into an IAM policy whose evaluation (explicit Deny wins, else Allow,
 * else deny) gives the same answer for every route — or refusing to, so the caller falls back to a policy
 * for the current `methodArn` only. See docs/apigateway.md ("The cache-safe policy") for the reasoning.
 *
 * Input: the rules as seen by ONE verified token — each rule's effect for that token (`allow` when the
 * token satisfies it, `deny` when the rule refuses it) and its path language; plus the default effect.
 * Output: `(effect, verb, path glob)` triples; the handler turns them into ARNs for the current API/stage.
 *
 * Rule mode (no `routes`): with `P` a rule's exact language and `G ⊇ P` its IAM glob,
 * - default `allow`: `Allow` on every verb and path of the stage; every deny rule `j` gets `Deny G_j`,
 *   which requires `G_j = P_j` and
 *   `G_j ∩ P_i = ∅` for every earlier allow rule `i` (else the Deny would refuse what rule `i` allows);
 * - default `deny`: `Allow G_i` for each allow rule (requires `G_i = P_i`); a deny rule `j` is emitted only
 *   when some `G_i` overlaps `P_j`, and then must not overlap an earlier allow rule (nor, when inexact,
 *   any allow rule).
 * Routes mode (`routes` listed): each route (per verb) is decided by the first rule whose language meets
 * it — that rule must CONTAIN the route, else the decision would vary across the route's paths and the
 * plan fails; allowed routes get `Allow`, denied routes overlapped by an Allow get `Deny`, and no Deny may
 * meet an allowed route.
 * Exactness is over well-formed paths: the policy builder adds Denies for the paths the rules' hygiene
 * refuses (see `HYGIENE_GUARDS` in policy.ts).
 *
 * @module
 */
import { parseResourceTemplate, RULE_METHODS } from '../core/rules/index.js';
import {
  globLanguage,
  languagesIntersect,
  type PathLanguage,
  type TemplateSegment,
  templateGlob,
  templateLanguage,
} from './patterns.js';

/** One rule as seen by one token. */
export interface PlanRule {
  /** Position in the rules (for messages). */
  readonly index: number;
  /** Upper-case verbs, or `undefined` for every verb. */
  readonly methods: readonly string[] | undefined;
  /** `allow`: the token satisfies the rule; `deny`: the rule refuses the token. */
  readonly effect: 'allow' | 'deny';
  /** The rule's exact path languages for this token (paths with a leading `/`); empty = matches nothing. */
  readonly languages: readonly PathLanguage[];
  /** IAM path globs (with a leading `/`) whose union covers `languages`. */
  readonly globs: readonly string[];
  /** Whether the globs' union equals the languages' union. */
  readonly exact: boolean;
  /**
   * Proves that every path of a resource template belongs to this rule (conservative: `false` = not
   * proven).
   */
  readonly covers: (template: readonly TemplateSegment[]) => boolean;
}

/** One API route for routes mode. */
export interface PlanRoute {
  /** Upper-case concrete verb (`ANY` is expanded by {@link parseRoutes}). */
  readonly verb: string;
  readonly template: readonly TemplateSegment[];
  /** As configured, for messages. */
  readonly label: string;
}

/** A policy statement before ARNs are built. `verb` may be `*`; `glob` has a leading `/` or is `*`. */
export interface PlanStatement {
  readonly effect: 'Allow' | 'Deny';
  readonly verb: string;
  readonly glob: string;
}

/** Result of {@link planPolicy}. */
export type PolicyPlan =
  | { readonly ok: true; readonly statements: readonly PlanStatement[] }
  | { readonly ok: false; readonly reason: string };

/** The verbs an `ANY` route stands for (the rule model's methods). */
export const HTTP_VERBS: readonly string[] = RULE_METHODS;

/** Parses `"VERB /template"` routes; `ANY` expands to {@link HTTP_VERBS}. Returns an error string when malformed. */
export function parseRoutes(routes: readonly string[]): PlanRoute[] | string {
  const out: PlanRoute[] = [];
  for (const [i, route] of routes.entries()) {
    const m = /^([A-Z]+) (\/\S*)$/.exec(route);
    if (m === null) return `policy.routes[${i}]: expected "VERB /resource", e.g. "GET /pets/{id}"`;
    const parsed = parseResourceTemplate(m[2]!);
    if (!parsed.ok)
      return `policy.routes[${i}]: "${m[2]}" is not a valid API Gateway resource path: ${parsed.error}`;
    const template = parsed.template.segments;
    const verbs = m[1] === 'ANY' ? HTTP_VERBS : [m[1]!];
    for (const verb of verbs) out.push({ verb, template, label: route });
  }
  return out;
}

function verbsMeet(a: readonly string[] | undefined, b: readonly string[] | undefined): boolean {
  if (a === undefined || b === undefined) return true;
  return a.some((v) => b.includes(v));
}

function languagesMeet(a: readonly PathLanguage[], b: readonly PathLanguage[]): boolean {
  return a.some((x) => b.some((y) => languagesIntersect([x, y])));
}

function verbsOf(rule: PlanRule): readonly string[] {
  return rule.methods ?? ['*'];
}

/** Rule mode, see the module comment. */
function planFromRules(rules: readonly PlanRule[], defaultEffect: 'allow' | 'deny'): PolicyPlan {
  const active = rules.filter((r) => r.languages.length > 0);
  const globLanguages = new Map<PlanRule, PathLanguage[]>(active.map((r) => [r, r.globs.map(globLanguage)]));
  const statements: PlanStatement[] = [];
  if (defaultEffect === 'allow') statements.push({ effect: 'Allow', verb: '*', glob: '*' });
  else {
    for (const r of active) {
      if (r.effect !== 'allow') continue;
      if (!r.exact)
        return {
          ok: false,
          reason: `rule ${r.index}: its IAM glob is wider than the rule and the default is deny`,
        };
      for (const verb of verbsOf(r))
        for (const glob of r.globs) statements.push({ effect: 'Allow', verb, glob });
    }
  }
  active.forEach((deny, j) => {
    if (deny.effect !== 'deny') return;
    const needed =
      defaultEffect === 'allow' ||
      active.some(
        (a) =>
          a.effect === 'allow' &&
          verbsMeet(a.methods, deny.methods) &&
          languagesMeet(globLanguages.get(a)!, deny.languages),
      );
    if (!needed) return;
    if (!deny.exact && defaultEffect === 'allow') {
      throw new PlanFailure(
        `rule ${deny.index}: its IAM glob is wider than the rule and the default is allow`,
      );
    }
    active.forEach((allow, i) => {
      if (allow.effect !== 'allow' || (i > j && deny.exact)) return;
      if (
        verbsMeet(allow.methods, deny.methods) &&
        languagesMeet(globLanguages.get(deny)!, allow.languages)
      ) {
        throw new PlanFailure(`rule ${deny.index} (refused) overlaps rule ${allow.index} (allowed)`);
      }
    });
    for (const verb of verbsOf(deny))
      for (const glob of deny.globs) statements.push({ effect: 'Deny', verb, glob });
  });
  return { ok: true, statements };
}

class PlanFailure extends Error {}

/** Routes mode, see the module comment. */
function planFromRoutes(
  rules: readonly PlanRule[],
  defaultEffect: 'allow' | 'deny',
  routes: readonly PlanRoute[],
): PolicyPlan {
  const allowed: PlanRoute[] = [];
  const denied: PlanRoute[] = [];
  for (const route of routes) {
    const language = templateLanguage(route.template);
    let effect = defaultEffect;
    for (const rule of rules) {
      if (rule.methods !== undefined && !rule.methods.includes(route.verb)) continue;
      if (!rule.languages.some((l) => languagesIntersect([l, language]))) continue;
      if (!rule.covers(route.template)) {
        return { ok: false, reason: `route "${route.label}" is only partly matched by rule ${rule.index}` };
      }
      effect = rule.effect;
      break;
    }
    (effect === 'allow' ? allowed : denied).push(route);
  }
  const statements: PlanStatement[] = [];
  const allowGlobs = allowed.map((r) => ({
    route: r,
    glob: templateGlob(r.template),
    language: templateLanguage(r.template),
  }));
  for (const a of allowGlobs) statements.push({ effect: 'Allow', verb: a.route.verb, glob: a.glob });
  for (const d of denied) {
    const language = templateLanguage(d.template);
    const needed = allowGlobs.some(
      (a) => a.route.verb === d.verb && languagesIntersect([globLanguage(a.glob), language]),
    );
    if (!needed) continue;
    const glob = templateGlob(d.template);
    const denyLanguage = globLanguage(glob);
    const hit = allowGlobs.find(
      (a) => a.route.verb === d.verb && languagesIntersect([denyLanguage, a.language]),
    );
    if (hit !== undefined) {
      return {
        ok: false,
        reason: `refused route "${d.label}" cannot be carved out of allowed route "${hit.route.label}"`,
      };
    }
    statements.push({ effect: 'Deny', verb: d.verb, glob });
  }
  return { ok: true, statements: compressVerbs(statements) };
}

/** Replaces the seven verbs of one (effect, glob) by `*`, and drops duplicates. */
function compressVerbs(statements: readonly PlanStatement[]): PlanStatement[] {
  const byKey = new Map<string, Set<string>>();
  for (const s of statements) {
    const key = `${s.effect} ${s.glob}`;
    const verbs = byKey.get(key) ?? new Set<string>();
    verbs.add(s.verb);
    byKey.set(key, verbs);
  }
  const out: PlanStatement[] = [];
  for (const [key, verbs] of byKey) {
    const space = key.indexOf(' ');
    const effect = key.slice(0, space) as 'Allow' | 'Deny';
    const glob = key.slice(space + 1);
    if (HTTP_VERBS.every((v) => verbs.has(v))) out.push({ effect, verb: '*', glob });
    else for (const verb of verbs) out.push({ effect, verb, glob });
  }
  return out;
}

/**
 * Plans the cache-safe policy for one token.
 *
 * @param rules - every rule in order, as seen by the token
 * @param defaultEffect - the effect for paths no rule matches (`allow` for `public`/`authenticated`)
 * @param routes - when given, routes mode
 * @returns the statements, or `ok: false` with the reason exactness could not be proven
 */
export function planPolicy(
  rules: readonly PlanRule[],
  defaultEffect: 'allow' | 'deny',
  routes?: readonly PlanRoute[],
): PolicyPlan {
  try {
    return routes === undefined
      ? planFromRules(rules, defaultEffect)
      : planFromRoutes(rules, defaultEffect, routes);
  } catch (e) {
    if (e instanceof PlanFailure) return { ok: false, reason: e.message };
    throw e;
  }
}
