/**
 * `startDevStack`: the whole system on localhost with one call — what `npm start` and `edgeward dev` run.
 *
 * 1. starts the Cognito-compatible identity provider with the example's user pool, app client and users;
 * 2. builds the example's functions with `buildFunctions` — the exact bundles `edgeward build` deploys —
 *    with the local endpoints filled in (JWKS URI, Cognito domain, the site's host) and fresh secrets (the
 *    login state key and the signed-cookie key pair are generated at every start, never read from files);
 * 3. starts the API Gateway emulators (REST API with the `rest-*-authorizer` bundle, HTTP API with the
 *    `http-authorizer` bundle) in front of the example's backend `api/handler.mjs`;
 * 4. starts the CloudFront emulator: `/private/app/*` restricted by a trusted key group (signed cookies),
 *    `/api/*` forwarded to the REST API, everything else from the `site/` folder (an S3 bucket behind OAC)
 *    through the `site` viewer-request bundle; the site's behaviors add `Cache-Control: private, no-cache`
 *    (a response headers policy) so a browser never shows a protected page without asking the edge.
 *
 * An example is a folder with `edgeward.config.json`, `site/`, `api/handler.mjs` and optionally
 * `users.json` (default: the demo's `demo/users.json`). See `docs/local-stack.md`.
 *
 * @module
 */

import { generateKeyPairSync, randomBytes } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { IssuerConfig } from 'edgeward/internal/core/config.js';
import type { Logger } from 'edgeward/internal/core/runtime.js';
import { directoryIndexFunctionCode } from '../build/directory-index-function.js';
import { type BuiltFunction, buildFunctions } from '../build/index.js';
import type { EdgewardConfig, FunctionConfig } from '../config/types.js';
import { type HttpApiEmulator, startHttpApiEmulator } from './apigateway/http-api.js';
import { type RestApiEmulator, startRestApiEmulator } from './apigateway/rest-api.js';
import {
  type CacheBehavior,
  type CloudFrontEmulator,
  type ResponseCustomHeader,
  startCloudFrontEmulator,
} from './cloudfront/emulator.js';
import type { CustomErrorResponse } from './cloudfront/error-pages.js';
import { loadCloudFrontFunction } from './cloudfront/functions.js';
import { trustedKeyGroup } from './cloudfront/key-group.js';
import { LocalStackError } from './errors.js';
import { LOCAL_HOST, reservePort } from './http.js';
import {
  LOCAL_ASSETS_PATH,
  type LocalIdentityStorage,
  startLocalIdentityStorage,
} from './identity-storage.js';
import { type LocalClient, type LocalIdp, readUsersFile, startIdentityProvider } from './idp/index.js';

/** Preferred ports of the dev stack; each falls back to a free port when taken. */
export interface DevStackPorts {
  /** The CloudFront emulator (the site). Default 4310. */
  readonly cloudfront?: number;
  /** The identity provider. Default 4311. */
  readonly idp?: number;
  /** The REST API emulator. Default 4312. */
  readonly restApi?: number;
  /** The HTTP API emulator. Default 4313. */
  readonly httpApi?: number;
  /** The S3 emulator (user files, for a site with `identityPool`). Default 4314. */
  readonly s3?: number;
}

/** Default ports: chosen away from the usual development servers (3000, 5173, 8080…). */
export const DEFAULT_DEV_PORTS: Required<DevStackPorts> = {
  cloudfront: 4310,
  idp: 4311,
  restApi: 4312,
  httpApi: 4313,
  s3: 4314,
};

/** Options of {@link startDevStack}. */
export interface DevStackOptions {
  /** The example folder. Default: this package's `demo/`. */
  readonly example?: string;
  /** An `edgeward.config.json` path: the example is its folder (`edgeward dev --config`). Overrides `example`. */
  readonly config?: string;
  /** Base directory of relative `example`/`config`/`usersFile` paths. Default `process.cwd()`. */
  readonly cwd?: string;
  /** Preferred ports; pass 0 for "any free port" (tests). Defaults {@link DEFAULT_DEV_PORTS}. */
  readonly ports?: DevStackPorts;
  /**
   * First preferred port (`edgeward dev --port`): CloudFront `port`, identity provider `port + 1`, REST API
   * `port + 2`, HTTP API `port + 3`, S3 `port + 4`. `ports` entries win over it.
   */
  readonly port?: number | string;
  /** Users file. Default `<example>/users.json`, else `<example>/../users.json`, else the demo's users. */
  readonly usersFile?: string;
  /** Access token lifetime in **seconds** (short in tests, to exercise refresh). Default 3600. */
  readonly accessTokenTtlSeconds?: number;
  /** Id token lifetime in **seconds**. Default: the access token lifetime. */
  readonly idTokenTtlSeconds?: number;
  /** Where the bundles are written. Default: a temporary folder removed by `close()`. */
  readonly outDir?: string;
  /** Emulator records (refusals, function failures). Default: none. */
  readonly logger?: Logger;
  /**
   * Host names every server of the stack answers besides `localhost`, `127.0.0.1` and `[::1]` (e.g. a dev
   * container's name, `edgeward dev --allowed-host`); any other `Host` gets 421, so a page on another domain
   * re-pointed at 127.0.0.1 (DNS rebinding) cannot use the stack. Default none.
   */
  readonly allowedHosts?: readonly string[];
}

/** A demo user as printed by the banner. */
export interface DevUser {
  readonly username: string;
  readonly password: string;
  readonly groups: readonly string[];
}

/** A server of the stack that listens on another port than the preferred one. */
export interface MovedPort {
  /** `site`, `identity provider`, `REST API` or `HTTP API`. */
  readonly server: string;
  readonly preferred: number;
  readonly actual: number;
}

/** The running stack. */
export interface DevStack {
  readonly urls: {
    /** The site through the CloudFront emulator, e.g. `http://localhost:4310`. */
    readonly site: string;
    /** The identity provider's base URL (hosted UI, OAuth endpoints, Cognito JSON API). */
    readonly idp: string;
    /** The token issuer (Cognito format). */
    readonly issuer: string;
    /** The REST API stage URL, when the example has a REST authorizer. */
    readonly restApi?: string;
    /** The HTTP API URL, when the example has an HTTP API authorizer. */
    readonly httpApi?: string;
    /** The S3 emulator (user files), when the site has `identityPool`. */
    readonly s3?: string;
  };
  readonly users: readonly DevUser[];
  /**
   * Servers that could not get their preferred port (taken, e.g. by another local stack) and the free port
   * each got instead. Empty when every preferred port was free (or 0 was asked for).
   */
  readonly movedPorts: readonly MovedPort[];
  /** The app client id of the site (for `edgeward login`, InitiateAuth). */
  readonly clientId: string;
  /** The bundles the stack runs. */
  readonly functions: readonly BuiltFunction[];
  readonly idp: LocalIdp;
  /** Stops every server and removes the temporary build folder. */
  close(): Promise<void>;
}

/**
 * The response headers policy of the site's behaviors (S3 objects carry no `Cache-Control`, so browsers
 * would reuse a protected page heuristically, even after sign-out): every visit revalidates, through the
 * viewer-request function or the trusted key group.
 */
const REVALIDATE: readonly ResponseCustomHeader[] = [
  { header: 'Cache-Control', value: 'private, no-cache', override: true },
];

/**
 * The distribution's custom error responses, as `ProtectedSite`'s `errorPages` sets them: `403` (a
 * missing or invalid signed cookie, and every other 403) → `/errors/403.html`, `404` →
 * `/errors/404.html`, each only when the example's site folder has the page.
 */
export function errorPagesOf(siteRoot: string): CustomErrorResponse[] {
  return [403, 404]
    .map((errorCode) => ({ errorCode, responsePagePath: `/errors/${errorCode}.html` }))
    .filter((page) => existsSync(join(siteRoot, page.responsePagePath)));
}

/** This package's root (works from `packages/cli/src/local/` and `dist/local/`). */
function packageRoot(): string {
  return resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
}

/** The demo users shipped with the package (`demo/users.json`): public passwords, local use only. */
export function demoUsersFile(): string {
  return join(packageRoot(), 'demo', 'users.json');
}

function findFunction<T extends FunctionConfig['type']>(
  config: EdgewardConfig,
  types: readonly T[],
): [string, Extract<FunctionConfig, { type: T }>] | undefined {
  const found = Object.entries(config.functions).find(([, fn]) =>
    (types as readonly string[]).includes(fn.type),
  );
  return found as [string, Extract<FunctionConfig, { type: T }>] | undefined;
}

/** The path part of a signed-cookie `resource` URL pattern, as a CloudFront path pattern. */
function resourcePathPattern(resource: string): string {
  const afterScheme = resource.replace(/^[a-z*]+:\/\//, '');
  const slash = afterScheme.indexOf('/');
  return slash === -1 ? '*' : afterScheme.slice(slash);
}

/** The distribution's custom error responses for a site's `errorPages` (as `ProtectedSite` deploys them). */
function customErrorResponsesOf(site: Extract<FunctionConfig, { type: 'site' }>): CustomErrorResponse[] {
  return Object.entries(site.errorPages ?? {}).map(([status, path]) => ({
    errorCode: Number(status),
    responsePagePath: path,
    responseCode: Number(status),
  }));
}

/** REST identity source for a token source (API Gateway caches on it). */
function restIdentitySource(fn: FunctionConfig): string {
  if (fn.type !== 'rest-request-authorizer' || fn.tokenSource === undefined) {
    return 'method.request.header.Authorization';
  }
  const source = fn.tokenSource;
  if ('cookie' in source) return 'method.request.header.Cookie';
  if ('query' in source) return `method.request.querystring.${source.query}`;
  return `method.request.header.${source.header}`;
}

/** HTTP API identity source for a token source. */
function httpIdentitySource(fn: FunctionConfig): string {
  const source = fn.type === 'http-authorizer' ? fn.tokenSource : undefined;
  if (source === undefined) return '$request.header.Authorization';
  if ('cookie' in source) return '$request.header.Cookie';
  if ('query' in source) return `$request.querystring.${source.query}`;
  return `$request.header.${source.header}`;
}

/**
 * Starts the local stack for an example.
 *
 * @throws Error when the example is incomplete, its configuration is invalid, the build fails or a port
 *   cannot be bound
 * @example
 * ```ts
 * const stack = await startDevStack({ ports: { cloudfront: 0, idp: 0, restApi: 0, httpApi: 0, s3: 0 } });
 * console.log(stack.urls.site);
 * await stack.close();
 * ```
 */
export async function startDevStack(options: DevStackOptions = {}): Promise<DevStack> {
  const cwd = options.cwd ?? process.cwd();
  const example =
    options.config !== undefined
      ? dirname(resolve(cwd, options.config))
      : resolve(cwd, options.example ?? join(packageRoot(), 'demo'));
  const configPath =
    options.config !== undefined ? resolve(cwd, options.config) : join(example, 'edgeward.config.json');
  if (!existsSync(configPath)) throw new LocalStackError('local_config_invalid', `${configPath} not found`);
  const config = JSON.parse(readFileSync(configPath, 'utf8')) as EdgewardConfig;
  const siteEntry = findFunction(config, ['site']);
  if (siteEntry === undefined)
    throw new LocalStackError('local_config_invalid', `${configPath} has no "site" function`);
  const [siteName, site] = siteEntry;
  const issuer: IssuerConfig | undefined = config.issuers[site.issuer];
  if (issuer?.kind !== 'cognito')
    throw new LocalStackError('local_config_invalid', 'the site function must use a "cognito" issuer');
  const first = options.port === undefined ? undefined : Number(options.port);
  if (first !== undefined && !(Number.isInteger(first) && first >= 0 && first <= 65_532)) {
    throw new LocalStackError(
      'local_config_invalid',
      `port must be an integer from 0 to 65532, got ${JSON.stringify(options.port)}`,
    );
  }
  // Port 0 ("any free port") stays 0 for every server.
  const fromFirst =
    first === undefined
      ? {}
      : {
          cloudfront: first,
          idp: first && first + 1,
          restApi: first && first + 2,
          httpApi: first && first + 3,
          s3: first && first + 4,
        };
  const ports = { ...DEFAULT_DEV_PORTS, ...fromFirst, ...options.ports };
  const allowedHosts = options.allowedHosts === undefined ? {} : { allowedHosts: options.allowedHosts };

  const closers: (() => Promise<void>)[] = [];
  const close = async () => {
    for (const closer of closers.reverse()) await closer().catch(() => {});
  };
  try {
    // 1. Ports and the site's origin (loopback hosts get http:// URLs from the site function).
    const cfPort = await reservePort(ports.cloudfront);
    const siteHost = `localhost:${cfPort}`;
    const siteUrl = `http://${siteHost}`;
    const callbackPath = site.paths?.callback ?? '/_edgeward/callback';
    const logoutPath = site.signOut?.postLogoutRedirect ?? '/';
    const origins = [siteUrl, `http://${LOCAL_HOST}:${cfPort}`];

    // 2. The identity provider: the example's pool, every client id of the issuer, the demo users.
    const usersFile =
      (options.usersFile === undefined ? undefined : resolve(cwd, options.usersFile)) ??
      [join(example, 'users.json'), join(example, '..', 'users.json')].find((f) => existsSync(f)) ??
      demoUsersFile();
    const clients: LocalClient[] = issuer.clientIds.map((clientId) => ({
      clientId,
      redirectUris: origins.map((o) => `${o}${callbackPath}`),
      logoutUris: logoutPath.startsWith('/') ? origins.map((o) => `${o}${logoutPath}`) : [logoutPath],
    }));
    const accessTtl = options.accessTokenTtlSeconds ?? 3600;
    const outDir = options.outDir ?? (await mkdtemp(join(tmpdir(), 'edgeward-dev-')));
    if (options.outDir === undefined) closers.push(() => rm(outDir, { recursive: true, force: true }));
    // Identity-pool credentials: fake credentials shared by the identity pool and the S3 emulator.
    let storage: LocalIdentityStorage | undefined;
    if (site.identityPool !== undefined) {
      const poolId = site.identityPool.identityPoolId;
      storage = await startLocalIdentityStorage({
        region: poolId.slice(0, poolId.indexOf(':')),
        siteOrigins: origins,
        port: ports.s3,
        outDir,
        browserScript: join(example, 'browser', 'files.mjs'),
        ...(options.logger === undefined ? {} : { logger: options.logger }),
        ...allowedHosts,
      });
      closers.push(() => storage!.close());
    }
    const idp = await startIdentityProvider({
      port: await reservePort(ports.idp),
      region: issuer.region,
      userPoolId: issuer.userPoolId,
      users: usersFile,
      clients,
      accessTokenTtlSeconds: accessTtl,
      idTokenTtlSeconds: options.idTokenTtlSeconds ?? accessTtl,
      // The demo's passwords are public: the sign-in page lists them (this IdP only ever runs locally).
      showUsersOnLoginPage: true,
      ...(storage === undefined || site.identityPool === undefined
        ? {}
        : {
            identityPool: {
              identityPoolId: site.identityPool.identityPoolId,
              credentials: storage.credentials,
            },
          }),
      ...allowedHosts,
    });
    closers.push(() => idp.close());

    // 3. Local endpoints and fresh secrets into the configuration, then the real build.
    const issuers = Object.fromEntries(
      Object.entries(config.issuers).map(([name, each]) => [
        name,
        each.kind === 'cognito' && each.userPoolId === issuer.userPoolId
          ? { ...each, jwksUri: idp.jwksUri, jwksPolicy: { ...each.jwksPolicy, allowHttp: true } }
          : each,
      ]),
    );
    // The site's bucket: origin access control with s3:ListBucket, as ProtectedSite grants it, so a
    // missing object answers 404 (and the not-found page) rather than 403.
    const siteBucket = { kind: 'folder', root: join(example, 'site'), list: true } as const;
    // The site's own `errorPages` first, then the example's /errors/ pages for the statuses they leave open.
    const siteErrorPages = customErrorResponsesOf(site);
    let keyGroup: CacheBehavior | undefined;
    let signedCookies = site.signedCookies;
    if (signedCookies !== undefined) {
      const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
      signedCookies = {
        ...signedCookies,
        privateKey: { pem: privateKey.export({ format: 'pem', type: 'pkcs8' }).toString() },
        allowedHosts: [siteHost, `${LOCAL_HOST}:${cfPort}`],
      };
      keyGroup = {
        pathPattern: resourcePathPattern(signedCookies.resource),
        origin: siteBucket,
        responseHeaders: REVALIDATE,
        trustedKeyGroup: trustedKeyGroup({
          [signedCookies.keyPairId]: publicKey.export({ format: 'pem', type: 'spki' }).toString(),
        }),
        // Directory URLs where the site function does not run, by the CloudFront Function ProtectedSite deploys.
        ...(site.directoryIndex === undefined
          ? {}
          : {
              viewerRequestFunction: loadCloudFrontFunction(
                directoryIndexFunctionCode(site.directoryIndex),
                'directory-index',
              ),
            }),
      };
    }
    const localSite = {
      ...site,
      ...(site.client === undefined ? {} : { client: { ...site.client, cognitoDomain: idp.baseUrl } }),
      stateSecret: randomBytes(32).toString('base64url'),
      ...(signedCookies === undefined ? {} : { signedCookies }),
      ...(site.identityPool === undefined
        ? {}
        : { identityPool: { ...site.identityPool, endpoint: idp.cognitoApiEndpoint } }),
    };
    const localConfig: EdgewardConfig = {
      ...config,
      issuers,
      functions: { ...config.functions, [siteName]: localSite },
    };
    // Local only (never deployed): the demo's published example secrets are replaced above or harmless here.
    const functions = await buildFunctions({ config: localConfig, outDir, allowExampleSecrets: true });
    const entryOf = (name: string) => functions.find((f) => f.name === name)!.entryFile;
    const backend = join(example, 'api', 'handler.mjs');

    // 4. API Gateway emulators.
    let restApi: RestApiEmulator | undefined;
    const restEntry = findFunction(config, ['rest-request-authorizer', 'rest-token-authorizer']);
    if (restEntry !== undefined) {
      const [name, fn] = restEntry;
      restApi = await startRestApiEmulator({
        port: ports.restApi,
        region: issuer.region,
        stage: 'dev',
        authorizers: {
          [name]: {
            type: fn.type === 'rest-token-authorizer' ? 'TOKEN' : 'REQUEST',
            handler: entryOf(name),
            identitySource: restIdentitySource(fn),
          },
        },
        resources: { '/api/{proxy+}': { ANY: { handler: backend, authorizer: name } } },
        ...allowedHosts,
        ...(options.logger === undefined ? {} : { logger: options.logger }),
      });
      closers.push(() => restApi!.close());
    }
    let httpApi: HttpApiEmulator | undefined;
    const httpEntry = findFunction(config, ['http-authorizer']);
    if (httpEntry !== undefined) {
      const [name, fn] = httpEntry;
      httpApi = await startHttpApiEmulator({
        port: ports.httpApi,
        region: issuer.region,
        authorizers: {
          [name]: {
            handler: entryOf(name),
            identitySource: [httpIdentitySource(fn)],
            response: fn.response ?? 'iam',
          },
        },
        routes: { 'ANY /api/{proxy+}': { handler: backend, authorizer: name } },
        ...allowedHosts,
        ...(options.logger === undefined ? {} : { logger: options.logger }),
      });
      closers.push(() => httpApi!.close());
    }

    // 5. The distribution.
    const behaviors: CacheBehavior[] = [];
    if (keyGroup !== undefined) behaviors.push(keyGroup);
    if (storage !== undefined) {
      behaviors.push({
        pathPattern: `${LOCAL_ASSETS_PATH}*`,
        origin: { kind: 'folder', root: storage.assetsRoot, list: true },
      });
    }
    if (restApi !== undefined)
      behaviors.push({ pathPattern: '/api/*', origin: { kind: 'http', url: restApi.url } });
    const cloudfront: CloudFrontEmulator = await startCloudFrontEmulator({
      port: cfPort,
      behaviors,
      defaultBehavior: {
        origin: siteBucket,
        viewerRequest: entryOf(siteName),
        responseHeaders: REVALIDATE,
      },
      defaultRootObject: 'index.html',
      customErrorResponses: [
        ...siteErrorPages,
        ...errorPagesOf(siteBucket.root).filter(
          (p) => !siteErrorPages.some((s) => s.errorCode === p.errorCode),
        ),
      ],
      ...allowedHosts,
      ...(options.logger === undefined ? {} : { logger: options.logger }),
    });
    closers.push(() => cloudfront.close());
    if (cloudfront.port !== cfPort)
      throw new LocalStackError('local_stack_failed', `port ${cfPort} was taken while the stack started`);

    const portOf = (url: string) => Number(new URL(url).port);
    const movedPorts = (
      [
        ['site', ports.cloudfront, cfPort],
        ['identity provider', ports.idp, portOf(idp.baseUrl)],
        ['REST API', ports.restApi, restApi && portOf(restApi.url)],
        ['HTTP API', ports.httpApi, httpApi && portOf(httpApi.url)],
        ['user files (S3)', ports.s3, storage && portOf(storage.s3.url)],
      ] as const
    )
      .filter(([, preferred, actual]) => preferred !== 0 && actual !== undefined && actual !== preferred)
      .map(([server, preferred, actual]) => ({ server, preferred, actual: actual! }));
    const users = readUsersFile(usersFile).map((u) => ({
      username: u.username,
      password: u.password,
      groups: u.groups ?? [],
    }));
    return {
      urls: {
        site: siteUrl,
        idp: idp.baseUrl,
        issuer: idp.issuer,
        ...(restApi === undefined ? {} : { restApi: restApi.url }),
        ...(httpApi === undefined ? {} : { httpApi: httpApi.url }),
        ...(storage === undefined ? {} : { s3: storage.s3.url }),
      },
      users,
      movedPorts,
      clientId: site.client?.clientId ?? issuer.clientIds[0]!,
      functions,
      idp,
      close,
    };
  } catch (error) {
    await close();
    throw error;
  }
}

/**
 * The text printed when the stack is up: URLs and demo users.
 *
 * @param extra - lines shown before the closing "Press Ctrl-C" (e.g. the CLI commands for this stack)
 */
export function devStackBanner(stack: DevStack, extra: readonly string[] = []): string {
  const lines = [
    '',
    '  edgeward local stack is running',
    '',
    `  Site (CloudFront emulator)   ${stack.urls.site}`,
    `  Identity provider            ${stack.urls.idp}`,
    ...(stack.urls.restApi === undefined ? [] : [`  REST API (cookie session)    ${stack.urls.restApi}`]),
    ...(stack.urls.httpApi === undefined ? [] : [`  HTTP API (Bearer)            ${stack.urls.httpApi}`]),
    ...(stack.urls.s3 === undefined ? [] : [`  S3 (identity-pool files)     ${stack.urls.s3}`]),
    `  Issuer                       ${stack.urls.issuer}`,
    '',
    '  Demo users (local only):',
    ...stack.users.map(
      (u) =>
        `    ${u.username.padEnd(8)} ${u.password.padEnd(22)} ${u.groups.length ? u.groups.join(', ') : '(no group)'}`,
    ),
    '',
    `  Built functions: ${stack.functions.map((f) => `${f.name} (${f.sizes.zip} bytes zipped)`).join(', ')}`,
    '',
    ...extra,
    '  Press Ctrl-C to stop.',
    '',
  ];
  return lines.join('\n');
}

/**
 * Starts the stack, prints the banner, and stops everything on Ctrl-C (SIGINT) or SIGTERM.
 *
 * @returns the running stack (the process keeps running until a signal arrives)
 */
export async function runDevStack(options: DevStackOptions = {}): Promise<DevStack> {
  const stack = await startDevStack(options);
  process.stdout.write(devStackBanner(stack));
  let stopping = false;
  const stop = () => {
    if (stopping) return;
    stopping = true;
    process.stdout.write('\n  Stopping…\n');
    stack.close().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
  return stack;
}
