/**
 * `edgeward token`: mints a test token signed with a local key (RS256/ES256 from a PEM or JWK file, created
 * on request) or an HS256 secret read from a file or an environment variable — never from the command line.
 *
 * @module
 */
import { randomUUID } from 'node:crypto';
import { existsSync } from 'node:fs';
import { readFile, writeFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { type Command, Option } from 'commander';
import type { IssuerConfig } from 'edgeward/internal/core/config.js';
import { cognitoIssuerUrl, resolveSecret } from 'edgeward/internal/core/verify/index.js';
import { loadConfig } from '../config/load.js';
import { CliError, type CliIo, clockFrom } from '../io.js';
import { generateSigningKey, loadSigningKey, publicJwkOf, signJwt, type TokenSigner } from '../jws.js';
import { LOCAL_STACK_FILE, readLocalStackFile } from '../local-stack-file.js';

/** Options of `edgeward token` as parsed. */
export interface TokenOptions {
  readonly key?: string;
  readonly createKey?: boolean;
  readonly kid?: string;
  readonly secretFile?: string;
  readonly secretEnv?: string;
  readonly config?: string;
  readonly local?: string | boolean;
  readonly issuer?: string;
  readonly iss?: string;
  readonly sub?: string;
  readonly username?: string;
  readonly groups?: string;
  readonly scopes?: string;
  readonly tokenUse: 'access' | 'id' | 'none';
  readonly clientId?: string;
  readonly aud?: string;
  readonly ttl: string;
  readonly claim: string[];
  readonly now?: string;
  readonly curl?: string;
  readonly json?: boolean;
}

/**
 * Parses a lifetime: seconds (`3600`) or a number with a unit `s`, `m`, `h`, `d` (`15m`, `1h`).
 *
 * @returns seconds
 * @throws CliError (usage) for anything else or a non-positive value
 */
export function parseDuration(value: string): number {
  const m = /^(\d+)([smhd]?)$/.exec(value.trim());
  const seconds = m
    ? Number(m[1]) * { '': 1, s: 1, m: 60, h: 3600, d: 86_400 }[m[2] as '' | 's' | 'm' | 'h' | 'd']
    : 0;
  if (!m || seconds <= 0)
    throw new CliError(
      `--ttl: expected a positive duration such as 3600, 15m, 1h or 1d, got ${JSON.stringify(value)}`,
      2,
    );
  return seconds;
}

/** Parses `--claim name=value`; the value is JSON when it parses as JSON, else a string. */
export function parseClaim(spec: string): [string, unknown] {
  const i = spec.indexOf('=');
  if (i <= 0) throw new CliError(`--claim: expected name=value, got ${JSON.stringify(spec)}`, 2);
  const raw = spec.slice(i + 1);
  try {
    return [spec.slice(0, i), JSON.parse(raw)];
  } catch {
    return [spec.slice(0, i), raw];
  }
}

const splitList = (s: string | undefined, sep: RegExp): string[] | undefined =>
  s === undefined ? undefined : s.split(sep).filter((x) => x.length > 0);

/** Defaults taken from a configured issuer: `iss`, client id, audience, groups claim and HS256 secret. */
interface IssuerDefaults {
  readonly iss?: string;
  readonly clientId?: string;
  readonly audience?: string;
  readonly groupsClaim: string;
  readonly issuer?: IssuerConfig;
  /** The local IdP's private JWK (`--local`). */
  readonly localKey?: string;
}

const localFileOf = (opts: TokenOptions, io: CliIo): string =>
  resolve(io.cwd, typeof opts.local === 'string' ? opts.local : LOCAL_STACK_FILE);

async function issuerDefaults(opts: TokenOptions, io: CliIo): Promise<IssuerDefaults> {
  if (opts.local) {
    const local = readLocalStackFile(localFileOf(opts, io));
    return {
      iss: local.issuer,
      clientId: local.clientId,
      groupsClaim: 'cognito:groups',
      localKey: JSON.stringify(local.privateKeyJwk),
    };
  }
  if (!opts.config) return { groupsClaim: 'cognito:groups' };
  const config = await loadConfig(resolve(io.cwd, opts.config));
  const names = Object.keys(config.issuers);
  const name = opts.issuer ?? (names.length === 1 ? names[0] : undefined);
  if (name === undefined || !config.issuers[name]) {
    throw new CliError(`--issuer: expected one of ${names.map((n) => JSON.stringify(n)).join(', ')}`, 2);
  }
  const issuer = config.issuers[name]!;
  const groupsClaim = issuer.groupsClaim ?? 'cognito:groups';
  switch (issuer.kind) {
    case 'cognito':
      return {
        iss: cognitoIssuerUrl(issuer.region, issuer.userPoolId),
        clientId: issuer.clientIds[0],
        groupsClaim,
        issuer,
      };
    case 'oidc':
      return {
        iss: issuer.issuer,
        clientId: issuer.clientIds?.[0],
        audience: issuer.audience?.[0],
        groupsClaim,
        issuer,
      };
    case 'hs256':
      return { iss: issuer.issuer, audience: issuer.audience?.[0], groupsClaim, issuer };
  }
}

/** Reads an HS256 secret (base64 or base64url text, at least 32 bytes) from a file or an environment variable. */
async function hs256Secret(
  opts: TokenOptions,
  io: CliIo,
  issuer: IssuerConfig | undefined,
): Promise<Uint8Array | undefined> {
  try {
    if (opts.secretFile) {
      const text = (await readFile(resolve(io.cwd, opts.secretFile), 'utf8')).trim();
      return resolveSecret({ base64url: text });
    }
    if (opts.secretEnv) {
      const value = io.env[opts.secretEnv];
      if (!value) throw new CliError(`--secret-env: environment variable ${opts.secretEnv} is not set`);
      return resolveSecret({ base64url: value.trim() });
    }
    if (issuer?.kind === 'hs256' && !('secretsManager' in issuer.secret)) {
      if ('env' in issuer.secret && !io.env[issuer.secret.env]) {
        throw new CliError(
          `the issuer's secret comes from environment variable ${issuer.secret.env}, which is not set`,
        );
      }
      return resolveSecret(
        'env' in issuer.secret ? { base64url: io.env[issuer.secret.env]!.trim() } : issuer.secret,
      );
    }
  } catch (e) {
    if (e instanceof CliError) throw e;
    throw new CliError(`HS256 secret: ${(e as Error).message}`);
  }
  return undefined;
}

/** The JWKS file written next to a created key: `dev-key.pem` → `dev-key.jwks.json`. */
export function jwksPathFor(keyPath: string): string {
  return `${keyPath.replace(/\.(pem|json|jwk)$/, '')}.jwks.json`;
}

async function signerFrom(opts: TokenOptions, io: CliIo, defaults: IssuerDefaults): Promise<TokenSigner> {
  const secret = await hs256Secret(opts, io, defaults.issuer);
  if (secret) return { alg: 'HS256', secret, ...(opts.kid ? { kid: opts.kid } : {}) };
  if (!opts.key && defaults.localKey) return loadSigningKey(defaults.localKey, opts.kid);
  if (!opts.key) {
    throw new CliError(
      'choose a signing key: --key FILE (add --create-key to generate one), --secret-file FILE or --secret-env NAME',
      2,
    );
  }
  const path = resolve(io.cwd, opts.key);
  if (!existsSync(path)) {
    if (!opts.createKey)
      throw new CliError(`--key: ${opts.key} does not exist (add --create-key to generate it)`);
    const key = generateSigningKey();
    const signing = opts.kid ? { ...key, kid: opts.kid } : key;
    await writeFile(path, key.privateKey.export({ format: 'pem', type: 'pkcs8' }) as string, {
      mode: 0o600,
      flag: 'wx',
    });
    const jwksPath = jwksPathFor(path);
    await writeFile(jwksPath, `${JSON.stringify({ keys: [publicJwkOf(signing)] }, null, 2)}\n`);
    io.stderr(
      `created signing key ${opts.key} and its public JWKS ${jwksPathFor(opts.key)} (bake it with --jwks)\n`,
    );
    return signing;
  }
  try {
    return loadSigningKey(await readFile(path, 'utf8'), opts.kid);
  } catch (e) {
    throw new CliError(`--key ${opts.key}: ${(e as Error).message}`);
  }
}

/** Builds the claims of the test token (Cognito-shaped for `--token-use access|id`). */
export function tokenClaims(
  opts: TokenOptions,
  defaults: IssuerDefaults,
  nowSeconds: number,
): Record<string, unknown> {
  const claims: Record<string, unknown> = {};
  const iss = opts.iss ?? defaults.iss;
  const clientId = opts.clientId ?? defaults.clientId;
  const aud = opts.aud ?? defaults.audience;
  if (iss) claims['iss'] = iss;
  claims['sub'] = opts.sub ?? randomUUID();
  const groups = splitList(opts.groups, /,/);
  const scopes = splitList(opts.scopes, /[\s,]+/);
  if (opts.tokenUse === 'access') {
    claims['token_use'] = 'access';
    if (clientId) claims['client_id'] = clientId;
    if (opts.username) claims['username'] = opts.username;
    claims['scope'] = (scopes ?? ['openid']).join(' ');
    if (aud) claims['aud'] = aud;
  } else if (opts.tokenUse === 'id') {
    claims['token_use'] = 'id';
    const audience = aud ?? clientId;
    if (audience) claims['aud'] = audience;
    if (opts.username) claims['cognito:username'] = opts.username;
  } else {
    if (aud ?? clientId) claims['aud'] = aud ?? clientId;
    if (opts.username) claims['username'] = opts.username;
    if (scopes) claims['scope'] = scopes.join(' ');
  }
  if (groups) claims[defaults.groupsClaim] = groups;
  claims['iat'] = nowSeconds;
  claims['exp'] = nowSeconds + parseDuration(opts.ttl);
  for (const spec of opts.claim) {
    const [name, value] = parseClaim(spec);
    claims[name] = value;
  }
  return claims;
}

/** Quotes a string for a POSIX shell. */
export function shellQuote(s: string): string {
  return `'${s.replaceAll("'", `'\\''`)}'`;
}

/** Runs `edgeward token`. */
export async function runToken(opts: TokenOptions, io: CliIo): Promise<void> {
  const clock = clockFrom(io, opts.now);
  const defaults = await issuerDefaults(opts, io);
  const signer = await signerFrom(opts, io, defaults);
  const claims = tokenClaims(opts, defaults, Math.floor(clock() / 1000));
  const token = signJwt(claims, signer);
  if (opts.json) {
    io.stdout(`${JSON.stringify({ token, alg: signer.alg, kid: signer.kid, claims }, null, 2)}\n`);
  } else if (opts.curl) {
    io.stdout(`curl -H ${shellQuote(`Authorization: Bearer ${token}`)} ${shellQuote(opts.curl)}\n`);
  } else {
    io.stdout(`${token}\n`);
  }
}

/** Registers `edgeward token`. */
export function addTokenCommand(program: Command, io: CliIo): void {
  program
    .command('token')
    .summary('mint a test token signed with a local key or an HS256 secret')
    .description(
      'Mint a test JWT. Sign with --key (an RS256/ES256 private key, PEM or JWK; --create-key generates an ' +
        'RSA key and writes its public JWKS next to it for `build --jwks`) or with an HS256 secret read from ' +
        '--secret-file or --secret-env (base64url text, at least 32 bytes; secrets are never accepted on the ' +
        'command line). --config takes iss, client id and audience (and an HS256 secret) from a configured issuer.',
    )
    .option('--key <file>', 'private signing key (PEM or JWK JSON)')
    .option('--create-key', 'generate --key (RSA 2048, mode 0600) when it does not exist')
    .option('--kid <kid>', 'key id in the header (default: the JWK kid or the RFC 7638 thumbprint)')
    .option('--secret-file <file>', 'HS256: file holding the base64url secret')
    .option('--secret-env <name>', 'HS256: environment variable holding the base64url secret')
    .option('--config <file>', 'take defaults from an issuer in this configuration')
    .option(
      '--local [file]',
      `sign with the running local stack's identity provider key, with its issuer and client id (${LOCAL_STACK_FILE})`,
    )
    .option('--issuer <name>', 'issuer name in --config (default: the only one)')
    .option('--iss <url>', 'iss claim')
    .option('--sub <sub>', 'sub claim (default: a random UUID)')
    .option('--username <name>', 'username (access) / cognito:username (id)')
    .option('--groups <list>', 'comma-separated groups (cognito:groups, or the issuer groupsClaim)')
    .option('--scopes <list>', 'space- or comma-separated scopes (access tokens; default "openid")')
    .addOption(
      new Option('--token-use <use>', 'token_use claim').choices(['access', 'id', 'none']).default('access'),
    )
    .option('--client-id <id>', 'client_id (access) / aud (id)')
    .option('--aud <aud>', 'aud claim')
    .option('--ttl <duration>', 'lifetime: seconds or 15m, 1h, 1d', '1h')
    .option(
      '--claim <name=value>',
      'extra claim (value parsed as JSON when possible); repeatable',
      (v: string, p: string[]) => [...p, v],
      [],
    )
    .option('--now <time>', 'pin the clock: ISO 8601 or epoch seconds (also EDGEWARD_NOW)')
    .option('--curl <url>', 'print a curl command line for URL instead of the bare token')
    .option('--json', 'print {token, alg, kid, claims} as JSON')
    .action(async (opts: TokenOptions) => runToken(opts, io));
}
