/**
 * The two kinds of origin a local distribution forwards to:
 *
 * - a **folder** standing for an S3 bucket behind origin access control (OAC): the object key is the
 *   percent-decoded URI without its leading `/`; a missing key answers `403 AccessDenied` when the OAC
 *   policy grants `s3:GetObject` only, or `404 NoSuchKey` when it also grants `s3:ListBucket` (`list`);
 *   no index documents for "directories" (the REST endpoint has none — only the distribution's default
 *   root object, for `/`, or the site function's `directoryIndex`); `Content-Type` from the file
 *   extension, as `aws s3 sync` sets it; `ETag`/`If-None-Match`;
 * - an **HTTP server** (a custom origin), reached with the forwarded method, URI, query string, headers and
 *   body.
 *
 * @see [Amazon CloudFront Developer Guide - Restrict access to an Amazon S3 origin](https://docs.aws.amazon.com/AmazonCloudFront/latest/DeveloperGuide/private-content-restricting-access-to-s3.html)
 * @see [Amazon S3 API Reference - Error responses](https://docs.aws.amazon.com/AmazonS3/latest/API/ErrorResponses.html)
 * @module
 */

import { createHash } from 'node:crypto';
import { readFile, stat } from 'node:fs/promises';
import { request as httpRequest, type IncomingMessage, type OutgoingHttpHeaders } from 'node:http';
import { extname, isAbsolute, relative, resolve, sep } from 'node:path';
import type { Readable } from 'node:stream';
import type { CloudFrontRequest } from 'aws-lambda';
import { LocalStackError } from '../errors.js';

/** A local folder standing for an S3 bucket behind origin access control. */
export interface FolderOrigin {
  readonly kind: 'folder';
  /** The folder holding the bucket's objects (keys are paths relative to it). */
  readonly root: string;
  /**
   * The OAC bucket policy also grants `s3:ListBucket`, so a missing key answers `404 NoSuchKey` instead of
   * `403 AccessDenied` (S3 hides whether a key exists from callers that may not list). Default false.
   *
   * @see https://docs.aws.amazon.com/AmazonS3/latest/API/API_GetObject.html#API_GetObject_RequestSyntax
   */
  readonly list?: boolean;
}

/** A local HTTP server used as a custom origin. */
export interface HttpOrigin {
  readonly kind: 'http';
  /** Base URL, e.g. `http://127.0.0.1:4000`. A path in it is prefixed to every URI (CloudFront origin path). */
  readonly url: string;
  /** Origin response timeout in **milliseconds**. Default 30000 (CloudFront's default). */
  readonly timeoutMs?: number;
}

/** Any origin. */
export type Origin = FolderOrigin | HttpOrigin;

/** What an origin answered. */
export interface OriginResponse {
  readonly status: number;
  readonly headers: OutgoingHttpHeaders;
  /** The body: a buffer, or a stream for proxied responses. */
  readonly body: Buffer | Readable;
}

const CONTENT_TYPES: Readonly<Record<string, string>> = {
  '.html': 'text/html',
  '.htm': 'text/html',
  '.css': 'text/css',
  '.js': 'text/javascript',
  '.mjs': 'text/javascript',
  '.json': 'application/json',
  '.map': 'application/json',
  '.txt': 'text/plain',
  '.xml': 'application/xml',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.gif': 'image/gif',
  '.webp': 'image/webp',
  '.ico': 'image/x-icon',
  '.woff': 'font/woff',
  '.woff2': 'font/woff2',
  '.pdf': 'application/pdf',
};

/** The `Content-Type` S3 would hold for a key uploaded by `aws s3 sync` (guessed from the extension). */
export function contentTypeFor(key: string): string {
  return CONTENT_TYPES[extname(key).toLowerCase()] ?? 'binary/octet-stream';
}

/** S3's XML error document. */
function s3Error(status: number, code: string, message: string, requestId: string): OriginResponse {
  const body = Buffer.from(
    `<?xml version="1.0" encoding="UTF-8"?>\n<Error><Code>${code}</Code><Message>${message}</Message>` +
      `<RequestId>${requestId}</RequestId></Error>`,
  );
  return {
    status,
    headers: { 'content-type': 'application/xml', 'content-length': body.length, server: 'AmazonS3' },
    body,
  };
}

/**
 * Maps a request URI to the file holding that S3 key, or undefined when no object can have that key inside
 * the bucket folder (bad percent-encoding, NUL, dot-segments, a trailing `/`).
 */
export function objectPath(root: string, uri: string): string | undefined {
  let key: string;
  try {
    key = decodeURIComponent(uri.replace(/^\//, ''));
  } catch {
    return undefined;
  }
  if (key === '' || key.endsWith('/') || key.includes('\0') || key.includes('\\')) return undefined;
  if (key.split('/').some((segment) => segment === '.' || segment === '..' || segment === ''))
    return undefined;
  const base = resolve(root);
  const file = resolve(base, key);
  const rel = relative(base, file);
  if (rel.startsWith('..') || isAbsolute(rel) || rel.split(sep).includes('..')) return undefined;
  return file;
}

/** Answers a GET/HEAD from a bucket folder the way S3 behind origin access control does. */
export async function fromFolder(
  origin: FolderOrigin,
  request: CloudFrontRequest,
  requestId: string,
): Promise<OriginResponse> {
  if (request.method !== 'GET' && request.method !== 'HEAD') {
    return s3Error(403, 'AccessDenied', 'Access Denied', requestId);
  }
  const file = objectPath(origin.root, request.uri);
  const info = file === undefined ? undefined : await stat(file).catch(() => undefined);
  if (file === undefined || info === undefined || !info.isFile()) {
    return origin.list
      ? s3Error(404, 'NoSuchKey', 'The specified key does not exist.', requestId)
      : s3Error(403, 'AccessDenied', 'Access Denied', requestId);
  }
  const content = await readFile(file);
  const etag = `"${createHash('md5').update(content).digest('hex')}"`;
  const headers: OutgoingHttpHeaders = {
    'content-type': contentTypeFor(file),
    'last-modified': info.mtime.toUTCString(),
    etag,
    'accept-ranges': 'bytes',
    server: 'AmazonS3',
  };
  const ifNoneMatch = request.headers['if-none-match']?.[0]?.value;
  if (ifNoneMatch?.split(',').some((tag) => tag.trim() === etag)) {
    return { status: 304, headers, body: Buffer.alloc(0) };
  }
  return {
    status: 200,
    headers: { ...headers, 'content-length': content.length },
    body: request.method === 'HEAD' ? Buffer.alloc(0) : content,
  };
}

/** Headers that describe one hop and are not forwarded to a custom origin. */
const HOP_BY_HOP = new Set(['connection', 'keep-alive', 'transfer-encoding', 'upgrade', 'te', 'trailer']);

/**
 * Forwards a request to a custom origin and returns its response, streaming the body. `Host` is the
 * origin's own (CloudFront's default: the viewer's `Host` reaches an origin only when an origin request
 * policy forwards it, which API Gateway origins must not do).
 *
 * @see [Configure Host header forwarding](https://docs.aws.amazon.com/mediatailor/latest/ug/cloudfront-host-header-config.html) ("By default, Amazon CloudFront does not forward the Host header")
 * @param body - the viewer's request body, piped to the origin
 * @throws Error when the origin cannot be reached or times out (the caller answers 502/504)
 */
export function fromHttpOrigin(
  origin: HttpOrigin,
  request: CloudFrontRequest,
  body: Readable,
  forwardedFor: string,
): Promise<OriginResponse> {
  const base = new URL(origin.url);
  const path = `${base.pathname.replace(/\/$/, '')}${request.uri}${request.querystring === '' ? '' : `?${request.querystring}`}`;
  const headers: OutgoingHttpHeaders = {};
  for (const [name, entries] of Object.entries(request.headers)) {
    if (HOP_BY_HOP.has(name)) continue;
    headers[name] = entries.length === 1 ? entries[0]!.value : entries.map((e) => e.value);
  }
  headers['host'] = base.host;
  headers['x-forwarded-for'] = forwardedFor;
  headers['via'] = '1.1 local.cloudfront.net (CloudFront)';
  return new Promise((resolveResponse, reject) => {
    const outgoing = httpRequest(
      {
        hostname: base.hostname,
        port: base.port,
        method: request.method,
        path,
        headers,
        timeout: origin.timeoutMs ?? 30_000,
      },
      (res: IncomingMessage) => {
        const responseHeaders: OutgoingHttpHeaders = {};
        for (const [name, value] of Object.entries(res.headers)) {
          if (value !== undefined && !HOP_BY_HOP.has(name)) responseHeaders[name] = value;
        }
        resolveResponse({ status: res.statusCode ?? 502, headers: responseHeaders, body: res });
      },
    );
    outgoing.on('timeout', () =>
      outgoing.destroy(new LocalStackError('local_stack_failed', 'origin response timeout')),
    );
    outgoing.on('error', reject);
    body.pipe(outgoing);
  });
}
