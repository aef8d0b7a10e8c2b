/**
 * Loading and invoking Lambda handlers the way the Lambda Node.js runtime does: a module (a built bundle,
 * `index.mjs`) that exports `handler`, called with `(event, context)` and either returning a promise or, for
 * callback-style handlers (three parameters), calling `callback(error, result)`. Each invocation races a
 * timeout, as Lambda does.
 *
 * @see [AWS Lambda Developer Guide - Define the handler in Node.js](https://docs.aws.amazon.com/lambda/latest/dg/nodejs-handler.html)
 * @module
 */

import { randomUUID } from 'node:crypto';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Context } from 'aws-lambda';
import type { Clock } from 'edgeward/internal/core/runtime.js';
import { LocalStackError } from './errors.js';

/** Any Lambda handler: `(event, context)` returning a promise, or callback style `(event, context, callback)`. */
export type LambdaHandler = (
  event: never,
  context: Context,
  callback: (error?: unknown, result?: unknown) => void,
) => unknown;

/** A module file and the name of the export holding the handler (Lambda's `Handler` `file.export`). */
export interface HandlerModule {
  /** Path of the module (relative paths resolve against the working directory). */
  readonly file: string;
  /** The export, e.g. `handler` for `index.handler`. */
  readonly exportName: string;
}

/**
 * A handler given as a function, as the path of a module exporting `handler` (a built bundle), or as a
 * module and export name.
 */
export type HandlerSource = string | HandlerModule | LambdaHandler;

/** Why an invocation failed, in Lambda's terms. */
export type InvocationFailure =
  /** The handler threw, rejected, or called back with an error (CloudFront: LambdaExecutionError, 503). */
  | { readonly kind: 'error'; readonly error: unknown }
  /** The handler did not finish within the timeout. */
  | { readonly kind: 'timeout' };

/** The outcome of one invocation: the handler's result, or why there is none. */
export type InvocationOutcome =
  | { readonly ok: true; readonly result: unknown }
  | { readonly ok: false; readonly failure: InvocationFailure };

/** Options of {@link invokeLambda}. */
export interface InvokeOptions {
  /** Invocation timeout in **milliseconds** (Lambda@Edge viewer-request: 5000; authorizers: 10000). */
  readonly timeoutMs: number;
  /** `context.functionName`. Default `edgeward-local`. */
  readonly functionName?: string;
  /** Milliseconds since the epoch, read by `context.getRemainingTimeInMillis()`. Default `Date.now`. */
  readonly clock?: Clock;
}

const loaded = new Map<string, Promise<LambdaHandler>>();

/**
 * Loads the `exportName` export of the module at `path` with a dynamic `import()` (ESM or CommonJS
 * bundles). Modules are cached per absolute path and export, like a warm Lambda container.
 *
 * @param path - a file path (relative paths resolve against the working directory)
 * @param exportName - the export holding the handler. Default `handler`.
 * @throws Error when the module cannot be imported or the export is not a function
 */
export async function loadHandler(path: string, exportName = 'handler'): Promise<LambdaHandler> {
  const absolute = resolve(path);
  const key = `${absolute}#${exportName}`;
  let pending = loaded.get(key);
  if (pending === undefined) {
    pending = import(pathToFileURL(absolute).href).then((mod: Record<string, unknown>) => {
      const candidate =
        mod[exportName] ?? (mod['default'] as Record<string, unknown> | undefined)?.[exportName];
      if (typeof candidate !== 'function') {
        throw new LocalStackError(
          'local_stack_failed',
          `module ${absolute} exports no ${exportName} function`,
        );
      }
      return candidate as LambdaHandler;
    });
    loaded.set(key, pending);
    pending.catch(() => loaded.delete(key));
  }
  return pending;
}

/** Resolves a {@link HandlerSource} to a function (loading the module when it is a path). */
export async function resolveHandler(source: HandlerSource): Promise<LambdaHandler> {
  if (typeof source === 'function') return source;
  return typeof source === 'string' ? loadHandler(source) : loadHandler(source.file, source.exportName);
}

/** Builds a Lambda `Context` whose `getRemainingTimeInMillis` counts down from `timeoutMs`. */
function makeContext(functionName: string, timeoutMs: number, clock: Clock): Context {
  const deadline = clock() + timeoutMs;
  const requestId = randomUUID();
  return {
    callbackWaitsForEmptyEventLoop: true,
    functionName,
    functionVersion: '1',
    invokedFunctionArn: `arn:aws:lambda:us-east-1:123456789012:function:${functionName}:1`,
    memoryLimitInMB: '128',
    awsRequestId: requestId,
    logGroupName: `/aws/lambda/us-east-1.${functionName}`,
    logStreamName: `local/${requestId}`,
    getRemainingTimeInMillis: () => Math.max(0, deadline - clock()),
    done: () => {},
    fail: () => {},
    succeed: () => {},
  };
}

/**
 * Invokes `handler` with `event`, never throwing: a thrown error, a rejected promise, an error passed to the
 * callback or a timeout become an {@link InvocationFailure}.
 */
export async function invokeLambda(
  handler: LambdaHandler,
  event: unknown,
  options: InvokeOptions,
): Promise<InvocationOutcome> {
  const context = makeContext(
    options.functionName ?? 'edgeward-local',
    options.timeoutMs,
    options.clock ?? Date.now,
  );
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<InvocationOutcome>((resolveTimeout) => {
    timer = setTimeout(() => resolveTimeout({ ok: false, failure: { kind: 'timeout' } }), options.timeoutMs);
  });
  const run = new Promise<InvocationOutcome>((resolveRun) => {
    const fail = (error: unknown) => resolveRun({ ok: false, failure: { kind: 'error', error } });
    const callback = (error?: unknown, result?: unknown) => {
      if (error !== undefined && error !== null) fail(error);
      else resolveRun({ ok: true, result });
    };
    try {
      const returned = handler(event as never, context, callback);
      // Promise-style handlers: their settled value is the result. Callback-style handlers return undefined.
      if (handler.length < 3 || isThenable(returned)) {
        Promise.resolve(returned).then((result) => resolveRun({ ok: true, result }), fail);
      }
    } catch (error) {
      fail(error);
    }
  });
  try {
    return await Promise.race([run, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

function isThenable(value: unknown): value is PromiseLike<unknown> {
  return typeof (value as { then?: unknown } | null)?.then === 'function';
}

/**
 * Resolves `source` (loading the module when it is a path) and invokes it with `event`, never throwing: a
 * module that cannot be loaded or exports no handler is an {@link InvocationFailure} of kind `error`, like a
 * handler that throws (Lambda reports both as a function error).
 */
export async function invokeHandler(
  source: HandlerSource,
  event: unknown,
  options: InvokeOptions,
): Promise<InvocationOutcome> {
  let handler: LambdaHandler;
  try {
    handler = await resolveHandler(source);
  } catch (error) {
    return { ok: false, failure: { kind: 'error', error } };
  }
  return invokeLambda(handler, event, options);
}
