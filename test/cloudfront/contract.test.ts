/** The result validator itself: it must catch every rule it claims to enforce. */
import { describe, expect, it } from 'vitest';
import { viewerRequestResultProblems } from '../../packages/edgeward/src/cloudfront/contract.js';
import { response } from '../../packages/edgeward/src/cloudfront/responses.js';
import { viewerRequest } from '../fixtures/cloudfront/viewer-request.js';

describe('viewerRequestResultProblems', () => {
  it('accepts a well-formed generated response and an untouched request', () => {
    expect(viewerRequestResultProblems(response(302, [['Location', '/x']]))).toEqual([]);
    const event = viewerRequest();
    const req = event.Records[0]!.cf.request;
    expect(viewerRequestResultProblems(req, req.headers)).toEqual([]);
  });

  it.each([
    ['a numeric status', { status: 302 }],
    ['an upper-case header key', { status: '200', headers: { Location: [{ key: 'Location', value: '/' }] } }],
    ['a mismatched key', { status: '200', headers: { location: [{ key: 'Set-Cookie', value: '/' }] } }],
    ['a non-array header', { status: '200', headers: { location: { key: 'Location', value: '/' } } }],
    [
      'a CR/LF in a value',
      { status: '200', headers: { location: [{ key: 'Location', value: '/\r\nx: y' }] } },
    ],
    ['a disallowed header', { status: '200', headers: { 'x-cache': [{ key: 'X-Cache', value: 'x' }] } }],
    [
      'a disallowed prefix',
      { status: '200', headers: { 'x-amz-cf-pop': [{ key: 'X-Amz-Cf-Pop', value: 'x' }] } },
    ],
    [
      'a read-only header',
      { status: '200', headers: { 'content-length': [{ key: 'Content-Length', value: '1' }] } },
    ],
    ['a body over 40 KB', { status: '200', body: 'x'.repeat(40 * 1024 + 1) }],
    ['a bad bodyEncoding', { status: '200', body: 'x', bodyEncoding: 'gzip' }],
  ])('refuses a response with %s', (_name, result) => {
    expect(viewerRequestResultProblems(result).length).toBeGreaterThan(0);
  });

  it('refuses a forwarded request that changed Host or added a disallowed header', () => {
    const event = viewerRequest();
    const original = event.Records[0]!.cf.request;
    const changed = {
      ...original,
      headers: { ...original.headers, host: [{ key: 'Host', value: 'evil.example' }] },
    };
    expect(viewerRequestResultProblems(changed, original.headers)).toContain(
      'request: read-only header host was changed',
    );
    const added = {
      ...original,
      headers: { ...original.headers, upgrade: [{ key: 'Upgrade', value: 'h2c' }] },
    };
    expect(viewerRequestResultProblems(added, original.headers)).toContain(
      'request: disallowed header upgrade was added',
    );
  });
});
