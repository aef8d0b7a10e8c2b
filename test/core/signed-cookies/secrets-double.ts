/**
 * A local HTTP double of the Secrets Manager GetSecretValue JSON API on 127.0.0.1, for the SDK's `endpoint`
 * override with dummy credentials: tests never call AWS.
 *
 * Request/response shapes: https://docs.aws.amazon.com/secretsmanager/latest/apireference/API_GetSecretValue.html
 * (POST /, `X-Amz-Target: secretsmanager.GetSecretValue`, `Content-Type: application/x-amz-json-1.1`,
 * body `{"SecretId": …}`; answer `{ARN, Name, VersionId, SecretString, VersionStages, CreatedDate}`; errors as
 * `{"__type": "ResourceNotFoundException", "message": …}` with status 400).
 */
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

/** Dummy credentials (the AWS documentation's example access key). */
export const DUMMY_CREDENTIALS = {
  accessKeyId: 'AKIAIOSFODNN7EXAMPLE',
  secretAccessKey: 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY',
};

/** One request the double received. */
export interface Recorded {
  readonly target: string | undefined;
  readonly contentType: string | undefined;
  readonly authorization: string | undefined;
  readonly body: unknown;
}

/** What the double answers for one secret id: its value, or an error `__type` (status 400). */
export type SecretAnswer =
  | { readonly SecretString: string }
  | { readonly SecretBinary: Uint8Array }
  | { readonly error: 'ResourceNotFoundException' | 'AccessDeniedException' | 'DecryptionFailure' };

/**
 * The double: set `secret`, `delayMs`, `fail` (every secret id), or per secret id in `byId` (wins);
 * read `requests`.
 */
export interface SecretsDouble {
  readonly endpoint: string;
  readonly requests: Recorded[];
  secret: string | undefined;
  delayMs: number;
  fail: boolean;
  readonly byId: Map<string, SecretAnswer>;
  close(): Promise<void>;
}

const ERROR_MESSAGES: Readonly<Record<string, string>> = {
  ResourceNotFoundException: "Secrets Manager can't find the specified secret.",
  AccessDeniedException:
    'User: arn:aws:sts::123456789012:assumed-role/edgeward/fn is not authorized to perform: secretsmanager:GetSecretValue',
  DecryptionFailure: "Secrets Manager can't decrypt the protected secret text using the provided KMS key.",
};

const readBody = (req: IncomingMessage) =>
  new Promise<string>((resolve) => {
    let data = '';
    req.on('data', (c) => {
      data += c;
    });
    req.on('end', () => resolve(data));
  });

/** Starts the double on an ephemeral port of 127.0.0.1. */
export async function startSecretsDouble(): Promise<SecretsDouble> {
  const state = { secret: undefined as string | undefined, delayMs: 0, fail: false };
  const byId = new Map<string, SecretAnswer>();
  const requests: Recorded[] = [];
  const server: Server = createServer(async (req, res) => {
    const body = JSON.parse(await readBody(req)) as { SecretId?: string };
    requests.push({
      target: req.headers['x-amz-target'] as string | undefined,
      contentType: req.headers['content-type'],
      authorization: req.headers.authorization,
      body,
    });
    const id = body.SecretId ?? '';
    const answer = () => {
      const found: SecretAnswer | undefined =
        byId.get(id) ??
        (state.fail || state.secret === undefined
          ? { error: 'ResourceNotFoundException' }
          : { SecretString: state.secret });
      if ('error' in found) {
        res
          .writeHead(400, { 'content-type': 'application/x-amz-json-1.1', 'x-amzn-errortype': found.error })
          .end(JSON.stringify({ __type: found.error, message: ERROR_MESSAGES[found.error] }));
        return;
      }
      const value =
        'SecretString' in found
          ? { SecretString: found.SecretString }
          : { SecretBinary: Buffer.from(found.SecretBinary).toString('base64') };
      res.writeHead(200, { 'content-type': 'application/x-amz-json-1.1' }).end(
        JSON.stringify({
          ARN: `arn:aws:secretsmanager:us-east-1:123456789012:secret:${id}-AbCdEf`,
          Name: id,
          VersionId: 'a1b2c3d4-5678-90ab-cdef-EXAMPLE11111',
          ...value,
          VersionStages: ['AWSCURRENT'],
          CreatedDate: 1523477145.713,
        }),
      );
    };
    if (state.delayMs > 0) setTimeout(answer, state.delayMs);
    else answer();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return Object.assign(state, {
    endpoint: `http://127.0.0.1:${port}`,
    requests,
    byId,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  }) as SecretsDouble;
}
