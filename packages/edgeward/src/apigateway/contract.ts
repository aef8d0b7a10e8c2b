/**
 * API Gateway's contract for Lambda authorizer results, as a checker: every handler test runs its result
 * through {@link validateAuthorizerResult}, and the local API Gateway emulator answers 500
 * (`AuthorizerConfigurationException`) when it reports a problem — as API Gateway does for a malformed
 * result such as scenario E's `{ error: … }`.
 *
 * @see https://docs.aws.amazon.com/apigateway/latest/developerguide/api-gateway-lambda-authorizer-output.html
 * @see https://docs.aws.amazon.com/apigateway/latest/developerguide/http-api-lambda-authorizer.html
 * @module
 */
import { isRecord } from '../core/record.js';

/**
 * Which contract to check:
 * - `rest`: REST TOKEN/REQUEST (payload 1.0) — IAM policy, scalar-only `context`, optional `usageIdentifierKey`;
 * - `websocket`: WebSocket `$connect` — IAM policy, scalar-only `context`;
 * - `http-iam`: HTTP API payload 2.0 with an IAM policy — `context` may hold any JSON value;
 * - `http-simple`: HTTP API simple response `{ isAuthorized, context? }`.
 */
export type AuthorizerResultKind = 'rest' | 'websocket' | 'http-iam' | 'http-simple';

/** The message API Gateway maps to 401 when an authorizer throws an Error with exactly this message. */
export const UNAUTHORIZED_MESSAGE = 'Unauthorized';

/** Longest policy `Resource` ARN API Gateway accepts from an authorizer (characters). */
export const MAX_POLICY_RESOURCE_LENGTH = 512;

const STATEMENT_KEYS = new Set([
  'Sid',
  'Effect',
  'Action',
  'NotAction',
  'Resource',
  'NotResource',
  'Condition',
]);

function isStringOrStrings(value: unknown): boolean {
  if (typeof value === 'string') return value.length > 0;
  return (
    Array.isArray(value) && value.length > 0 && value.every((v) => typeof v === 'string' && v.length > 0)
  );
}

function checkStatement(statement: unknown, at: string, problems: string[]): void {
  if (!isRecord(statement)) {
    problems.push(`${at}: must be an object`);
    return;
  }
  for (const key of Object.keys(statement)) {
    if (!STATEMENT_KEYS.has(key)) problems.push(`${at}.${key}: unexpected key`);
  }
  if (statement['Effect'] !== 'Allow' && statement['Effect'] !== 'Deny') {
    problems.push(`${at}.Effect: must be "Allow" or "Deny"`);
  }
  const action = statement['Action'] ?? statement['NotAction'];
  if (!isStringOrStrings(action))
    problems.push(`${at}.Action: must be a string or a non-empty array of strings`);
  const resource = statement['Resource'] ?? statement['NotResource'];
  if (!isStringOrStrings(resource)) {
    problems.push(`${at}.Resource: must be a string or a non-empty array of strings`);
    return;
  }
  const list = typeof resource === 'string' ? [resource] : (resource as string[]);
  list.forEach((r, i) => {
    if (r.length > MAX_POLICY_RESOURCE_LENGTH) {
      problems.push(`${at}.Resource[${i}]: longer than ${MAX_POLICY_RESOURCE_LENGTH} characters`);
    }
    if (r !== '*' && !r.startsWith('arn:')) problems.push(`${at}.Resource[${i}]: must be an ARN or "*"`);
  });
}

function checkPolicyDocument(doc: unknown, problems: string[]): void {
  if (!isRecord(doc)) {
    problems.push('policyDocument: must be an object');
    return;
  }
  if (doc['Version'] !== '2012-10-17') problems.push('policyDocument.Version: must be "2012-10-17"');
  const statements = doc['Statement'];
  if (!Array.isArray(statements) || statements.length === 0) {
    problems.push('policyDocument.Statement: must be a non-empty array');
    return;
  }
  statements.forEach((s, i) => {
    checkStatement(s, `policyDocument.Statement[${i}]`, problems);
  });
}

function checkContext(context: unknown, scalarOnly: boolean, problems: string[]): void {
  if (context === undefined || context === null) return;
  if (!isRecord(context)) {
    problems.push('context: must be an object');
    return;
  }
  for (const [key, value] of Object.entries(context)) {
    const scalar =
      typeof value === 'string' ||
      typeof value === 'boolean' ||
      (typeof value === 'number' && Number.isFinite(value));
    if (scalarOnly && !scalar)
      problems.push(`context.${key}: must be a string, a finite number or a boolean`);
    if (!scalarOnly && typeof value === 'number' && !Number.isFinite(value)) {
      problems.push(`context.${key}: must be a finite number`);
    }
  }
}

function checkKeys(result: Record<string, unknown>, allowed: readonly string[], problems: string[]): void {
  for (const key of Object.keys(result)) {
    if (!allowed.includes(key)) problems.push(`${key}: unexpected key`);
  }
}

/**
 * Checks an authorizer result against API Gateway's contract.
 *
 * @returns problems as `path: message` strings; an empty array means the result is well-formed
 *
 * @example
 * ```ts
 * validateAuthorizerResult('rest', { error: 'bad token' })
 * // → ['principalId: must be a non-empty string', 'policyDocument: must be an object', 'error: unexpected key']
 * ```
 */
export function validateAuthorizerResult(kind: AuthorizerResultKind, result: unknown): string[] {
  const problems: string[] = [];
  if (!isRecord(result)) return ['result: must be an object'];
  if (kind === 'http-simple') {
    if (typeof result['isAuthorized'] !== 'boolean') problems.push('isAuthorized: must be a boolean');
    checkContext(result['context'], false, problems);
    checkKeys(result, ['isAuthorized', 'context'], problems);
    return problems;
  }
  if (typeof result['principalId'] !== 'string' || result['principalId'] === '') {
    problems.push('principalId: must be a non-empty string');
  }
  checkPolicyDocument(result['policyDocument'], problems);
  checkContext(result['context'], kind !== 'http-iam', problems);
  const usage = result['usageIdentifierKey'];
  if (usage !== undefined && usage !== null && typeof usage !== 'string') {
    problems.push('usageIdentifierKey: must be a string');
  }
  checkKeys(
    result,
    kind === 'rest'
      ? ['principalId', 'policyDocument', 'context', 'usageIdentifierKey']
      : ['principalId', 'policyDocument', 'context'],
    problems,
  );
  return problems;
}

/** True when `error` is what API Gateway turns into a 401: an `Error` whose message is exactly `Unauthorized`. */
export function isUnauthorizedError(error: unknown): boolean {
  return error instanceof Error && error.message === UNAUTHORIZED_MESSAGE;
}
