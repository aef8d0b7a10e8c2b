/**
 * `edgeward login`: gets real tokens from a Cognito user pool with a username and password, through
 * InitiateAuth `USER_PASSWORD_AUTH` (the app client must allow `ALLOW_USER_PASSWORD_AUTH`). The password
 * is read from a prompt without echo or from standard input, never from the command line.
 *
 * A user an administrator created with a temporary password gets the `NEW_PASSWORD_REQUIRED` challenge:
 * login asks for a new password (twice, without echo) or reads it from `--new-password-env` /
 * `--new-password-file` (never from the command line either: arguments are visible to other processes),
 * answers with RespondToAuthChallenge, and prints the tokens of that sign-in.
 *
 * @see https://docs.aws.amazon.com/cognito-user-identity-pools/latest/APIReference/API_InitiateAuth.html
 * @see https://docs.aws.amazon.com/cognito-user-identity-pools/latest/APIReference/API_RespondToAuthChallenge.html
 * @see https://docs.aws.amazon.com/cognito/latest/developerguide/signing-up-users-in-your-app.html#cognito-user-pools-computing-secret-hash
 * @module
 */
import { createHmac } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import type {
  AuthenticationResultType,
  CognitoIdentityProviderClient,
  InitiateAuthCommandOutput,
} from '@aws-sdk/client-cognito-identity-provider';
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
  readonly newPasswordEnv?: string;
  readonly newPasswordFile?: string;
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

/** The new password for `NEW_PASSWORD_REQUIRED`: from a file, an environment variable, or a prompt. */
async function readNewPassword(opts: LoginOptions, io: CliIo, username: string): Promise<string> {
  let password: string | undefined;
  if (opts.newPasswordFile) {
    password = (await readFile(resolve(io.cwd, opts.newPasswordFile), 'utf8')).replace(/\r?\n$/, '');
  } else if (opts.newPasswordEnv) {
    password = io.env[opts.newPasswordEnv];
    if (!password) {
      throw new CliError(`--new-password-env: environment variable ${opts.newPasswordEnv} is not set`);
    }
  } else if (io.promptHidden) {
    io.stderr(`${username} has a temporary password and must choose a new one (NEW_PASSWORD_REQUIRED).\n`);
    password = await io.promptHidden(`New password for ${username}: `);
    if ((await io.promptHidden('Repeat the new password: ')) !== password) {
      throw new CliError('the new passwords differ');
    }
  } else {
    throw new CliError(
      `${username} must set a new password (NEW_PASSWORD_REQUIRED): run in a terminal to be asked, or pass --new-password-env NAME or --new-password-file FILE`,
    );
  }
  if (!password) throw new CliError('empty new password');
  return password;
}

/** Answers `NEW_PASSWORD_REQUIRED` with RespondToAuthChallenge; returns the tokens of the sign-in. */
async function answerNewPassword(
  client: CognitoIdentityProviderClient,
  challenge: InitiateAuthCommandOutput,
  opts: LoginOptions,
  io: CliIo,
  clientSecret: string | undefined,
): Promise<AuthenticationResultType | undefined> {
  const parameters = challenge.ChallengeParameters ?? {};
  const username = parameters['USER_ID_FOR_SRP'] ?? opts.username;
  let required: unknown = [];
  try {
    required = JSON.parse(parameters['requiredAttributes'] ?? '[]');
  } catch {
    required = [];
  }
  if (Array.isArray(required) && required.length > 0) {
    throw new CliError(
      `the user pool also requires ${required.join(', ')} before the first sign-in: set them with the hosted UI or aws cognito-idp admin-update-user-attributes`,
    );
  }
  const newPassword = await readNewPassword(opts, io, opts.username);
  const { RespondToAuthChallengeCommand } = await import('@aws-sdk/client-cognito-identity-provider');
  const responses: Record<string, string> = { USERNAME: username, NEW_PASSWORD: newPassword };
  if (clientSecret) responses['SECRET_HASH'] = secretHash(clientSecret, username, opts.clientId);
  try {
    const answer = await client.send(
      new RespondToAuthChallengeCommand({
        ChallengeName: 'NEW_PASSWORD_REQUIRED',
        ClientId: opts.clientId,
        Session: challenge.Session,
        ChallengeResponses: responses,
      }),
    );
    if (answer.ChallengeName) {
      throw new CliError(
        `the user pool asks for the ${answer.ChallengeName} challenge next, which edgeward login does not answer`,
      );
    }
    io.stderr(`new password set for ${opts.username}\n`);
    return answer.AuthenticationResult;
  } catch (e) {
    if (e instanceof CliError) throw e;
    const err = e as { name?: string; message?: string };
    throw new CliError(`RespondToAuthChallenge failed: ${err.name ?? 'Error'}: ${err.message ?? String(e)}`);
  }
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
  let auth: AuthenticationResultType | undefined;
  try {
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
    }
    if (result.ChallengeName === 'NEW_PASSWORD_REQUIRED') {
      auth = await answerNewPassword(client, result, opts, io, clientSecret);
    } else if (result.ChallengeName) {
      throw new CliError(
        `the user pool asks for the ${result.ChallengeName} challenge, which edgeward login does not answer (complete it with the hosted UI or the AWS CLI first)`,
      );
    } else {
      auth = result.AuthenticationResult;
    }
  } finally {
    client.destroy();
  }
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
        'With a client secret, SECRET_HASH is computed from --client-secret-env or --client-secret-file. A user ' +
        'created with a temporary password is asked for a new one (or --new-password-env / --new-password-file), ' +
        'which answers the NEW_PASSWORD_REQUIRED challenge.',
    )
    .requiredOption('--region <region>', 'AWS region of the user pool, e.g. eu-west-1')
    .requiredOption('--client-id <id>', 'app client id (must allow ALLOW_USER_PASSWORD_AUTH)')
    .requiredOption('-u, --username <name>', 'user name')
    .option('--client-secret-env <name>', 'environment variable holding the app client secret')
    .option('--client-secret-file <file>', 'file holding the app client secret')
    .option('--password-stdin', 'read the password from standard input')
    .option(
      '--new-password-env <name>',
      'environment variable holding the new password, when the user must replace a temporary one (NEW_PASSWORD_REQUIRED)',
    )
    .option('--new-password-file <file>', 'file holding the new password (NEW_PASSWORD_REQUIRED)')
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
