/**
 * The forwarder's build switch (`EDGEWARD_IDENTITY_HEADERS`, defined by `edgeward build` from the baked
 * configuration): a bundle built without identity headers refuses a configuration that enables them
 * (`config_invalid`) instead of forwarding without them, and removes incoming `x-edgeward-*` headers
 * either way.
 */
import type { CloudFrontRequest } from 'aws-lambda';
import { afterEach, describe, expect, it } from 'vitest';
import type { ViewerRequest } from '../../packages/edgeward/src/cloudfront/event.js';
import { createForwarder } from '../../packages/edgeward/src/cloudfront/origin.js';
import { isAuthError } from '../../packages/edgeward/src/core/errors.js';

const request: CloudFrontRequest = {
  clientIp: '203.0.113.1',
  method: 'GET',
  uri: '/a',
  querystring: '',
  headers: {
    host: [{ key: 'Host', value: 'd111111abcdef8.cloudfront.net' }],
    'x-edgeward-sub': [{ key: 'X-Edgeward-Sub', value: 'forged' }],
  },
};
const vr = { request, cookieHeaders: [] } as unknown as ViewerRequest;

afterEach(() => {
  globalThis.EDGEWARD_IDENTITY_HEADERS = undefined;
});

describe('createForwarder in a bundle built without identity headers', () => {
  it('refuses identityHeaders: config_invalid, never a silent forward without them', () => {
    globalThis.EDGEWARD_IDENTITY_HEADERS = false;
    let error: unknown;
    try {
      createForwarder({ removeAuthorization: true, identityHeaders: true });
    } catch (e) {
      error = e;
    }
    expect(isAuthError(error) && error.code).toBe('config_invalid');
  });

  it('still removes incoming x-edgeward-* headers', () => {
    globalThis.EDGEWARD_IDENTITY_HEADERS = false;
    const forward = createForwarder({ removeAuthorization: true, identityHeaders: false });
    expect(Object.keys(forward(vr).headers)).toEqual(['host']);
  });
});
