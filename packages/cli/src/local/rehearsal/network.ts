/**
 * The rehearsal's stand-in for DNS: public origins of the deployed app (the distribution's
 * `https://d111111abcdef8.cloudfront.net`, the user pool's `https://<prefix>.auth.<region>.amazoncognito.com`)
 * answered by local servers, without changing a byte of the functions.
 *
 * - **Browsers** reach each public origin at a local URL through a small reverse proxy: it forwards every
 *   request (optionally presenting the public `Host`, as the viewer's request to CloudFront carries it) and
 *   rewrites `Location` headers that point at any public origin to that origin's local URL, and drops a
 *   `Domain` attribute naming the public host from `Set-Cookie`. Bodies are passed through untouched.
 * - **Functions** (which run in this process) reach public origins through `fetch`: {@link mapFetch}
 *   rewrites the URL of a request to a public origin to its local server.
 *
 * @module
 */
import {
  request as httpRequest,
  type IncomingHttpHeaders,
  type IncomingMessage,
  type OutgoingHttpHeaders,
  type ServerResponse,
} from 'node:http';
import { startServer } from '../http.js';

/** A public origin and where it is answered locally. */
export interface OriginMapping {
  /** The public origin, e.g. `https://d111111abcdef8.cloudfront.net`. */
  readonly publicOrigin: string;
  /** The local URL browsers use for it, e.g. `http://localhost:4320`. */
  readonly localOrigin: string;
}

/** Options of {@link startOriginProxy}. */
export interface OriginProxyOptions {
  /** The public origin this proxy stands for. */
  readonly publicOrigin: string;
  /** The local server answering it, e.g. the CloudFront emulator's URL. */
  readonly target: string;
  /** Send the public host as `Host` (and map `Origin`/`Referer` to the public origin). Default false. */
  readonly presentPublicHost?: boolean;
  /** Host name of the local URL: `localhost` (browsers accept `Secure` cookies there) or `127.0.0.1`. */
  readonly hostname: 'localhost' | '127.0.0.1';
  /** Port; 0 = any free port; a taken port falls back to a free one. */
  readonly port: number;
  /** Every mapping of the rehearsal, for `Location` rewriting (read at each response). */
  readonly mappings: () => readonly OriginMapping[];
}

/** A running proxy. */
export interface OriginProxy {
  /** The local origin browsers use, e.g. `http://localhost:4320`. */
  readonly localOrigin: string;
  readonly port: number;
  close(): Promise<void>;
}

const HOP_BY_HOP = new Set([
  'connection',
  'keep-alive',
  'transfer-encoding',
  'upgrade',
  'te',
  'trailer',
  'proxy-connection',
]);

/** Replaces a leading origin of `url` from `from` to `to` (each mapping's direction chosen by the caller). */
export function rewriteUrl(
  url: string,
  mappings: readonly OriginMapping[],
  direction: 'toLocal' | 'toPublic',
): string {
  for (const m of mappings) {
    const [from, to] =
      direction === 'toLocal' ? [m.publicOrigin, m.localOrigin] : [m.localOrigin, m.publicOrigin];
    if (url === from || url.startsWith(`${from}/`) || url.startsWith(`${from}?`))
      return `${to}${url.slice(from.length)}`;
  }
  return url;
}

/** `Set-Cookie` without a `Domain` attribute naming `host` (the cookie becomes host-only on the local host). */
export function withoutPublicDomain(setCookie: string, host: string): string {
  return setCookie
    .split(';')
    .filter((part) => {
      const [name, value] = part.split('=');
      return !(
        name?.trim().toLowerCase() === 'domain' && value?.trim().replace(/^\./, '').toLowerCase() === host
      );
    })
    .join(';');
}

function forwardedHeaders(
  headers: IncomingHttpHeaders,
  options: OriginProxyOptions,
  mappings: readonly OriginMapping[],
): OutgoingHttpHeaders {
  const out: OutgoingHttpHeaders = {};
  for (const [name, value] of Object.entries(headers)) {
    if (value === undefined || HOP_BY_HOP.has(name)) continue;
    out[name] = value;
  }
  if (options.presentPublicHost) {
    out['host'] = new URL(options.publicOrigin).host;
    for (const name of ['origin', 'referer']) {
      const value = out[name];
      if (typeof value === 'string') out[name] = rewriteUrl(value, mappings, 'toPublic');
    }
  }
  return out;
}

/**
 * Starts a reverse proxy standing for `publicOrigin` (see the module documentation).
 *
 * @throws Error when the port cannot be bound
 */
export async function startOriginProxy(options: OriginProxyOptions): Promise<OriginProxy> {
  const target = new URL(options.target);
  const publicHost = new URL(options.publicOrigin).hostname.toLowerCase();

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const mappings = options.mappings();
    await new Promise<void>((done, fail) => {
      const outgoing = httpRequest(
        {
          hostname: target.hostname,
          port: target.port,
          method: req.method,
          path: req.url,
          headers: forwardedHeaders(req.headers, options, mappings),
        },
        (upstream) => {
          const headers: OutgoingHttpHeaders = {};
          for (const [name, value] of Object.entries(upstream.headers)) {
            if (value === undefined || HOP_BY_HOP.has(name)) continue;
            if (name === 'location' && typeof value === 'string')
              headers[name] = rewriteUrl(value, mappings, 'toLocal');
            else if (name === 'set-cookie' && Array.isArray(value)) {
              headers[name] = value.map((c) => withoutPublicDomain(c, publicHost));
            } else headers[name] = value;
          }
          res.writeHead(upstream.statusCode ?? 502, upstream.statusMessage, headers);
          upstream.pipe(res);
          upstream.on('end', done);
          upstream.on('error', fail);
        },
      );
      outgoing.on('error', fail);
      req.pipe(outgoing);
    });
  }

  const server = await startServer(
    handle,
    (res) => {
      res.writeHead(502, { 'content-type': 'text/plain' });
      res.end(`the local server for ${options.publicOrigin} did not answer\n`);
    },
    { port: options.port, server: { maxHeaderSize: 64 * 1024 } },
  );
  const localOrigin = `http://${options.hostname}:${server.port}`;
  return { localOrigin, port: server.port, close: server.close };
}

/** A public origin answered by a local server for requests made with `fetch` in this process. */
export interface FetchMapping {
  readonly publicOrigin: string;
  /** The local server's origin, e.g. `http://127.0.0.1:4321`. */
  readonly target: string;
}

/**
 * Replaces `globalThis.fetch` with one that sends requests for a mapped public origin to its local server
 * (method, headers and body unchanged). Other requests go out as before.
 *
 * @returns a function restoring the previous `fetch`
 */
export function mapFetch(mappings: readonly FetchMapping[]): () => void {
  const original = globalThis.fetch;
  const asOriginMappings = mappings.map((m) => ({ publicOrigin: m.publicOrigin, localOrigin: m.target }));
  const mapped: typeof fetch = (input, init) => {
    if (input instanceof Request) {
      const url = rewriteUrl(input.url, asOriginMappings, 'toLocal');
      return original(url === input.url ? input : new Request(url, input), init);
    }
    const url = input instanceof URL ? input.href : String(input);
    return original(rewriteUrl(url, asOriginMappings, 'toLocal'), init);
  };
  globalThis.fetch = mapped;
  return () => {
    if (globalThis.fetch === mapped) globalThis.fetch = original;
  };
}
