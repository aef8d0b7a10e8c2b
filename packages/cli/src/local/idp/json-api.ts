/**
 * What the local Cognito JSON 1.1 APIs (user pools `InitiateAuth`, identity pools `GetId`/
 * `GetCredentialsForIdentity`) share: the request body as a JSON object, the `application/x-amz-json-1.1`
 * answer with `x-amzn-requestid`, and errors as AWS sends them — 400 `{__type, message}` with
 * `x-amzn-errortype` for a known error, 500 `InternalErrorException` for anything else.
 *
 * @see https://docs.aws.amazon.com/cognito-user-identity-pools/latest/APIReference/CommonErrors.html
 * @module
 */
import { randomUUID } from 'node:crypto';
import type { KoaContextWithOIDC } from 'oidc-provider';
import { readText } from './context.js';

/** An API error answered 400 with its `__type` (e.g. `NotAuthorizedException`) and message. */
export class AwsJsonApiError extends Error {
  constructor(
    readonly type: string,
    message: string,
  ) {
    super(message);
  }
}

function respond(
  ctx: KoaContextWithOIDC,
  status: number,
  body: Record<string, unknown>,
  errorType?: string,
): void {
  ctx.status = status;
  ctx.set('x-amzn-requestid', randomUUID());
  if (errorType !== undefined) ctx.set('x-amzn-errortype', `${errorType}:`);
  ctx.type = 'application/x-amz-json-1.1';
  ctx.body = JSON.stringify(body);
}

/**
 * Answers one JSON API call: `operation` gets the request body (a JSON object, else
 * `SerializationException`) and returns the 200 body; an {@link AwsJsonApiError} becomes a 400, any other
 * failure a 500 `InternalErrorException`.
 */
export async function answerJsonApi(
  ctx: KoaContextWithOIDC,
  operation: (request: Record<string, unknown>) => Promise<Record<string, unknown>>,
): Promise<void> {
  try {
    let request: Record<string, unknown>;
    try {
      request = JSON.parse((await readText(ctx)) ?? '') as Record<string, unknown>;
      if (typeof request !== 'object' || request === null) throw new TypeError();
    } catch {
      throw new AwsJsonApiError('SerializationException', 'Request body is not a JSON object');
    }
    respond(ctx, 200, await operation(request));
  } catch (error) {
    if (error instanceof AwsJsonApiError) {
      respond(ctx, 400, { __type: error.type, message: error.message }, error.type);
    } else {
      respond(
        ctx,
        500,
        { __type: 'InternalErrorException', message: 'Internal error' },
        'InternalErrorException',
      );
    }
  }
}
