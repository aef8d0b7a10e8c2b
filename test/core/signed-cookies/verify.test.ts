import { createSign, sign } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import { toCloudFrontBase64 } from '../../../packages/edgeward/src/core/signed-cookies/encoding.js';
import {
  createSignedCookieIssuer,
  type SignedCookiesConfig,
} from '../../../packages/edgeward/src/core/signed-cookies/index.js';
import { verifySignedCookies } from '../../../packages/edgeward/src/core/signed-cookies/verify.js';
import { FIXED_NOW, fixedClock } from '../../helpers/keys.js';
import { tamperCloudFrontBase64 } from '../../helpers/tamper.js';
import { cookieJar, type KeyKind, makeKeyPair, parseSetCookies, type TestKeyPair } from './fixtures.js';

const KEY_ID = 'K2JCJMDEHXQW5F';
const keys = {} as Record<KeyKind, TestKeyPair>;
beforeAll(() => {
  keys.rsa = makeKeyPair('rsa');
  keys.ec = makeKeyPair('ec');
});

const URL_OK = 'https://app.example.com/private/app/index.html';

function config(overrides: Partial<SignedCookiesConfig> = {}): SignedCookiesConfig {
  return {
    keyPairId: KEY_ID,
    privateKey: { pem: keys.rsa.privatePem },
    resource: 'https://app.example.com/private/app/*',
    issuePath: '/private/login',
    appPath: '/private/app/index.html',
    ...overrides,
  };
}

async function issued(overrides: Partial<SignedCookiesConfig> = {}, clientIp = '192.0.2.10') {
  const issuer = createSignedCookieIssuer(config(overrides), { clock: fixedClock, logger: () => {} });
  return cookieJar(
    parseSetCookies(await issuer.issue({ tokenExp: FIXED_NOW + 600, host: 'app.example.com', clientIp })),
  );
}

const options = (over: Partial<Parameters<typeof verifySignedCookies>[1]> = {}) => ({
  url: URL_OK,
  clientIp: '192.0.2.10',
  nowSeconds: FIXED_NOW,
  publicKeys: { [KEY_ID]: keys.rsa.publicPem },
  ...over,
});

/** Signs arbitrary policy bytes with node:crypto directly, the way the AWS documentation's OpenSSL recipe does. */
function signPolicy(policy: string, pem: string, hash: 'sha1' | 'sha256' = 'sha1'): string {
  return toCloudFrontBase64(sign(hash, Buffer.from(policy), pem));
}

describe('verifySignedCookies: what the issuer produces', () => {
  for (const kind of ['rsa', 'ec'] as const) {
    for (const hashAlgorithm of ['SHA1', 'SHA256'] as const) {
      it(`accepts ${kind.toUpperCase()} + ${hashAlgorithm} cookies inside the Resource`, async () => {
        const jar = await issued({ privateKey: { pem: keys[kind].privatePem }, hashAlgorithm });
        const publicKeys = { [KEY_ID]: keys[kind].publicKey };
        expect(verifySignedCookies(jar, options({ publicKeys }))).toEqual({ ok: true });
        expect(
          verifySignedCookies(
            jar,
            options({ publicKeys, url: 'https://app.example.com/private/app/js/a.js?v=2' }),
          ),
        ).toEqual({ ok: true });
      });
    }
  }
});

describe('verifySignedCookies: refusals', () => {
  it('refuses a tampered policy (DateLessThan pushed out, re-encoded)', async () => {
    const jar = await issued();
    const policy = Buffer.from(
      jar['CloudFront-Policy']!.replaceAll('-', '+').replaceAll('_', '=').replaceAll('~', '/'),
      'base64',
    ).toString();
    const forged = policy.replace(String(FIXED_NOW + 600), String(FIXED_NOW + 999_999));
    expect(forged).not.toBe(policy);
    expect(
      verifySignedCookies({ ...jar, 'CloudFront-Policy': toCloudFrontBase64(forged) }, options()),
    ).toMatchObject({
      ok: false,
      reason: 'signature_invalid',
    });
  });

  it('refuses a tampered signature', async () => {
    const jar = await issued();
    const tampered = tamperCloudFrontBase64(jar['CloudFront-Signature']!, 7);
    expect(verifySignedCookies({ ...jar, 'CloudFront-Signature': tampered }, options())).toMatchObject({
      ok: false,
      reason: 'signature_invalid',
    });
  });

  it('refuses a signature by another key under the trusted key id', async () => {
    const jar = await issued({ privateKey: { pem: keys.ec.privatePem } });
    expect(verifySignedCookies(jar, options())).toMatchObject({ ok: false, reason: 'signature_invalid' });
  });

  it('refuses an unknown key pair id', async () => {
    const jar = await issued();
    expect(verifySignedCookies({ ...jar, 'CloudFront-Key-Pair-Id': 'KOTHER' }, options())).toMatchObject({
      ok: false,
      reason: 'key_pair_id_unknown',
    });
    expect(verifySignedCookies({ ...jar, 'CloudFront-Key-Pair-Id': 'toString' }, options())).toMatchObject({
      ok: false,
      reason: 'key_pair_id_unknown',
    });
  });

  it('refuses SHA256 cookies without the Hash-Algorithm cookie, and unknown algorithms', async () => {
    const jar = await issued({ hashAlgorithm: 'SHA256' });
    const { 'CloudFront-Hash-Algorithm': _, ...withoutHash } = jar;
    expect(verifySignedCookies(withoutHash, options())).toMatchObject({
      ok: false,
      reason: 'signature_invalid',
    });
    expect(verifySignedCookies({ ...jar, 'CloudFront-Hash-Algorithm': 'MD5' }, options())).toMatchObject({
      ok: false,
      reason: 'hash_algorithm_invalid',
    });
  });

  it.each([
    ['another path', 'https://app.example.com/private/admin/index.html'],
    ['a prefix trick', 'https://app.example.com/private/application.js'],
    ['another host', 'https://evil.example/private/app/index.html'],
    ['another scheme', 'http://app.example.com/private/app/index.html'],
  ])('refuses a URL outside the Resource: %s', async (_, url) => {
    expect(verifySignedCookies(await issued(), options({ url }))).toMatchObject({
      ok: false,
      reason: 'resource_mismatch',
    });
  });

  it('accepts until DateLessThan and refuses from it on', async () => {
    const jar = await issued();
    expect(verifySignedCookies(jar, options({ nowSeconds: FIXED_NOW + 599 }))).toEqual({ ok: true });
    expect(verifySignedCookies(jar, options({ nowSeconds: FIXED_NOW + 600 }))).toMatchObject({
      ok: false,
      reason: 'expired',
    });
  });

  it('refuses before DateGreaterThan', async () => {
    const jar = await issued({ notBefore: { skewSeconds: 0 } });
    expect(verifySignedCookies(jar, options({ nowSeconds: FIXED_NOW - 1 }))).toMatchObject({
      ok: false,
      reason: 'not_yet_valid',
    });
    expect(verifySignedCookies(jar, options({ nowSeconds: FIXED_NOW + 1 }))).toEqual({ ok: true });
  });

  it('enforces the IpAddress condition (IPv4 and IPv6)', async () => {
    const v4 = await issued({ bindClientIp: true });
    expect(verifySignedCookies(v4, options())).toEqual({ ok: true });
    expect(verifySignedCookies(v4, options({ clientIp: '192.0.2.11' }))).toMatchObject({
      ok: false,
      reason: 'ip_mismatch',
    });
    const v6 = await issued({ bindClientIp: true }, '2001:db8::1');
    expect(verifySignedCookies(v6, options({ clientIp: '2001:db8::1' }))).toEqual({ ok: true });
    expect(verifySignedCookies(v6, options({ clientIp: '2001:db8::2' }))).toMatchObject({
      ok: false,
      reason: 'ip_mismatch',
    });
  });

  it('refuses missing cookies and malformed values', async () => {
    const jar = await issued();
    const { 'CloudFront-Signature': _, ...noSignature } = jar;
    expect(verifySignedCookies(noSignature, options())).toMatchObject({
      ok: false,
      reason: 'cookies_missing',
    });
    expect(verifySignedCookies({}, options())).toMatchObject({ ok: false, reason: 'cookies_missing' });
    expect(verifySignedCookies({ ...jar, 'CloudFront-Policy': 'a+b/' }, options())).toMatchObject({
      ok: false,
      reason: 'policy_malformed',
    });
    expect(verifySignedCookies({ ...jar, 'CloudFront-Signature': 'a+b/' }, options())).toMatchObject({
      ok: false,
      reason: 'signature_malformed',
    });
  });

  it('refuses a validly signed policy CloudFront would not accept (two statements)', () => {
    const policy =
      '{"Statement":[{"Resource":"https://app.example.com/*","Condition":{"DateLessThan":{"AWS:EpochTime":9999999999}}},{"Resource":"https://x/*","Condition":{"DateLessThan":{"AWS:EpochTime":9999999999}}}]}';
    const jar = {
      'CloudFront-Policy': toCloudFrontBase64(policy),
      'CloudFront-Signature': signPolicy(policy, keys.rsa.privatePem),
      'CloudFront-Key-Pair-Id': KEY_ID,
    };
    expect(verifySignedCookies(jar, options())).toMatchObject({ ok: false, reason: 'policy_malformed' });
  });

  it('refuses a weak trusted public key', async () => {
    const weak = makeKeyPair('rsa1024');
    expect(
      verifySignedCookies(await issued(), options({ publicKeys: { [KEY_ID]: weak.publicPem } })),
    ).toMatchObject({
      ok: false,
      reason: 'public_key_invalid',
    });
  });
});

describe('verifySignedCookies: canned policy (CloudFront-Expires)', () => {
  // Policy statement format from "Set signed cookies using a canned policy":
  // https://docs.aws.amazon.com/AmazonCloudFront/latest/DeveloperGuide/private-content-setting-signed-cookie-canned-policy.html
  const canned = (url: string, expires: number) =>
    `{"Statement":[{"Resource":"${url}","Condition":{"DateLessThan":{"AWS:EpochTime":${expires}}}}]}`;

  for (const kind of ['rsa', 'ec'] as const) {
    it(`accepts a canned-policy cookie signed with ${kind.toUpperCase()} for exactly the requested URL`, () => {
      const signer = createSign('SHA1');
      signer.update(canned(URL_OK, FIXED_NOW + 60));
      const jar = {
        'CloudFront-Expires': String(FIXED_NOW + 60),
        'CloudFront-Signature': toCloudFrontBase64(signer.sign(keys[kind].privatePem)),
        'CloudFront-Key-Pair-Id': KEY_ID,
      };
      const publicKeys = { [KEY_ID]: keys[kind].publicPem };
      expect(verifySignedCookies(jar, options({ publicKeys }))).toEqual({ ok: true });
      expect(
        verifySignedCookies(
          jar,
          options({ publicKeys, url: 'https://app.example.com/private/app/other.html' }),
        ),
      ).toMatchObject({ ok: false, reason: 'signature_invalid' });
      expect(verifySignedCookies(jar, options({ publicKeys, nowSeconds: FIXED_NOW + 60 }))).toMatchObject({
        ok: false,
        reason: 'expired',
      });
      expect(
        verifySignedCookies(
          { ...jar, 'CloudFront-Expires': String(FIXED_NOW + 61) },
          options({ publicKeys }),
        ),
      ).toMatchObject({ ok: false, reason: 'signature_invalid' });
    });
  }

  it('refuses a CloudFront-Expires that is not a 32-bit epoch time', () => {
    const jar = { 'CloudFront-Signature': 'AAAA', 'CloudFront-Key-Pair-Id': KEY_ID };
    for (const e of ['2147483648', '-1', '1e9', '12.5', 'soon']) {
      expect(verifySignedCookies({ ...jar, 'CloudFront-Expires': e }, options())).toMatchObject({
        ok: false,
        reason: 'expires_malformed',
      });
    }
  });
});
