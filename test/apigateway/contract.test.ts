/**
 * The result validator against the documented shapes: the AWS documentation's own examples pass; the
 * shapes that make API Gateway answer 500 (scenario E's `{error: …}`, arrays/objects in a REST context,
 * a bad Version, a resource over 512 characters, a non-boolean isAuthorized) are reported.
 */
import { describe, expect, it } from 'vitest';
import {
  isUnauthorizedError,
  validateAuthorizerResult,
} from '../../packages/edgeward/src/apigateway/contract.js';

/** @see https://docs.aws.amazon.com/apigateway/latest/developerguide/api-gateway-lambda-authorizer-output.html */
const documented = {
  principalId: 'user',
  policyDocument: {
    Version: '2012-10-17',
    Statement: [
      {
        Action: 'execute-api:Invoke',
        Effect: 'Deny',
        Resource: 'arn:aws:execute-api:us-west-2:123456789012:ymy8tbxw7b/*/GET/',
      },
    ],
  },
  context: { stringKey: 'value', numberKey: '1', booleanKey: 'true' },
  usageIdentifierKey: '{api-key}',
};

describe('validateAuthorizerResult', () => {
  it('accepts the documented REST output and HTTP API simple/IAM responses', () => {
    expect(validateAuthorizerResult('rest', documented)).toEqual([]);
    expect(
      validateAuthorizerResult('http-simple', {
        isAuthorized: true,
        context: { exampleKey: 'exampleValue' },
      }),
    ).toEqual([]);
    // HTTP API contexts may hold arrays and maps (http-api-lambda-authorizer.html example)
    const { usageIdentifierKey: _omit, ...iam } = documented;
    expect(
      validateAuthorizerResult('http-iam', { ...iam, context: { arrayKey: ['a'], mapKey: { a: 'b' } } }),
    ).toEqual([]);
  });

  it("reports scenario E's error branch", () => {
    expect(validateAuthorizerResult('rest', { error: 'invalid token' })).toEqual([
      'principalId: must be a non-empty string',
      'policyDocument: must be an object',
      'error: unexpected key',
    ]);
  });

  it.each([
    [
      'an array in a REST context',
      { ...documented, context: { groups: ['a'] } },
      'context.groups: must be a string, a finite number or a boolean',
    ],
    [
      'an object in a REST context',
      { ...documented, context: { o: {} } },
      'context.o: must be a string, a finite number or a boolean',
    ],
    [
      'NaN in a context',
      { ...documented, context: { n: Number.NaN } },
      'context.n: must be a string, a finite number or a boolean',
    ],
    [
      'a wrong Version',
      { ...documented, policyDocument: { ...documented.policyDocument, Version: '2008-10-17' } },
      'policyDocument.Version: must be "2012-10-17"',
    ],
    [
      'an empty Statement',
      { ...documented, policyDocument: { Version: '2012-10-17', Statement: [] } },
      'policyDocument.Statement: must be a non-empty array',
    ],
    [
      'a lower-case Effect',
      {
        ...documented,
        policyDocument: {
          Version: '2012-10-17',
          Statement: [{ Action: 'execute-api:Invoke', Effect: 'allow', Resource: 'arn:x' }],
        },
      },
      'policyDocument.Statement[0].Effect: must be "Allow" or "Deny"',
    ],
    [
      'a resource over 512 characters',
      {
        ...documented,
        policyDocument: {
          Version: '2012-10-17',
          Statement: [{ Action: 'execute-api:Invoke', Effect: 'Allow', Resource: `arn:${'a'.repeat(520)}` }],
        },
      },
      'policyDocument.Statement[0].Resource[0]: longer than 512 characters',
    ],
    ['an empty principalId', { ...documented, principalId: '' }, 'principalId: must be a non-empty string'],
    [
      'a numeric usageIdentifierKey',
      { ...documented, usageIdentifierKey: 5 },
      'usageIdentifierKey: must be a string',
    ],
  ])('reports %s', (_n, result, problem) => {
    expect(validateAuthorizerResult('rest', result)).toContain(problem);
  });

  it('reports a non-boolean isAuthorized and a non-object result', () => {
    expect(validateAuthorizerResult('http-simple', { isAuthorized: 'true' })).toEqual([
      'isAuthorized: must be a boolean',
    ]);
    expect(validateAuthorizerResult('websocket', null)).toEqual(['result: must be an object']);
    expect(validateAuthorizerResult('websocket', { ...documented })).toContain(
      'usageIdentifierKey: unexpected key',
    );
  });
});

describe('isUnauthorizedError', () => {
  it('is true only for an Error whose message is exactly Unauthorized', () => {
    expect(isUnauthorizedError(new Error('Unauthorized'))).toBe(true);
    expect(isUnauthorizedError(new Error('Unauthorized '))).toBe(false);
    expect(isUnauthorizedError('Unauthorized')).toBe(false);
  });
});
