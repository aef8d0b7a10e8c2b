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
import { EdgewardError } from 'edgeward';
import { isRecord } from 'edgeward/internal/core/record.js';
import type { KoaContextWithOIDC } from 'oidc-provider';
import { readText } from './context.js';

/**
 * A local Cognito API error (`local_cognito_api_error`): answered as HTTP 400 with `__type` and `message`,
 * as Cognito answers a refused `InitiateAuth`, `GetId` or `GetCredentialsForIdentity`.
 */
export class CognitoApiError extends EdgewardError {
  static readonly code = 'local_cognito_api_error';

  /**
   * @param type - the Cognito exception name (`__type`), e.g. `NotAuthorizedException`
   * @param message - Cognito's message
   */
  constructor(
    readonly type: string,
    message: string,
  ) {
    super(CognitoApiError.code, message);
    this.name = 'CognitoApiError';
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
 * `SerializationException`) and returns the 200 body; an {@link CognitoApiError} becomes a 400, any other
 * failure a 500 `InternalErrorException`.
 */
export async function answerJsonApi(
  ctx: KoaContextWithOIDC,
  operation: (request: Record<string, unknown>) => Promise<Record<string, unknown>>,
): Promise<void> {
  try {
    let parsed: unknown;
    try {
      parsed = JSON.parse((await readText(ctx)) ?? '');
    } catch {
      parsed = undefined;
    }
    if (!isRecord(parsed))
      throw new CognitoApiError('SerializationException', 'Request body is not a JSON object');
    respond(ctx, 200, await operation(parsed));
  } catch (error) {
    if (error instanceof CognitoApiError) {
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
