/**
 * Reading a CloudFront viewer-request event: `Records[0].cf.config` and `Records[0].cf.request`.
 *
 * @see [Amazon CloudFront Developer Guide - Lambda@Edge event structure, example viewer request](https://docs.aws.amazon.com/AmazonCloudFront/latest/DeveloperGuide/lambda-event-structure.html#example-viewer-request)
 * @module
 */
import type { CloudFrontHeaders, CloudFrontRequest, CloudFrontRequestEvent } from 'aws-lambda';
import { AuthError } from '../core/errors.js';
import type { CookieSpans } from '../core/session/cookies.js';

/** The parts of a viewer request edgeward decides on. */
export interface ViewerRequest {
  /** The request object itself, forwarded (modified) to the origin on success. */
  readonly request: CloudFrontRequest;
  /** CloudFront `requestId` (for logs), or '' when absent. */
  readonly requestId: string;
  /** HTTP method, upper case. */
  readonly method: string;
  /** `request.uri`, exactly as received. */
  readonly uri: string;
  /** `request.querystring`, raw, without `?`. */
  readonly querystring: string;
  /** The `Host` header (the viewer's host name, e.g. the distribution's alternate domain name). */
  readonly host: string;
  /** The viewer's IP address. */
  readonly clientIp: string;
  /** The values of the `Cookie` header entries, in order (CloudFront passes each line as one entry). */
  readonly cookieHeaders: readonly string[];
  /**
   * Whether the request is a browser navigation ({@link isNavigation}): a navigation is sent to sign in
   * and shown HTML pages, anything else gets a status and JSON. Read from the headers once, on first use.
   */
  readonly navigation: boolean;
  /**
   * Where an ordinary request is forwarded when `directoryIndex` rewrites it (`/members/` →
   * `/members/index.html`); absent otherwise, and always absent on edgeward's own routes.
   */
  indexUri?: string;
  /** The owned cookies once a component has scanned for them (shared by reading and forwarding). */
  own: CookieSpans | undefined;
}

/** {@link ViewerRequest} read from a CloudFront request (its navigation flag on first use). */
class ReadRequest implements ViewerRequest {
  readonly request: CloudFrontRequest;
  readonly requestId: string;
  readonly method: string;
  readonly uri: string;
  readonly querystring: string;
  readonly host: string;
  readonly clientIp: string;
  readonly cookieHeaders: readonly string[];
  own: CookieSpans | undefined = undefined;
  #navigation: boolean | undefined;

  constructor(request: CloudFrontRequest, requestId: string, host: string) {
    this.request = request;
    this.requestId = requestId;
    this.method = request.method.toUpperCase();
    this.uri = request.uri;
    this.querystring = typeof request.querystring === 'string' ? request.querystring : '';
    this.host = host;
    this.clientIp = typeof request.clientIp === 'string' ? request.clientIp : '';
    this.cookieHeaders = headerValues(request.headers, 'cookie');
  }

  get navigation(): boolean {
    this.#navigation ??= isNavigation(this.request.headers);
    return this.#navigation;
  }
}

/** Values of header `name` (lower case) in CloudFront's header map; [] when absent. */
export function headerValues(headers: CloudFrontHeaders, name: string): string[] {
  const entries = headers[name];
  if (!Array.isArray(entries)) return [];
  const out: string[] = [];
  for (const e of entries) if (e && typeof e.value === 'string') out.push(e.value);
  return out;
}

/**
 * Extracts a {@link ViewerRequest} from an event, checking the shape CloudFront documents.
 *
 * @throws AuthError `event_invalid` when the event is not a viewer-request event with a request
 */
export function readViewerRequest(event: CloudFrontRequestEvent): ViewerRequest {
  const cf = (event as Partial<CloudFrontRequestEvent> | undefined)?.Records?.[0]?.cf;
  const request = cf?.request;
  if (!request || typeof request !== 'object')
    throw new AuthError('event_invalid', 'event has no cf.request');
  if (typeof request.uri !== 'string' || typeof request.method !== 'string') {
    throw new AuthError('event_invalid', 'request has no uri or method');
  }
  if (!request.headers || typeof request.headers !== 'object') {
    throw new AuthError('event_invalid', 'request has no headers');
  }
  const host = headerValues(request.headers, 'host')[0];
  if (!host) throw new AuthError('event_invalid', 'request has no Host header');
  return new ReadRequest(request, typeof cf?.config?.requestId === 'string' ? cf.config.requestId : '', host);
}

/**
 * True when the request is a browser navigation: `Sec-Fetch-Mode: navigate` when the header is present
 * (Fetch Metadata), else `text/html` in `Accept`.
 *
 * @see [Fetch Metadata Request Headers, Sec-Fetch-Mode](https://www.w3.org/TR/fetch-metadata/#sec-fetch-mode-header)
 */
export function isNavigation(headers: CloudFrontHeaders): boolean {
  const mode = headerValues(headers, 'sec-fetch-mode')[0];
  if (mode !== undefined) return mode.trim().toLowerCase() === 'navigate';
  return headerValues(headers, 'accept').some((v) => v.toLowerCase().includes('text/html'));
}
