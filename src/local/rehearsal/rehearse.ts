/**
 * `startRehearsal`: the deploy rehearsal — a synthesized CDK cloud assembly run in the local stack, from its
 * templates and staged assets rather than from `edgeward.config.json`:
 *
 * 1. every `AWS::CloudFront::Distribution` in the CloudFront emulator: its cache behaviors in template
 *    order with their viewer-request functions (the staged asset each `EdgeFunction` version points at),
 *    trusted key groups, response headers policies and allowed methods; S3 origins served from folders
 *    (the bucket's `BucketDeployment` files, or a folder given for it);
 * 2. every REST API and HTTP API in the API Gateway emulators, their Lambda authorizers running their
 *    staged assets with the template's type, identity sources and result TTL, in front of a stub backend;
 * 3. the local identity provider impersonating each Cognito user pool of the configuration (its issuer,
 *    its app clients, its hosted-UI domain), signing with the rehearsal key whose JWKS the app baked;
 * 4. the public origins (the distribution's host, the Cognito domain) answered locally (`./network.ts`),
 *    and a local Secrets Manager holding the secrets the functions read at cold start.
 *
 * The configuration file is read only to know what the identity provider and Secrets Manager stand for:
 * the code that runs is the assembly's. Everything not emulated is reported by name (`findings`).
 *
 * @module
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { DEFAULT_CONFIG_FILES, loadConfig } from '../../cli/config/load.js';
import type { FunctionConfig } from '../../cli/config/types.js';
import type { Logger } from '../../core/runtime.js';
import { startHttpApiEmulator } from '../apigateway/http-api.js';
import { startRestApiEmulator } from '../apigateway/rest-api.js';
import { startCloudFrontEmulator } from '../cloudfront/emulator.js';
import { demoUsersFile } from '../dev.js';
import { startServer } from '../http.js';
import { type LocalIdp, readUsersFile } from '../idp/index.js';
import { type LocalSecretsManager, startSecretsManager } from '../secrets-manager.js';
import { mapHttpApi, mapRestApi } from './apigateway.js';
import { readCloudAssembly } from './assembly.js';
import { createBucketFolders } from './buckets.js';
import { type DistributionContext, mapDistribution } from './cloudfront.js';
import { cognitoPools, secretValues, signingPublicKeys } from './configured.js';
import { type Finding, Findings } from './findings.js';
import { FunctionCodeError, prepareFunction, prepareRuntime, type RehearsedFunction } from './functions.js';
import { startPoolStandIn, templateClient } from './identity.js';
import { REHEARSAL_DIR, rehearsalKey } from './idp-key.js';
import { reportUnmapped } from './inventory.js';
import { JWKS_CONTEXT_KEY } from './jwks-context.js';
import { type FetchMapping, mapFetch, type OriginMapping, startOriginProxy } from './network.js';
import { type ResourceRecord, TemplateIndex } from './template.js';

/** Options of {@link startRehearsal}. */
export interface RehearsalOptions {
  /** The cloud assembly directory (`cdk.out`). */
  readonly assembly: string;
  /**
   * The `edgeward.config.json` the functions were built from: says which user pools the identity provider
   * stands for and which secrets the functions read. Default: `edgeward.config.json` (or `.ts`/`.mjs`) in
   * `cwd`.
   */
  readonly config?: string;
  /** Base of relative paths. Default `process.cwd()`. */
  readonly cwd?: string;
  /** Folder of the rehearsal key (`idp-key.json`, `jwks.json`). Default `.edgeward/rehearsal` in `cwd`. */
  readonly keyDir?: string;
  /** Users of the identity provider. Default `users.json` next to the config, else the packaged demo users. */
  readonly usersFile?: string;
  /** Folders served for buckets, by logical id, `<stack>/<logical id>` or bucket name. */
  readonly buckets?: Readonly<Record<string, string>>;
  /**
   * Secret values of the local Secrets Manager, by secret id. Secrets the configuration names and this
   * does not give are generated (a fresh RSA key for a signed-cookie key, 32 random bytes for HS256).
   */
  readonly secrets?: Readonly<Record<string, string>>;
  /**
   * The public host of a distribution (what viewers' `Host` is), by logical id or `<stack>/<logical id>`;
   * `*` for the only distribution. Default: its first alias, else (one distribution) the host of the
   * template's app client callback URL or of the site's `signedCookies.allowedHosts`, else none (the
   * distribution is seen as `localhost:<port>`).
   */
  readonly hosts?: Readonly<Record<string, string>>;
  /** First preferred port of the public servers (distributions, identity providers, APIs); 0 = any. Default 4320. */
  readonly port?: number;
  /** Access (and id) token lifetime of the identity provider, in **seconds**. Default 3600. */
  readonly accessTokenTtlSeconds?: number;
  /** Emulator records (refusals, function failures). Default: none. */
  readonly logger?: Logger;
}

/** A running distribution. */
export interface RehearsedDistribution {
  /** `<stack>/<logical id>`. */
  readonly id: string;
  /** The URL browsers use, e.g. `http://localhost:4320`. */
  readonly url: string;
  /** The public origin it stands for, when one is known (e.g. `https://d111111abcdef8.cloudfront.net`). */
  readonly publicOrigin?: string;
  readonly behaviors: readonly string[];
}

/** A running API. */
export interface RehearsedApi {
  readonly id: string;
  readonly kind: 'rest' | 'http';
  /** The local invoke URL (REST: with the stage). */
  readonly url: string;
  /** Authorizers by logical id: type and the function's asset. */
  readonly authorizers: readonly { readonly id: string; readonly type: string; readonly source: string }[];
}

/** A running identity provider. */
export interface RehearsedIdp {
  /** The `iss` it signs tokens with (the configured user pool's). */
  readonly issuer: string;
  /** The URL browsers use (through the proxy for its public domain when there is one). */
  readonly url: string;
  /** The public hosted-UI origins it answers for, e.g. `https://prefix.auth.eu-west-1.amazoncognito.com`. */
  readonly publicOrigins: readonly string[];
  readonly clientIds: readonly string[];
  readonly idp: LocalIdp;
}

/** The running rehearsal. */
export interface Rehearsal {
  readonly distributions: readonly RehearsedDistribution[];
  readonly apis: readonly RehearsedApi[];
  readonly identityProviders: readonly RehearsedIdp[];
  readonly users: readonly {
    readonly username: string;
    readonly password: string;
    readonly groups: readonly string[];
  }[];
  /** The functions that run: where each came from. */
  readonly functions: readonly { readonly id: string; readonly source: string; readonly entryFile: string }[];
  /** What is not emulated or stands in for something, by name. */
  readonly findings: readonly Finding[];
  /** Absolute path of the rehearsal JWKS the assembly must have baked. */
  readonly jwksFile: string;
  /** Stops every server, restores `fetch` and the environment, removes the work folder. */
  close(): Promise<void>;
}

/** Every text file of a function's code (to look for baked values). */
function codeText(dir: string): string {
  const parts: string[] = [];
  const walk = (d: string) => {
    for (const name of readdirSync(d)) {
      const path = join(d, name);
      if (statSync(path).isDirectory()) {
        if (name !== 'node_modules') walk(path);
      } else if (/\.(m|c)?js$|\.json$/.test(name)) parts.push(readFileSync(path, 'utf8'));
    }
  };
  walk(dir);
  return parts.join('\n');
}

/** Thrown when the assembly cannot be rehearsed as it is; the message says what to do. */
export class RehearsalError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'RehearsalError';
  }
}

/**
 * Starts the rehearsal of a cloud assembly.
 *
 * @throws RehearsalError when the assembly's functions did not bake the rehearsal JWKS (with the synth
 *   command to run), when no configuration is found, or a bucket folder does not exist; Error from the
 *   assembly reader or when a port cannot be bound
 */
export async function startRehearsal(options: RehearsalOptions): Promise<Rehearsal> {
  const cwd = options.cwd ?? process.cwd();
  const assemblyDir = resolve(cwd, options.assembly);
  const model = await readCloudAssembly(assemblyDir);
  const configPath =
    options.config === undefined
      ? DEFAULT_CONFIG_FILES.map((n) => join(cwd, n)).find(existsSync)
      : resolve(cwd, options.config);
  if (configPath === undefined || !existsSync(configPath)) {
    throw new RehearsalError(
      `no edgeward configuration ${configPath ?? `in ${cwd}`}: pass the edgeward.config.json the functions were built from (--config)`,
    );
  }
  const config = await loadConfig(configPath);
  const key = await rehearsalKey(resolve(cwd, options.keyDir ?? REHEARSAL_DIR));
  const index = new TemplateIndex(model);
  const findings = new Findings();

  const closers: (() => Promise<void> | void)[] = [];
  const close = async () => {
    for (const closer of closers.reverse())
      await Promise.resolve()
        .then(closer)
        .catch(() => {});
    closers.length = 0;
  };
  try {
    const workDir = await mkdtemp(join(tmpdir(), 'edgeward-rehearsal-'));
    closers.push(() => rm(workDir, { recursive: true, force: true }));
    const functionsDir = join(workDir, 'functions');
    const sdkAvailable = prepareRuntime(functionsDir);

    // Environment changes (restored at close): function variables, the local Secrets Manager endpoint.
    const savedEnv = new Map<string, string | undefined>();
    const setEnv = (name: string, value: string | undefined) => {
      if (!savedEnv.has(name)) savedEnv.set(name, process.env[name]);
      if (value === undefined) delete process.env[name];
      else process.env[name] = value;
    };
    closers.push(() => {
      for (const [name, value] of savedEnv) {
        if (value === undefined) delete process.env[name];
        else process.env[name] = value;
      }
    });

    // Functions, prepared once each.
    const prepared = new Map<string, RehearsedFunction | undefined>();
    const envOwners = new Map<string, string>();
    const functionFor = (record: ResourceRecord): RehearsedFunction | undefined => {
      const id = `${record.stack.id}/${record.logicalId}`;
      if (prepared.has(id)) return prepared.get(id);
      let fn: RehearsedFunction | undefined;
      try {
        fn = prepareFunction(index, record, functionsDir);
      } catch (e) {
        if (!(e instanceof FunctionCodeError)) throw e;
        findings.add('unsupported', record, `cannot run: ${e.message}`);
        fn = undefined;
      }
      if (fn !== undefined) {
        for (const [name, value] of Object.entries(fn.environment)) {
          const owner = envOwners.get(name);
          if (owner !== undefined && process.env[name] !== value) {
            findings.add(
              'unsupported',
              record,
              `environment variable ${name} differs from ${owner}'s; functions share one process environment, ${owner}'s value is kept`,
            );
            continue;
          }
          envOwners.set(name, id);
          setEnv(name, value);
        }
      }
      prepared.set(id, fn);
      return fn;
    };

    // Secrets the configured functions read at cold start.
    const secrets = secretValues(config, options.secrets);
    let secretsManager: LocalSecretsManager | undefined;
    if (Object.keys(secrets).length > 0) {
      secretsManager = await startSecretsManager({ secrets });
      closers.push(() => secretsManager!.close());
      setEnv('AWS_ENDPOINT_URL_SECRETS_MANAGER', secretsManager.endpoint);
      // The execution role's credentials in Lambda; any value does for the local endpoint.
      setEnv('AWS_ACCESS_KEY_ID', 'AKIAIOSFODNN7EXAMPLE');
      setEnv('AWS_SECRET_ACCESS_KEY', 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY');
      setEnv('AWS_SESSION_TOKEN', undefined);
    }
    const publicKeys = signingPublicKeys(config, secrets);

    // Ports: the public servers take consecutive preferred ports.
    let nextPort = options.port ?? 4320;
    const takePort = () => (nextPort === 0 ? 0 : nextPort++);

    // APIs.
    const apiContext = { index, findings, functionFor };
    const apis: RehearsedApi[] = [];
    const apiBase = new Map<string, string>();
    for (const record of index.ofType('AWS::ApiGateway::RestApi')) {
      const mapped = mapRestApi(apiContext, record);
      const api = await startRestApiEmulator({
        port: takePort(),
        ...(record.stack.region === undefined ? {} : { region: record.stack.region }),
        ...(record.stack.account === undefined ? {} : { accountId: record.stack.account }),
        stage: mapped.stage,
        ...(mapped.stageVariables === undefined ? {} : { stageVariables: mapped.stageVariables }),
        resources: mapped.resources,
        authorizers: mapped.authorizers,
        ...(options.logger === undefined ? {} : { logger: options.logger }),
      });
      closers.push(() => api.close());
      apiBase.set(`${record.stack.id}/${record.logicalId}`, `http://127.0.0.1:${api.port}`);
      apis.push({
        id: `${record.stack.id}/${record.logicalId}`,
        kind: 'rest',
        url: api.url,
        authorizers: [...mapped.functions].map(([id, fn]) => ({
          id,
          type: mapped.authorizers[id]!.type,
          source: fn.source,
        })),
      });
    }
    for (const record of index.ofType('AWS::ApiGatewayV2::Api')) {
      const mapped = mapHttpApi(apiContext, record);
      if (mapped === undefined) continue;
      const api = await startHttpApiEmulator({
        port: takePort(),
        ...(record.stack.region === undefined ? {} : { region: record.stack.region }),
        ...(record.stack.account === undefined ? {} : { accountId: record.stack.account }),
        routes: mapped.routes,
        authorizers: mapped.authorizers,
        ...(options.logger === undefined ? {} : { logger: options.logger }),
      });
      closers.push(() => api.close());
      apiBase.set(`${record.stack.id}/${record.logicalId}`, api.url);
      apis.push({
        id: `${record.stack.id}/${record.logicalId}`,
        kind: 'http',
        url: api.url,
        authorizers: [...mapped.functions].map(([id, fn]) => ({
          id,
          type: `REQUEST (${mapped.authorizers[id]!.response})`,
          source: fn.source,
        })),
      });
    }

    // Distributions.
    const buckets = createBucketFolders({
      index,
      findings,
      workDir: join(workDir, 'buckets'),
      ...(options.buckets === undefined ? {} : { overrides: options.buckets }),
    });
    const unreachable = await startServer(
      async (_req, res) => {
        const body = 'This origin is outside the rehearsed assembly and cannot be reached locally.\n';
        res.writeHead(502, { 'content-type': 'text/plain', 'content-length': Buffer.byteLength(body) });
        res.end(body);
      },
      (res) => res.writeHead(502).end(),
      {},
    );
    closers.push(() => unreachable.close());
    const distributionContext: DistributionContext = {
      index,
      findings,
      functionFor,
      bucketFolder: (bucket) => buckets.folderFor(bucket),
      apiBaseUrl: (api) => apiBase.get(`${api.stack.id}/${api.logicalId}`),
      publicKeyFor: (id) => publicKeys.get(id),
      unreachableOrigin: `http://127.0.0.1:${unreachable.port}`,
    };
    const mappings: OriginMapping[] = [];
    const distributionRecords = index.ofType('AWS::CloudFront::Distribution');
    const templateCallbackHost = index
      .ofType('AWS::Cognito::UserPoolClient')
      .flatMap((c) => {
        const urls = index.evaluate(c.stack, c.resource.Properties?.['CallbackURLs']);
        return Array.isArray(urls)
          ? urls.filter((u): u is string => typeof u === 'string' && u.startsWith('https://'))
          : [];
      })
      .map((u) => new URL(u).host)[0];
    const allowedHost = (Object.values(config.functions) as FunctionConfig[]).flatMap((fn) =>
      fn.type === 'site' ? (fn.signedCookies?.allowedHosts ?? []) : [],
    )[0];
    const distributions: RehearsedDistribution[] = [];
    for (const record of distributionRecords) {
      const mapped = mapDistribution(distributionContext, record);
      const id = `${record.stack.id}/${record.logicalId}`;
      const only = distributionRecords.length === 1;
      const host =
        options.hosts?.[id] ??
        options.hosts?.[record.logicalId] ??
        (only ? options.hosts?.['*'] : undefined) ??
        mapped.aliases[0] ??
        (only ? (templateCallbackHost ?? allowedHost) : undefined);
      const publicOrigin = host === undefined ? undefined : `https://${host.toLowerCase()}`;
      const emulatorOptions = {
        behaviors: mapped.behaviors,
        defaultBehavior: mapped.defaultBehavior,
        ...(mapped.defaultRootObject === undefined ? {} : { defaultRootObject: mapped.defaultRootObject }),
        ...(host === undefined ? {} : { viewerProtocol: 'https' as const, distributionDomainName: host }),
        ...(options.logger === undefined ? {} : { logger: options.logger }),
      };
      let url: string;
      if (publicOrigin === undefined) {
        const cf = await startCloudFrontEmulator({ ...emulatorOptions, port: takePort() });
        closers.push(() => cf.close());
        url = `http://localhost:${cf.port}`;
      } else {
        const cf = await startCloudFrontEmulator({ ...emulatorOptions, port: 0 });
        closers.push(() => cf.close());
        const proxy = await startOriginProxy({
          publicOrigin,
          target: cf.url,
          presentPublicHost: true,
          hostname: 'localhost',
          port: takePort(),
          mappings: () => mappings,
        });
        closers.push(() => proxy.close());
        url = proxy.localOrigin;
        mappings.push({ publicOrigin, localOrigin: url });
      }
      distributions.push({
        id,
        url,
        ...(publicOrigin === undefined ? {} : { publicOrigin }),
        behaviors: [...mapped.behaviors.map((b) => b.pathPattern), '*'],
      });
    }
    for (const unused of buckets.unusedOverrides()) {
      throw new RehearsalError(
        `--bucket ${unused}: no bucket served by a distribution has that logical id or name`,
      );
    }

    // Identity providers: one per configured Cognito user pool.
    const usersFile = resolve(
      cwd,
      options.usersFile ??
        (existsSync(join(dirname(configPath), 'users.json'))
          ? join(dirname(configPath), 'users.json')
          : demoUsersFile()),
    );
    const siteOrigins = distributions.flatMap((d) => [d.publicOrigin ?? d.url]);
    const identityProviders: RehearsedIdp[] = [];
    const fetchMappings: FetchMapping[] = [];
    const template = templateClient(index, findings);
    for (const pool of cognitoPools(config)) {
      const standIn = await startPoolStandIn({
        pool,
        ...(template === undefined ? {} : { template }),
        siteOrigins,
        usersFile,
        ...(options.accessTokenTtlSeconds === undefined
          ? {}
          : { accessTokenTtlSeconds: options.accessTokenTtlSeconds }),
        signingKey: key.privateKeyJwk,
        takePort,
        mappings: () => mappings,
      });
      closers.push(() => standIn.close());
      mappings.push(...standIn.originMappings);
      fetchMappings.push(...standIn.fetchMappings);
      identityProviders.push({
        issuer: standIn.idp.issuer,
        url: standIn.url,
        publicOrigins: [...pool.publicOrigins],
        clientIds: [...pool.clientIds],
        idp: standIn.idp,
      });
    }
    if (fetchMappings.length > 0) closers.push(mapFetch(fetchMappings));

    // The baked JWKS must be the rehearsal key's, or no token of the local identity provider verifies.
    for (const [id, fn] of prepared) {
      if (fn === undefined) continue;
      const text = codeText(fn.dir);
      const pools = cognitoPools(config).filter((p) => text.includes(p.userPoolId));
      if (pools.length > 0 && !text.includes(key.privateKeyJwk.kid)) {
        throw new RehearsalError(
          `${id} does not carry the rehearsal JWKS: synthesize with \`cdk synth -c ${JWKS_CONTEXT_KEY}=${key.jwksFile}\` ` +
            '(or run `edgeward rehearse --synth`) so the local identity provider’s tokens verify',
        );
      }
    }

    reportUnmapped(index, findings, new Set(prepared.keys()), usersFile);
    if (!sdkAvailable && Object.keys(secrets).length > 0) {
      throw new RehearsalError(
        'the functions read Secrets Manager but @aws-sdk/client-secrets-manager is not installed next to edgeward (the Lambda runtime provides it): npm install -D @aws-sdk/client-secrets-manager',
      );
    }

    const users = readUsersFile(usersFile).map((u) => ({
      username: u.username,
      password: u.password,
      groups: u.groups ?? [],
    }));
    return {
      distributions,
      apis,
      identityProviders,
      users,
      functions: [...prepared]
        .filter((entry): entry is [string, RehearsedFunction] => entry[1] !== undefined)
        .map(([id, fn]) => ({ id, source: fn.source, entryFile: fn.entryFile })),
      findings: findings.all(),
      jwksFile: key.jwksFile,
      close,
    };
  } catch (error) {
    await close();
    throw error;
  }
}
