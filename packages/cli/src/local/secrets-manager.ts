/**
 * A local AWS Secrets Manager endpoint answering `GetSecretValue` (JSON 1.1 protocol) from secrets held in
 * memory, for functions that read a key at cold start (the signed-cookie private key, an HS256 secret).
 * Point the AWS SDK at it with the `AWS_ENDPOINT_URL_SECRETS_MANAGER` environment variable or a client's
 * `endpoint` option. Request signatures are not checked. Secret values are never logged.
 *
 * @see [AWS Secrets Manager API - GetSecretValue](https://docs.aws.amazon.com/secretsmanager/latest/apireference/API_GetSecretValue.html)
 * @see [AWS SDKs and Tools - Service-specific endpoints](https://docs.aws.amazon.com/sdkref/latest/guide/feature-ss-endpoints.html)
 * @module
 */
import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { readBody, startServer } from './http.js';

/** Options of {@link startSecretsManager}. */
export interface SecretsManagerOptions {
  /** Secret name → `SecretString`. */
  readonly secrets: Readonly<Record<string, string>>;
  /** Region in the ARNs. Default `us-east-1`. */
  readonly region?: string;
  /** Account in the ARNs. Default `123456789012`. */
  readonly accountId?: string;
  /** Port; 0 (default) = any free port. */
  readonly port?: number;
}

/** A running local Secrets Manager. */
export interface LocalSecretsManager {
  /** e.g. `http://127.0.0.1:4400`. */
  readonly endpoint: string;
  close(): Promise<void>;
}

/** The secret name a `SecretId` designates: the name itself, or a full or partial ARN. */
export function secretNameOf(secretId: string, names: readonly string[]): string | undefined {
  if (names.includes(secretId)) return secretId;
  const match = /^arn:[^:]+:secretsmanager:[^:]*:[^:]*:secret:(.+)$/.exec(secretId);
  if (match === undefined || match === null) return undefined;
  const tail = match[1]!;
  // A full ARN ends with "-" and six random characters after the name.
  return names.find(
    (name) =>
      tail === name ||
      new RegExp(`^${name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}-[A-Za-z0-9]{6}$`).test(tail),
  );
}

function send(res: ServerResponse, status: number, body: unknown, errorType?: string): void {
  const text = JSON.stringify(body);
  res.writeHead(status, {
    'content-type': 'application/x-amz-json-1.1',
    'content-length': Buffer.byteLength(text),
    'x-amzn-requestid': randomUUID(),
    ...(errorType === undefined ? {} : { 'x-amzn-errortype': errorType }),
  });
  res.end(text);
}

/**
 * Starts the local Secrets Manager on 127.0.0.1.
 *
 * @throws Error when the port cannot be bound
 */
export async function startSecretsManager(options: SecretsManagerOptions): Promise<LocalSecretsManager> {
  const region = options.region ?? 'us-east-1';
  const account = options.accountId ?? '123456789012';
  const names = Object.keys(options.secrets);
  const created = Math.floor(Date.now() / 1000);
  const versions = new Map(names.map((n) => [n, randomUUID()]));

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const body = await readBody(req, 64 * 1024);
    const target = req.headers['x-amz-target'];
    if (req.method !== 'POST' || target !== 'secretsmanager.GetSecretValue') {
      send(
        res,
        400,
        { __type: 'InvalidRequestException', message: `${String(target)} is not emulated` },
        'InvalidRequestException',
      );
      return;
    }
    let secretId: unknown;
    try {
      secretId = (JSON.parse(body?.toString('utf8') ?? '') as { SecretId?: unknown }).SecretId;
    } catch {
      secretId = undefined;
    }
    const name = typeof secretId === 'string' ? secretNameOf(secretId, names) : undefined;
    if (name === undefined) {
      send(
        res,
        400,
        { __type: 'ResourceNotFoundException', message: "Secrets Manager can't find the specified secret." },
        'ResourceNotFoundException',
      );
      return;
    }
    send(res, 200, {
      ARN: `arn:aws:secretsmanager:${region}:${account}:secret:${name}-AbCdEf`,
      Name: name,
      VersionId: versions.get(name),
      SecretString: options.secrets[name],
      VersionStages: ['AWSCURRENT'],
      CreatedDate: created,
    });
  }

  const server = await startServer(
    handle,
    (res) =>
      send(res, 500, { __type: 'InternalServiceError', message: 'internal error' }, 'InternalServiceError'),
    { port: options.port ?? 0 },
  );
  return { endpoint: `http://${server.host}:${server.port}`, close: server.close };
}
