/**
 * Helpers for the local-stack tests: raw HTTP over a socket (to send repeated headers exactly as a browser
 * may), and an echo origin on 127.0.0.1.
 */
import { createServer, type IncomingMessage, type Server } from 'node:http';
import { connect } from 'node:net';
import { closeServer, listen } from '../../packages/cli/src/local/http.js';

/** A parsed HTTP/1.1 response. */
export interface RawResponse {
  readonly status: number;
  /** Raw header lines as `[name, value]`, in order. */
  readonly headers: readonly (readonly [string, string])[];
  readonly body: string;
}

/** All values of a header (case-insensitive name). */
export function headerValues(response: RawResponse, name: string): string[] {
  return response.headers.filter(([n]) => n.toLowerCase() === name.toLowerCase()).map(([, v]) => v);
}

/**
 * Sends one request over a fresh TCP connection, with headers exactly as given (repetitions and spelling
 * kept), and reads the whole response (`Connection: close`). `Host` is the URL's host unless `headers`
 * names one (then exactly those, none when its value is `null`).
 */
export function rawRequest(
  url: string,
  method: string,
  target: string,
  headers: readonly (readonly [string, string | null])[] = [],
  body = '',
): Promise<RawResponse> {
  const { hostname, port } = new URL(url);
  const ownHost = headers.some(([name]) => name.toLowerCase() === 'host');
  const lines = [
    `${method} ${target} HTTP/1.1`,
    ...(ownHost ? [] : [`Host: ${hostname}:${port}`]),
    'Connection: close',
  ];
  for (const [name, value] of headers) if (value !== null) lines.push(`${name}: ${value}`);
  if (body !== '') lines.push(`Content-Length: ${Buffer.byteLength(body)}`);
  const text = `${lines.join('\r\n')}\r\n\r\n${body}`;
  return new Promise((resolve, reject) => {
    const socket = connect(Number(port), hostname, () => socket.write(text));
    const chunks: Buffer[] = [];
    socket.on('data', (chunk) => chunks.push(chunk));
    socket.on('error', reject);
    socket.on('end', () => {
      const all = Buffer.concat(chunks).toString('latin1');
      const split = all.indexOf('\r\n\r\n');
      const [statusLine, ...headerLines] = all.slice(0, split).split('\r\n');
      const parsed = headerLines.map((line) => {
        const colon = line.indexOf(':');
        return [line.slice(0, colon), line.slice(colon + 1).trim()] as const;
      });
      let rest = all.slice(split + 4);
      if (parsed.some(([n, v]) => n.toLowerCase() === 'transfer-encoding' && v === 'chunked')) {
        let decoded = '';
        while (rest.length > 0) {
          const eol = rest.indexOf('\r\n');
          const size = Number.parseInt(rest.slice(0, eol), 16);
          if (!(size > 0)) break;
          decoded += rest.slice(eol + 2, eol + 2 + size);
          rest = rest.slice(eol + 2 + size + 2);
        }
        rest = decoded;
      }
      resolve({ status: Number(statusLine!.split(' ')[1]), headers: parsed, body: rest });
    });
  });
}

/** What the echo origin received. */
export interface EchoedRequest {
  readonly method: string;
  readonly url: string;
  readonly rawHeaders: readonly string[];
  readonly body: string;
}

/** An HTTP origin on 127.0.0.1 that answers every request with a JSON echo of it. */
export interface EchoOrigin {
  readonly url: string;
  readonly server: Server;
  close(): Promise<void>;
}

/** Starts an {@link EchoOrigin}. */
export async function startEchoOrigin(): Promise<EchoOrigin> {
  const server = createServer(async (req: IncomingMessage, res) => {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const echoed: EchoedRequest = {
      method: req.method ?? '',
      url: req.url ?? '',
      rawHeaders: req.rawHeaders,
      body: Buffer.concat(chunks).toString(),
    };
    res
      .writeHead(200, { 'content-type': 'application/json', 'x-origin': 'echo' })
      .end(JSON.stringify(echoed));
  });
  const port = await listen(server, 0, '127.0.0.1');
  return { url: `http://127.0.0.1:${port}`, server, close: () => closeServer(server) };
}
