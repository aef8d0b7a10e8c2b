/**
 * `edgeward keys create`: the key pair a site signs CloudFront cookies with. Writes the private key (PKCS#8
 * PEM, mode 0600), the public key (SPKI PEM) and the `--public-key-config` document of
 * `aws cloudfront create-public-key`, then prints the two `aws` commands that store the private key in
 * Secrets Manager (in us-east-1 by default, where the Lambda@Edge function runs) and upload the public key
 * to CloudFront. It never calls AWS itself and never prints the private key.
 *
 * @see https://docs.aws.amazon.com/AmazonCloudFront/latest/DeveloperGuide/private-content-trusted-signers.html#create-key-pair-and-key-group
 * @see https://docs.aws.amazon.com/cli/latest/reference/cloudfront/create-public-key.html
 * @module
 */
import { generateKeyPairSync, randomUUID } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import { join, relative, resolve } from 'node:path';
import { type Command, Option } from 'commander';
import { CliError, type CliIo } from '../io.js';

/** Options of `edgeward keys create`. */
export interface KeysCreateOptions {
  /** Directory to write the files to. Default `keys`. */
  readonly outDir: string;
  /** `rsa` (RSA-2048, default) or `ec` (ECDSA P-256): the key types CloudFront accepts for signed cookies. */
  readonly type: 'rsa' | 'ec';
  /** Name of the CloudFront public key. Default `edgeward-signing-key`. */
  readonly name: string;
  /** Secrets Manager secret name (`signedCookies.privateKey.secretsManager.secretId`). */
  readonly secretId: string;
  /** Region of the secret (`signedCookies.privateKey.secretsManager.region`). Default `us-east-1`. */
  readonly region: string;
  /** Overwrite existing files. */
  readonly force?: boolean;
}

/** The files `edgeward keys create` writes, by role. */
export const KEY_FILES = {
  privateKey: 'private-key.pem',
  publicKey: 'public-key.pem',
  publicKeyConfig: 'public-key-config.json',
} as const;

/** Runs `edgeward keys create`. */
export async function runKeysCreate(opts: KeysCreateOptions, io: CliIo): Promise<void> {
  const dir = resolve(io.cwd, opts.outDir);
  const paths = {
    privateKey: join(dir, KEY_FILES.privateKey),
    publicKey: join(dir, KEY_FILES.publicKey),
    publicKeyConfig: join(dir, KEY_FILES.publicKeyConfig),
  };
  if (!opts.force) {
    const existing = Object.values(paths).filter((p) => existsSync(p));
    if (existing.length > 0) {
      throw new CliError(
        `${existing.map((p) => relative(io.cwd, p)).join(', ')} exists (use --force to overwrite)`,
      );
    }
  }
  const { privateKey, publicKey } =
    opts.type === 'ec'
      ? generateKeyPairSync('ec', { namedCurve: 'prime256v1' })
      : generateKeyPairSync('rsa', { modulusLength: 2048 });
  const privatePem = privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
  const publicPem = publicKey.export({ type: 'spki', format: 'pem' }).toString();
  await mkdir(dir, { recursive: true });
  await writeFile(paths.privateKey, privatePem, { mode: 0o600 });
  await writeFile(paths.publicKey, publicPem);
  const config = {
    CallerReference: `edgeward-${randomUUID()}`,
    Name: opts.name,
    EncodedKey: publicPem,
    Comment: 'edgeward signed cookies',
  };
  await writeFile(paths.publicKeyConfig, `${JSON.stringify(config, null, 2)}\n`);
  const shown = (p: string) => relative(io.cwd, p) || p;
  io.stderr(
    `wrote ${shown(paths.privateKey)} (private, mode 600), ${shown(paths.publicKey)} and ${shown(paths.publicKeyConfig)}\n`,
  );
  io.stdout(
    [
      `# 1. Store the private key where the function reads it (${opts.region}):`,
      `aws secretsmanager create-secret --region ${opts.region} --name ${opts.secretId} --secret-string file://${shown(paths.privateKey)}`,
      '# 2. Upload the public key to CloudFront; the printed id goes into signedCookies.keyPairId:',
      `aws cloudfront create-public-key --public-key-config file://${shown(paths.publicKeyConfig)} --query PublicKey.Id --output text`,
      `# 3. Then delete ${shown(paths.privateKey)}: Secrets Manager holds it now.`,
      '',
    ].join('\n'),
  );
}

/** Registers `edgeward keys create`. */
export function addKeysCommand(program: Command, io: CliIo): void {
  const keys = program
    .command('keys')
    .summary('create the key pair for CloudFront signed cookies')
    .description('Key pairs for CloudFront signed cookies (scenario D).');
  keys
    .command('create')
    .summary('write a signing key pair and print the aws commands that install it')
    .description(
      'Write <out-dir>/private-key.pem (PKCS#8, mode 600), public-key.pem and public-key-config.json, and print ' +
        'the aws commands that store the private key in Secrets Manager and upload the public key to CloudFront ' +
        '(its id is the keyPairId). Nothing is sent to AWS.',
    )
    .option('-o, --out-dir <dir>', 'directory to write the key files to', 'keys')
    .addOption(
      new Option('--type <type>', 'rsa (RSA-2048) or ec (ECDSA P-256)').choices(['rsa', 'ec']).default('rsa'),
    )
    .option('--name <name>', 'name of the CloudFront public key', 'edgeward-signing-key')
    .option('--secret-id <name>', 'Secrets Manager secret name', 'edgeward/cloudfront-signing-key')
    .option(
      '--region <region>',
      'region of the secret (the Lambda@Edge function reads it there)',
      'us-east-1',
    )
    .option('-f, --force', 'overwrite existing key files')
    .action(async (opts: KeysCreateOptions) => runKeysCreate(opts, io))
    .exitOverride()
    .configureOutput({ writeOut: io.stdout, writeErr: io.stderr });
}
