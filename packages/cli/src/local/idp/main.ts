/**
 * Runs the local identity provider on its own, without the CLI:
 *
 * ```sh
 * npx tsx packages/cli/src/local/idp/main.ts --port 9229 --users packages/cli/demo/users.json \
 *   --client demo --redirect-uri http://127.0.0.1:3000/_auth/callback --logout-uri http://127.0.0.1:3000/
 * ```
 *
 * Prints the issuer and endpoints as JSON on stdout (never the signing key or client secrets) and stops
 * on SIGINT/SIGTERM.
 *
 * @module
 */
import { realpathSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { startIdentityProvider } from './server.js';
import type { IdentityProviderOptions } from './types.js';

/** Usage text of the standalone runner. */
export const USAGE = `usage: main.ts [--port N] [--host H] [--allowed-host NAME]... [--region R] [--user-pool-id ID] [--users FILE]
  [--client ID[:SECRET]] [--redirect-uri URI]... [--logout-uri URI]... [--scope S]...
  [--access-ttl SECONDS] [--id-ttl SECONDS] [--refresh-ttl SECONDS]`;

function seconds(name: string, value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  if (!/^\d+$/.test(value)) throw new Error(`--${name} must be a whole number of seconds`);
  return Number(value);
}

/**
 * Parses the runner's arguments (without `node` and the script). Defaults: port 0 (free), users
 * the demo's `demo/users.json`, one public client `edgeward-local`.
 *
 * @throws Error naming the bad argument
 */
export function parseStandaloneArgs(argv: readonly string[]): IdentityProviderOptions {
  const { values } = parseArgs({
    args: [...argv],
    strict: true,
    options: {
      port: { type: 'string' },
      host: { type: 'string' },
      'allowed-host': { type: 'string', multiple: true },
      region: { type: 'string' },
      'user-pool-id': { type: 'string' },
      users: { type: 'string' },
      client: { type: 'string' },
      'redirect-uri': { type: 'string', multiple: true },
      'logout-uri': { type: 'string', multiple: true },
      scope: { type: 'string', multiple: true },
      'access-ttl': { type: 'string' },
      'id-ttl': { type: 'string' },
      'refresh-ttl': { type: 'string' },
    },
  });
  const [clientId, ...secretParts] = (values.client ?? 'edgeward-local').split(':');
  const clientSecret = secretParts.length > 0 ? secretParts.join(':') : undefined;
  if (!clientId) throw new Error('--client needs an id');
  const port = seconds('port', values.port);
  const optional = <K extends string, V>(key: K, value: V | undefined) =>
    (value === undefined ? {} : { [key]: value }) as Partial<Record<K, V>>;
  return {
    users: values.users ?? fileURLToPath(new URL('../../../demo/users.json', import.meta.url)),
    clients: [
      {
        clientId,
        ...optional('clientSecret', clientSecret),
        redirectUris: values['redirect-uri'] ?? [],
        logoutUris: values['logout-uri'] ?? [],
        ...optional('scopes', values.scope),
      },
    ],
    ...optional('port', port),
    ...optional('host', values.host),
    ...optional('allowedHosts', values['allowed-host']),
    ...optional('region', values.region),
    ...optional('userPoolId', values['user-pool-id']),
    ...optional('accessTokenTtlSeconds', seconds('access-ttl', values['access-ttl'])),
    ...optional('idTokenTtlSeconds', seconds('id-ttl', values['id-ttl'])),
    ...optional('refreshTokenTtlSeconds', seconds('refresh-ttl', values['refresh-ttl'])),
  };
}

async function main(): Promise<void> {
  let options: IdentityProviderOptions;
  try {
    options = parseStandaloneArgs(process.argv.slice(2));
  } catch (error) {
    process.stderr.write(`${(error as Error).message}\n${USAGE}\n`);
    process.exitCode = 2;
    return;
  }
  const idp = await startIdentityProvider(options);
  const { privateKeyJwk: _key, close, jwks: _jwks, ...endpoints } = idp;
  process.stdout.write(
    `${JSON.stringify({ ...endpoints, clients: options.clients.map((c) => c.clientId) }, null, 2)}\n`,
  );
  const stop = () => {
    void close().then(() => process.exit(0));
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

const invokedPath = process.argv[1] === undefined ? undefined : realpathSync(process.argv[1]);
if (invokedPath === fileURLToPath(import.meta.url)) {
  main().catch((error: unknown) => {
    process.stderr.write(`${(error as Error).message}\n`);
    process.exitCode = 1;
  });
}
