/**
 * docs/deploy.md walked as written: its fenced blocks are classified by their info string, every offline
 * command up to the first `cdk deploy` is run (in order, in one shell, in a copy of the example), and the
 * guide's references to the example — code excerpts, output names, config fields — are checked against the
 * files, so the guide and the example cannot drift apart.
 *
 * Info strings: `sh` (offline: walked here), `sh setup` (the test's own environment: `npm ci`), `sh server`
 * (long-running: the rehearsal, covered by test/e2e/rehearse.test.ts), `sh aws` (needs the AWS account),
 * `ts <file>` (an excerpt of that file).
 */
import { execFile } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, readFileSync, rmSync, symlinkSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isPublishedSecret } from '../../packages/cli/src/build/index.js';
import { repoWorkDir } from '../helpers/work-dir.js';

const run = promisify(execFile);
const GUIDE = readFileSync('docs/deploy.md', 'utf8');

interface Block {
  readonly info: string;
  readonly body: string;
  readonly line: number;
}

/** The fenced code blocks of a Markdown text, in order. */
function blocks(markdown: string): Block[] {
  const found: Block[] = [];
  const lines = markdown.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const open = /^```(.*)$/.exec(lines[i]!);
    if (!open) continue;
    const start = i;
    const body: string[] = [];
    for (i++; i < lines.length && lines[i] !== '```'; i++) body.push(lines[i]!);
    found.push({ info: open[1]!.trim(), body: body.join('\n'), line: start + 1 });
  }
  return found;
}

const ALL = blocks(GUIDE);
const firstDeploy = ALL.findIndex((b) => /\bcdk deploy\b/.test(b.body));
const WALKED = ALL.slice(0, firstDeploy).filter((b) => b.info === 'sh');

describe('docs/deploy.md blocks', () => {
  it('are each classified, and the first cdk deploy is in the walkthrough', () => {
    for (const b of ALL) {
      expect(b.info, `line ${b.line}`).toMatch(
        /^(sh|sh setup|sh server|sh aws|ts examples\/cdk\/[\w.-]+\.ts)$/,
      );
    }
    expect(firstDeploy).toBeGreaterThan(0);
    expect(ALL[firstDeploy]!.info).toBe('sh aws');
  });

  it('mark as "aws" only blocks that need the account, and have no offline block after the first deploy', () => {
    for (const b of ALL.filter((x) => x.info === 'sh aws')) {
      expect(b.body, `line ${b.line}`).toMatch(
        /(^|\s)(aws |npx cdk (bootstrap|deploy|destroy)|npx edgeward login|curl )/m,
      );
    }
    expect(ALL.slice(firstDeploy).filter((b) => b.info === 'sh')).toEqual([]);
    expect(WALKED.length).toBeGreaterThanOrEqual(4);
  });

  it('quote the example files verbatim', () => {
    for (const b of ALL.filter((x) => x.info.startsWith('ts '))) {
      const file = readFileSync(b.info.slice(3), 'utf8');
      expect(file.includes(b.body), `${b.info} (guide line ${b.line}) is not an excerpt of the file`).toBe(
        true,
      );
    }
  });

  it('name config fields that exist in the example config', () => {
    const config = JSON.parse(readFileSync('examples/cdk/edgeward.config.json', 'utf8'));
    const fields = [...GUIDE.matchAll(/`((?:issuers|functions)\.[\w.]+)`/g)].map((m) => m[1]!);
    expect(fields.length).toBeGreaterThanOrEqual(8);
    for (const field of fields) {
      const value = field
        .split('.')
        .reduce<unknown>((o, k) => (o as Record<string, unknown> | undefined)?.[k], config);
      expect(value, field).toBeDefined();
    }
  });
});

describe('walking the offline commands of docs/deploy.md in a copy of the example', () => {
  let root: string;
  let result: { stdout: string; stderr: string };

  beforeAll(async () => {
    root = repoWorkDir('deploy-guide-');
    // A checkout as a user has it after `npm ci` (the setup block): the example is a copy, the rest is shared.
    for (const shared of ['package.json', 'node_modules', 'packages', 'schema', 'tsconfig.json']) {
      if (existsSync(shared)) symlinkSync(resolve(shared), join(root, shared));
    }
    cpSync('examples/cdk', join(root, 'examples/cdk'), {
      recursive: true,
      filter: (src) => !/(^|\/)(cdk\.out|\.edgeward|keys)$/.test(src),
    });
    mkdirSync(join(root, 'home'));
    const script = ['set -euo pipefail', ...WALKED.map((b) => b.body)].join('\n');
    result = await run('bash', ['-c', script], {
      cwd: root,
      env: {
        PATH: process.env['PATH'] ?? '',
        HOME: join(root, 'home'),
        // No AWS credentials or configuration: the walk must not need them.
        AWS_CONFIG_FILE: join(root, 'home', 'no-aws-config'),
        AWS_SHARED_CREDENTIALS_FILE: join(root, 'home', 'no-aws-credentials'),
        AWS_EC2_METADATA_DISABLED: 'true',
      },
      timeout: 900_000,
      maxBuffer: 16 * 1024 * 1024,
    });
  }, 960_000);

  afterAll(() => {
    if (root) rmSync(root, { recursive: true, force: true });
  });

  it('runs to the end (exit 0)', () => {
    expect(result.stdout).toBeDefined();
  });

  it('created the signing key files and printed the aws commands of step 4', () => {
    for (const f of ['private-key.pem', 'public-key.pem', 'public-key-config.json']) {
      expect(existsSync(join(root, 'examples/cdk/keys', f)), f).toBe(true);
    }
    const printed = ALL.find((b) => b.info === 'sh aws' && b.body.includes('create-secret'))!.body;
    for (const line of printed.split('\n').filter((l) => l.startsWith('aws '))) {
      expect(result.stdout).toContain(line);
    }
  });

  it('printed a fresh, unpublished state secret', () => {
    const secret = result.stdout.split('\n').find((l) => /^[A-Za-z0-9_-]{43}$/.test(l));
    expect(secret).toBeDefined();
    expect(isPublishedSecret(secret!)).toBe(false);
  });

  it('synthesized the pool stack with the settings of step 3, and every output the guide names exists', () => {
    const out = join(root, 'examples/cdk/cdk.out');
    const pool = JSON.parse(readFileSync(join(out, 'EdgewardUserPool.template.json'), 'utf8'));
    const text = JSON.stringify(pool);
    expect(text).toContain('"Domain":"my-edgeward-site"');
    expect(text).toContain('https://localhost/_edgeward/callback');
    expect(text).toContain('you@example.com');
    const outputs = new Map<string, string[]>();
    for (const stack of ['EdgewardUserPool', 'EdgewardSite', 'EdgewardApi']) {
      const template = JSON.parse(readFileSync(join(out, `${stack}.template.json`), 'utf8'));
      outputs.set(stack, Object.keys(template.Outputs ?? {}));
    }
    const named = [...GUIDE.matchAll(/\b(EdgewardUserPool|EdgewardSite|EdgewardApi)\.([A-Z]\w+)\b/g)];
    expect(named.length).toBeGreaterThanOrEqual(8);
    for (const [, stack, output] of named)
      expect(outputs.get(stack!), `${stack}.${output}`).toContain(output);
  });
});
