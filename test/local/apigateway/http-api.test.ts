/**
 * The HTTP API emulator: payload format 2.0 authorizer events, simple responses and IAM responses, and the
 * Lambda proxy integration (payload 2.0) receiving `requestContext.authorizer.lambda`.
 *
 * Event shapes reproduced from "Working with AWS Lambda authorizers for HTTP APIs" (payload format 2.0):
 * https://docs.aws.amazon.com/apigateway/latest/developerguide/http-api-lambda-authorizer.html
 */
import type { APIGatewayProxyEventV2, APIGatewayRequestAuthorizerEventV2 } from 'aws-lambda';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import {
  type HttpApiEmulator,
  startHttpApiEmulator,
} from '../../../packages/cli/src/local/apigateway/http-api.js';
import type { LambdaHandler } from '../../../packages/cli/src/local/lambda.js';

let api: HttpApiEmulator;
const calls: Record<string, unknown[]> = {};
const record = (name: string, event: unknown) => {
  calls[name] = [...(calls[name] ?? []), event];
};

const simple: LambdaHandler = async (event: APIGatewayRequestAuthorizerEventV2) => {
  record('authorizer', event);
  const value = event.identitySource?.[0] ?? '';
  if (value === 'Bearer yes') return { isAuthorized: true, context: { user: 'alice', groups: ['members'] } };
  if (value === 'Bearer no') return { isAuthorized: false };
  if (value === 'Bearer malformed') return { isAuthorized: 'yes' };
  if (value === 'Bearer boom') throw new Error('boom');
  throw new Error('Unauthorized');
};

const iam: LambdaHandler = async (event: APIGatewayRequestAuthorizerEventV2) => ({
  principalId: 'alice',
  policyDocument: {
    Version: '2012-10-17',
    Statement: [
      {
        Action: 'execute-api:Invoke',
        Effect: 'Allow',
        Resource: event.routeArn.replace(/GET\/.*$/, 'GET/iam/*'),
      },
    ],
  },
  context: { tenant: 't1' },
});

const backend: LambdaHandler = async (event: APIGatewayProxyEventV2) => {
  record('backend', event);
  return { ok: true, routeKey: event.routeKey };
};

beforeAll(async () => {
  api = await startHttpApiEmulator({
    apiId: 'httpapi01',
    authorizers: { simple: { handler: simple }, iam: { handler: iam, response: 'iam' } },
    routes: {
      'GET /pets': { handler: backend, authorizer: 'simple' },
      'GET /pets/{id}': { handler: backend, authorizer: 'iam' },
      'GET /iam/pets': { handler: backend, authorizer: 'iam' },
      'ANY /open/{proxy+}': {
        handler: async (event: APIGatewayProxyEventV2) => ({
          statusCode: 201,
          cookies: ['a=1', 'b=2'],
          body: JSON.stringify(event.pathParameters),
        }),
      },
    },
  });
});

afterAll(() => api.close());
beforeEach(() => {
  for (const key of Object.keys(calls)) delete calls[key];
});

const get = (path: string, authorization?: string, extra: Record<string, string> = {}) =>
  fetch(`${api.url}${path}`, {
    headers: { ...(authorization ? { Authorization: authorization } : {}), ...extra },
  });

describe('HTTP API simple-response authorizer', () => {
  it('allows with isAuthorized true and hands the context to the integration', async () => {
    const res = await get('/pets?limit=2&limit=3', 'Bearer yes', { Cookie: 'c1=v1; c2=v2', 'X-Custom': 'x' });
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ ok: true, routeKey: 'GET /pets' });
    const event = calls['authorizer']![0] as APIGatewayRequestAuthorizerEventV2;
    expect(event.version).toBe('2.0');
    expect(event.type).toBe('REQUEST');
    expect(event.routeArn).toBe('arn:aws:execute-api:us-east-1:123456789012:httpapi01/$default/GET/pets');
    expect(event.identitySource).toEqual(['Bearer yes']);
    expect(event.routeKey).toBe('GET /pets');
    expect(event.rawPath).toBe('/pets');
    expect(event.rawQueryString).toBe('limit=2&limit=3');
    expect(event.cookies).toEqual(['c1=v1', 'c2=v2']);
    expect(event.headers?.['x-custom']).toBe('x');
    expect(event.headers?.['cookie']).toBeUndefined();
    expect(event.queryStringParameters).toEqual({ limit: '2,3' });
    expect(event.requestContext.http.method).toBe('GET');
    const backendEvent = calls['backend']![0] as APIGatewayProxyEventV2 & {
      requestContext: { authorizer: { lambda: unknown } };
    };
    expect(backendEvent.requestContext.authorizer.lambda).toEqual({ user: 'alice', groups: ['members'] });
  });

  it.each([
    [undefined, 401, 'Unauthorized'],
    ['Bearer nobody', 401, 'Unauthorized'],
    ['Bearer no', 403, 'Forbidden'],
    ['Bearer malformed', 500, 'Internal Server Error'],
    ['Bearer boom', 500, 'Internal Server Error'],
  ])('%s → %i', async (authorization, status, message) => {
    const res = await get('/pets', authorization);
    expect(res.status).toBe(status);
    expect(await res.json()).toEqual({ message });
    expect(calls['backend']).toBeUndefined();
  });
});

describe('HTTP API IAM-response authorizer', () => {
  it('evaluates the policy against the route ARN', async () => {
    // The policy allows …/GET/iam/* only.
    expect((await get('/iam/pets', 'Bearer x')).status).toBe(200);
    const backendEvent = calls['backend']![0] as { requestContext: { authorizer: { lambda: unknown } } };
    expect(backendEvent.requestContext.authorizer.lambda).toEqual({
      principalId: 'alice',
      integrationLatency: 0,
      tenant: 't1',
    });
    expect((await get('/pets/1', 'Bearer x')).status).toBe(403);
  });
});

describe('HTTP API routes', () => {
  it('no route → 404; open routes pass path parameters and cookies through', async () => {
    expect((await get('/nothing')).status).toBe(404);
    const res = await fetch(`${api.url}/open/a/b`, { method: 'POST', body: 'x' });
    expect(res.status).toBe(201);
    expect(await res.json()).toEqual({ proxy: 'a/b' });
    expect(res.headers.getSetCookie()).toEqual(['a=1', 'b=2']);
  });
});
