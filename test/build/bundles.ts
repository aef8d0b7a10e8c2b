/**
 * Running built bundles the way Lambda does, for the build tests: a fresh Node process
 * (`run-bundle.mjs`) that imports the bundle and calls `handler(event, context)` with the clock pinned to
 * FIXED_NOW, plus the AWS-documented events the tests send.
 */
import { execFile } from 'node:child_process';
import { resolve } from 'node:path';
import { promisify } from 'node:util';
import type { BuiltFunction } from '../../packages/cli/src/build/index.js';
import { viewerRequest as viewerRequestEvent } from '../fixtures/cloudfront/viewer-request.js';
import { FIXED_NOW_MS } from '../helpers/keys.js';

const run = promisify(execFile);

/** What one invocation gave: `{ok, result}` or `{ok: false, error}`, and the JSON log lines it wrote. */
export interface Invocation {
  // biome-ignore lint/suspicious/noExplicitAny: the handler result is inspected as JSON
  readonly outcome: any;
  readonly logs: Record<string, unknown>[];
  /** Everything the process wrote to stderr (the bundle's logs), raw. */
  readonly stderr: string;
}

/**
 * Runs a built bundle in a fresh Node process with `event` and only `env` (plus PATH) in its environment.
 * Rejects when the process fails — e.g. the bundle throws while loading (a Lambda init error).
 */
export async function invokeWithLogs(
  fn: BuiltFunction,
  event: unknown,
  env: Record<string, string> = {},
): Promise<Invocation> {
  const child = run(process.execPath, [resolve('test/build/run-bundle.mjs'), fn.entryFile], {
    env: { PATH: process.env['PATH'] ?? '', EDGEWARD_TEST_NOW_MS: String(FIXED_NOW_MS), ...env },
    timeout: 15_000,
  });
  child.child.stdin!.end(JSON.stringify(event));
  const { stdout, stderr } = await child;
  const logs = stderr
    .split('\n')
    .filter((line) => line.startsWith('{'))
    .map((line) => JSON.parse(line) as Record<string, unknown>);
  return { outcome: JSON.parse(stdout), logs, stderr };
}

/** {@link invokeWithLogs}, the outcome only. */
export async function invoke(
  fn: BuiltFunction,
  event: unknown,
  env: Record<string, string> = {},
): Promise<Invocation['outcome']> {
  return (await invokeWithLogs(fn, event, env)).outcome;
}

/**
 * A viewer-request event as in "Lambda@Edge event structure" → "Example viewer request event" (the shared
 * fixture), with the path and headers of the case.
 */
export function viewerRequest(uri: string, headers: Record<string, string>): unknown {
  const lower = Object.fromEntries(Object.entries(headers).map(([k, v]) => [k.toLowerCase(), v]));
  return viewerRequestEvent({ uri, headers: lower });
}

/**
 * A REST API TOKEN authorizer event as in "Input to an API Gateway Lambda authorizer" → TOKEN input
 * (https://docs.aws.amazon.com/apigateway/latest/developerguide/api-gateway-lambda-authorizer-input.html).
 */
export function tokenEvent(token: string, verb: string, path: string): unknown {
  return {
    type: 'TOKEN',
    authorizationToken: `Bearer ${token}`,
    methodArn: `arn:aws:execute-api:us-west-2:123456789012:ymy8tbxw7b/prod/${verb}${path}`,
  };
}
