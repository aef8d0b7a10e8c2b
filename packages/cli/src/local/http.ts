/**
 * Small node:http helpers shared by the local emulators: serving requests with an async handler, listening
 * on a port (with a fallback to a free one), closing promptly, reading request bodies and the viewer's
 * address.
 *
 * @module
 */
import {
  createServer,
  type IncomingMessage,
  type Server,
  type ServerOptions,
  type ServerResponse,
} from 'node:http';
import type { AddressInfo } from 'node:net';

/** Loopback address every local server binds to by default. */
export const LOCAL_HOST = '127.0.0.1';

/**
 * Host names every local server answers to: the loopback names. A request whose `Host` names anything else
 * is refused (see {@link refuseForeignHost}): a web page whose own domain was re-pointed at 127.0.0.1 (DNS
 * rebinding) must not be able to mint demo tokens or read local pages through the browser.
 */
export const LOOPBACK_HOST_NAMES: readonly string[] = ['localhost', '127.0.0.1', '[::1]'];

/** The host name of a `Host` header value, lower case and without the port; undefined when malformed. */
export function hostNameOf(value: string | undefined): string | undefined {
  const match = /^(\[[0-9a-f:.]+\]|[a-z0-9.-]+)(?::\d{1,5})?$/.exec((value ?? '').trim().toLowerCase());
  return match?.[1];
}

/**
 * The host names a server bound to `bindHost` answers to: {@link LOOPBACK_HOST_NAMES}, the bound address
 * when it is a specific one (not `0.0.0.0`/`::`), and `extra` (names configured by the user, e.g. a
 * container's host name), compared case-insensitively without port.
 *
 * @throws Error when an `extra` entry is not a host name (or `[IPv6]` literal)
 */
export function allowedHostNames(bindHost: string, extra: readonly string[] = []): ReadonlySet<string> {
  const names = new Set(LOOPBACK_HOST_NAMES);
  const bound = hostNameOf(bindHost.includes(':') && !bindHost.startsWith('[') ? `[${bindHost}]` : bindHost);
  if (bound !== undefined && bound !== '0.0.0.0' && bound !== '[::]') names.add(bound);
  for (const name of extra) {
    const parsed = hostNameOf(name);
    if (parsed === undefined || parsed !== name.trim().toLowerCase()) {
      throw new Error(`allowed host ${JSON.stringify(name)} is not a host name (no scheme, port or path)`);
    }
    names.add(parsed);
  }
  return names;
}

/**
 * Refuses a request whose `Host` is not one of `allowed`: answers **421 Misdirected Request** with a short
 * text and returns true (the caller stops). Returns false, sending nothing, for an allowed host.
 *
 * @see [RFC 9110 - HTTP Semantics, section 15.5.20 (421 Misdirected Request)](https://www.rfc-editor.org/rfc/rfc9110.html#section-15.5.20)
 */
export function refuseForeignHost(
  req: IncomingMessage,
  res: ServerResponse,
  allowed: ReadonlySet<string>,
): boolean {
  const name = hostNameOf(req.headers.host);
  if (name !== undefined && allowed.has(name)) return false;
  req.resume();
  res
    .writeHead(421, {
      'content-type': 'text/plain; charset=utf-8',
      'cache-control': 'no-store',
      connection: 'close',
    })
    .end(
      `421 Misdirected Request: this local edgeward server answers only ${[...allowed].join(', ')} ` +
        '(DNS rebinding protection). Add a name with `edgeward dev --allowed-host <name>`.\n',
    );
  return true;
}

/**
 * Listens on `port` (0 = any free port) on `host`; when `port` is taken and `fallback` is true, listens on a
 * free port instead. Resolves with the bound port.
 *
 * @throws the listen error (e.g. `EADDRINUSE` without fallback)
 */
export async function listen(server: Server, port: number, host: string, fallback = true): Promise<number> {
  const attempt = (p: number) =>
    new Promise<number>((resolve, reject) => {
      const onError = (error: Error) => {
        server.off('listening', onListening);
        reject(error);
      };
      const onListening = () => {
        server.off('error', onError);
        resolve((server.address() as AddressInfo).port);
      };
      server.once('error', onError);
      server.once('listening', onListening);
      server.listen(p, host);
    });
  try {
    return await attempt(port);
  } catch (error) {
    if (!fallback || port === 0 || (error as NodeJS.ErrnoException).code !== 'EADDRINUSE') throw error;
    return attempt(0);
  }
}

/** Closes a server, dropping keep-alive and in-flight connections. */
export function closeServer(server: Server): Promise<void> {
  return new Promise((resolve) => {
    server.close(() => resolve());
    server.closeAllConnections();
  });
}

/**
 * Reads a request body up to `limit` bytes.
 *
 * @returns the body, or undefined when it is larger than `limit`
 */
export async function readBody(req: IncomingMessage, limit: number): Promise<Buffer | undefined> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > limit) return undefined;
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks);
}

/**
 * Finds a port to use on `host`: `preferred` when it is free, else any free port. The port is released
 * before returning (a small race with other processes remains; the later bind then fails loudly).
 */
export async function reservePort(preferred: number, host: string = LOCAL_HOST): Promise<number> {
  const probe = createServer();
  const port = await listen(probe, preferred, host);
  await closeServer(probe);
  return port;
}

/** Options of {@link startServer}. */
export interface StartServerOptions {
  /** Port; 0 = any free port; a taken port falls back to a free one. Default 0. */
  readonly port?: number;
  /** Default {@link LOCAL_HOST}. */
  readonly host?: string;
  /** node:http server options (e.g. `maxHeaderSize`). Default none. */
  readonly server?: ServerOptions;
  /**
   * Host names answered besides the loopback names and the bound address (see {@link allowedHostNames});
   * requests for any other `Host` get 421. Default none.
   */
  readonly allowedHosts?: readonly string[];
}

/** A listening local server. */
export interface StartedServer {
  readonly host: string;
  readonly port: number;
  /** Stops the server, dropping open connections. */
  close(): Promise<void>;
}

/**
 * Serves every request with `handle`, after refusing those for a foreign `Host` (421, see
 * {@link refuseForeignHost}). When `handle` rejects, `onUnhandled` answers if nothing was sent yet (the
 * emulator's own 5xx); otherwise the connection is destroyed. Never lets a rejection escape.
 *
 * @throws the listen error when the port cannot be bound; Error for a malformed `allowedHosts` entry
 */
export async function startServer(
  handle: (req: IncomingMessage, res: ServerResponse) => Promise<void>,
  onUnhandled: (res: ServerResponse) => void,
  options: StartServerOptions = {},
): Promise<StartedServer> {
  const host = options.host ?? LOCAL_HOST;
  const allowed = allowedHostNames(host, options.allowedHosts);
  const server = createServer(options.server ?? {}, (req, res) => {
    if (refuseForeignHost(req, res, allowed)) return;
    handle(req, res).catch(() => {
      if (!res.headersSent) onUnhandled(res);
      else res.destroy();
    });
  });
  const port = await listen(server, options.port ?? 0, host);
  return { host, port, close: () => closeServer(server) };
}

/** Splits a request target into the path and the raw query string (without `?`, not decoded). */
export function splitTarget(target: string): { path: string; query: string } {
  const q = target.indexOf('?');
  return q === -1 ? { path: target, query: '' } : { path: target.slice(0, q), query: target.slice(q + 1) };
}

/** The client's IP address as AWS reports it (IPv4-mapped IPv6 addresses unwrapped). */
export function remoteAddressOf(req: IncomingMessage): string {
  const address = req.socket.remoteAddress ?? '127.0.0.1';
  return address.startsWith('::ffff:') ? address.slice(7) : address;
}
