/**
 * Building Lambda@Edge viewer-request events from raw HTTP requests, exactly as CloudFront does:
 * lower-case header names mapping to arrays of `{key, value}` (the key keeps the viewer's spelling, and a
 * header sent several times, such as `Cookie`, gives several entries), the raw query string without `?`,
 * the URI as received, the viewer's IP address, and `config` naming the distribution.
 *
 * @see https://docs.aws.amazon.com/AmazonCloudFront/latest/DeveloperGuide/lambda-event-structure.html#lambda-event-structure-request
 * @module
 */
import { randomBytes } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import type { CloudFrontHeaders, CloudFrontRequest, CloudFrontRequestEvent } from 'aws-lambda';
import { isDisallowedHeader } from 'edgeward/internal/cloudfront/contract.js';
import { remoteAddressOf, splitTarget } from '../http.js';

/** The distribution a viewer-request event names in `Records[0].cf.config`. */
export interface DistributionIdentity {
  /** e.g. `d111111abcdef8.cloudfront.net`. */
  readonly distributionDomainName: string;
  /** e.g. `EDFDVBD6EXAMPLE`. */
  readonly distributionId: string;
}

/** A new CloudFront request id (the `x-amz-cf-id` value): 56 base64url-ish characters. */
export function newRequestId(): string {
  return `${randomBytes(40).toString('base64url')}==`;
}

/** Size in bytes of the request line and header block as received (`METHOD url HTTP/x.y`, `Name: value`). */
export function requestHeaderBytes(req: IncomingMessage): number {
  let total = Buffer.byteLength(`${req.method ?? 'GET'} ${req.url ?? '/'} HTTP/${req.httpVersion}\r\n`);
  const raw = req.rawHeaders;
  for (let i = 0; i + 1 < raw.length; i += 2) {
    total += Buffer.byteLength(`${raw[i]}: ${raw[i + 1]}\r\n`);
  }
  return total + 2;
}

/**
 * Groups raw headers by lower-case name, keeping the viewer's spelling in `key` and every repetition.
 * Disallowed headers (`Connection`, `X-Forwarded-Proto`, …) are not exposed, as in CloudFront.
 */
export function headersOf(req: IncomingMessage): CloudFrontHeaders {
  const headers: CloudFrontHeaders = {};
  const raw = req.rawHeaders;
  for (let i = 0; i + 1 < raw.length; i += 2) {
    const key = raw[i]!;
    const name = key.toLowerCase();
    if (isDisallowedHeader(name)) continue;
    const entries = headers[name] ?? [];
    entries.push({ key, value: raw[i + 1]! });
    headers[name] = entries;
  }
  return headers;
}

/** The viewer request as CloudFront exposes it to a viewer-request function. */
export function viewerRequestOf(req: IncomingMessage): CloudFrontRequest {
  const { path: uri, query: querystring } = splitTarget(req.url ?? '/');
  return {
    clientIp: remoteAddressOf(req),
    headers: headersOf(req),
    method: req.method ?? 'GET',
    querystring,
    uri,
  };
}

/** Wraps a viewer request in the `Records[0].cf` envelope of a viewer-request event. */
export function viewerRequestEvent(
  request: CloudFrontRequest,
  distribution: DistributionIdentity,
  requestId: string,
): CloudFrontRequestEvent {
  return {
    Records: [
      {
        cf: {
          config: {
            distributionDomainName: distribution.distributionDomainName,
            distributionId: distribution.distributionId,
            eventType: 'viewer-request',
            requestId,
          },
          request,
        },
      },
    ],
  };
}
