/**
 * `edgeward keys create`: a CloudFront signing key pair on disk (private key mode 600, never printed) and
 * the `aws` commands that install it, as docs/deploy.md uses them.
 */
import { createPrivateKey, createPublicKey, sign, verify } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runCli } from './helpers.js';

const dir = mkdtempSync(join(tmpdir(), 'edgeward-keys-'));
afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
});

describe('edgeward keys create', () => {
  it('writes a matching RSA-2048 pair and the create-public-key document, and prints the aws commands', async () => {
    const r = await runCli(['keys', 'create'], { cwd: dir });
    expect(r.code).toBe(0);
    const privatePem = readFileSync(join(dir, 'keys/private-key.pem'), 'utf8');
    const publicPem = readFileSync(join(dir, 'keys/public-key.pem'), 'utf8');
    expect(statSync(join(dir, 'keys/private-key.pem')).mode & 0o777).toBe(0o600);
    const privateKey = createPrivateKey(privatePem);
    expect(privateKey.asymmetricKeyType).toBe('rsa');
    expect(privateKey.asymmetricKeyDetails?.modulusLength).toBe(2048);
    const data = Buffer.from('CloudFront policy');
    expect(verify('sha256', data, createPublicKey(publicPem), sign('sha256', data, privateKey))).toBe(true);
    const config = JSON.parse(readFileSync(join(dir, 'keys/public-key-config.json'), 'utf8'));
    expect(config).toEqual({
      CallerReference: expect.stringMatching(/^edgeward-[0-9a-f-]{36}$/),
      Name: 'edgeward-signing-key',
      EncodedKey: publicPem,
      Comment: 'edgeward signed cookies',
    });
    expect(r.stdout).toContain(
      'aws secretsmanager create-secret --region us-east-1 --name edgeward/cloudfront-signing-key --secret-string file://keys/private-key.pem\n',
    );
    expect(r.stdout).toContain(
      'aws cloudfront create-public-key --public-key-config file://keys/public-key-config.json --query PublicKey.Id --output text\n',
    );
    const body = privatePem.split('\n')[1]!;
    expect(r.stdout + r.stderr).not.toContain(body);
  });

  it('refuses to overwrite, unless --force', async () => {
    const again = await runCli(['keys', 'create'], { cwd: dir });
    expect(again.code).toBe(1);
    expect(again.stderr).toContain('keys/private-key.pem');
    expect(again.stderr).toContain('use --force to overwrite');
    expect((await runCli(['keys', 'create', '--force'], { cwd: dir })).code).toBe(0);
  });

  it('--type ec writes a P-256 key; --secret-id, --region and --out-dir shape the commands', async () => {
    const r = await runCli(
      ['keys', 'create', '--type', 'ec', '-o', 'ec', '--secret-id', 'site/key', '--region', 'eu-west-1'],
      { cwd: dir },
    );
    expect(r.code).toBe(0);
    const key = createPrivateKey(readFileSync(join(dir, 'ec/private-key.pem')));
    expect(key.asymmetricKeyDetails?.namedCurve).toBe('prime256v1');
    expect(r.stdout).toContain(
      'aws secretsmanager create-secret --region eu-west-1 --name site/key --secret-string file://ec/private-key.pem',
    );
  });
});
