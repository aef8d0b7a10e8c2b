/**
 * A local S3 endpoint (path style, `http://127.0.0.1:<port>/<bucket>/<key>`) for browser code holding
 * identity-pool credentials: `PutObject`, `GetObject`, `HeadObject`, `DeleteObject` and `ListObjectsV2`
 * on in-memory buckets, each request
 *
 * 1. answered for CORS as S3 does (preflight `OPTIONS` against the bucket's CORS rules, `Access-Control-*`
 *    headers on the actual response),
 * 2. authenticated with Signature Version 4 against the local credential store (`./sigv4.ts`),
 * 3. authorized with the identity-pool role's policy (`./identity-policy.ts`) for the caller's identity,
 *
 * and answered with S3's status codes and XML errors. Objects live in memory and end with `close()`.
 *
 * @see https://docs.aws.amazon.com/AmazonS3/latest/API/API_PutObject.html
 * @see https://docs.aws.amazon.com/AmazonS3/latest/API/API_ListObjectsV2.html
 * @see https://docs.aws.amazon.com/AmazonS3/latest/API/ErrorResponses.html
 * @module
 */
import { createHash, randomUUID } from 'node:crypto';
import type { IncomingMessage, OutgoingHttpHeaders, ServerResponse } from 'node:http';
import {
  type IdentityPolicyStatement,
  identityPolicyAllows,
} from 'edgeward/internal/core/identity-pool/storage-policy.js';
import type { Logger } from 'edgeward/internal/core/runtime.js';
import type { LocalCredentialStore } from '../aws-credentials.js';
import { contentTypeFor } from '../cloudfront/origins.js';
import { type CorsRule, corsHeaders, corsRuleFor } from '../cors.js';
import { readBody, splitTarget, startServer } from '../http.js';
import { verifySignature } from './sigv4.js';

/** One bucket of the emulator. */
export interface LocalBucketOptions {
  /** Its CORS configuration. Default none (cross-origin browser calls fail, as with S3). */
  readonly cors?: readonly CorsRule[];
  /**
   * The identity-pool role's statements on this bucket (`identityStorageStatements`); a request is
   * allowed only when one of them allows it for the caller's identity.
   */
  readonly policy: readonly IdentityPolicyStatement[];
}

/** Options of {@link startS3Emulator}. */
export interface S3EmulatorOptions {
  /** Buckets by name. */
  readonly buckets: Readonly<Record<string, LocalBucketOptions>>;
  /** Where access keys are looked up (the local identity pool issues them). */
  readonly credentials: LocalCredentialStore;
  /** Port; 0 (default) picks a free one. */
  readonly port?: number;
  /** Largest object accepted, bytes. Default 5 MiB. */
  readonly maxObjectBytes?: number;
  /** One record per refused request. Default none. */
  readonly logger?: Logger;
  /** Host names answered besides the loopback names (other `Host`s get 421, see `startServer`). Default none. */
  readonly allowedHosts?: readonly string[];
}

/** A running local S3 endpoint. */
export interface S3Emulator {
  /** e.g. `http://127.0.0.1:4314`: the SDK `endpoint` (with `forcePathStyle: true`). */
  readonly url: string;
  readonly port: number;
  close(): Promise<void>;
}

interface StoredObject {
  readonly body: Buffer;
  readonly contentType: string;
  readonly etag: string;
  readonly lastModified: Date;
}

const xmlEscape = (s: string) =>
  s.replace(
    /[&<>"']/g,
    (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&apos;' })[c]!,
  );

/** Starts the emulator. @throws when the port cannot be bound */
export async function startS3Emulator(options: S3EmulatorOptions): Promise<S3Emulator> {
  const store = new Map(Object.keys(options.buckets).map((name) => [name, new Map<string, StoredObject>()]));
  const maxBytes = options.maxObjectBytes ?? 5 * 1024 * 1024;
  const log: Logger = options.logger ?? (() => {});

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const requestId = randomUUID().replace(/-/g, '').slice(0, 16).toUpperCase();
    const { path, query } = splitTarget(req.url ?? '/');
    const method = (req.method ?? 'GET').toUpperCase();
    const slash = path.indexOf('/', 1);
    const bucketName = decodeURIComponent(slash === -1 ? path.slice(1) : path.slice(1, slash));
    let key: string;
    try {
      key = slash === -1 ? '' : decodeURIComponent(path.slice(slash + 1));
    } catch {
      key = '\0';
    }
    const bucket = options.buckets[bucketName];
    const objects = store.get(bucketName);
    const origin = typeof req.headers.origin === 'string' ? req.headers.origin : undefined;

    let cors: Record<string, string> = {};
    const send = (status: number, headers: OutgoingHttpHeaders, body?: Buffer | string) => {
      res.writeHead(status, { server: 'AmazonS3', 'x-amz-request-id': requestId, ...cors, ...headers });
      res.end(method === 'HEAD' ? undefined : body);
    };
    const error = (status: number, code: string, message: string) => {
      log({ level: 'info', event: 's3_refused', status, code, bucket: bucketName });
      const body =
        `<?xml version="1.0" encoding="UTF-8"?>\n<Error><Code>${code}</Code><Message>${xmlEscape(message)}</Message>` +
        `<RequestId>${requestId}</RequestId></Error>`;
      send(status, { 'content-type': 'application/xml' }, body);
    };

    if (bucket === undefined || objects === undefined) {
      req.resume();
      error(404, 'NoSuchBucket', 'The specified bucket does not exist');
      return;
    }
    if (method === 'OPTIONS') {
      req.resume();
      const requested = String(req.headers['access-control-request-method'] ?? '');
      const headers = String(req.headers['access-control-request-headers'] ?? '')
        .split(',')
        .map((h) => h.trim().toLowerCase())
        .filter((h) => h !== '');
      const rule =
        origin === undefined ? undefined : corsRuleFor(bucket.cors ?? [], origin, requested, headers);
      if (origin === undefined || requested === '' || rule === undefined) {
        error(
          403,
          'AccessForbidden',
          "CORSResponse: This CORS request is not allowed. This is usually because the evalution of Origin, request method / Access-Control-Request-Method or Access-Control-Request-Headers are not whitelisted by the resource's CORS spec.",
        );
        return;
      }
      send(200, corsHeaders(rule, origin, { method: requested, headers }));
      return;
    }
    const rule = origin === undefined ? undefined : corsRuleFor(bucket.cors ?? [], origin, method);
    if (rule !== undefined && origin !== undefined) cors = corsHeaders(rule, origin);

    const body = (await readBody(req, maxBytes)) ?? null;
    if (body === null) {
      error(400, 'EntityTooLarge', 'Your proposed upload exceeds the maximum allowed object size.');
      return;
    }
    const headers = Object.fromEntries(
      Object.entries(req.headers).map(([n, v]) => [n, Array.isArray(v) ? v.join(',') : String(v)]),
    );
    const verdict = await verifySignature(
      { method, path, query, headers, body },
      options.credentials,
      Math.floor(options.credentials.clock() / 1000),
    );
    if (!verdict.ok) {
      error(verdict.status, verdict.code, verdict.message);
      return;
    }
    const params = new URLSearchParams(query);
    const bucketArn = `arn:aws:s3:::${bucketName}`;
    const listing = key === '' && method === 'GET';
    const action = listing
      ? 's3:ListBucket'
      : method === 'PUT'
        ? 's3:PutObject'
        : method === 'DELETE'
          ? 's3:DeleteObject'
          : method === 'GET' || method === 'HEAD'
            ? 's3:GetObject'
            : undefined;
    if (action === undefined || (!listing && (key === '' || key.includes('\0')))) {
      error(405, 'MethodNotAllowed', 'The specified method is not allowed against this resource.');
      return;
    }
    if (listing && params.get('list-type') !== '2') {
      error(400, 'InvalidRequest', 'Only ListObjectsV2 (list-type=2) is supported locally.');
      return;
    }
    const prefix = params.get('prefix') ?? undefined;
    const allowed = identityPolicyAllows(bucket.policy, {
      action,
      resource: listing ? bucketArn : `${bucketArn}/${key}`,
      identityId: verdict.credentials.identityId,
      ...(prefix === undefined ? {} : { prefix }),
    });
    if (!allowed) {
      error(403, 'AccessDenied', 'Access Denied');
      return;
    }

    if (listing) {
      const keys = [...objects.keys()].filter((k) => k.startsWith(prefix ?? '')).sort();
      const contents = keys
        .map((k) => {
          const o = objects.get(k)!;
          return `<Contents><Key>${xmlEscape(k)}</Key><LastModified>${o.lastModified.toISOString()}</LastModified><ETag>${xmlEscape(o.etag)}</ETag><Size>${o.body.length}</Size><StorageClass>STANDARD</StorageClass></Contents>`;
        })
        .join('');
      const xml =
        `<?xml version="1.0" encoding="UTF-8"?>\n<ListBucketResult xmlns="http://s3.amazonaws.com/doc/2006-03-01/">` +
        `<Name>${xmlEscape(bucketName)}</Name><Prefix>${xmlEscape(prefix ?? '')}</Prefix><KeyCount>${keys.length}</KeyCount>` +
        `<MaxKeys>1000</MaxKeys><IsTruncated>false</IsTruncated>${contents}</ListBucketResult>`;
      send(200, { 'content-type': 'application/xml' }, xml);
      return;
    }
    if (method === 'PUT') {
      const etag = `"${createHash('md5').update(body).digest('hex')}"`;
      const contentType = headers['content-type'] ?? contentTypeFor(key);
      objects.set(key, { body, contentType, etag, lastModified: new Date(options.credentials.clock()) });
      send(200, { etag });
      return;
    }
    const object = objects.get(key);
    if (method === 'DELETE') {
      objects.delete(key);
      send(204, {});
      return;
    }
    if (object === undefined) {
      // S3 says 404 only to a caller allowed s3:ListBucket on the bucket (evaluated without s3:prefix, so a
      // ListBucket conditioned on a prefix does not count); anyone else gets 403.
      const mayList = identityPolicyAllows(bucket.policy, {
        action: 's3:ListBucket',
        resource: bucketArn,
        identityId: verdict.credentials.identityId,
      });
      if (mayList) error(404, 'NoSuchKey', 'The specified key does not exist.');
      else error(403, 'AccessDenied', 'Access Denied');
      return;
    }
    send(
      200,
      {
        'content-type': object.contentType,
        'content-length': object.body.length,
        etag: object.etag,
        'last-modified': object.lastModified.toUTCString(),
      },
      object.body,
    );
  }

  const server = await startServer(
    handle,
    (res) => {
      res.writeHead(500, { 'content-type': 'application/xml' });
      res.end(
        '<?xml version="1.0" encoding="UTF-8"?>\n<Error><Code>InternalError</Code><Message>We encountered an internal error. Please try again.</Message></Error>',
      );
    },
    {
      port: options.port ?? 0,
      ...(options.allowedHosts === undefined ? {} : { allowedHosts: options.allowedHosts }),
    },
  );
  return { url: `http://${server.host}:${server.port}`, port: server.port, close: server.close };
}
