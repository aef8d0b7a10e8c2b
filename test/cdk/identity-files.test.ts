/**
 * Which CloudFront path patterns can serve the files identity-pool users upload to the private bucket
 * (`/<userPrefix><REGION:GUID>/…`): a behavior of that bucket must not, or any user could publish pages on
 * the site's origin.
 */
import { describe, expect, it } from 'vitest';
import { patternServesIdentityFiles } from '../../packages/cdk/src/identity-pool.js';

describe('patternServesIdentityFiles', () => {
  it.each([
    ['/*', true],
    ['*', true],
    ['/priv*', true],
    ['/private/*', true],
    ['/private/eu-*', true],
    ['/private/eu-west-1:0f6c1c4e-0000-4000-8000-000000000000/*', true],
    ['/private/?*', true],
    ['/private/app/*', false],
    ['/private/login', false],
    ['/private/App*', false],
    ['/members/*', false],
    ['/private', false],
    ['/private/', false],
  ])('%s → %s (userPrefix private/)', (pattern, serves) => {
    expect(patternServesIdentityFiles(pattern, 'private/')).toBe(serves);
  });

  it('follows the configured prefix', () => {
    expect(patternServesIdentityFiles('/private/*', 'uploads/')).toBe(false);
    expect(patternServesIdentityFiles('/uploads/*', 'uploads/')).toBe(true);
    expect(patternServesIdentityFiles('/up*', 'uploads/')).toBe(true);
  });
});
