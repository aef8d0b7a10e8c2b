/**
 * `edgeward/apigateway/secrets-manager`: HS256 authorizers whose shared secret lives in AWS Secrets Manager,
 * fetched ONCE per container (on the first invocation) with `@aws-sdk/client-secrets-manager`, which the
 * Lambda Node.js runtime provides (bundles mark `@aws-sdk/*` external).
 *
 * The secret value is either `SecretBinary` (the raw bytes) or `SecretString` holding the bytes as
 * standard base64 (padded or not, e.g. `openssl rand -base64 32`) or base64url — the same encodings as the
 * `env` source. At least 32 bytes.
 *
 * @see [AWS Secrets Manager API Reference - GetSecretValue](https://docs.aws.amazon.com/secretsmanager/latest/apireference/API_GetSecretValue.html)
 * @module
 */
import {
  GetSecretValueCommand,
  SecretsManagerClient,
  type SecretsManagerClientConfig,
} from '@aws-sdk/client-secrets-manager';
import type { SecretSource } from '../core/config.js';
import { AuthError, isAuthError } from '../core/errors.js';
import { jsonLogger } from '../core/runtime.js';
import { MIN_HS256_SECRET_BYTES, resolveSecret } from '../core/verify/index.js';
import type { AuthorizerCommonConfig } from './config.js';
import { UNAUTHORIZED_MESSAGE } from './contract.js';
import type { AuthorizerDeps } from './engine.js';

/** How to reach Secrets Manager. */
export interface SecretsManagerOptions {
  /** A ready client (tests); default: a new client for the source's region. */
  readonly client?: Pick<SecretsManagerClient, 'send'>;
  /** Extra client configuration, e.g. `endpoint` (a local double) or `credentials`. */
  readonly clientConfig?: SecretsManagerClientConfig;
}

/** The secret's location: `secretsManager` of a {@link SecretSource} (`{ secretId, region }`). */
export type SecretsManagerSource = Extract<SecretSource, { secretsManager: unknown }>['secretsManager'];

/**
 * Fetches and decodes an HS256 secret from Secrets Manager.
 *
 * @throws AuthError `internal_error` when the call fails (unreachable, access denied, unknown secret);
 *   `config_invalid` when the value is not base64/base64url (a JSON document, say) or shorter than 32 bytes
 */
export async function fetchHs256Secret(
  source: SecretsManagerSource,
  options: SecretsManagerOptions = {},
): Promise<Uint8Array> {
  const client =
    options.client ?? new SecretsManagerClient({ region: source.region, ...options.clientConfig });
  let output: { SecretString?: string | undefined; SecretBinary?: Uint8Array | undefined };
  try {
    output = await client.send(new GetSecretValueCommand({ SecretId: source.secretId }));
  } catch (e) {
    throw new AuthError('internal_error', 'HS256 secret could not be read from Secrets Manager', {
      cause: e,
    });
  }
  if (output.SecretBinary !== undefined) {
    const bytes = new Uint8Array(output.SecretBinary);
    if (bytes.byteLength < MIN_HS256_SECRET_BYTES) {
      throw new AuthError(
        'config_invalid',
        `HS256 secret is ${bytes.byteLength} bytes; at least ${MIN_HS256_SECRET_BYTES} are required`,
      );
    }
    return bytes;
  }
  if (typeof output.SecretString === 'string')
    return resolveSecret({ base64url: output.SecretString.trim() });
  throw new AuthError(
    'config_invalid',
    'the Secrets Manager secret has neither SecretString nor SecretBinary',
  );
}

/**
 * Wraps an authorizer factory so the HS256 secret comes from Secrets Manager: the first invocation
 * fetches it and builds the handler; later invocations reuse both. A failed fetch (secret missing, access
 * denied, a value that is not base64/base64url or is too short) is logged (`event: internal_error` or
 * `config_invalid`, never the secret) and answered `Error('Unauthorized')`; the next invocation tries again.
 *
 * Never throws, not even here: an issuer that is not `{ kind: 'hs256', secret: { secretsManager } }` gives
 * a handler that logs `config_invalid` and throws `Unauthorized` on every invocation.
 *
 * @param factory - `createTokenAuthorizer`, `createRequestAuthorizer`, … from `edgeward/apigateway`
 * @param config - an authorizer config whose issuer is `{ kind: 'hs256', secret: { secretsManager } }`
 * @example
 * ```ts
 * import { createTokenAuthorizer } from 'edgeward/apigateway';
 * import { withSecretsManagerSecret } from './secrets-manager.js';
 * export const handler = withSecretsManagerSecret(createTokenAuthorizer, config);
 * ```
 */
export function withSecretsManagerSecret<C extends AuthorizerCommonConfig, E, R>(
  factory: (config: C, deps: AuthorizerDeps) => (event: E, context?: unknown) => Promise<R>,
  config: C,
  deps: AuthorizerDeps = {},
  options: SecretsManagerOptions = {},
): (event: E, context?: unknown) => Promise<R> {
  const logger = deps.logger ?? jsonLogger;
  /** The deliberate failure: one error line with the reason (never the secret), then `Unauthorized`. */
  const refuse = (e: unknown): never => {
    logger({
      level: 'error',
      event: isAuthError(e) ? e.code : 'internal_error',
      outcome: 'error',
      detail: isAuthError(e) ? e.message : 'authorizer construction failed',
    });
    throw new Error(UNAUTHORIZED_MESSAGE);
  };
  const issuer = config.issuer;
  if (issuer?.kind !== 'hs256' || !('secretsManager' in (issuer.secret ?? {}))) {
    const error = new AuthError('config_invalid', 'issuer must be hs256 with a secretsManager secret source');
    return async () => refuse(error);
  }
  const source = (issuer.secret as Extract<SecretSource, { secretsManager: unknown }>).secretsManager;
  let handler: Promise<(event: E, context?: unknown) => Promise<R>> | undefined;
  return async (event, context) => {
    handler ??= fetchHs256Secret(source, options).then((secret) => factory(config, { ...deps, secret }));
    let h: (event: E, context?: unknown) => Promise<R>;
    try {
      h = await handler;
    } catch (e) {
      handler = undefined;
      return refuse(e);
    }
    return h(event, context);
  };
}
