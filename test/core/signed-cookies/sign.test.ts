/**
 * `signCustomPolicy` against AWS's own signer: for RSA (PKCS #1 v1.5 signatures are deterministic) the
 * cookie values must be byte-identical to `getSignedCookies` of `@aws-sdk/cloudfront-signer` given the same
 * custom policy; for ECDSA P-256 (randomized signatures) the signature must verify with the public key.
 * Format: "Setting signed cookies using a custom policy"
 * (https://docs.aws.amazon.com/AmazonCloudFront/latest/DeveloperGuide/private-content-setting-signed-cookie-custom-policy.html).
 */
import { createVerify, generateKeyPairSync } from 'node:crypto';
import { getSignedCookies } from '@aws-sdk/cloudfront-signer';
import { describe, expect, it } from 'vitest';
import { fromCloudFrontBase64 } from '../../../src/core/signed-cookies/encoding.js';
import { buildCustomPolicy } from '../../../src/core/signed-cookies/policy.js';
import { signCustomPolicy } from '../../../src/core/signed-cookies/sign.js';
import { FIXED_NOW } from '../../helpers/keys.js';

const rsa = generateKeyPairSync('rsa', { modulusLength: 2048 });
const ec = generateKeyPairSync('ec', { namedCurve: 'P-256' });
const policy = buildCustomPolicy('https://d111111abcdef8.cloudfront.net/private/app/*', {
  dateLessThan: FIXED_NOW + 3600,
  dateGreaterThan: FIXED_NOW - 30,
  sourceIp: '203.0.113.178/32',
});

describe('signCustomPolicy', () => {
  it.each(['SHA1', 'SHA256'] as const)(
    'matches @aws-sdk/cloudfront-signer byte for byte (RSA, %s)',
    (alg) => {
      const pem = rsa.privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
      const ours = signCustomPolicy(policy, 'K2JCJMDEHXQW5F', rsa.privateKey, alg);
      const aws = getSignedCookies({ keyPairId: 'K2JCJMDEHXQW5F', privateKey: pem, policy, algorithm: alg });
      expect(ours).toEqual(aws);
      expect(ours['CloudFront-Hash-Algorithm']).toBe(alg === 'SHA256' ? 'SHA256' : undefined);
    },
  );

  it('signs with ECDSA P-256 verifiably, and a changed policy does not verify', () => {
    const ours = signCustomPolicy(policy, 'K2JCJMDEHXQW5F', ec.privateKey, 'SHA256');
    const sig = fromCloudFrontBase64(ours['CloudFront-Signature'])!;
    expect(fromCloudFrontBase64(ours['CloudFront-Policy'])!.toString('utf8')).toBe(policy);
    const verify = (data: string) => createVerify('RSA-SHA256').update(data).verify(ec.publicKey, sig);
    expect(verify(policy)).toBe(true);
    expect(verify(policy.replace('private', 'public'))).toBe(false);
  });
});
