/**
 * The pipeline every authorizer kind shares: ARN → token → verification → principal → rules → context,
 * and the one place failures are mapped to outcomes and logged.
 *
 * Outcomes (`packages/edgeward/src/core/outcomes.ts`, column `authorizer`):
 * - `unauthorized` (no/invalid token): throw exactly `new Error('Unauthorized')` → API Gateway answers 401;
 * - `deny` (valid token refused by the rules, or a path refused by hygiene): a Deny policy /
 *   `isAuthorized: false` → 403;
 * - `error` (JWKS unreachable, malformed event or ARN, internal bug): ALSO `Error('Unauthorized')` (401),
 *   logged at level `error`. Deliberately not a Deny: API Gateway caches an authorizer's policy for the
 *   token (TTL 300 s by default), so a Deny born of a transient JWKS outage would lock the user out for
 *   the whole TTL, while a 401 is not cached and the client may retry. Never another error (→ 500).
 *
 * Logs: one JSON line per invocation (`event` = reason code), never a token, claim value or secret.
 *
 * @module
 */
import { AuthError, isAuthError } from '../core/errors.js';
import { OUTCOMES } from '../core/outcomes.js';
import {
  type Authorizer,
  authorizerFor,
  type CompiledRules,
  compileValidatedRules,
} from '../core/rules/index.js';
import type { AccessRequest, RuleDecision } from '../core/rules/types.js';
import {
  atLevel,
  DEFAULT_LOG_LEVEL,
  jsonLogger,
  type Logger,
  type LogLevel,
  type LogRecord,
  logs,
  writeLogLine,
} from '../core/runtime.js';
import { createIssuerVerifier, type VerifierDeps } from '../core/verify/index.js';
import type { VerifiedToken } from '../core/verify/types.js';
import type { IssuerVerifier } from '../core/verify/verifier.js';
import type { ExecuteApiArn } from './arn.js';
import type { AuthorizerCommonConfig, PolicyConfig } from './config.js';
import { buildContext, type ContextValue } from './context.js';
import { UNAUTHORIZED_MESSAGE } from './contract.js';
import { type BuiltPolicy, createPolicyBuilder, type PolicyBuilder } from './policy.js';
import { isB64Token, notB64Token } from './token-source.js';

/** Injected dependencies of an authorizer: clock (ms), fetch (JWKS), logger, resolved HS256 secret. */
export type AuthorizerDeps = VerifierDeps;

/** Which authorizer is running (in logs). */
export type AuthorizerKind = 'token' | 'request' | 'http' | 'websocket';

/** The longest `principalId` accepted (characters). */
export const MAX_PRINCIPAL_ID_LENGTH = 1024;

/** A verified, decided request. */
export interface Decided {
  readonly arn: ExecuteApiArn;
  readonly token: VerifiedToken;
  readonly principalId: string;
  readonly decision: RuleDecision;
  readonly context: Readonly<Record<string, ContextValue>>;
  readonly usageIdentifierKey?: string;
}

/** Everything built once per authorizer at module scope. */
export interface Engine {
  readonly kind: AuthorizerKind;
  /** The issuer's verifier (`check`: synchronous unless keys are being fetched). */
  readonly verifier: IssuerVerifier;
  readonly rules: CompiledRules;
  readonly authorize: Authorizer;
  readonly policy: PolicyBuilder;
  readonly config: AuthorizerCommonConfig;
  /** The logger, at the configured `logLevel`. */
  readonly logger: Logger;
  /** Writes the decision line of an allowed or refused token (see {@link logDecision}). */
  readonly decisionLog: DecisionLog;
}

/** Writes one decision line; `undefined` when `info` records are not written. */
type DecisionLog = ((d: Decided, scope: BuiltPolicy['scope'] | undefined) => void) | undefined;

/**
 * The decision log of an engine. With the default JSON logger each line is fixed per rule decision
 * (level, event, authorizer, outcome, rule, detail; decisions are shared objects) and policy scope: it is
 * serialized and UTF-8 encoded once per (decision, scope) and those bytes are written on every
 * invocation, instead of serializing and encoding a new record each time; the line is the same JSON as
 * the record. An injected logger receives the record.
 */
function decisionLogOf(
  kind: AuthorizerKind,
  logger: Logger,
  injected: boolean,
  level: LogLevel,
): DecisionLog {
  if (!logs(level, 'info')) return undefined;
  const record = (d: Decided, scope: BuiltPolicy['scope'] | undefined): LogRecord => ({
    level: 'info',
    event: d.decision.reason,
    authorizer: kind,
    outcome: d.decision.outcome === 'allow' ? 'allow' : 'deny',
    ruleIndex: d.decision.ruleIndex,
    detail: d.decision.detail,
    ...(scope === undefined ? {} : { policy: scope }),
  });
  if (injected) return (d, scope) => logger(record(d, scope));
  /** Per decision: the encoded line without a scope, with `cache-safe`, with `method`. */
  const lines = new Map<RuleDecision, [Buffer?, Buffer?, Buffer?]>();
  return (d, scope) => {
    let encoded = lines.get(d.decision);
    if (encoded === undefined) {
      encoded = [];
      // decisions are fixed per rule set; the bound only guards against unexpected growth
      if (lines.size < 4096) lines.set(d.decision, encoded);
    }
    const slot = scope === undefined ? 0 : scope === 'cache-safe' ? 1 : 2;
    let line = encoded[slot];
    if (line === undefined) {
      line = Buffer.from(`${JSON.stringify(record(d, scope))}\n`, 'utf8');
      encoded[slot] = line;
    }
    writeLogLine(line);
  };
}

/**
 * Builds the engine: verifier, compiled rules and policy builder, from a configuration already checked
 * by `assertAuthorizerConfig` (the public factories in `index.ts` run it; `edgeward build` runs the same
 * checks before baking), so no configuration validator is bundled.
 *
 * @throws AuthError `config_invalid` for an unusable HS256 secret (e.g. under 32 bytes, unset environment
 *   variable) or an uncompilable rule pattern — at construction, never at request time
 */
export function createEngine(
  kind: AuthorizerKind,
  config: AuthorizerCommonConfig,
  policy: PolicyConfig | undefined,
  deps: AuthorizerDeps,
): Engine {
  const rules = compileValidatedRules(config.rules ?? { rules: [] }, { originPaths: config.originPaths });
  const level = config.logLevel ?? DEFAULT_LOG_LEVEL;
  const logger = atLevel(deps.logger ?? jsonLogger, level);
  return {
    kind,
    verifier: createIssuerVerifier(config.issuer, deps),
    rules,
    authorize: authorizerFor(rules),
    policy: createPolicyBuilder(rules, policy),
    config,
    logger,
    decisionLog: decisionLogOf(kind, logger, deps.logger !== undefined, level),
  };
}

/** The handler of an authorizer that could not be built: every invocation fails deliberately. */
export type FailingHandler = (event: unknown, context?: unknown) => Promise<never>;

/**
 * {@link createEngine}, or — when building throws (an HS256 secret that is unset, not base64, shorter than
 * 32 bytes; an uncompilable rule; any other construction error) — a handler that answers every invocation
 * with the deliberate failure: one `error` line (`event: config_invalid` with the reason, never a secret)
 * and `Error('Unauthorized')`. A bad configuration is thus never a Lambda init error (which API Gateway
 * answers 500 on every request).
 */
export function createEngineOrFailure(
  kind: AuthorizerKind,
  config: AuthorizerCommonConfig,
  policy: PolicyConfig | undefined,
  deps: AuthorizerDeps,
): Engine | FailingHandler {
  try {
    return createEngine(kind, config, policy, deps);
  } catch (e) {
    return failingHandler(kind, deps, e);
  }
}

/** A {@link FailingHandler} reporting `error` (see {@link configFailure}) on every invocation. */
export function failingHandler(kind: AuthorizerKind, deps: AuthorizerDeps, error: unknown): FailingHandler {
  const reported = configFailure(error);
  const logger = deps.logger ?? jsonLogger;
  return async () => fail({ kind, logger }, reported);
}

/** A construction error as the `config_invalid` AuthError it is reported as (other errors by name only). */
export function configFailure(e: unknown): AuthError {
  if (isAuthError(e) && e.code === 'config_invalid') return e;
  const what = isAuthError(e) ? e.message : `${e instanceof Error ? e.name : typeof e} at construction`;
  return new AuthError('config_invalid', `authorizer cannot be built: ${what}`, { cause: e });
}

function principalIdOf(token: VerifiedToken, claim: string): string {
  const value = token.claims[claim];
  const id = typeof value === 'number' && Number.isFinite(value) ? String(value) : value;
  if (typeof id !== 'string' || id === '') {
    throw new AuthError('token_claim_missing', `principalId claim "${claim}" is absent or not a string`);
  }
  if (id.length > MAX_PRINCIPAL_ID_LENGTH) {
    throw new AuthError('token_claim_invalid', `principalId claim "${claim}" is too long`);
  }
  return id;
}

/**
 * Verifies the extracted credential with the engine's verifier (the configured `tokenUse`). A refusal is
 * reported by {@link fail} given the credential: its `b64token` characters are checked only then.
 *
 * @param token - the extracted credential (see `readCredential`)
 * @returns the verified token, or a promise of it while the verifier fetches keys: the handlers await
 *   only a promise (awaiting a settled result costs a microtask turn and an object per invocation)
 * @throws AuthError (synchronously, or as the promise's rejection) naming the failed check
 */
export function verifyCredential(engine: Engine, token: string): VerifiedToken | Promise<VerifiedToken> {
  const use = engine.config.tokenUse;
  return engine.verifier.check(token, use === undefined ? undefined : { tokenUse: use });
}

/**
 * Decides a request for a verified token: principal, rules, context. Synchronous: the handler awaits the
 * verifier itself, and only when it returned a promise.
 *
 * @param arn - the parsed ARN (already validated)
 * @param verified - from {@link verifyCredential}
 * @param request - the path and method the rules see
 * @throws AuthError `token_claim_missing` / `token_claim_invalid` for an unusable principal claim
 */
export function decide(
  engine: Engine,
  arn: ExecuteApiArn,
  verified: VerifiedToken,
  request: AccessRequest,
): Decided {
  const { config } = engine;
  const principalId = principalIdOf(verified, config.principalIdClaim ?? 'sub');
  const decision = engine.authorize(request, verified);
  const built = buildContext(verified, config.context);
  if (built.dropped.length > 0) {
    engine.logger({
      level: 'warn',
      event: 'context_truncated',
      authorizer: engine.kind,
      dropped: built.dropped,
    });
  }
  const usageClaim = config.usageIdentifierKeyClaim;
  const usage = usageClaim === undefined ? undefined : verified.claims[usageClaim];
  const context = built.context;
  // Literals, not `{ ...base, usageIdentifierKey }` (a slow path in V8, see arn.ts).
  return typeof usage === 'string' && usage !== ''
    ? { arn, token: verified, principalId, decision, context, usageIdentifierKey: usage }
    : { arn, token: verified, principalId, decision, context };
}

/**
 * Builds the policy for a decided request and logs the decision (and any fallback).
 *
 * @param requestArn - the method/route ARN string of the event (`d.arn` was parsed from it)
 */
export function policyFor(engine: Engine, d: Decided, requestArn?: string): BuiltPolicy {
  const policy = engine.policy.build(d.arn, d.token, d.decision, requestArn);
  if (policy.fallbackReason !== undefined) {
    engine.logger({
      level: 'warn',
      event: 'policy_fallback',
      authorizer: engine.kind,
      detail: policy.fallbackReason,
    });
  }
  logDecision(engine, d, policy.scope);
  return policy;
}

/**
 * Logs the rules' decision for a verified token as one `info` line: `event` (the decision's reason),
 * `authorizer`, `outcome` (`allow`/`deny`), `ruleIndex`, `detail` and, for IAM results, `policy` (the
 * policy scope). Never a token or claim value.
 */
export function logDecision(engine: Engine, d: Decided, scope?: BuiltPolicy['scope']): void {
  engine.decisionLog?.(d, scope);
}

/**
 * Maps a failure to its outcome: logs one line with the reason code and throws `Error('Unauthorized')`.
 * Never rethrows anything else, never logs token contents (only the code and the check's message —
 * `AuthError` messages never contain token contents; other errors log their name only).
 *
 * @param credential - the extracted credential, once there is one: the `b64token` check deferred by
 *   `readCredential` runs here, so a credential with characters outside `b64token` is refused for them,
 *   exactly as if they had been checked before verification (a credential the verifier accepted always
 *   is a `b64token`, so a later failure keeps its own reason)
 */
export function fail(engine: Pick<Engine, 'kind' | 'logger'>, failure: unknown, credential?: string): never {
  const error = credential === undefined || isB64Token(credential) ? failure : notB64Token();
  if (isAuthError(error)) {
    const outcome = OUTCOMES[error.code]?.authorizer ?? 'error';
    engine.logger({
      level: outcome === 'error' ? 'error' : 'info',
      event: error.code,
      authorizer: engine.kind,
      outcome: outcome === 'error' ? 'error' : 'unauthorized',
      detail: error.message,
    });
  } else {
    engine.logger({
      level: 'error',
      event: 'internal_error',
      authorizer: engine.kind,
      outcome: 'error',
      errorName: error instanceof Error ? error.name : typeof error,
    });
  }
  throw new Error(UNAUTHORIZED_MESSAGE);
}
