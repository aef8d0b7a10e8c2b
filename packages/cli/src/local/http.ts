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
}

/** A listening local server. */
export interface StartedServer {
  readonly host: string;
  readonly port: number;
  /** Stops the server, dropping open connections. */
  close(): Promise<void>;
}

/**
 * Serves every request with `handle`. When `handle` rejects, `onUnhandled` answers if nothing was sent yet
 * (the emulator's own 5xx); otherwise the connection is destroyed. Never lets a rejection escape.
 *
 * @throws the listen error when the port cannot be bound
 */
export async function startServer(
  handle: (req: IncomingMessage, res: ServerResponse) => Promise<void>,
  onUnhandled: (res: ServerResponse) => void,
  options: StartServerOptions = {},
): Promise<StartedServer> {
  const server = createServer(options.server ?? {}, (req, res) => {
    handle(req, res).catch(() => {
      if (!res.headersSent) onUnhandled(res);
      else res.destroy();
    });
  });
  const host = options.host ?? LOCAL_HOST;
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
