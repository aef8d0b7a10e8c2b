/**
 * methodArn / routeArn parsing: examples from the AWS documentation and from public bug reports, and
 * fast-check properties (round trip, bounded split keeps `:` and `/` in the path, nothing parsed ever
 * holds a wildcard, never a throw).
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  formatExecuteApiArn,
  parseExecuteApiArn,
  resourceArn,
} from '../../packages/edgeward/src/apigateway/arn.js';

describe('parseExecuteApiArn', () => {
  it('parses the REST REQUEST example (api-gateway-lambda-authorizer-input.html)', () => {
    expect(
      parseExecuteApiArn('arn:aws:execute-api:us-east-1:123456789012:s4x3opwd6i/test/GET/request'),
    ).toEqual({
      ok: true,
      arn: {
        partition: 'aws',
        region: 'us-east-1',
        account: '123456789012',
        apiId: 's4x3opwd6i',
        stage: 'test',
        verb: 'GET',
        path: '/request',
      },
    });
  });

  it('parses the WebSocket $connect ARN (apigateway-websocket-api-lambda-auth.html)', () => {
    const r = parseExecuteApiArn('arn:aws:execute-api:us-east-1:123456789012:abcdef123/default/$connect');
    expect(r).toMatchObject({ ok: true, arn: { stage: 'default', routeKey: '$connect' } });
    expect(r.ok && r.arn.verb).toBe(undefined);
  });

  it('keeps the partition (aws-cn, aws-us-gov), the root path and an HTTP API $default stage', () => {
    expect(parseExecuteApiArn('arn:aws-cn:execute-api:cn-north-1:123456789012:abc/prod/GET/')).toMatchObject({
      ok: true,
      arn: { partition: 'aws-cn', path: '/' },
    });
    expect(
      parseExecuteApiArn('arn:aws-us-gov:execute-api:us-gov-west-1:123456789012:abc/$default/POST/a'),
    ).toMatchObject({
      ok: true,
      arn: { partition: 'aws-us-gov', region: 'us-gov-west-1', stage: '$default', verb: 'POST', path: '/a' },
    });
  });

  it('keeps ":" inside the path (aws/chalice#1775) and deep paths whole (authorizer blueprints#6)', () => {
    const arn = 'arn:aws:execute-api:eu-central-1:123456789012:abc/lab/GET/counters/2021-08-01T00:00:00Z/x';
    expect(parseExecuteApiArn(arn)).toMatchObject({
      ok: true,
      arn: { path: '/counters/2021-08-01T00:00:00Z/x' },
    });
    expect(
      parseExecuteApiArn('arn:aws:execute-api:eu-west-1:123456789012:abc123/s/GET/test/deep/path'),
    ).toMatchObject({
      ok: true,
      arn: { path: '/test/deep/path' },
    });
  });

  it('checks every route of a stage it has already parsed, and still checks other stages whole', () => {
    const stage = 'arn:aws:execute-api:us-east-1:123456789012:abc/test/';
    const seen = (rest: string) => {
      // parsed right after an ARN of the same stage: only the route is left to check
      expect(parseExecuteApiArn(`${stage}GET/x`)).toMatchObject({ ok: true });
      return parseExecuteApiArn(`${stage}${rest}`);
    };
    expect(seen('POST/a/b')).toEqual({
      ok: true,
      arn: {
        partition: 'aws',
        region: 'us-east-1',
        account: '123456789012',
        apiId: 'abc',
        stage: 'test',
        verb: 'POST',
        path: '/a/b',
      },
    });
    expect(seen('$connect')).toMatchObject({ ok: true, arn: { stage: 'test', routeKey: '$connect' } });
    expect(seen('GET/a*b')).toEqual({
      ok: false,
      detail: 'ARN contains a wildcard, space or control character',
    });
    expect(seen('GET/a?b')).toMatchObject({ ok: false });
    expect(seen('GET/a\u0000b')).toMatchObject({ ok: false });
    expect(seen('get/x')).toEqual({ ok: false, detail: 'ARN verb is invalid' });
    expect(seen('GET')).toEqual({ ok: false, detail: 'ARN lacks a path after the verb' });
    expect(seen('$con-nect')).toEqual({ ok: false, detail: 'ARN route key is invalid' });
    expect(seen('')).toMatchObject({ ok: false });
    // another stage, or one that merely starts like the remembered one, is parsed whole
    const other = (arn: string) => {
      expect(parseExecuteApiArn(`${stage}GET/x`)).toMatchObject({ ok: true });
      return parseExecuteApiArn(arn);
    };
    expect(other('arn:aws:execute-api:us-east-1:123456789012:abc/testing/GET/x')).toMatchObject({
      ok: true,
      arn: { stage: 'testing', path: '/x' },
    });
    expect(other('arn:aws:execute-api:us-east-1:123456789012:abc/te!t/GET/x')).toEqual({
      ok: false,
      detail: 'ARN stage is invalid',
    });
    expect(other('arn:aws:execute-api:us-east-1:123456789012:ab*/test/GET/x')).toMatchObject({ ok: false });
  });

  it.each([
    ['the console test stage "*"', 'arn:aws:execute-api:us-west-2:123456789012:ymy8tbxw7b/*/GET/'],
    ['a "?" in the path', 'arn:aws:execute-api:us-east-1:123456789012:abc/test/GET/a?b'],
    ['a space', 'arn:aws:execute-api:us-east-1:123456789012:abc/test/GET/a b'],
    ['another service', 'arn:aws:lambda:us-east-1:123456789012:abc/test/GET/x'],
    ['no "arn:"', 'urn:aws:execute-api:us-east-1:123456789012:abc/test/GET/x'],
    ['a bad partition', 'arn:azure:execute-api:us-east-1:123456789012:abc/test/GET/x'],
    ['a bad region', 'arn:aws:execute-api:US-EAST-1:123456789012:abc/test/GET/x'],
    ['an 11-digit account', 'arn:aws:execute-api:us-east-1:12345678901:abc/test/GET/x'],
    ['an upper-case api id', 'arn:aws:execute-api:us-east-1:123456789012:ABC/test/GET/x'],
    ['no path after the verb', 'arn:aws:execute-api:us-east-1:123456789012:abc/test/GET'],
    ['a lower-case verb', 'arn:aws:execute-api:us-east-1:123456789012:abc/test/get/x'],
    ['a missing stage', 'arn:aws:execute-api:us-east-1:123456789012:abc'],
    ['an overlong ARN', `arn:aws:execute-api:us-east-1:123456789012:abc/test/GET/${'a'.repeat(1600)}`],
    ['an empty string', ''],
  ])('rejects %s', (_name, arn) => {
    expect(parseExecuteApiArn(arn)).toMatchObject({ ok: false, detail: expect.any(String) });
  });

  it('builds resources with a glob path', () => {
    const r = parseExecuteApiArn('arn:aws:execute-api:us-east-1:123456789012:abc/prod/GET/pets/1');
    if (!r.ok) throw new Error(r.detail);
    expect(resourceArn(r.arn, 'GET', '/pets/*')).toBe(
      'arn:aws:execute-api:us-east-1:123456789012:abc/prod/GET/pets/*',
    );
    expect(resourceArn(r.arn, '*', '*')).toBe('arn:aws:execute-api:us-east-1:123456789012:abc/prod/*/*');
  });
});

const segment = fc.stringMatching(/^[A-Za-z0-9._~:@!$&'()+,;=-]{1,12}$/);
const validArn = fc
  .record({
    partition: fc.constantFrom('aws', 'aws-cn', 'aws-us-gov'),
    region: fc.constantFrom('us-east-1', 'eu-west-3', 'cn-north-1', 'us-gov-west-1', 'ap-southeast-2'),
    account: fc.stringMatching(/^\d{12}$/),
    apiId: fc.stringMatching(/^[a-z0-9]{1,10}$/),
    stage: fc.stringMatching(/^[A-Za-z0-9_-]{1,10}$/),
    verb: fc.constantFrom('GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'HEAD', 'OPTIONS'),
    segments: fc.array(segment, { maxLength: 6 }),
  })
  .map((p) => ({ ...p, path: `/${p.segments.join('/')}` }));

describe('ARN parsing properties', () => {
  it('round-trips every well-formed method ARN, keeping every part', () => {
    fc.assert(
      fc.property(validArn, (p) => {
        const text = `arn:${p.partition}:execute-api:${p.region}:${p.account}:${p.apiId}/${p.stage}/${p.verb}${p.path}`;
        const r = parseExecuteApiArn(text);
        if (!r.ok) return false;
        const { partition, region, account, apiId, stage, verb, path } = r.arn;
        expect({ partition, region, account, apiId, stage, verb, path }).toEqual({
          partition: p.partition,
          region: p.region,
          account: p.account,
          apiId: p.apiId,
          stage: p.stage,
          verb: p.verb,
          path: p.path,
        });
        return formatExecuteApiArn(r.arn) === text;
      }),
    );
  });

  it('never throws, and nothing parsed from any string holds a wildcard', () => {
    const prefix = fc.constantFrom('', 'arn:aws:execute-api:us-east-1:123456789012:', 'arn:aws:execute-api:');
    fc.assert(
      fc.property(prefix, fc.string({ maxLength: 80 }), (pre, rest) => {
        const r = parseExecuteApiArn(pre + rest);
        if (!r.ok) return typeof r.detail === 'string';
        return !/[*?\s]/.test(Object.values(r.arn).join(''));
      }),
      { numRuns: 2000 },
    );
  });

  it('rejects any well-formed ARN with a "*" or "?" inserted anywhere', () => {
    fc.assert(
      fc.property(validArn, fc.nat(), fc.constantFrom('*', '?'), (p, at, ch) => {
        const text = `arn:${p.partition}:execute-api:${p.region}:${p.account}:${p.apiId}/${p.stage}/${p.verb}${p.path}`;
        const i = at % (text.length + 1);
        return !parseExecuteApiArn(text.slice(0, i) + ch + text.slice(i)).ok;
      }),
    );
  });
});
