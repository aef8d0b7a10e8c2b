/**
 * Separate entry point: the signed-cookie private key fetched from AWS Secrets Manager once per container.
 *
 * Imports `@aws-sdk/client-secrets-manager`, which the `nodejs22.x` Lambda runtime provides; bundles mark it
 * external. The default entry (`signed-cookies/index.ts`) never imports this file, so edge bundles that bake
 * the key carry no AWS SDK.
 *
 * Behaviour: the first call starts one `GetSecretValue` request with a hard timeout (default 1500 ms);
 * concurrent callers share it; a success is kept for the life of the container; a failure is remembered only
 * for a short cooldown (default 5000 ms) so a Secrets Manager outage neither hammers the API nor sticks.
 *
 * @see https://docs.aws.amazon.com/secretsmanager/latest/apireference/API_GetSecretValue.html
 * @module
 */
import { GetSecretValueCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { AuthError } from '../errors.js';
import { type Clock, jsonLogger, type Logger } from '../runtime.js';
import type { SignedCookiesConfig } from './config.js';
import type { PrivateKeyProvider } from './issuer.js';

/** Default timeout of the one fetch, in milliseconds. */
export const DEFAULT_SECRET_TIMEOUT_MS = 1500;
/** Default time a failed fetch is remembered before the next call tries again, in milliseconds. */
export const DEFAULT_FAILURE_COOLDOWN_MS = 5000;

/** Options of {@link createSecretStringProvider}. */
export interface SecretStringProviderOptions {
  /** Secret name or ARN. */
  readonly secretId: string;
  /** Region of the secret (or of a replica), e.g. `us-east-1`. */
  readonly region: string;
  /** Timeout of one fetch, in milliseconds. Default {@link DEFAULT_SECRET_TIMEOUT_MS}. */
  readonly timeoutMs?: number;
  /** How long a failure is remembered, in milliseconds. Default {@link DEFAULT_FAILURE_COOLDOWN_MS}. */
  readonly failureCooldownMs?: number;
  /** Endpoint override (tests and the local stack point it at 127.0.0.1). Default: the regional endpoint. */
  readonly endpoint?: string;
  /** Static credentials (tests). Default: the SDK's provider chain (the Lambda execution role). */
  readonly credentials?: {
    readonly accessKeyId: string;
    readonly secretAccessKey: string;
    readonly sessionToken?: string;
  };
  /** Clock in ms for the failure cooldown. Default `Date.now`. */
  readonly clock?: Clock;
  /** Structured logger. Default {@link jsonLogger}. Never receives the secret. */
  readonly logger?: Logger;
}

/**
 * Returns a function resolving the secret's text (`SecretString`, or `SecretBinary` decoded as UTF-8),
 * fetched once per container with a timeout, shared by concurrent callers, failures cached only briefly.
 *
 * @throws (from the returned function) AuthError `internal_error` when the fetch fails or times out, or
 *   `config_invalid` when the secret has no value
 */
export function createSecretStringProvider(options: SecretStringProviderOptions): () => Promise<string> {
  const timeoutMs = options.timeoutMs ?? DEFAULT_SECRET_TIMEOUT_MS;
  const cooldownMs = options.failureCooldownMs ?? DEFAULT_FAILURE_COOLDOWN_MS;
  const clock = options.clock ?? Date.now;
  const logger = options.logger ?? jsonLogger;
  let client: SecretsManagerClient | undefined;
  let value: string | undefined;
  let inflight: Promise<string> | undefined;
  let failure: { readonly error: AuthError; readonly at: number } | undefined;

  const fetchOnce = async (): Promise<string> => {
    client ??= new SecretsManagerClient({
      region: options.region,
      ...(options.endpoint === undefined ? {} : { endpoint: options.endpoint }),
      ...(options.credentials === undefined ? {} : { credentials: options.credentials }),
    });
    const controller = new AbortController();
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, rejectTimeout) => {
      timer = setTimeout(() => {
        controller.abort();
        rejectTimeout(
          new AuthError('internal_error', `Secrets Manager did not answer within ${timeoutMs} ms`),
        );
      }, timeoutMs);
    });
    try {
      const out = await Promise.race([
        client.send(new GetSecretValueCommand({ SecretId: options.secretId }), {
          abortSignal: controller.signal,
        }),
        timeout,
      ]);
      const text =
        out.SecretString ?? (out.SecretBinary ? Buffer.from(out.SecretBinary).toString('utf8') : undefined);
      if (!text) throw new AuthError('config_invalid', `secret ${options.secretId} has no value`);
      return text;
    } catch (e) {
      if (e instanceof AuthError) throw e;
      throw new AuthError('internal_error', `Secrets Manager GetSecretValue failed for ${options.secretId}`, {
        cause: e,
      });
    } finally {
      clearTimeout(timer);
    }
  };

  return () => {
    if (value !== undefined) return Promise.resolve(value);
    if (inflight !== undefined) return inflight;
    if (failure !== undefined && clock() - failure.at < cooldownMs) return Promise.reject(failure.error);
    inflight = fetchOnce().then(
      (v) => {
        value = v;
        failure = undefined;
        inflight = undefined;
        return v;
      },
      (e: AuthError) => {
        failure = { error: e, at: clock() };
        inflight = undefined;
        logger({
          level: 'error',
          event: 'secret_fetch_failed',
          secretId: options.secretId,
          code: e.code,
          cause: e.cause instanceof Error ? e.cause.name : undefined,
        });
        throw e;
      },
    );
    return inflight;
  };
}

/** Options of {@link createSecretsManagerPrivateKeyProvider}. */
export interface SecretsManagerPrivateKeyOptions extends SecretStringProviderOptions {
  /**
   * When the secret is a JSON object, the member holding the PEM. Default `privateKey`. A secret whose text
   * starts with `-----BEGIN` is used as the PEM directly.
   */
  readonly jsonField?: string;
}

/**
 * A {@link PrivateKeyProvider} for `createSignedCookieIssuer` that reads the PEM from Secrets Manager (see
 * {@link createSecretStringProvider} for timeout and caching). The issuer checks the key (RSA ≥ 2048 or
 * ECDSA P-256).
 *
 * @throws (from the returned function) AuthError `config_invalid` when the secret holds no PEM
 */
export function createSecretsManagerPrivateKeyProvider(
  options: SecretsManagerPrivateKeyOptions,
): PrivateKeyProvider {
  const getText = createSecretStringProvider(options);
  const field = options.jsonField ?? 'privateKey';
  return async () => {
    const text = (await getText()).trim();
    if (text.startsWith('-----BEGIN')) return text;
    let doc: unknown;
    try {
      doc = JSON.parse(text);
    } catch {
      doc = undefined;
    }
    const pem = typeof doc === 'object' && doc !== null ? (doc as Record<string, unknown>)[field] : undefined;
    if (typeof pem !== 'string' || !pem.trim().startsWith('-----BEGIN')) {
      throw new AuthError(
        'config_invalid',
        `secret ${options.secretId} holds no PEM (nor JSON with "${field}")`,
      );
    }
    return pem.trim();
  };
}

/**
 * The provider for a site's `signedCookies` configuration whose key source is `{ secretsManager }`.
 *
 * @param config - the signed-cookie configuration
 * @param overrides - test/local-stack overrides (endpoint, credentials, clock, logger, cooldown)
 * @throws AuthError `config_invalid` when the key source is not `{ secretsManager }`
 */
export function secretsManagerKeyProviderFor(
  config: SignedCookiesConfig,
  overrides: Omit<SecretsManagerPrivateKeyOptions, 'secretId' | 'region' | 'timeoutMs'> = {},
): PrivateKeyProvider {
  if (!('secretsManager' in config.privateKey)) {
    throw new AuthError('config_invalid', 'signedCookies.privateKey is not a secretsManager source');
  }
  const { secretId, region, timeoutMs } = config.privateKey.secretsManager;
  return createSecretsManagerPrivateKeyProvider({
    ...overrides,
    secretId,
    region,
    ...(timeoutMs === undefined ? {} : { timeoutMs }),
  });
}
