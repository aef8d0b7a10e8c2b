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
import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import type { Logger } from 'edgeward/internal/core/runtime.js';
import { DEFAULT_CONFIG_FILES, loadConfig } from '../../config/load.js';
import type { EdgewardConfig, FunctionConfig } from '../../config/types.js';
import { demoUsersFile } from '../dev.js';
import { type LocalIdp, readUsersFile } from '../idp/index.js';
import { startSecretsManager } from '../secrets-manager.js';
import { readCloudAssembly } from './assembly.js';
import { createBucketFolders } from './buckets.js';
import { mapDistribution } from './cloudfront.js';
import { cognitoPools, secretValues, signingPublicKeys } from './configured.js';
import { type Finding, Findings, RehearsalError } from './findings.js';
import { EnvironmentChanges, FunctionRegistry, prepareRuntime } from './functions.js';
import { checkBakedJwks, startPoolStandIn, templateClient } from './identity.js';
import { REHEARSAL_DIR, rehearsalKey } from './idp-key.js';
import { reportUnmapped } from './inventory.js';
import { type FetchMapping, mapFetch, type OriginMapping } from './network.js';
import {
  type Closer,
  type RehearsedApi,
  type RehearsedDistribution,
  startApis,
  startDistribution,
  startUnreachableOrigin,
} from './servers.js';
import { type ResourceRecord, TemplateIndex } from './template.js';

export { RehearsalError } from './findings.js';
export type { RehearsedApi, RehearsedDistribution } from './servers.js';

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

/**
 * The public host of a distribution: given in `hosts`, else its first alias, else — when it is the only
 * distribution — the host of the template app client's first https callback URL or of a site's
 * `signedCookies.allowedHosts`.
 */
function publicHostOf(
  index: TemplateIndex,
  config: EdgewardConfig,
  record: ResourceRecord,
  aliases: readonly string[],
  hosts: Readonly<Record<string, string>>,
  only: boolean,
): string | undefined {
  const given =
    hosts[`${record.stack.id}/${record.logicalId}`] ??
    hosts[record.logicalId] ??
    (only ? hosts['*'] : undefined);
  if (given !== undefined) return given;
  if (aliases[0] !== undefined) return aliases[0];
  if (!only) return undefined;
  const callback = index
    .ofType('AWS::Cognito::UserPoolClient')
    .flatMap((c) => {
      const urls = index.evaluate(c.stack, c.resource.Properties?.['CallbackURLs']);
      return Array.isArray(urls)
        ? urls.filter((u): u is string => typeof u === 'string' && u.startsWith('https://'))
        : [];
    })
    .map((u) => new URL(u).host)[0];
  const allowed = (Object.values(config.functions) as FunctionConfig[]).flatMap((fn) =>
    fn.type === 'site' ? (fn.signedCookies?.allowedHosts ?? []) : [],
  )[0];
  return callback ?? allowed;
}

/** The configuration file: `options.config`, else the first default name found in `cwd`. */
function configPathOf(options: RehearsalOptions, cwd: string): string {
  const path =
    options.config === undefined
      ? DEFAULT_CONFIG_FILES.map((n) => join(cwd, n)).find(existsSync)
      : resolve(cwd, options.config);
  if (path === undefined || !existsSync(path)) {
    throw new RehearsalError(
      `no edgeward configuration ${path ?? `in ${cwd}`}: pass the edgeward.config.json the functions were built from (--config)`,
    );
  }
  return path;
}

/**
 * Starts the rehearsal of a cloud assembly.
 *
 * @throws RehearsalError when the assembly's functions did not bake the rehearsal JWKS (with the synth
 *   command to run), when no configuration is found, a `buckets` key names no served bucket, or the
 *   functions read Secrets Manager without the AWS SDK installed; Error from the assembly reader, the
 *   configuration loader, or when a port cannot be bound
 */
export async function startRehearsal(options: RehearsalOptions): Promise<Rehearsal> {
  const cwd = options.cwd ?? process.cwd();
  const model = await readCloudAssembly(resolve(cwd, options.assembly));
  const configPath = configPathOf(options, cwd);
  const config = await loadConfig(configPath);
  const key = await rehearsalKey(resolve(cwd, options.keyDir ?? REHEARSAL_DIR));
  const index = new TemplateIndex(model);
  const findings = new Findings();
  const logger = options.logger === undefined ? {} : { logger: options.logger };

  const closers: Closer[] = [];
  const onClose = (closer: Closer) => closers.push(closer);
  const close = async () => {
    for (const closer of closers.reverse()) {
      await Promise.resolve()
        .then(closer)
        .catch(() => {});
    }
    closers.length = 0;
  };
  try {
    const workDir = await mkdtemp(join(tmpdir(), 'edgeward-rehearsal-'));
    onClose(() => rm(workDir, { recursive: true, force: true }));
    const env = new EnvironmentChanges();
    onClose(() => env.restore());
    const sdkAvailable = prepareRuntime(join(workDir, 'functions'));
    const registry = new FunctionRegistry(index, findings, join(workDir, 'functions'), env);
    const functionFor = (record: ResourceRecord) => registry.functionFor(record);

    // Secrets the configured functions read at cold start, in a local Secrets Manager.
    const secrets = secretValues(config, options.secrets);
    if (Object.keys(secrets).length > 0) {
      if (!sdkAvailable) {
        throw new RehearsalError(
          'the functions read Secrets Manager but @aws-sdk/client-secrets-manager is not installed next to edgeward (the Lambda runtime provides it): npm install -D @aws-sdk/client-secrets-manager',
        );
      }
      const secretsManager = await startSecretsManager({ secrets });
      onClose(() => secretsManager.close());
      env.set('AWS_ENDPOINT_URL_SECRETS_MANAGER', secretsManager.endpoint);
      // The execution role's credentials in Lambda; any value does for the local endpoint.
      env.set('AWS_ACCESS_KEY_ID', 'AKIAIOSFODNN7EXAMPLE');
      env.set('AWS_SECRET_ACCESS_KEY', 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY');
      env.set('AWS_SESSION_TOKEN', undefined);
    }
    const publicKeys = signingPublicKeys(config, secrets);

    // The public servers take consecutive preferred ports.
    let nextPort = options.port ?? 4320;
    const takePort = () => (nextPort === 0 ? 0 : nextPort++);

    const { apis, baseUrls } = await startApis({
      index,
      findings,
      functionFor,
      takePort,
      onClose,
      ...logger,
    });

    const buckets = createBucketFolders({
      index,
      findings,
      workDir: join(workDir, 'buckets'),
      ...(options.buckets === undefined ? {} : { overrides: options.buckets }),
    });
    const unreachable = await startUnreachableOrigin();
    onClose(() => unreachable.close());
    const distributionContext = {
      index,
      findings,
      functionFor,
      bucketFolder: (bucket: ResourceRecord) => buckets.folderFor(bucket),
      apiBaseUrl: (api: ResourceRecord) => baseUrls.get(`${api.stack.id}/${api.logicalId}`),
      publicKeyFor: (id: string) => publicKeys.get(id),
      unreachableOrigin: `http://127.0.0.1:${unreachable.port}`,
    };
    const mappings: OriginMapping[] = [];
    const records = index.ofType('AWS::CloudFront::Distribution');
    const distributions: RehearsedDistribution[] = [];
    for (const record of records) {
      const mapped = mapDistribution(distributionContext, record);
      const host = publicHostOf(
        index,
        config,
        record,
        mapped.aliases,
        options.hosts ?? {},
        records.length === 1,
      );
      const started = await startDistribution({
        mapped,
        ...(host === undefined ? {} : { host }),
        port: takePort(),
        mappings: () => mappings,
        onClose,
        ...logger,
      });
      distributions.push(started.distribution);
      if (started.mapping !== undefined) mappings.push(started.mapping);
    }
    for (const unused of buckets.unusedOverrides()) {
      throw new RehearsalError(
        `--bucket ${unused}: no bucket served by a distribution has that logical id or name`,
      );
    }

    // Identity providers: one per configured Cognito user pool.
    const configDir = dirname(configPath);
    const usersFile = resolve(
      cwd,
      options.usersFile ??
        (existsSync(join(configDir, 'users.json')) ? join(configDir, 'users.json') : demoUsersFile()),
    );
    const siteOrigins = distributions.map((d) => d.publicOrigin ?? d.url);
    const template = templateClient(index, findings);
    const identityProviders: RehearsedIdp[] = [];
    const fetchMappings: FetchMapping[] = [];
    const pools = cognitoPools(config);
    for (const pool of pools) {
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
      onClose(() => standIn.close());
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
    if (fetchMappings.length > 0) onClose(mapFetch(fetchMappings));

    const running = registry.running();
    checkBakedJwks(running, pools, key);
    reportUnmapped(index, findings, registry.seen(), usersFile);

    return {
      distributions,
      apis,
      identityProviders,
      users: readUsersFile(usersFile).map((u) => ({
        username: u.username,
        password: u.password,
        groups: u.groups ?? [],
      })),
      functions: [...running].map(([id, fn]) => ({ id, source: fn.source, entryFile: fn.entryFile })),
      findings: findings.all(),
      jwksFile: key.jwksFile,
      close,
    };
  } catch (error) {
    await close();
    throw error;
  }
}
