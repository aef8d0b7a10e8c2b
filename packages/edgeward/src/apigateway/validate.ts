/**
 * Build-time validation of an authorizer configuration (run by the CLI/CDK, never shipped in a bundle's
 * hot path): rule problems, malformed routes, and — the point of this module — whether the cache-safe
 * policy can be proven exact for every token, or will fall back to a method policy for some.
 *
 * @module
 */
import { isAuthError } from '../core/errors.js';
import { compileRules, validateRules } from '../core/rules/index.js';
import type { VerifiedToken } from '../core/verify/types.js';
import type {
  AuthorizerCommonConfig,
  HttpApiAuthorizerConfig,
  PolicyConfig,
  TokenSource,
  WebSocketAuthorizerConfig,
} from './config.js';
import { staticView, toPlanRule } from './policy.js';
import { parseRoutes, planPolicy } from './policy-plan.js';

/** One validation message; `message` starts with the field path. */
export interface AuthorizerConfigMessage {
  /** `error`: the configuration must not be deployed; `warning`: it works, with the stated caveat. */
  readonly severity: 'error' | 'warning';
  /** What is wrong, starting with the field path (e.g. `rules[2].resource: …`). */
  readonly message: string;
}

/** The authorizer kind a configuration is meant for. */
export type AuthorizerConfigKind = 'token' | 'request' | 'http' | 'websocket';

/** Rule effect combinations enumerated at most (2^10); beyond, the check is reported as incomplete. */
const MAX_COMBINATIONS = 1024;

/** A stand-in token whose claims interpolate every placeholder with one safe value. */
function syntheticToken(): VerifiedToken {
  const claims = new Proxy({ exp: 0 } as Record<string, unknown>, {
    get: (target, name) => (typeof name === 'string' && !(name in target) ? 'x1' : target[name as string]),
  });
  return {
    header: { alg: 'none' },
    claims: claims as VerifiedToken['claims'],
    sub: 'x1',
    groups: [],
    scopes: [],
    exp: 0,
  };
}

function checkTokenSource(source: TokenSource | undefined, at: string, out: AuthorizerConfigMessage[]): void {
  if (source === undefined) return;
  const name = 'header' in source ? source.header : 'query' in source ? source.query : source.cookie;
  if (typeof name !== 'string' || name === '')
    out.push({ severity: 'error', message: `${at}: name must be non-empty` });
}

function checkCacheSafety(
  common: AuthorizerCommonConfig,
  policy: PolicyConfig | undefined,
  out: AuthorizerConfigMessage[],
) {
  if (common.originPaths === 'iis' && policy?.mode !== 'method') {
    out.push({
      severity: 'warning',
      message:
        'originPaths: with "iis" the policy names only the current method ARN (IAM matches ARNs case-sensitively, a cached policy cannot follow a case-insensitive origin); disable authorizer caching (TTL 0) or other routes of the same token are refused while the result is cached',
    });
    return;
  }
  if (policy?.mode === 'method') {
    out.push({
      severity: 'warning',
      message:
        'policy.mode: "method" names only the current method ARN; disable authorizer caching (TTL 0) or other routes of the same token are refused while the result is cached',
    });
    return;
  }
  const parsed = policy?.routes === undefined ? undefined : parseRoutes(policy.routes);
  if (typeof parsed === 'string') {
    out.push({ severity: 'error', message: parsed });
    return;
  }
  const routes = parsed;
  const rules = compileRules(common.rules ?? { rules: [] }, { originPaths: common.originPaths });
  const views = rules.rules.map(staticView);
  const variable = views.filter((v) => v.rule.access === 'authenticated' && v.rule.requirements.any);
  if (2 ** variable.length > MAX_COMBINATIONS) {
    out.push({
      severity: 'warning',
      message: `rules: ${variable.length} rules with requirements are too many to prove the cache-safe policy exact for every token; some tokens may get a method policy (logged as policy_fallback)`,
    });
    return;
  }
  const token = syntheticToken();
  const defaultEffect = rules.defaultAccess === 'deny' ? 'deny' : 'allow';
  for (let mask = 0; mask < 2 ** variable.length; mask++) {
    const plan = planPolicy(
      views.map((v) => {
        const k = variable.indexOf(v);
        const effect =
          v.rule.access === 'deny' ? 'deny' : k < 0 ? 'allow' : mask & (1 << k) ? 'allow' : 'deny';
        return toPlanRule(v, token, effect);
      }),
      defaultEffect,
      routes,
    );
    if (!plan.ok) {
      out.push({
        severity: 'warning',
        message: `policy: the cache-safe policy cannot be proven exact for some tokens (${plan.reason}); those invocations return a policy for the current method ARN only (logged as policy_fallback) — list the API's routes in policy.routes, reorder the rules, or set the authorizer TTL to 0`,
      });
      return;
    }
  }
}

/**
 * Validates an authorizer configuration for `kind`.
 *
 * @returns messages (errors and warnings), each starting with the field path; `[]` when all is well
 * @example
 * ```ts
 * for (const m of validateAuthorizerConfig('token', config)) console.error(`${m.severity}: ${m.message}`);
 * ```
 */
export function validateAuthorizerConfig(
  kind: AuthorizerConfigKind,
  config: AuthorizerCommonConfig & {
    readonly policy?: PolicyConfig;
    readonly tokenSource?: TokenSource;
    readonly response?: HttpApiAuthorizerConfig['response'];
  },
): AuthorizerConfigMessage[] {
  const out: AuthorizerConfigMessage[] = [];
  for (const problem of validateRules(config.rules ?? { rules: [] })) {
    out.push({ severity: 'error', message: `rules.${problem}` });
  }
  if (config.originPaths !== undefined && config.originPaths !== 'standard' && config.originPaths !== 'iis')
    out.push({ severity: 'error', message: 'originPaths: must be "standard" or "iis"' });
  if (config.principalIdClaim === '')
    out.push({ severity: 'error', message: 'principalIdClaim: must be non-empty' });
  const maxBytes = config.context?.maxBytes;
  if (maxBytes !== undefined && (!Number.isInteger(maxBytes) || maxBytes < 2)) {
    out.push({ severity: 'error', message: 'context.maxBytes: must be an integer of at least 2' });
  }
  const maxResources = config.policy?.maxResources;
  if (maxResources !== undefined && (!Number.isInteger(maxResources) || maxResources < 1)) {
    out.push({ severity: 'error', message: 'policy.maxResources: must be a positive integer' });
  }
  checkTokenSource(config.tokenSource, 'tokenSource', out);
  if (out.some((m) => m.severity === 'error')) return out;
  const hasRules = (config.rules?.rules.length ?? 0) > 0 || config.rules?.defaultAccess === 'deny';
  if (kind === 'http' && config.response === 'simple' && hasRules) {
    out.push({
      severity: 'warning',
      message:
        'response: a cached simple response applies to every route; add $context.routeKey to the identity sources or set the TTL to 0, since these rules depend on the route',
    });
  }
  if (kind === 'websocket') {
    const source = (config as WebSocketAuthorizerConfig).tokenSource;
    if (source === undefined || 'query' in source) {
      out.push({
        severity: 'warning',
        message:
          'tokenSource: a token in the query string is written to access logs; use short-lived access tokens and keep full request logging off',
      });
    }
  }
  if (kind === 'token' || kind === 'request' || (kind === 'http' && config.response !== 'simple')) {
    try {
      checkCacheSafety(config, config.policy, out);
    } catch (e) {
      if (!isAuthError(e)) throw e;
      out.push({ severity: 'error', message: e.message });
    }
  }
  return out;
}
