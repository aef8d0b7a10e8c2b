/**
 * Starting the emulators of a rehearsal from the mapped templates: one REST or HTTP API emulator per API,
 * one CloudFront emulator per distribution (behind a proxy standing for its public host when it has one),
 * and the local server answering for origins outside the assembly.
 *
 * @module
 */
import type { Logger } from 'edgeward/internal/core/runtime.js';
import { startHttpApiEmulator } from '../apigateway/http-api.js';
import { startRestApiEmulator } from '../apigateway/rest-api.js';
import { startCloudFrontEmulator } from '../cloudfront/emulator.js';
import { type StartedServer, startServer } from '../http.js';
import { type ApiContext, mapHttpApi, mapRestApi } from './apigateway.js';
import type { MappedDistribution } from './cloudfront.js';
import { type OriginMapping, startOriginProxy } from './network.js';
import type { ResourceRecord } from './template.js';

/** A running API. */
export interface RehearsedApi {
  /** `<stack>/<logical id>`. */
  readonly id: string;
  readonly kind: 'rest' | 'http';
  /** The local invoke URL (REST: with the stage). */
  readonly url: string;
  /** Authorizers by logical id: type and the function's asset. */
  readonly authorizers: readonly { readonly id: string; readonly type: string; readonly source: string }[];
}

/** A running distribution. */
export interface RehearsedDistribution {
  /** `<stack>/<logical id>`. */
  readonly id: string;
  /** The URL browsers use, e.g. `http://localhost:4320`. */
  readonly url: string;
  /** The public origin it stands for, when one is known (e.g. `https://d111111abcdef8.cloudfront.net`). */
  readonly publicOrigin?: string;
  /** The path patterns of its behaviors, in order, `*` (the default behavior) last. */
  readonly behaviors: readonly string[];
}

/** Something to stop when the rehearsal ends. */
export type Closer = () => Promise<void> | void;

const idOf = (record: ResourceRecord) => `${record.stack.id}/${record.logicalId}`;

/** What the API emulators need besides the mapping context. */
export interface ApiServerOptions extends ApiContext {
  readonly takePort: () => number;
  readonly logger?: Logger;
  /** Receives a closer for each server started. */
  readonly onClose: (closer: Closer) => void;
}

/**
 * Maps and starts every REST API and HTTP API of the assembly.
 *
 * @returns the running APIs, and each one's local base URL (without stage) by `<stack>/<logical id>`
 */
export async function startApis(
  options: ApiServerOptions,
): Promise<{ apis: RehearsedApi[]; baseUrls: Map<string, string> }> {
  const { index } = options;
  const apis: RehearsedApi[] = [];
  const baseUrls = new Map<string, string>();
  const deployment = (record: ResourceRecord) => ({
    port: options.takePort(),
    ...(record.stack.region === undefined ? {} : { region: record.stack.region }),
    ...(record.stack.account === undefined ? {} : { accountId: record.stack.account }),
    ...(options.logger === undefined ? {} : { logger: options.logger }),
  });
  for (const record of index.ofType('AWS::ApiGateway::RestApi')) {
    const mapped = mapRestApi(options, record);
    const api = await startRestApiEmulator({
      ...deployment(record),
      stage: mapped.stage,
      ...(mapped.stageVariables === undefined ? {} : { stageVariables: mapped.stageVariables }),
      resources: mapped.resources,
      authorizers: mapped.authorizers,
    });
    options.onClose(() => api.close());
    baseUrls.set(idOf(record), `http://127.0.0.1:${api.port}`);
    apis.push({
      id: idOf(record),
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
    const mapped = mapHttpApi(options, record);
    if (mapped === undefined) continue;
    const api = await startHttpApiEmulator({
      ...deployment(record),
      routes: mapped.routes,
      authorizers: mapped.authorizers,
    });
    options.onClose(() => api.close());
    baseUrls.set(idOf(record), api.url);
    apis.push({
      id: idOf(record),
      kind: 'http',
      url: api.url,
      authorizers: [...mapped.functions].map(([id, fn]) => ({
        id,
        type: `REQUEST (${mapped.authorizers[id]!.response})`,
        source: fn.source,
      })),
    });
  }
  return { apis, baseUrls };
}

/** Starts the server answering 502 for origins outside the assembly. */
export function startUnreachableOrigin(): Promise<StartedServer> {
  return startServer(
    async (_req, res) => {
      const body = 'This origin is outside the rehearsed assembly and cannot be reached locally.\n';
      res.writeHead(502, { 'content-type': 'text/plain', 'content-length': Buffer.byteLength(body) });
      res.end(body);
    },
    (res) => res.writeHead(502).end(),
    {},
  );
}

/** Options of {@link startDistribution}. */
export interface DistributionServerOptions {
  readonly mapped: MappedDistribution;
  /** The public host it stands for; none: served as `localhost:<port>`. */
  readonly host?: string;
  readonly port: number;
  /** Every public-origin mapping of the rehearsal (read by the proxy at each response). */
  readonly mappings: () => readonly OriginMapping[];
  readonly logger?: Logger;
  readonly onClose: (closer: Closer) => void;
}

/**
 * Starts one distribution: with a public host, a CloudFront emulator for viewers at `https://<host>`
 * behind a proxy on `localhost` presenting that host; without, the emulator itself on `localhost`.
 *
 * @returns the running distribution and, with a public host, its origin mapping
 */
export async function startDistribution(
  options: DistributionServerOptions,
): Promise<{ distribution: RehearsedDistribution; mapping?: OriginMapping }> {
  const { mapped, host } = options;
  const emulatorOptions = {
    behaviors: mapped.behaviors,
    defaultBehavior: mapped.defaultBehavior,
    ...(mapped.defaultRootObject === undefined ? {} : { defaultRootObject: mapped.defaultRootObject }),
    ...(mapped.customErrorResponses === undefined
      ? {}
      : { customErrorResponses: mapped.customErrorResponses }),
    ...(host === undefined ? {} : { viewerProtocol: 'https' as const, distributionDomainName: host }),
    ...(options.logger === undefined ? {} : { logger: options.logger }),
  };
  const base = {
    id: idOf(mapped.record),
    behaviors: [...mapped.behaviors.map((b) => b.pathPattern), '*'],
  };
  if (host === undefined) {
    const cf = await startCloudFrontEmulator({ ...emulatorOptions, port: options.port });
    options.onClose(() => cf.close());
    return { distribution: { ...base, url: `http://localhost:${cf.port}` } };
  }
  const publicOrigin = `https://${host.toLowerCase()}`;
  // Behind the proxy presenting the public host: the emulator answers that name too.
  const allowedHosts = [new URL(publicOrigin).hostname];
  const cf = await startCloudFrontEmulator({ ...emulatorOptions, port: 0, allowedHosts });
  options.onClose(() => cf.close());
  const proxy = await startOriginProxy({
    publicOrigin,
    target: cf.url,
    presentPublicHost: true,
    hostname: 'localhost',
    port: options.port,
    mappings: options.mappings,
  });
  options.onClose(() => proxy.close());
  return {
    distribution: { ...base, url: proxy.localOrigin, publicOrigin },
    mapping: { publicOrigin, localOrigin: proxy.localOrigin },
  };
}
