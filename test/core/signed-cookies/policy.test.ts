import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  fromCloudFrontBase64,
  toCloudFrontBase64,
} from '../../../packages/edgeward/src/core/signed-cookies/encoding.js';
import {
  buildCustomPolicy,
  ipInCidr,
  matchResource,
  parsePolicy,
  singleAddressCidr,
} from '../../../packages/edgeward/src/core/signed-cookies/policy.js';

/**
 * Known answer from the AWS documentation, "Set signed cookies using a custom policy", Example 1:
 * https://docs.aws.amazon.com/AmazonCloudFront/latest/DeveloperGuide/private-content-setting-signed-cookie-custom-policy.html
 * (The page's CloudFront-Signature value is an illustration without a published key, so only the policy
 * encoding can be checked against it.)
 */
const AWS_DOC_POLICY_COOKIE =
  'eyJTdGF0ZW1lbnQiOlt7IlJlc291cmNlIjoiaHR0cDovL2QxMTExMTFhYmNkZWY4LmNsb3VkZnJvbnQubmV0L2dhbWVfZG93bmxvYWQuemlwIiwiQ29uZGl0aW9uIjp7IklwQWRkcmVzcyI6eyJBV1M6U291cmNlSXAiOiIxOTIuMC4yLjAvMjQifSwiRGF0ZUxlc3NUaGFuIjp7IkFXUzpFcG9jaFRpbWUiOjE0MjY1MDAwMDB9fX1dfQ__';
const AWS_DOC_POLICY_JSON =
  '{"Statement":[{"Resource":"http://d111111abcdef8.cloudfront.net/game_download.zip","Condition":{"IpAddress":{"AWS:SourceIp":"192.0.2.0/24"},"DateLessThan":{"AWS:EpochTime":1426500000}}}]}';

describe('CloudFront base64 (known answer from the AWS documentation)', () => {
  it('decodes the documented CloudFront-Policy cookie to the documented policy', () => {
    expect(fromCloudFrontBase64(AWS_DOC_POLICY_COOKIE)?.toString('utf8')).toBe(AWS_DOC_POLICY_JSON);
  });

  it('encodes the documented policy to the documented cookie value', () => {
    expect(toCloudFrontBase64(AWS_DOC_POLICY_JSON)).toBe(AWS_DOC_POLICY_COOKIE);
  });

  it('parses the documented policy', () => {
    expect(parsePolicy(AWS_DOC_POLICY_JSON)).toEqual({
      ok: true,
      statement: {
        resource: 'http://d111111abcdef8.cloudfront.net/game_download.zip',
        dateLessThan: 1426500000,
        sourceIp: '192.0.2.0/24',
      },
    });
  });

  it('round-trips any bytes and uses only the CloudFront alphabet', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 300 }), (bytes) => {
        const encoded = toCloudFrontBase64(bytes);
        expect(encoded).toMatch(/^[A-Za-z0-9\-~_]*$/);
        if (bytes.length > 0) expect(fromCloudFrontBase64(encoded)).toEqual(Buffer.from(bytes));
      }),
    );
  });

  it.each([
    ['standard base64 characters', 'ab+/'],
    ['standard padding', 'YQ=='],
    ['a bad length', 'YQ_'],
    ['padding in the middle', 'Y_Q_'],
    ['spaces', 'YW Jj'],
    ['empty', ''],
    ['non-canonical trailing bits', 'YR__'],
  ])('rejects %s', (_, value) => {
    expect(fromCloudFrontBase64(value)).toBeUndefined();
  });
});

describe('matchResource (CloudFront Resource wildcards)', () => {
  // Examples from "Values that you specify in the policy statement for a custom policy for signed cookies":
  // https://docs.aws.amazon.com/AmazonCloudFront/latest/DeveloperGuide/private-content-setting-signed-cookie-custom-policy.html
  it.each([
    'http://d111111abcdef8.cloudfront.net/game_download.zip',
    'http://d111111abcdef8.cloudfront.net/example_game_download.zip?license=yes',
    'http://d111111abcdef8.cloudfront.net/test_game_download.zip?license=temp',
  ])('the documented pattern *game_download.zip* matches %s', (url) => {
    expect(matchResource('http://d111111abcdef8.cloudfront.net/*game_download.zip*', url)).toBe(true);
  });

  it.each([
    ['https://example.com/private/app/*', 'https://example.com/private/app/index.html', true],
    ['https://example.com/private/app/*', 'https://example.com/private/app/', true],
    ['https://example.com/private/app/*', 'https://example.com/private/app/a/b.js?v=1', true],
    ['https://example.com/private/app/*', 'https://example.com/private/application', false],
    ['https://example.com/private/app/*', 'https://example.com/private/ap', false],
    ['https://example.com/private/app/*', 'https://example.com.evil/private/app/x', false],
    ['https://example.com/private/app/*', 'http://example.com/private/app/x', false],
    ['https://example.com/private/app/*', 'https://example.com/Private/app/x', false],
    ['http*://example.com/*', 'https://example.com/x', true],
    ['http*://example.com/*', 'http://example.com/x', true],
    ['https://example.com/a?c', 'https://example.com/abc', true],
    ['https://example.com/a?c', 'https://example.com/ac', false],
    ['https://*', 'https://anything/at/all', true],
    ['https://example.com/x', 'https://example.com/x', true],
    ['https://example.com/x', 'https://example.com/x/', false],
  ])('%s vs %s → %s', (pattern, url, expected) => {
    expect(matchResource(pattern, url)).toBe(expected);
  });

  it('agrees with a regular-expression reference on random inputs', () => {
    const char = fc.constantFrom('a', 'b', '/', '.', '*', '?');
    const reference = (pattern: string, url: string) =>
      new RegExp(
        `^${[...pattern].map((c) => (c === '*' ? '.*' : c === '?' ? '.' : c.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&'))).join('')}$`,
        's',
      ).test(url);
    fc.assert(
      fc.property(
        fc.string({ unit: char, maxLength: 10 }),
        fc.string({ unit: char, maxLength: 12 }),
        (p, u) => {
          expect(matchResource(p, u)).toBe(reference(p, u));
        },
      ),
      { numRuns: 2000 },
    );
  });

  it('stays linear on adversarial patterns', () => {
    const start = performance.now();
    expect(matchResource(`${'*a'.repeat(2000)}b`, 'a'.repeat(8000))).toBe(false);
    // Backtracking would take years: the bound catches that, it does not measure speed (bench does).
    expect(performance.now() - start).toBeLessThan(5000);
  });
});

describe('ipInCidr and singleAddressCidr', () => {
  it.each([
    ['192.0.2.10', '192.0.2.0/24', true],
    ['192.0.3.10', '192.0.2.0/24', false],
    ['192.0.2.10', '192.0.2.10/32', true],
    ['192.0.2.11', '192.0.2.10/32', false],
    ['192.0.2.10', '192.0.2.10', true],
    ['10.1.2.3', '0.0.0.0/0', true],
    ['2001:db8::1', '2001:db8::1/128', true],
    ['2001:db8::2', '2001:db8::1/128', false],
    ['2001:db8::2', '2001:db8::/32', true],
    ['192.0.2.10', '2001:db8::/32', false],
    ['2001:db8::1', '192.0.2.0/24', false],
    ['not-an-ip', '192.0.2.0/24', false],
    ['192.0.2.10', '192.0.2.0/33', false],
    ['192.0.2.10', '192.0.2.0/x', false],
  ])('%s in %s → %s', (ip, cidr, expected) => {
    expect(ipInCidr(ip, cidr)).toBe(expected);
  });

  it('makes /32 and /128 single-address blocks', () => {
    expect(singleAddressCidr('203.0.113.7')).toBe('203.0.113.7/32');
    expect(singleAddressCidr('2001:db8::7')).toBe('2001:db8::7/128');
    expect(singleAddressCidr('203.0.113.7/8')).toBeUndefined();
  });
});

describe('parsePolicy (fail closed)', () => {
  it('round-trips what buildCustomPolicy writes', () => {
    const json = buildCustomPolicy('https://x/*', {
      dateLessThan: 20,
      dateGreaterThan: 10,
      sourceIp: '192.0.2.1/32',
    });
    expect(json).toBe(
      '{"Statement":[{"Resource":"https://x/*","Condition":{"DateLessThan":{"AWS:EpochTime":20},"DateGreaterThan":{"AWS:EpochTime":10},"IpAddress":{"AWS:SourceIp":"192.0.2.1/32"}}}]}',
    );
    expect(parsePolicy(json)).toEqual({
      ok: true,
      statement: { resource: 'https://x/*', dateLessThan: 20, dateGreaterThan: 10, sourceIp: '192.0.2.1/32' },
    });
  });

  it.each([
    ['not JSON', '{'],
    ['no Statement', '{}'],
    [
      'an extra top-level member',
      '{"Statement":[{"Condition":{"DateLessThan":{"AWS:EpochTime":1}}}],"Id":"x"}',
    ],
    [
      'two statements',
      '{"Statement":[{"Condition":{"DateLessThan":{"AWS:EpochTime":1}}},{"Condition":{"DateLessThan":{"AWS:EpochTime":1}}}]}',
    ],
    ['no DateLessThan', '{"Statement":[{"Resource":"https://x/*","Condition":{}}]}'],
    ['a quoted DateLessThan', '{"Statement":[{"Condition":{"DateLessThan":{"AWS:EpochTime":"1"}}}]}'],
    ['a fractional DateLessThan', '{"Statement":[{"Condition":{"DateLessThan":{"AWS:EpochTime":1.5}}}]}'],
    [
      'an unknown condition',
      '{"Statement":[{"Condition":{"DateLessThan":{"AWS:EpochTime":1},"StringEquals":{"a":"b"}}}]}',
    ],
    [
      'a bad CIDR',
      '{"Statement":[{"Condition":{"DateLessThan":{"AWS:EpochTime":1},"IpAddress":{"AWS:SourceIp":"300.0.0.1/32"}}}]}',
    ],
    [
      'a non-string Resource',
      '{"Statement":[{"Resource":["a"],"Condition":{"DateLessThan":{"AWS:EpochTime":1}}}]}',
    ],
    [
      'an unknown statement member',
      '{"Statement":[{"Effect":"Allow","Condition":{"DateLessThan":{"AWS:EpochTime":1}}}]}',
    ],
  ])('rejects %s', (_, json) => {
    expect(parsePolicy(json).ok).toBe(false);
  });

  it('accepts an omitted Resource (CloudFront: any object the key group protects)', () => {
    expect(parsePolicy('{"Statement":[{"Condition":{"DateLessThan":{"AWS:EpochTime":1}}}]}')).toEqual({
      ok: true,
      statement: { resource: undefined, dateLessThan: 1 },
    });
  });
});
