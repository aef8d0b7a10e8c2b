/**
 * The parts of an incoming HTTP request that API Gateway events carry, and API Gateway's own responses
 * (gateway responses with `x-amzn-ErrorType`) and Lambda proxy responses.
 *
 * @see https://docs.aws.amazon.com/apigateway/latest/developerguide/set-up-lambda-proxy-integrations.html#api-gateway-simple-proxy-for-lambda-input-format
 * @see https://docs.aws.amazon.com/apigateway/latest/developerguide/supported-gateway-response-types.html
 * @module
 */

import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { isRecord } from 'edgeward/internal/core/record.js';
import { readBody, remoteAddressOf, splitTarget } from '../http.js';

/** Largest request body accepted (API Gateway's payload quota is 10 MB). */
export const MAX_PAYLOAD_BYTES = 10 * 1024 * 1024;

/** An incoming request, parsed once. */
export interface ParsedRequest {
  readonly requestId: string;
  readonly method: string;
  /** The path without the query string, e.g. `/dev/pets/1`. */
  readonly path: string;
  readonly rawQueryString: string;
  /** Header → last value, names as sent. */
  readonly headers: Record<string, string>;
  /** Header → every value, names as sent. */
  readonly multiValueHeaders: Record<string, string[]>;
  readonly queryStringParameters: Record<string, string> | null;
  readonly multiValueQueryStringParameters: Record<string, string[]> | null;
  readonly sourceIp: string;
  readonly body: Buffer;
  /** Epoch milliseconds. */
  readonly receivedAt: number;
}

/** Reads and parses a request; undefined when the body exceeds {@link MAX_PAYLOAD_BYTES}. */
export async function parseRequest(
  req: IncomingMessage,
  receivedAt: number,
): Promise<ParsedRequest | undefined> {
  const body = await readBody(req, MAX_PAYLOAD_BYTES);
  if (body === undefined) return undefined;
  const { path, query: rawQueryString } = splitTarget(req.url ?? '/');
  const headers: Record<string, string> = {};
  const multiValueHeaders: Record<string, string[]> = {};
  for (let i = 0; i + 1 < req.rawHeaders.length; i += 2) {
    const name = req.rawHeaders[i]!;
    const value = req.rawHeaders[i + 1]!;
    const existing = Object.keys(multiValueHeaders).find((k) => k.toLowerCase() === name.toLowerCase());
    const key = existing ?? name;
    headers[key] = value;
    multiValueHeaders[key] = [...(multiValueHeaders[key] ?? []), value];
  }
  const single: Record<string, string> = {};
  const multi: Record<string, string[]> = {};
  for (const [name, value] of new URLSearchParams(rawQueryString)) {
    single[name] = value;
    multi[name] = [...(multi[name] ?? []), value];
  }
  const hasQuery = Object.keys(single).length > 0;
  return {
    requestId: randomUUID(),
    method: req.method ?? 'GET',
    path,
    rawQueryString,
    headers,
    multiValueHeaders,
    queryStringParameters: hasQuery ? single : null,
    multiValueQueryStringParameters: hasQuery ? multi : null,
    sourceIp: remoteAddressOf(req),
    body,
    receivedAt,
  };
}

/** Case-insensitive lookup of every value of a header. */
export function headerValuesOf(request: ParsedRequest, name: string): string[] {
  const key = Object.keys(request.multiValueHeaders).find((k) => k.toLowerCase() === name.toLowerCase());
  return key === undefined ? [] : request.multiValueHeaders[key]!;
}

/** Sends an API Gateway gateway response: JSON body, `x-amzn-ErrorType` and the request id. */
export function sendGatewayResponse(
  res: ServerResponse,
  request: Pick<ParsedRequest, 'requestId'>,
  status: number,
  errorType: string | undefined,
  body: unknown,
): void {
  const text = JSON.stringify(body);
  res.writeHead(status, {
    'content-type': 'application/json',
    'content-length': Buffer.byteLength(text),
    'x-amzn-requestid': request.requestId,
    ...(errorType === undefined ? {} : { 'x-amzn-errortype': errorType }),
  });
  res.end(text);
}

/** Headers API Gateway computes itself (message framing). */
function isFramingHeader(name: string): boolean {
  const lower = name.toLowerCase();
  return lower === 'content-length' || lower === 'transfer-encoding' || lower === 'connection';
}

/**
 * Sends a Lambda proxy integration response (`{statusCode, headers?, multiValueHeaders?, cookies?, body?,
 * isBase64Encoded?}`); returns false (and sends nothing) when the result is malformed, so the caller
 * answers 502 as API Gateway does.
 */
export function sendProxyResult(res: ServerResponse, request: ParsedRequest, result: unknown): boolean {
  if (!isRecord(result) || !Number.isInteger(result['statusCode'])) return false;
  const status = result['statusCode'] as number;
  if (status < 100 || status > 599) return false;
  const raw: string[] = [];
  const { headers = {}, multiValueHeaders = {}, cookies = [], body = '', isBase64Encoded = false } = result;
  if (!isRecord(headers) || !isRecord(multiValueHeaders) || !Array.isArray(cookies)) return false;
  if (typeof body !== 'string' && body !== null) return false;
  for (const [name, value] of Object.entries(headers)) {
    if (multiValueHeaders[name] === undefined && !isFramingHeader(name)) raw.push(name, String(value));
  }
  for (const [name, values] of Object.entries(multiValueHeaders)) {
    if (!Array.isArray(values)) return false;
    if (!isFramingHeader(name)) for (const value of values) raw.push(name, String(value));
  }
  for (const cookie of cookies) raw.push('set-cookie', String(cookie));
  const bytes = Buffer.from(body ?? '', isBase64Encoded === true ? 'base64' : 'utf8');
  raw.push('x-amzn-requestid', request.requestId, 'content-length', String(bytes.length));
  if (!raw.some((h, i) => i % 2 === 0 && h.toLowerCase() === 'content-type')) {
    raw.push('content-type', 'application/json');
  }
  res.writeHead(status, raw);
  res.end(request.method === 'HEAD' ? undefined : bytes);
  return true;
}
