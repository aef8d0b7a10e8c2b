/**
 * The local identity provider standing for one configured Cognito user pool: it signs with the rehearsal
 * key as the pool's issuer, registers the pool's app clients and answers for the pool's hosted-UI origins
 * through a proxy (browsers) and the `fetch` mapping (functions).
 *
 * When the assembly holds the pool's app client (`AWS::Cognito::UserPoolClient`, as `EdgewardUserPool`
 * creates it) and the configuration names one client id, the client gets the template's callback URLs,
 * sign-out URLs, scopes and token lifetimes: a callback the deployed client would refuse is refused in the
 * rehearsal too. Otherwise they are derived from the distributions' origins and the configured paths.
 *
 * @see [AWS CloudFormation - AWS::Cognito::UserPoolClient](https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/aws-resource-cognito-userpoolclient.html)
 * @module
 */

import { JWKS_CONTEXT_KEY } from '../../build/jwks.js';
import { type LocalClient, type LocalIdp, startIdentityProvider } from '../idp/index.js';
import type { JsonWebKeyWithKid } from '../idp/types.js';
import type { PoolPlan } from './configured.js';
import { type Findings, RehearsalError } from './findings.js';
import { codeText, type RehearsedFunction } from './functions.js';
import type { RehearsalKey } from './idp-key.js';
import { type FetchMapping, type OriginMapping, startOriginProxy } from './network.js';
import type { TemplateIndex } from './template.js';

/** The app client settings a template gives (literal values only). */
export interface TemplateClient {
  readonly callbackUrls?: readonly string[];
  readonly logoutUrls?: readonly string[];
  readonly scopes?: readonly string[];
  /** Access token lifetime in **seconds**. */
  readonly accessTokenTtlSeconds?: number;
  /** Id token lifetime in **seconds**. */
  readonly idTokenTtlSeconds?: number;
}

const UNIT_SECONDS: Readonly<Record<string, number>> = { seconds: 1, minutes: 60, hours: 3600, days: 86_400 };

/** Literal strings of a list property; undefined when absent or when one item is a deploy-time value. */
function literalList(index: TemplateIndex, stack: Parameters<TemplateIndex['literal']>[0], value: unknown) {
  if (!Array.isArray(value)) return undefined;
  const items = value.map((v) => index.literal(stack, v));
  return items.every((i): i is string => i !== undefined) ? items : undefined;
}

/**
 * The settings of the assembly's only `AWS::Cognito::UserPoolClient`, or undefined when there is none or
 * several (which client id each is, is known at deploy time only).
 */
export function templateClient(index: TemplateIndex, findings: Findings): TemplateClient | undefined {
  const clients = index.ofType('AWS::Cognito::UserPoolClient');
  if (clients.length !== 1) return undefined;
  const record = clients[0]!;
  const props = record.resource.Properties ?? {};
  const units = (props['TokenValidityUnits'] ?? {}) as Record<string, unknown>;
  const seconds = (value: unknown, unit: unknown, defaultUnit: string) => {
    const n = index.evaluate(record.stack, value);
    const u = index.literal(record.stack, unit) ?? defaultUnit;
    return typeof n === 'number' && UNIT_SECONDS[u] !== undefined ? n * UNIT_SECONDS[u]! : undefined;
  };
  const callbackUrls = literalList(index, record.stack, props['CallbackURLs']);
  const logoutUrls = literalList(index, record.stack, props['LogoutURLs']);
  const scopes = literalList(index, record.stack, props['AllowedOAuthScopes']);
  const accessTokenTtlSeconds = seconds(props['AccessTokenValidity'], units['AccessToken'], 'hours');
  const idTokenTtlSeconds = seconds(props['IdTokenValidity'], units['IdToken'], 'hours');
  if (props['CallbackURLs'] !== undefined && callbackUrls === undefined) {
    findings.add(
      'substituted',
      record,
      'CallbackURLs depend on deploy-time values: the local app client accepts the callbacks of the rehearsed distributions',
    );
  }
  return {
    ...(callbackUrls === undefined ? {} : { callbackUrls }),
    ...(logoutUrls === undefined ? {} : { logoutUrls }),
    ...(scopes === undefined ? {} : { scopes }),
    ...(accessTokenTtlSeconds === undefined ? {} : { accessTokenTtlSeconds }),
    ...(idTokenTtlSeconds === undefined ? {} : { idTokenTtlSeconds }),
  };
}

/** What {@link startPoolStandIn} needs. */
export interface PoolStandInOptions {
  readonly pool: PoolPlan;
  /** The app client of the template, when there is exactly one. */
  readonly template?: TemplateClient;
  /** The origins the sites are reached at (public origins where known). */
  readonly siteOrigins: readonly string[];
  readonly usersFile: string;
  /** Token lifetime in **seconds**; overrides the template's. Default: the template's, else 3600. */
  readonly accessTokenTtlSeconds?: number;
  readonly signingKey: JsonWebKeyWithKid;
  /** Port for each hosted-UI proxy (0 = any). */
  readonly takePort: () => number;
  /** Every public-origin mapping of the rehearsal (the proxies' `Location` rewriting reads it). */
  readonly mappings: () => readonly OriginMapping[];
}

/** A running stand-in. */
export interface PoolStandIn {
  readonly idp: LocalIdp;
  /** The URL browsers use: the hosted-UI proxy when the pool has a public origin, else the IdP itself. */
  readonly url: string;
  /** The public origins mapped to this IdP, for browsers and for `fetch`. */
  readonly originMappings: readonly OriginMapping[];
  readonly fetchMappings: readonly FetchMapping[];
  close(): Promise<void>;
}

/**
 * Starts the identity provider for `pool` and a proxy per hosted-UI origin.
 *
 * @throws Error when a server cannot start (everything started is closed)
 */
export async function startPoolStandIn(options: PoolStandInOptions): Promise<PoolStandIn> {
  const { pool, template, siteOrigins } = options;
  const useTemplate = template !== undefined && pool.clientIds.size === 1;
  const derivedCallbacks = siteOrigins.flatMap((o) => [...pool.callbackPaths].map((p) => `${o}${p}`));
  const derivedLogouts = [...pool.logoutTargets].flatMap((t) =>
    t.startsWith('/') ? siteOrigins.map((o) => `${o}${t}`) : [t],
  );
  const clients: LocalClient[] = [...pool.clientIds].map((clientId) => ({
    clientId,
    ...(pool.clientSecrets.has(clientId) ? { clientSecret: pool.clientSecrets.get(clientId)! } : {}),
    redirectUris: (useTemplate && template.callbackUrls) || derivedCallbacks,
    logoutUris: (useTemplate && template.logoutUrls) || derivedLogouts,
    ...(useTemplate && template.scopes ? { scopes: template.scopes } : {}),
  }));
  const accessTtl =
    options.accessTokenTtlSeconds ?? (useTemplate ? template.accessTokenTtlSeconds : undefined) ?? 3600;
  const idTtl =
    options.accessTokenTtlSeconds ?? (useTemplate ? template.idTokenTtlSeconds : undefined) ?? accessTtl;
  const idp = await startIdentityProvider({
    port: 0,
    region: pool.region,
    userPoolId: pool.userPoolId,
    users: options.usersFile,
    clients,
    accessTokenTtlSeconds: accessTtl,
    idTokenTtlSeconds: idTtl,
    privateKeyJwk: options.signingKey,
  });
  const closers: (() => Promise<void>)[] = [() => idp.close()];
  const close = async () => {
    for (const c of closers.reverse()) await c().catch(() => {});
  };
  try {
    const originMappings: OriginMapping[] = [];
    const fetchMappings: FetchMapping[] = [];
    for (const publicOrigin of pool.publicOrigins) {
      const proxy = await startOriginProxy({
        publicOrigin,
        target: idp.baseUrl,
        hostname: '127.0.0.1',
        port: options.takePort(),
        mappings: options.mappings,
      });
      closers.push(() => proxy.close());
      originMappings.push({ publicOrigin, localOrigin: proxy.localOrigin });
      fetchMappings.push({ publicOrigin, target: idp.baseUrl });
    }
    return { idp, url: originMappings[0]?.localOrigin ?? idp.baseUrl, originMappings, fetchMappings, close };
  } catch (error) {
    await close();
    throw error;
  }
}

/**
 * Checks that every function naming a configured user pool baked the rehearsal key (its `kid` is in the
 * code): otherwise no token of the local identity provider would verify, and every login would fail.
 *
 * @throws RehearsalError naming the function and the synth command that bakes the rehearsal JWKS
 */
export function checkBakedJwks(
  functions: ReadonlyMap<string, RehearsedFunction>,
  pools: readonly PoolPlan[],
  key: RehearsalKey,
): void {
  for (const [id, fn] of functions) {
    const text = codeText(fn.dir);
    if (pools.some((p) => text.includes(p.userPoolId)) && !text.includes(key.privateKeyJwk.kid)) {
      throw new RehearsalError(
        `${id} does not carry the rehearsal JWKS: synthesize with \`cdk synth -c ${JWKS_CONTEXT_KEY}=${key.jwksFile}\` ` +
          '(or run `edgeward rehearse --synth`) so the local identity provider’s tokens verify',
      );
    }
  }
}
