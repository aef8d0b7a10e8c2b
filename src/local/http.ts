/**
 * Small node:http helpers shared by the local emulators: listening on a port (with a fallback to a free
 * one), closing promptly, and reading request bodies.
 *
 * @module
 */
import { createServer, type IncomingMessage, type Server } from 'node:http';
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
