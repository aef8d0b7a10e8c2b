/**
 * The REST API emulator: identity sources, TOKEN and REQUEST authorizer events, result caching keyed by the
 * identity source (and the classic pitfall it causes), IAM policy evaluation against each methodArn, and
 * API Gateway's 401/403/500/502 semantics.
 *
 * Event shapes reproduced from "Input to an API Gateway Lambda authorizer":
 * https://docs.aws.amazon.com/apigateway/latest/developerguide/api-gateway-lambda-authorizer-input.html
 * and the Lambda proxy input format:
 * https://docs.aws.amazon.com/apigateway/latest/developerguide/set-up-lambda-proxy-integrations.html#api-gateway-simple-proxy-for-lambda-input-format
 */
import type {
  APIGatewayProxyEvent,
  APIGatewayRequestAuthorizerEvent,
  APIGatewayTokenAuthorizerEvent,
} from 'aws-lambda';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import {
  type RestApiEmulator,
  startRestApiEmulator,
} from '../../../packages/cli/src/local/apigateway/rest-api.js';
import type { LambdaHandler } from '../../../packages/cli/src/local/lambda.js';
import { FIXED_NOW_MS } from '../../helpers/keys.js';

const ARN_PREFIX = 'arn:aws:execute-api:eu-west-1:111122223333:testapi01/dev';

let now = FIXED_NOW_MS;
let api: RestApiEmulator;
const calls: Record<string, unknown[]> = {};

function record(name: string, event: unknown): void {
  calls[name] = [...(calls[name] ?? []), event];
}

function policy(effect: 'Allow' | 'Deny', resource: string | string[], extra: object[] = []) {
  return {
    Version: '2012-10-17',
    Statement: [{ Action: 'execute-api:Invoke', Effect: effect, Resource: resource }, ...extra],
  };
}

/** A TOKEN authorizer whose behaviour is chosen by the token text (the emulator is under test here). */
const tokenAuthorizer: LambdaHandler = async (event: APIGatewayTokenAuthorizerEvent) => {
  record('token', event);
  const token = event.authorizationToken.replace(/^Bearer /, '');
  switch (token) {
    case 'method-only':
      return { principalId: 'alice', policyDocument: policy('Allow', event.methodArn) };
    case 'all':
      return {
        principalId: 'alice',
        policyDocument: policy('Allow', `${ARN_PREFIX}/*/*`),
        context: { username: 'alice', admin: false, level: 3 },
      };
    case 'all-but-admin':
      return {
        principalId: 'bob',
        policyDocument: policy('Allow', `${ARN_PREFIX}/*/*`, [
          { Action: 'execute-api:Invoke', Effect: 'Deny', Resource: `${ARN_PREFIX}/*/pets/admin` },
        ]),
      };
    case 'none':
      return { principalId: 'carol', policyDocument: policy('Allow', `${ARN_PREFIX}/POST/nothing`) };
    case 'unauthorized':
      throw new Error('Unauthorized');
    case 'boom':
      throw new Error('database down');
    case 'malformed':
      return { error: 'bad token' };
    case 'object-context':
      return { principalId: 'x', policyDocument: policy('Allow', '*'), context: { groups: ['a', 'b'] } };
    case 'slow':
      return new Promise((resolve) => setTimeout(() => resolve({}), 2000));
    default:
      throw new Error('Unauthorized');
  }
};

const requestAuthorizer: LambdaHandler = async (event: APIGatewayRequestAuthorizerEvent) => {
  record('request', event);
  return {
    principalId: 'req-user',
    policyDocument: policy('Allow', event.methodArn),
  };
};

const backend: LambdaHandler = async (event: APIGatewayProxyEvent) => {
  record('backend', event);
  return {
    statusCode: 200,
    headers: { 'content-type': 'application/json' },
    multiValueHeaders: { 'x-multi': ['1', '2'] },
    body: JSON.stringify({ resource: event.resource, path: event.path, params: event.pathParameters }),
  };
};

beforeAll(async () => {
  api = await startRestApiEmulator({
    restApiId: 'testapi01',
    region: 'eu-west-1',
    accountId: '111122223333',
    stage: 'dev',
    clock: () => now,
    authorizers: {
      tok: { type: 'TOKEN', handler: tokenAuthorizer, resultTtlInSeconds: 300, timeoutMs: 200 },
      nocache: { type: 'TOKEN', handler: tokenAuthorizer, resultTtlInSeconds: 0 },
      strict: {
        type: 'TOKEN',
        handler: tokenAuthorizer,
        identityValidationExpression: '^Bearer [a-z-]+$',
      },
      req: {
        type: 'REQUEST',
        handler: requestAuthorizer,
        identitySource: 'method.request.header.X-Api-Key, method.request.querystring.tenant',
      },
    },
    resources: {
      '/pets': {
        GET: { handler: backend, authorizer: 'tok' },
        POST: { handler: backend, authorizer: 'tok' },
      },
      '/pets/{id}': { GET: { handler: backend, authorizer: 'tok' } },
      '/pets/admin': { ANY: { handler: backend, authorizer: 'tok' } },
      '/files/{proxy+}': { GET: { handler: backend, authorizer: 'req' } },
      '/nocache/{id}': { GET: { handler: backend, authorizer: 'nocache' } },
      '/strict': { GET: { handler: backend, authorizer: 'strict' } },
      '/open': { GET: { handler: backend } },
      '/broken': {
        GET: { handler: async () => ({ body: 'no status' }) },
        POST: {
          handler: () => {
            throw new Error('x');
          },
        },
      },
    },
  });
});

afterAll(() => api.close());

beforeEach(() => {
  for (const key of Object.keys(calls)) delete calls[key];
  now += 3_600_000; // expire every cached result between tests
});

const get = (path: string, headers: Record<string, string> = {}, method = 'GET') =>
  fetch(`${api.url}${path}`, { method, headers });
const bearer = (token: string) => ({ Authorization: `Bearer ${token}` });

describe('REST API TOKEN authorizer', () => {
  it('answers 401 without invoking the authorizer when the identity source is missing', async () => {
    const res = await get('/pets');
    expect(res.status).toBe(401);
    expect(await res.json()).toEqual({ message: 'Unauthorized' });
    expect(res.headers.get('x-amzn-errortype')).toBe('UnauthorizedException');
    expect(calls['token']).toBeUndefined();
  });

  it('passes the raw header value and the methodArn', async () => {
    const res = await get('/pets/7?x=1', bearer('all'));
    expect(res.status).toBe(200);
    expect(calls['token']).toEqual([
      { type: 'TOKEN', authorizationToken: 'Bearer all', methodArn: `${ARN_PREFIX}/GET/pets/7` },
    ]);
  });

  it('gives the backend requestContext.authorizer with principalId and stringified context', async () => {
    const res = await get('/pets/7', bearer('all'));
    expect(await res.json()).toEqual({ resource: '/pets/{id}', path: '/pets/7', params: { id: '7' } });
    expect(res.headers.get('x-multi')).toBe('1, 2');
    const event = calls['backend']![0] as APIGatewayProxyEvent;
    expect(event.httpMethod).toBe('GET');
    expect(event.requestContext.authorizer).toEqual({
      principalId: 'alice',
      username: 'alice',
      admin: 'false',
      level: '3',
      integrationLatency: '0',
    });
    expect(event.requestContext.resourcePath).toBe('/pets/{id}');
    expect(event.requestContext.stage).toBe('dev');
    expect(event.requestContext.path).toBe('/dev/pets/7');
  });

  it("Error('Unauthorized') → 401; any other throw → 500 AuthorizerConfigurationException", async () => {
    expect((await get('/pets', bearer('unauthorized'))).status).toBe(401);
    const boom = await get('/pets', bearer('boom'));
    expect(boom.status).toBe(500);
    expect(boom.headers.get('x-amzn-errortype')).toBe('AuthorizerConfigurationException');
    expect(await boom.json()).toEqual({ message: null });
  });

  it.each(['malformed', 'object-context'])('a malformed result (%s) → 500', async (token) => {
    const res = await get('/pets', bearer(token));
    expect(res.status).toBe(500);
    expect(res.headers.get('x-amzn-errortype')).toBe('AuthorizerConfigurationException');
  });

  it('a timeout → 500', async () => {
    expect((await get('/pets', bearer('slow'))).status).toBe(500);
  });

  it('no matching Allow → 403; an explicit Deny wins over an Allow', async () => {
    const none = await get('/pets', bearer('none'));
    expect(none.status).toBe(403);
    expect(await none.json()).toEqual({ Message: 'User is not authorized to access this resource' });
    expect((await get('/pets', bearer('all-but-admin'))).status).toBe(200);
    const admin = await get('/pets/admin', bearer('all-but-admin'));
    expect(admin.status).toBe(403);
    expect(await admin.json()).toEqual({
      Message: 'User is not authorized to access this resource with an explicit deny',
    });
  });

  it('caches the result per token: a policy naming only methodArn denies the next route (scenario B pitfall)', async () => {
    expect((await get('/pets', bearer('method-only'))).status).toBe(200);
    expect((await get('/pets/1', bearer('method-only'))).status).toBe(403);
    expect((await get('/pets', bearer('method-only'))).status).toBe(200);
    expect(calls['token']).toHaveLength(1);
  });

  it('re-invokes the authorizer once the TTL has passed', async () => {
    expect((await get('/pets', bearer('method-only'))).status).toBe(200);
    now += 301_000;
    expect((await get('/pets/1', bearer('method-only'))).status).toBe(200);
    expect(calls['token']).toHaveLength(2);
  });

  it('with TTL 0 the authorizer runs for every request', async () => {
    expect((await get('/nocache/1', bearer('method-only'))).status).toBe(200);
    expect((await get('/nocache/2', bearer('method-only'))).status).toBe(200);
    expect(calls['token']).toHaveLength(2);
  });

  it('refuses a token failing identityValidationExpression without invoking the authorizer', async () => {
    expect((await get('/strict', { Authorization: 'Bearer ALL' })).status).toBe(401);
    expect(calls['token']).toBeUndefined();
    expect((await get('/strict', bearer('all'))).status).toBe(200);
  });
});

describe('REST API REQUEST authorizer', () => {
  it('sends the whole request and caches on all identity sources', async () => {
    const res = await get('/files/a/b%20c.txt?tenant=t1&x=1&x=2', { 'X-Api-Key': 'k1' });
    expect(res.status).toBe(200);
    const event = calls['request']![0] as APIGatewayRequestAuthorizerEvent;
    expect(event.type).toBe('REQUEST');
    expect(event.methodArn).toBe(`${ARN_PREFIX}/GET/files/a/b%20c.txt`);
    expect(event.resource).toBe('/files/{proxy+}');
    expect(event.path).toBe('/files/a/b%20c.txt');
    expect(event.httpMethod).toBe('GET');
    expect(event.headers?.['X-Api-Key']).toBe('k1');
    expect(event.queryStringParameters).toEqual({ tenant: 't1', x: '2' });
    expect(event.multiValueQueryStringParameters).toEqual({ tenant: ['t1'], x: ['1', '2'] });
    expect(event.pathParameters).toEqual({ proxy: 'a/b c.txt' });
    expect(event.requestContext.resourcePath).toBe('/files/{proxy+}');
  });

  it('answers 401 when one identity source is missing', async () => {
    expect((await get('/files/a?tenant=t1')).status).toBe(401);
    expect((await get('/files/a', { 'X-Api-Key': 'k1' })).status).toBe(401);
    expect(calls['request']).toBeUndefined();
  });
});

describe('REST API routing and integrations', () => {
  it('a literal resource beats {id}', async () => {
    await get('/pets/admin', bearer('all'));
    expect((calls['backend']![0] as APIGatewayProxyEvent).resource).toBe('/pets/admin');
  });

  it('an unknown resource, method or stage → 403', async () => {
    const unknown = await get('/nothing', bearer('all'));
    expect(unknown.status).toBe(403);
    expect(await unknown.json()).toEqual({ message: 'Missing Authentication Token' });
    expect((await get('/pets/1', bearer('all'), 'DELETE')).status).toBe(403);
    expect((await fetch(`${api.url.replace('/dev', '/prod')}/open`)).status).toBe(403);
  });

  it('open methods need no credentials and have no authorizer context', async () => {
    expect((await get('/open')).status).toBe(200);
    expect((calls['backend']![0] as APIGatewayProxyEvent).requestContext.authorizer).toBeUndefined();
  });

  it('a malformed proxy response or a throwing backend → 502', async () => {
    expect((await get('/broken')).status).toBe(502);
    const thrown = await get('/broken', {}, 'POST');
    expect(thrown.status).toBe(502);
    expect(await thrown.json()).toEqual({ message: 'Internal server error' });
  });
});
