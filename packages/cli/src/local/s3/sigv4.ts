/**
 * Verifying an AWS Signature Version 4 (`Authorization` header) on a request to the local S3 emulator,
 * with the SDK's own signer (`@smithy/signature-v4`, which `@aws-sdk/signature-v4` re-exports): the
 * request is signed again with the secret of its access key and the signatures are compared. Only header
 * authentication with `x-amz-content-sha256` is supported (what the SDKs send to S3).
 *
 * @see https://docs.aws.amazon.com/AmazonS3/latest/API/sig-v4-header-based-auth.html
 * @see https://docs.aws.amazon.com/AmazonS3/latest/API/sigv4-auth-using-authorization-header.html
 * @module
 */
import { createHash, timingSafeEqual } from 'node:crypto';
import { Sha256 } from '@aws-crypto/sha256-js';
import { SignatureV4 } from '@smithy/signature-v4';
import type { LocalCredentialStore, LocalCredentials } from '../aws-credentials.js';

/** The request as received. `path` is the raw (still percent-encoded) path; `query` the raw query. */
export interface SignedRequest {
  readonly method: string;
  readonly path: string;
  readonly query: string;
  /** Lower-case header names → value (repeated headers joined with `,`). */
  readonly headers: Readonly<Record<string, string>>;
  readonly body: Buffer;
}

/** The verdict: the caller's credentials, or an S3 error. */
export type SignatureVerdict =
  | { readonly ok: true; readonly credentials: LocalCredentials }
  | { readonly ok: false; readonly status: 400 | 403; readonly code: string; readonly message: string };

/** Greatest difference between `x-amz-date` and the server's clock S3 accepts, in seconds. */
export const MAX_CLOCK_SKEW_SECONDS = 15 * 60;

const AUTH =
  /^AWS4-HMAC-SHA256 Credential=([^/,\s]+)\/(\d{8})\/([a-z0-9-]+)\/s3\/aws4_request, ?SignedHeaders=([a-z0-9;-]+), ?Signature=([0-9a-f]{64})$/;
const AMZ_DATE = /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z$/;
const UNSIGNED_PAYLOAD = 'UNSIGNED-PAYLOAD';

const refuse = (status: 400 | 403, code: string, message: string): SignatureVerdict => ({
  ok: false,
  status,
  code,
  message,
});

/** The query as the signer takes it: decoded names → decoded value(s). */
function queryObject(raw: string): Record<string, string | string[]> {
  const out: Record<string, string | string[]> = {};
  for (const [k, v] of new URLSearchParams(raw.replace(/\+/g, '%2B'))) {
    const prev = out[k];
    out[k] = prev === undefined ? v : Array.isArray(prev) ? [...prev, v] : [prev, v];
  }
  return out;
}

/**
 * Checks the signature of `request` against the credentials of its access key.
 *
 * @param nowSeconds - the current time, seconds since the epoch
 */
export async function verifySignature(
  request: SignedRequest,
  store: LocalCredentialStore,
  nowSeconds: number,
): Promise<SignatureVerdict> {
  const auth = request.headers['authorization'];
  if (auth === undefined) return refuse(403, 'AccessDenied', 'Access Denied');
  const m = AUTH.exec(auth);
  if (!m) return refuse(400, 'AuthorizationHeaderMalformed', 'The authorization header is malformed.');
  const [, accessKeyId, day, region, signedHeaderList, signature] = m as unknown as string[];
  const credentials = store.find(accessKeyId!);
  if (credentials === undefined) {
    return refuse(
      403,
      'InvalidAccessKeyId',
      'The AWS Access Key Id you provided does not exist in our records.',
    );
  }
  if (credentials.expiration <= nowSeconds)
    return refuse(400, 'ExpiredToken', 'The provided token has expired.');
  if (request.headers['x-amz-security-token'] !== credentials.sessionToken) {
    return refuse(403, 'InvalidToken', 'The provided token is malformed or otherwise invalid.');
  }
  const date = AMZ_DATE.exec(request.headers['x-amz-date'] ?? '');
  if (!date?.[0].startsWith(day!)) {
    return refuse(403, 'AccessDenied', 'AWS authentication requires a valid Date or x-amz-date header');
  }
  const signingDate = new Date(
    Date.UTC(+date[1]!, +date[2]! - 1, +date[3]!, +date[4]!, +date[5]!, +date[6]!),
  );
  if (Math.abs(signingDate.getTime() / 1000 - nowSeconds) > MAX_CLOCK_SKEW_SECONDS) {
    return refuse(
      403,
      'RequestTimeTooSkewed',
      'The difference between the request time and the current time is too large.',
    );
  }
  const payloadHash = request.headers['x-amz-content-sha256'];
  if (payloadHash === undefined) {
    return refuse(400, 'InvalidRequest', 'Missing required header for this request: x-amz-content-sha256');
  }
  if (
    payloadHash !== UNSIGNED_PAYLOAD &&
    payloadHash !== createHash('sha256').update(request.body).digest('hex')
  ) {
    return refuse(
      400,
      'XAmzContentSHA256Mismatch',
      "The provided 'x-amz-content-sha256' header does not match what was computed.",
    );
  }
  const signedNames = signedHeaderList!.split(';');
  if (!signedNames.includes('host') || signedNames.some((n) => request.headers[n] === undefined)) {
    return refuse(
      403,
      'SignatureDoesNotMatch',
      'The request signature we calculated does not match the signature you provided.',
    );
  }
  const headers = Object.fromEntries(signedNames.map((n) => [n, request.headers[n]!]));
  const signer = new SignatureV4({
    credentials: {
      accessKeyId: credentials.accessKeyId,
      secretAccessKey: credentials.secretAccessKey,
      sessionToken: credentials.sessionToken,
    },
    region: region!,
    service: 's3',
    sha256: Sha256,
    uriEscapePath: false,
    applyChecksum: true,
  });
  const resigned = await signer.sign(
    {
      method: request.method,
      protocol: 'http:',
      hostname: '',
      path: request.path,
      query: queryObject(request.query),
      headers,
    },
    { signingDate, signableHeaders: new Set(signedNames), signingRegion: region! },
  );
  const expected = /Signature=([0-9a-f]{64})$/.exec(String(resigned.headers['authorization']))?.[1] ?? '';
  const sameHeaders =
    /SignedHeaders=([^,]+),/.exec(String(resigned.headers['authorization']))?.[1] === signedHeaderList;
  if (!sameHeaders || !timingSafeEqual(Buffer.from(expected.padEnd(64, '0')), Buffer.from(signature!))) {
    return refuse(
      403,
      'SignatureDoesNotMatch',
      'The request signature we calculated does not match the signature you provided.',
    );
  }
  return { ok: true, credentials };
}
