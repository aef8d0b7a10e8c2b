/**
 * Compiled rules: patterns parsed, requirements indexed and every possible {@link RuleDecision}
 * precomputed once, so that deciding a request allocates nothing.
 *
 * @module
 */
import type { OriginPaths, RuleAccess, RuleConfig, RulesConfig } from '../config.js';
import { AuthError } from '../errors.js';
import type { VerifiedToken } from '../verify/types.js';
import { type CompiledGlob, compilePathPattern, matchGlob } from './glob.js';
import { assertOriginPaths, foldRules } from './readings.js';
import { type CompiledRequirements, compileRequirements } from './requirements.js';
import {
  matchResource,
  parseResourceTemplate,
  type ResourceTemplate,
  resourceLiteralSegments,
} from './resource.js';
import { RuleIndex } from './rule-index.js';
import type { RuleDecision, RuleReason } from './types.js';
import { validateRules } from './validate.js';

/**
 * One compiled rule. Obtain it from {@link compileRules}; the fields are what the API Gateway policy
 * builder and `edgeward explain` need.
 */
export interface CompiledRule {
  /** Position in `rules` (first match wins). */
  readonly index: number;
  /** The rule as configured. */
  readonly config: RuleConfig;
  /** Whether the rule matches with a CloudFront path pattern (`path`) or an API Gateway `resource`. */
  readonly kind: 'path' | 'resource';
  /** The `path` or `resource` as configured. */
  readonly pattern: string;
  /**
   * Effective access: `deny` when `access` is `deny`; otherwise `authenticated` when the rule has
   * requirements (even if `access` says `public`: fail closed) or `access` is unset; else `public`.
   */
  readonly access: RuleAccess;
  /** Upper-case methods the rule applies to; `undefined` = every method. */
  readonly methods: readonly string[] | undefined;
  /** The rule's requirements, compiled. */
  readonly requirements: CompiledRequirements;
  /**
   * Claims interpolated in the `path` (e.g. `['sub']`). A non-deny rule with placeholders can only be
   * satisfied by a token; in a deny rule a placeholder matches any segment (denial never depends on a claim).
   */
  readonly placeholders: readonly string[];
  /**
   * Whether the IAM resource globs of this rule (`ruleResourceGlobs`) cover exactly the paths the rule
   * matches. False for resource rules with parameters (`{id}` becomes `*`, which also crosses `/`) and for
   * deny rules with placeholders (a placeholder becomes `*`): the globs are then wider than the rule.
   */
  readonly globsExact: boolean;
  /** Short description for details and logs, e.g. `rule 2 (path "/admin/*", GET,HEAD)`. */
  readonly label: string;
  /** Whether the rule applies to this upper-case HTTP method. */
  matchesMethod(method: string): boolean;
  /**
   * Whether the rule's pattern matches a **normalized** path (from `normalizePath`). For a non-deny
   * rule with placeholders, `token` supplies the claims (matched literally); without a token, placeholders
   * match any non-empty segment (the rule could match for some user).
   */
  matchesPath(path: string, token?: VerifiedToken): boolean;
}

/** Compiled {@link RulesConfig}; build once at module scope with {@link compileRules}. */
export interface CompiledRules {
  readonly rules: readonly CompiledRule[];
  /** Access for unmatched requests (default `authenticated`). */
  readonly defaultAccess: RuleAccess;
  /** The configuration this was compiled from. */
  readonly source: RulesConfig;
  /** How the origin reads paths: which readings each path must satisfy (default `standard`). */
  readonly originPaths: OriginPaths;
}

/** Options of {@link compileRules} and {@link compileValidatedRules}. */
export interface CompileOptions {
  /** How the origin reads paths (the site's or authorizer's `originPaths`). Default `standard`. */
  readonly originPaths?: OriginPaths | undefined;
}

function decision(
  outcome: RuleDecision['outcome'],
  reason: RuleReason,
  ruleIndex: number,
  detail: string,
): RuleDecision {
  return Object.freeze({ outcome, reason, ruleIndex, detail });
}

/**
 * @internal A compiled rule as the decision uses it: {@link CompiledRule} plus the matcher and every
 * decision the rule can produce, precomputed.
 */
export interface Rule extends CompiledRule {
  /** The compiled CloudFront path pattern (`path` rules). */
  readonly glob: CompiledGlob | undefined;
  /** The compiled API Gateway resource (`resource` rules). */
  readonly resource: ResourceTemplate | undefined;
  /** Whether matching needs the token's claims. */
  readonly interpolated: boolean;
  /** The complete literal segments every matching path starts with (see `rule-index.ts`). */
  readonly literalSegments: readonly string[];
  /** The decision when the rule allows (`rule_public`, `rule_requirements_met` or `rule_authenticated`). */
  readonly allow: RuleDecision;
  /** The decision of a deny rule (`rule_denied`). */
  readonly deny: RuleDecision;
  /** The decision when a verified token is needed and absent (`credentials_required`). */
  readonly credentials: RuleDecision;
  /** One per requirement failure, aligned with `requirements.failures`. */
  readonly unmet: readonly RuleDecision[];
}

/** Every {@link Rule} built by {@link compileRule}, to tell a compiled rule from a rule config. */
const compiled = new WeakSet<object>();

/**
 * The complete literal segments before a pattern's first wildcard. A fully literal path pattern keeps
 * its last segment (the path must equal the pattern); otherwise the segment the wildcard is in (or the
 * empty one after a `/`) is left out.
 */
function literalSegmentsOf(glob: CompiledGlob | undefined, resource: ResourceTemplate | undefined): string[] {
  if (globalThis.EDGEWARD_RESOURCE_RULES !== false && resource !== undefined) {
    return resourceLiteralSegments(resource);
  }
  const source = glob!.source;
  let wild = source.length;
  for (let i = 0; i < source.length; i++) {
    const c = source[i];
    if (c === '*' || c === '?' || c === '{') {
      wild = i;
      break;
    }
  }
  const segments = source.slice(1, wild).split('/');
  if (wild < source.length) segments.pop();
  return segments;
}

/** Compiles the rule's `path` (CloudFront path pattern) or `resource` (API Gateway resource path). */
function compileMatcher(
  config: RuleConfig,
  index: number,
): Pick<Rule, 'kind' | 'pattern' | 'glob' | 'resource' | 'placeholders'> {
  if (config.path !== undefined) {
    const r = compilePathPattern(config.path);
    // (the kind only: the sentences are the validator's, which `edgeward build` ran)
    if (!r.ok)
      throw new AuthError('config_invalid', `rules[${index}].path: invalid pattern (${r.problem.kind})`);
    const { glob } = r;
    return { kind: 'path', pattern: config.path, glob, resource: undefined, placeholders: glob.placeholders };
  }
  // (the global check is repeated in place, not shared, and the resource code is inside its branch:
  // esbuild drops the code only so — code after a `throw` in a dead-branch `if` would stay in the bundle)
  if (globalThis.EDGEWARD_RESOURCE_RULES !== false) {
    const r = parseResourceTemplate(config.resource ?? '');
    if (!r.ok) throw new AuthError('config_invalid', `rules[${index}].resource: ${r.error}`);
    return {
      kind: 'resource',
      pattern: r.template.source,
      glob: undefined,
      resource: r.template,
      placeholders: [],
    };
  }
  throw new AuthError('config_invalid', `rules[${index}].resource: not in this bundle`);
}

/**
 * @internal Compiles one rule: its pattern, methods and requirements, and its decisions.
 *
 * @param config - the rule as configured
 * @param index - its position in `rules` (used in labels and decisions)
 * @throws AuthError `config_invalid` when the `path` or `resource` does not compile
 */
export function compileRule(config: RuleConfig, index: number): Rule {
  const methods =
    config.methods === undefined ? undefined : Object.freeze(config.methods.map((m) => m.toUpperCase()));
  const requirements = compileRequirements(config);
  const access: RuleAccess =
    config.access === 'deny'
      ? 'deny'
      : requirements.any
        ? 'authenticated'
        : (config.access ?? 'authenticated');
  const matcher = compileMatcher(config, index);
  const { kind, pattern, glob, resource, placeholders } = matcher;
  const interpolated = placeholders.length > 0 && access !== 'deny';
  const globsExact =
    kind === 'path' ? placeholders.length === 0 || access !== 'deny' : resource!.parameters.length === 0;
  const l = `rule ${index} (${kind} ${JSON.stringify(pattern)}${methods ? `, ${methods.join(',')}` : ''})`;
  const rule: Rule = {
    index,
    config,
    ...matcher,
    access,
    methods,
    requirements,
    interpolated,
    literalSegments: literalSegmentsOf(glob, resource),
    globsExact,
    label: l,
    deny: decision('forbidden', 'rule_denied', index, `${l}: access denied`),
    credentials: decision(
      'unauthenticated',
      'credentials_required',
      index,
      interpolated
        ? `${l}: interpolates claim(s) ${placeholders.join(', ')}; a verified token is required`
        : `${l}: a verified token is required`,
    ),
    allow:
      access === 'public'
        ? decision('allow', 'rule_public', index, `${l}: public`)
        : requirements.any
          ? decision('allow', 'rule_requirements_met', index, `${l}: requirements met`)
          : decision('allow', 'rule_authenticated', index, `${l}: authenticated`),
    unmet: requirements.failures.map((f) => decision('forbidden', f.reason, index, `${l}: ${f.detail}`)),
    matchesMethod: (method) => methods === undefined || methods.includes(method),
    matchesPath: (path, token) =>
      glob !== undefined
        ? matchGlob(glob, path, interpolated && token !== undefined ? token.claims : undefined)
        : globalThis.EDGEWARD_RESOURCE_RULES !== false && matchResource(resource!, path),
  };
  compiled.add(rule);
  return rule;
}

/**
 * @internal `rule` itself when it came from {@link compileRule}; otherwise the rule config compiled (as
 * rule 0).
 *
 * @throws AuthError `config_invalid` when given a rule config whose pattern does not compile
 */
export function toRule(rule: CompiledRule | RuleConfig): Rule {
  return isRule(rule) ? rule : compileRule(rule as RuleConfig, 0);
}

/** @internal Whether `rule` came from {@link compileRule}. */
export function isRule(rule: CompiledRule | RuleConfig): rule is Rule {
  return compiled.has(rule);
}

/** @internal The compiled rule set with its default decisions. */
export class RuleSet implements CompiledRules {
  readonly rules: readonly Rule[];
  readonly defaultAccess: RuleAccess;
  readonly source: RulesConfig;
  readonly originPaths: OriginPaths;
  /** @internal The rules with case-folded patterns, for the folded readings (`originPaths: 'iis'`). */
  readonly folded: RuleSet | undefined;
  /** @internal the rules by literal leading segments */
  readonly index: RuleIndex<Rule>;
  /** @internal */ readonly defaultDecisions: {
    readonly public: RuleDecision;
    readonly authenticated: RuleDecision;
    readonly credentials: RuleDecision;
    readonly deny: RuleDecision;
  };

  constructor(config: RulesConfig, options: CompileOptions = {}) {
    this.source = config;
    this.originPaths = options.originPaths ?? 'standard';
    // an unknown value (a config that bypassed validation) gets the stricter, folded readings
    const fold = this.originPaths !== 'standard';
    // (the global check is repeated in place, not shared: esbuild drops the folding code only so)
    if (fold && globalThis.EDGEWARD_FOLDED_READINGS === false) {
      throw new AuthError('config_invalid', 'originPaths: not in this bundle');
    }
    this.rules = Object.freeze(config.rules.map((r, i) => compileRule(r, i)));
    this.folded =
      fold && globalThis.EDGEWARD_FOLDED_READINGS !== false ? new RuleSet(foldRules(config)) : undefined;
    this.index = new RuleIndex(this.rules);
    this.defaultAccess = config.defaultAccess ?? 'authenticated';
    const d = `no rule matched; default access ${this.defaultAccess}`;
    this.defaultDecisions = {
      public: decision('allow', 'default_public', -1, `${d}: public`),
      authenticated: decision('allow', 'default_authenticated', -1, `${d}: authenticated`),
      credentials: decision(
        'unauthenticated',
        'credentials_required',
        -1,
        `${d}: a verified token is required`,
      ),
      deny: decision('forbidden', 'rule_denied', -1, `${d}: access denied`),
    };
  }
}

/**
 * Compiles rules once (call it at module scope, next to the handler factory). Patterns are parsed,
 * methods upper-cased, requirements indexed and every decision precomputed.
 *
 * @param config - validated rules (`rules` in order, optional `defaultAccess`)
 * @param options - `originPaths` (default `standard`): the readings each path must satisfy
 * @returns the compiled rules, accepted by `authorize`, `createAuthorizer`, `evaluateRequirements` and
 *   `ruleResourceGlobs`
 * @throws AuthError `config_invalid` listing every problem `validateRules` finds (field paths such as
 *   `rules[2].path: …`), or `originPaths must be "standard" or "iis"`; configuration is validated at
 *   build time, so this only fires on a config that bypassed the CLI/CDK validation
 * @example
 * ```ts
 * const rules = compileRules({ rules: [{ path: '/public/*', access: 'public' }, { path: '/admin/*', groups: ['admins'] }] });
 * ```
 */
export function compileRules(config: RulesConfig, options: CompileOptions = {}): CompiledRules {
  assertValidRules(config);
  assertOriginPaths(options.originPaths);
  return new RuleSet(config, options);
}

/**
 * Throws when {@link validateRules} finds a problem: the check {@link compileRules} runs, on its own (for
 * `edgeward build` and the validating factories).
 *
 * @throws AuthError `config_invalid` `invalid rules: …` listing every problem with its field path
 */
export function assertValidRules(config: RulesConfig): void {
  const problems = validateRules(config);
  if (problems.length > 0) throw new AuthError('config_invalid', `invalid rules: ${problems.join('; ')}`);
}

/**
 * {@link compileRules} without {@link validateRules}, for bundles whose rules `edgeward build` already
 * validated: patterns are still parsed (an uncompilable one throws), decisions precomputed.
 *
 * @param config - rules accepted by {@link validateRules}
 * @param options - `originPaths` (default `standard`)
 * @throws AuthError `config_invalid` when a `path` or `resource` does not compile
 */
export function compileValidatedRules(config: RulesConfig, options: CompileOptions = {}): CompiledRules {
  return new RuleSet(config, options);
}
