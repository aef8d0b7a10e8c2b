/**
 * `edgeward explain`: runs the real verifier and rules (and, for authorizers, the real authorizer and an
 * IAM evaluation of its policy) on one token and request, and prints every step: signature/kid, iss,
 * exp/nbf/iat with times, token_use, client, the deciding rule and why, and the final answer CloudFront or
 * API Gateway would give.
 *
 * @module
 */
import { resolve } from 'node:path';
import type { Command } from 'commander';
import type { TokenAuthorizerConfig } from 'edgeward/internal/apigateway/config.js';
import { evaluatePolicy } from 'edgeward/internal/apigateway/iam-evaluator.js';
import { createTokenAuthorizer } from 'edgeward/internal/apigateway/index.js';
import { indexTargetOf } from 'edgeward/internal/cloudfront/directory-index.js';
import type { IssuerConfig, Jwks, RulesConfig, TokenUse } from 'edgeward/internal/core/config.js';
import { type AuthErrorCode, isAuthError } from 'edgeward/internal/core/errors.js';
import { OUTCOMES } from 'edgeward/internal/core/outcomes.js';
import { authorize, compileRules } from 'edgeward/internal/core/rules/index.js';
import type { RuleDecision } from 'edgeward/internal/core/rules/types.js';
import { silentLogger } from 'edgeward/internal/core/runtime.js';
import { cognitoIssuerUrl, createVerifier, resolveSecret } from 'edgeward/internal/core/verify/index.js';
import type { VerifiedToken } from 'edgeward/internal/core/verify/types.js';
import { toRuntimeConfig } from '../build/functions.js';
import { readJwksFile, withBakedJwks } from '../build/jwks.js';
import { loadConfig } from '../config/load.js';
import type { FunctionConfig } from '../config/types.js';
import { CliError, type CliIo, clockFrom, isoOf } from '../io.js';
import { decodeJwt } from '../jws.js';
import { ALL_REASON_CODES, describeReasonCode, isReasonCode, reasonCodeJson } from '../reason-codes.js';
import { readTokenArg } from './decode.js';
import { configFileOf } from './find-config.js';

/** Options of `edgeward explain`. */
export interface ExplainOptions {
  readonly config?: string;
  readonly token?: string;
  readonly path?: string;
  readonly method: string;
  readonly function?: string;
  readonly jwks?: string;
  readonly now?: string;
  readonly json?: boolean;
}

/** One explained step. */
export interface ExplainStep {
  readonly step: string;
  /** `pass`, `fail`, or `info` (not checked for this issuer, or not reached). */
  readonly status: 'pass' | 'fail' | 'info';
  readonly detail: string;
}

/** The whole explanation (`--json`). */
export interface Explanation {
  readonly function: string;
  readonly type: FunctionConfig['type'];
  readonly request: { readonly method: string; readonly path: string };
  readonly now: string;
  readonly steps: readonly ExplainStep[];
  readonly verification:
    | { readonly ok: true }
    | { readonly ok: false; readonly code: AuthErrorCode; readonly message: string };
  /** The deciding rule decision: the index object's when a directory URL is rewritten and its path was allowed. */
  readonly rules: RuleDecision;
  readonly outcome: string;
}

/** Which step a verification failure code belongs to. */
const STEP_OF: Partial<Record<AuthErrorCode, string>> = {
  token_malformed: 'format',
  token_too_large: 'format',
  token_header_invalid: 'signature',
  token_crit_unsupported: 'signature',
  token_alg_not_allowed: 'signature',
  token_signature_invalid: 'signature',
  kid_missing: 'signature',
  kid_unknown: 'signature',
  jwks_unavailable: 'signature',
  jwks_invalid: 'signature',
  token_issuer_invalid: 'iss',
  token_expired: 'exp',
  token_not_yet_valid: 'nbf',
  token_issued_in_future: 'iat',
  token_use_invalid: 'token_use',
  token_client_invalid: 'client',
  token_audience_invalid: 'client',
  token_claim_missing: 'claims',
  token_claim_invalid: 'claims',
};

const expectedIssuer = (issuer: IssuerConfig): string | undefined =>
  issuer.kind === 'cognito' ? cognitoIssuerUrl(issuer.region, issuer.userPoolId) : issuer.issuer;

const str = (v: unknown): string =>
  v === undefined ? '(absent)' : typeof v === 'string' ? v : JSON.stringify(v);

function relative(seconds: number, now: number): string {
  const d = seconds - now;
  return d === 0 ? 'now' : d > 0 ? `in ${d} s` : `${-d} s ago`;
}

/** The `token_use` the function requires. */
function requiredTokenUse(fn: FunctionConfig): TokenUse | undefined {
  return fn.type === 'site' ? (fn.sessionTokenUse ?? 'access') : fn.tokenUse;
}

/** The HS256 secret of an issuer, reading `env` sources from the CLI's environment. */
function hs256SecretOf(issuer: IssuerConfig, io: CliIo): Uint8Array | undefined {
  if (issuer.kind !== 'hs256') return undefined;
  const source = issuer.secret;
  if ('secretsManager' in source) {
    throw new CliError(
      'explain cannot read a Secrets Manager secret; point the issuer at {"env": …} for local checks',
    );
  }
  if ('env' in source) {
    const value = io.env[source.env];
    if (!value)
      throw new CliError(`the HS256 secret comes from environment variable ${source.env}, which is not set`);
    return resolveSecret({ base64url: value.trim() });
  }
  return resolveSecret(source);
}

/** Builds the per-claim steps from the decoded token and the verification result. */
function claimSteps(
  header: Record<string, unknown>,
  payload: Record<string, unknown>,
  issuer: IssuerConfig,
  fn: FunctionConfig,
  failedStep: string | undefined,
  failure: string | undefined,
  now: number,
): ExplainStep[] {
  const status = (name: string): ExplainStep['status'] =>
    failedStep === name ? 'fail' : failedStep ? 'info' : 'pass';
  const withFailure = (name: string, detail: string) =>
    failedStep === name && failure ? `${detail} — ${failure}` : detail;
  const steps: ExplainStep[] = [];
  let keyDetail = `alg ${str(header['alg'])}, kid ${str(header['kid'])}`;
  if (issuer.kind !== 'hs256') {
    const known = (issuer.jwks as Jwks | undefined)?.keys.some((k) => k.kid === header['kid']);
    keyDetail += known ? ' (kid found in the JWKS)' : ' (kid NOT in the JWKS)';
  } else keyDetail += ' (HS256 shared secret)';
  steps.push({ step: 'signature', status: status('signature'), detail: withFailure('signature', keyDetail) });
  const iss = expectedIssuer(issuer);
  steps.push({
    step: 'iss',
    status: iss === undefined && failedStep !== 'iss' ? 'info' : status('iss'),
    detail: withFailure(
      'iss',
      `${str(payload['iss'])}${iss ? ` (expected ${iss})` : ' (not checked: no issuer configured)'}`,
    ),
  });
  for (const name of ['exp', 'nbf', 'iat'] as const) {
    const value = payload[name];
    const detail =
      typeof value === 'number' ? `${value} = ${isoOf(value)} (${relative(value, now)})` : str(value);
    steps.push({
      step: name,
      status: value === undefined && failedStep !== name ? 'info' : status(name),
      detail: withFailure(name, detail),
    });
  }
  const use = requiredTokenUse(fn);
  steps.push({
    step: 'token_use',
    status: use === undefined && failedStep !== 'token_use' ? 'info' : status('token_use'),
    detail: withFailure('token_use', `${str(payload['token_use'])}${use ? ` (required ${use})` : ''}`),
  });
  const accepted =
    issuer.kind === 'cognito'
      ? issuer.clientIds
      : issuer.kind === 'oidc'
        ? (issuer.clientIds ?? issuer.audience)
        : issuer.audience;
  const presented = payload['client_id'] ?? payload['aud'];
  steps.push({
    step: 'client',
    status: accepted === undefined && failedStep !== 'client' ? 'info' : status('client'),
    detail: withFailure(
      'client',
      `${payload['client_id'] !== undefined ? 'client_id' : 'aud'} ${str(presented)}${accepted ? ` (accepted ${accepted.join(', ')})` : ''}`,
    ),
  });
  if (failedStep === 'claims' || failedStep === 'format') {
    steps.push({ step: failedStep, status: 'fail', detail: failure ?? '' });
  }
  return steps;
}

/** What CloudFront answers for a site decision. */
function siteOutcome(
  fn: Extract<FunctionConfig, { type: 'site' }>,
  code: AuthErrorCode | undefined,
  rules: RuleDecision,
  indexUri: string | undefined,
): string {
  const cookie = fn.cookieLogin ?? true;
  if (code !== undefined) {
    const o = OUTCOMES[code];
    if (o.status === 401) {
      return cookie
        ? `CloudFront: 302 redirect to the login page (navigation), or 401 for non-navigation requests — ${code}`
        : `CloudFront: 401 with WWW-Authenticate: Bearer${o.bearerError ? ` error="${o.bearerError}"` : ''} — ${code}`;
    }
    return `CloudFront: ${o.status} — ${code}`;
  }
  switch (rules.outcome) {
    case 'allow':
      return indexUri === undefined
        ? 'CloudFront: request forwarded to the origin'
        : `CloudFront: request forwarded to the origin as ${indexUri} (directory index)`;
    case 'forbidden':
      return `CloudFront: 403 Forbidden — ${rules.reason}`;
    case 'bad_request':
      return `CloudFront: 400 Bad Request — ${rules.reason}`;
    default:
      return cookie ? 'CloudFront: 302 redirect to the login page' : 'CloudFront: 401 — credentials_required';
  }
}

/** Runs the real TOKEN authorizer on the request and evaluates its policy like API Gateway. */
async function authorizerOutcome(
  config: TokenAuthorizerConfig,
  token: string,
  request: { method: string; path: string },
  deps: { clock: () => number; fetch: CliIo['fetch']; secret?: Uint8Array },
): Promise<string> {
  const handler = createTokenAuthorizer(config, { ...deps, logger: silentLogger });
  const methodArn = `arn:aws:execute-api:us-east-1:123456789012:explain0000/prod/${request.method}${request.path}`;
  try {
    const result = await handler({ type: 'TOKEN', authorizationToken: `Bearer ${token}`, methodArn });
    const decision = evaluatePolicy(result.policyDocument, methodArn);
    const statements = result.policyDocument.Statement.length;
    return decision.effect === 'Allow'
      ? `API Gateway: Allow (principalId ${result.principalId}; policy of ${statements} statement(s)) — the integration is called`
      : `API Gateway: 403 Forbidden (${decision.reason} in a policy of ${statements} statement(s))`;
  } catch (e) {
    return (e as Error).message === 'Unauthorized'
      ? 'API Gateway: 401 Unauthorized (the authorizer threw "Unauthorized")'
      : `API Gateway: 500 AuthorizerConfigurationException (${(e as Error).message})`;
  }
}

/** Produces the explanation. */
export async function explain(opts: ExplainOptions, io: CliIo): Promise<Explanation> {
  const path = opts.path;
  if (path === undefined) {
    throw new CliError('pass a reason code (`edgeward explain group_missing`) or --path with a token', 2);
  }
  if (!path.startsWith('/')) throw new CliError('--path: expected a path starting with "/"', 2);
  const configPath = configFileOf(opts.config, io.cwd);
  const config = await loadConfig(configPath);
  const names = Object.keys(config.functions);
  const name = opts.function ?? (names.length === 1 ? names[0] : undefined);
  if (name === undefined || !config.functions[name]) {
    throw new CliError(`--function: expected one of ${names.map((n) => JSON.stringify(n)).join(', ')}`, 2);
  }
  const fn = config.functions[name]!;
  const token = await readTokenArg(opts.token, io);
  const clock = clockFrom(io, opts.now);
  const now = Math.floor(clock() / 1000);
  const method = opts.method.toUpperCase();

  const jwksFile = opts.jwks ? await readJwksFile(resolve(io.cwd, opts.jwks)) : undefined;
  let issuer: IssuerConfig;
  try {
    issuer = await withBakedJwks(config.issuers[fn.issuer]!, { jwksFile, fetch: io.fetch }, new Map());
  } catch (e) {
    throw new CliError((e as Error).message);
  }
  const secret = hs256SecretOf(issuer, io);
  let decoded: ReturnType<typeof decodeJwt> | undefined;
  try {
    decoded = decodeJwt(token);
  } catch {
    decoded = undefined;
  }
  let verified: VerifiedToken | undefined;
  let verification: Explanation['verification'] = { ok: true };
  try {
    const verifier = createVerifier(issuer, {
      clock,
      fetch: io.fetch,
      logger: silentLogger,
      ...(secret ? { secret } : {}),
    });
    const tokenUse = requiredTokenUse(fn);
    verified = await verifier.verify(token, tokenUse ? { tokenUse } : {});
  } catch (e) {
    if (!isAuthError(e)) throw e;
    verification = { ok: false, code: e.code, message: e.message };
  }
  const failedStep = verification.ok ? undefined : (STEP_OF[verification.code] ?? 'format');
  const failure = verification.ok ? undefined : `${verification.code}: ${verification.message}`;
  const steps = decoded
    ? claimSteps(decoded.header, decoded.payload, issuer, fn, failedStep, failure, now)
    : [{ step: 'format', status: 'fail' as const, detail: failure ?? 'not a compact JWS' }];
  const rulesConfig: RulesConfig = fn.rules ?? { rules: [], defaultAccess: 'authenticated' };
  const compiled = compileRules(rulesConfig, { originPaths: fn.originPaths });
  const ruleStep = (rulePath: string): RuleDecision => {
    const decision = authorize(compiled, { path: rulePath, method }, verified);
    const ruleText =
      decision.ruleIndex >= 0
        ? `rules[${decision.ruleIndex}] ${JSON.stringify(rulesConfig.rules[decision.ruleIndex])}`
        : 'no rule matched (default)';
    steps.push({
      step: rulePath === path ? 'rule' : 'index rule',
      status: decision.outcome === 'allow' ? 'pass' : 'fail',
      detail: `${rulePath === path ? '' : `${rulePath}: `}${ruleText}: ${decision.outcome} (${decision.reason}) — ${decision.detail}${verified ? '' : ' [evaluated without a verified token]'}`,
    });
    return decision;
  };
  let rules = ruleStep(path);
  const directoryIndex = fn.type === 'site' ? fn.directoryIndex : undefined;
  const indexUri = directoryIndex === undefined ? undefined : indexTargetOf(path, directoryIndex);
  if (indexUri !== undefined) {
    steps.push({
      step: 'directory index',
      status: 'info',
      detail: `${path} is a directory URL: forwarded to the origin as ${indexUri} (directoryIndex "${directoryIndex}") when the rules allow both paths`,
    });
    if (rules.outcome === 'allow') rules = ruleStep(indexUri);
  }
  const request = { method, path };
  const code = verification.ok ? undefined : verification.code;
  const outcome =
    fn.type === 'site'
      ? siteOutcome(fn, code, rules, indexUri)
      : await authorizerOutcome(toRuntimeConfig(fn, issuer) as TokenAuthorizerConfig, token, request, {
          clock,
          fetch: io.fetch,
          ...(secret ? { secret } : {}),
        });
  return { function: name, type: fn.type, request, now: isoOf(now), steps, verification, rules, outcome };
}

const MARK: Record<ExplainStep['status'], string> = { pass: 'ok  ', fail: 'FAIL', info: '--  ' };

/** Renders an explanation as text. */
export function renderExplanation(x: Explanation): string {
  const width = Math.max(...x.steps.map((s) => s.step.length));
  const lines = [
    `function ${x.function} (${x.type}), ${x.request.method} ${x.request.path}, now ${x.now}`,
    '',
    ...x.steps.map((s) => `  ${MARK[s.status]} ${s.step.padEnd(width)}  ${s.detail}`),
    '',
    `token:   ${x.verification.ok ? 'verified' : `rejected (${x.verification.code})`}`,
    `outcome: ${x.outcome}`,
  ];
  return `${lines.join('\n')}\n`;
}

/** Prints what a reason code means (`edgeward explain <code>`). */
function explainCode(code: string, json: boolean | undefined, io: CliIo): void {
  if (!isReasonCode(code)) {
    throw new CliError(
      `unknown reason code ${JSON.stringify(code)}; expected one of ${ALL_REASON_CODES.join(', ')}`,
      2,
    );
  }
  io.stdout(json ? `${JSON.stringify(reasonCodeJson(code), null, 2)}\n` : describeReasonCode(code));
}

/**
 * Runs `edgeward explain`: with a reason code, prints what it means (exit 0); else explains a token and a
 * request (exit code 0 when the request would be allowed, 1 otherwise).
 */
export async function runExplain(code: string | undefined, opts: ExplainOptions, io: CliIo): Promise<number> {
  if (code !== undefined) {
    explainCode(code, opts.json, io);
    return 0;
  }
  const x = await explain(opts, io);
  io.stdout(opts.json ? `${JSON.stringify(x, null, 2)}\n` : renderExplanation(x));
  return x.verification.ok && x.rules.outcome === 'allow' ? 0 : 1;
}

/** Registers `edgeward explain`. */
export function addExplainCommand(program: Command, io: CliIo, setExit: (code: number) => void): void {
  program
    .command('explain')
    .summary('explain a reason code, or run the real verification and rules on a token and a request')
    .description(
      'With a reason code (the "Reference" line of an edgeward page, or a log line\'s event), print what it ' +
        'means and what to do. Otherwise verify a token with the configured issuer and run the rules for a ' +
        'request path and method, printing each step (signature/kid, iss, exp/nbf/iat, token_use, client, the ' +
        'deciding rule) and the answer CloudFront or API Gateway would give; exit code 0 when the request ' +
        'would be allowed, 1 otherwise.',
    )
    .argument('[code]', 'a reason code, e.g. group_missing')
    .option('-c, --config <file>', 'configuration file (default: edgeward.config.json or .ts)')
    .option('-t, --token <jwt>', 'the token, or - for standard input (default: standard input)')
    .option('-p, --path <path>', 'request path, e.g. /admin/x (required without a code)')
    .option('-m, --method <method>', 'HTTP method', 'GET')
    .option('-f, --function <name>', 'function in the configuration (default: the only one)')
    .option('--jwks <file>', 'use this JWKS instead of the configured or fetched one')
    .option('--now <time>', 'pin the clock: ISO 8601 or epoch seconds (also EDGEWARD_NOW)')
    .option('--json', 'print the explanation as JSON')
    .action(async (code: string | undefined, opts: ExplainOptions) => {
      setExit(await runExplain(code, opts, io));
    });
}
