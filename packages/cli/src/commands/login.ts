/**
 * `edgeward login`: gets real tokens from a Cognito user pool with a username and password, through
 * InitiateAuth `USER_PASSWORD_AUTH` (the app client must allow `ALLOW_USER_PASSWORD_AUTH`). The password
 * is read from a prompt without echo or from standard input, never from the command line.
 *
 * @see https://docs.aws.amazon.com/cognito-user-identity-pools/latest/APIReference/API_InitiateAuth.html
 * @see https://docs.aws.amazon.com/cognito/latest/developerguide/signing-up-users-in-your-app.html#cognito-user-pools-computing-secret-hash
 * @module
 */
import { createHmac } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import type { InitiateAuthCommandOutput } from '@aws-sdk/client-cognito-identity-provider';
import { type Command, Option } from 'commander';
import { CliError, type CliIo } from '../io.js';

/** Options of `edgeward login`. */
export interface LoginOptions {
  readonly region: string;
  readonly clientId: string;
  readonly username: string;
  readonly clientSecretEnv?: string;
  readonly clientSecretFile?: string;
  readonly passwordStdin?: boolean;
  readonly endpoint?: string;
  readonly print: 'all' | 'access' | 'id' | 'json';
}

/**
 * Cognito `SECRET_HASH` = Base64(HMAC-SHA256(client secret, username + client id)).
 *
 * @see https://docs.aws.amazon.com/cognito/latest/developerguide/signing-up-users-in-your-app.html#cognito-user-pools-computing-secret-hash
 */
export function secretHash(clientSecret: string, username: string, clientId: string): string {
  return createHmac('sha256', clientSecret)
    .update(username + clientId)
    .digest('base64');
}

async function readClientSecret(opts: LoginOptions, io: CliIo): Promise<string | undefined> {
  if (opts.clientSecretFile) return (await readFile(resolve(io.cwd, opts.clientSecretFile), 'utf8')).trim();
  if (opts.clientSecretEnv) {
    const value = io.env[opts.clientSecretEnv];
    if (!value)
      throw new CliError(`--client-secret-env: environment variable ${opts.clientSecretEnv} is not set`);
    return value.trim();
  }
  return undefined;
}

async function readPassword(opts: LoginOptions, io: CliIo): Promise<string> {
  let password: string;
  if (opts.passwordStdin) {
    password = (await io.readStdin()).replace(/\r?\n$/, '');
  } else if (io.promptHidden) {
    password = await io.promptHidden(`Password for ${opts.username}: `);
  } else {
    throw new CliError('no terminal to prompt for the password: pipe it with --password-stdin', 2);
  }
  if (!password) throw new CliError('empty password');
  return password;
}

/** Runs `edgeward login`. */
export async function runLogin(opts: LoginOptions, io: CliIo): Promise<void> {
  const clientSecret = await readClientSecret(opts, io);
  const password = await readPassword(opts, io);
  const { CognitoIdentityProviderClient, InitiateAuthCommand } = await import(
    '@aws-sdk/client-cognito-identity-provider'
  );
  const client = new CognitoIdentityProviderClient({
    region: opts.region,
    ...(opts.endpoint ? { endpoint: opts.endpoint } : {}),
    maxAttempts: 1,
  });
  const params: Record<string, string> = { USERNAME: opts.username, PASSWORD: password };
  if (clientSecret) params['SECRET_HASH'] = secretHash(clientSecret, opts.username, opts.clientId);
  let result: InitiateAuthCommandOutput;
  try {
    result = await client.send(
      new InitiateAuthCommand({
        AuthFlow: 'USER_PASSWORD_AUTH',
        ClientId: opts.clientId,
        AuthParameters: params,
      }),
    );
  } catch (e) {
    const err = e as { name?: string; message?: string };
    throw new CliError(`InitiateAuth failed: ${err.name ?? 'Error'}: ${err.message ?? String(e)}`);
  } finally {
    client.destroy();
  }
  if (result.ChallengeName) {
    throw new CliError(
      `the user pool asks for the ${result.ChallengeName} challenge, which edgeward login does not answer (complete it with the hosted UI or the AWS CLI first)`,
    );
  }
  const auth = result.AuthenticationResult;
  if (!auth?.AccessToken) throw new CliError('InitiateAuth returned no tokens');
  switch (opts.print) {
    case 'access':
      io.stdout(`${auth.AccessToken}\n`);
      break;
    case 'id':
      if (!auth.IdToken) throw new CliError('InitiateAuth returned no id token');
      io.stdout(`${auth.IdToken}\n`);
      break;
    case 'json':
      io.stdout(
        `${JSON.stringify(
          {
            idToken: auth.IdToken,
            accessToken: auth.AccessToken,
            refreshToken: auth.RefreshToken,
            expiresIn: auth.ExpiresIn,
            tokenType: auth.TokenType,
          },
          null,
          2,
        )}\n`,
      );
      break;
    default:
      io.stdout(
        `id_token: ${auth.IdToken ?? '(none)'}\naccess_token: ${auth.AccessToken}\nexpires_in: ${auth.ExpiresIn ?? '?'} s\n`,
      );
      io.stderr('(the refresh token is printed only with --print json)\n');
  }
}

/** Registers `edgeward login`. */
export function addLoginCommand(program: Command, io: CliIo): void {
  program
    .command('login')
    .summary('get real tokens from a Cognito user pool (InitiateAuth USER_PASSWORD_AUTH)')
    .description(
      'Sign a user in with InitiateAuth USER_PASSWORD_AUTH and print the tokens. The password is prompted ' +
        'without echo, or read from standard input with --password-stdin; it is never accepted as an argument. ' +
        'With a client secret, SECRET_HASH is computed from --client-secret-env or --client-secret-file.',
    )
    .requiredOption('--region <region>', 'AWS region of the user pool, e.g. eu-west-1')
    .requiredOption('--client-id <id>', 'app client id (must allow ALLOW_USER_PASSWORD_AUTH)')
    .requiredOption('-u, --username <name>', 'user name')
    .option('--client-secret-env <name>', 'environment variable holding the app client secret')
    .option('--client-secret-file <file>', 'file holding the app client secret')
    .option('--password-stdin', 'read the password from standard input')
    .option('--endpoint <url>', 'Cognito API endpoint override (local identity provider, tests)')
    .addOption(
      new Option(
        '--print <what>',
        'what to print: all (id + access), access, id, json (includes the refresh token)',
      )
        .choices(['all', 'access', 'id', 'json'])
        .default('all'),
    )
    .action(async (opts: LoginOptions) => runLogin(opts, io));
}
