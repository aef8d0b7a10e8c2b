/**
 * `edgeward explain`: golden step-by-step output with real keys, the real verifier, rules and authorizer,
 * at the pinned clock.
 */
import { readFileSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type FailureCode, OUTCOMES } from '../../packages/edgeward/src/core/outcomes.js';
import { everyEdgePage, referenceCode } from '../helpers/edge-pages.js';
import { FIXED_NOW, makeKey, signHs256, signToken, type TestKey } from '../helpers/keys.js';
import { runCli } from './helpers.js';

const ISS = 'https://cognito-idp.eu-west-1.amazonaws.com/eu-west-1_EXAMPLE12';
const CLIENT = '1example23456789clientid';
let dir: string;
let jwks: string;
let key: TestKey;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'edgeward-explain-'));
  key = await makeKey('explain-kid');
  jwks = join(dir, 'jwks.json');
  await writeFile(jwks, JSON.stringify({ keys: [key.publicJwk] }));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

const token = (claims: Record<string, unknown> = {}) =>
  signToken(key, {
    iss: ISS,
    sub: 'u-1',
    client_id: CLIENT,
    token_use: 'access',
    scope: 'openid',
    username: 'alice',
    'cognito:groups': ['members'],
    iat: FIXED_NOW,
    exp: FIXED_NOW + 3600,
    ...claims,
  });

const explainRest = (jwt: string, method: string, path: string) =>
  runCli(
    [
      'explain',
      '-c',
      'examples/rest-authorizer/edgeward.config.json',
      '--jwks',
      jwks,
      '-m',
      method,
      '-p',
      path,
    ],
    { stdin: jwt },
  );

describe('edgeward explain', () => {
  it('golden: an allowed REST request (rule, policy evaluated like API Gateway)', async () => {
    const r = await explainRest(await token(), 'GET', '/pets/7');
    expect(r.code).toBe(0);
    expect(r.stdout).toBe(
      [
        'function api (rest-token-authorizer), GET /pets/7, now 2026-01-01T00:00:00Z',
        '',
        '  ok   signature  alg RS256, kid explain-kid (kid found in the JWKS)',
        `  ok   iss        ${ISS} (expected ${ISS})`,
        '  ok   exp        1767229200 = 2026-01-01T01:00:00Z (in 3600 s)',
        '  --   nbf        (absent)',
        '  ok   iat        1767225600 = 2026-01-01T00:00:00Z (now)',
        '  ok   token_use  access (required access)',
        `  ok   client     client_id ${CLIENT} (accepted ${CLIENT})`,
        '  ok   rule       rules[1] {"resource":"/pets/{id}","methods":["GET"]}: allow (rule_authenticated) — rule 1 (resource "/pets/{id}", GET): authenticated',
        '',
        'token:   verified',
        'outcome: API Gateway: Allow (principalId u-1; policy of 2 statement(s)) — the integration is called',
        '',
      ].join('\n'),
    );
  });

  it('golden: a group requirement not met gives 403 and exit code 1', async () => {
    const r = await explainRest(await token(), 'DELETE', '/pets/7');
    expect(r.code).toBe(1);
    const lines = r.stdout.split('\n');
    expect(lines[9]).toBe(
      '  FAIL rule       rules[2] {"resource":"/pets/{id}","methods":["DELETE"],"groups":["admins"]}: forbidden (group_missing) — rule 2 (resource "/pets/{id}", DELETE): requires one of groups [admins]',
    );
    expect(lines.at(-2)).toMatch(
      /^outcome: API Gateway: 403 Forbidden \((explicit|implicit)-deny in a policy of \d+ statement\(s\)\)$/,
    );
  });

  it('golden: an expired token fails at exp and API Gateway answers 401', async () => {
    const r = await explainRest(await token({ exp: FIXED_NOW - 60 }), 'GET', '/pets');
    expect(r.code).toBe(1);
    const lines = r.stdout.split('\n');
    expect(lines[4]).toBe(
      '  FAIL exp        1767225540 = 2025-12-31T23:59:00Z (60 s ago) — token_expired: JWT has expired',
    );
    expect(lines.at(-3)).toBe('token:   rejected (token_expired)');
    expect(lines.at(-2)).toBe('outcome: API Gateway: 401 Unauthorized (the authorizer threw "Unauthorized")');
  });

  it('a site with a wrong client id: CloudFront 401 Bearer invalid_token, JSON output', async () => {
    const jwt = await token({ client_id: 'someone-else', 'cognito:groups': ['members'] });
    const r = await runCli(
      [
        'explain',
        '-c',
        'examples/site-bearer/edgeward.config.json',
        '--jwks',
        jwks,
        '-p',
        '/groups/members/a',
        '--json',
      ],
      { stdin: jwt },
    );
    const x = JSON.parse(r.stdout);
    expect(x.verification).toMatchObject({ ok: false, code: 'token_client_invalid' });
    expect(x.steps.find((s: { step: string }) => s.step === 'client').status).toBe('fail');
    expect(x.outcome).toBe(
      'CloudFront: 401 with WWW-Authenticate: Bearer error="invalid_token" — token_client_invalid',
    );
  });

  it('HS256: reads the env secret source from the environment; a forged signature fails at signature', async () => {
    const secret = new Uint8Array(32).fill(9);
    const env = { JWT_SECRET: Buffer.from(secret).toString('base64url') };
    const args = [
      'explain',
      '-c',
      'examples/hs256-authorizer/edgeward.config.json',
      '-p',
      '/orders',
      '-m',
      'POST',
    ];
    const good = await signHs256(secret, {
      iss: 'https://auth.example.com',
      sub: 'svc',
      exp: FIXED_NOW + 60,
    });
    expect((await runCli(args, { stdin: good, env })).code).toBe(0);
    const forged = await signHs256(new Uint8Array(32).fill(1), {
      iss: 'https://auth.example.com',
      sub: 'svc',
      exp: FIXED_NOW + 60,
    });
    const r = await runCli(args, { stdin: forged, env });
    expect(r.code).toBe(1);
    expect(r.stdout).toContain(
      '  FAIL signature  alg HS256, kid (absent) (HS256 shared secret) — token_signature_invalid',
    );
  });

  it('usage errors exit 2: missing --path, unknown function', async () => {
    expect((await runCli(['explain', '-c', 'examples/site-cookie/edgeward.config.json'])).code).toBe(2);
    const r = await runCli(
      ['explain', '-c', 'examples/site-cookie/edgeward.config.json', '-p', '/', '-f', 'nope'],
      { stdin: 'a.b.c' },
    );
    expect(r).toMatchObject({ code: 2, stderr: 'edgeward: --function: expected one of "site"\n' });
  });
});

describe('edgeward explain offline', () => {
  it('says it cannot fetch the JWKS and how to pass one, when the network is not there', async () => {
    const r = await runCli(['explain', '-c', 'examples/site-cookie/edgeward.config.json', '-p', '/x'], {
      stdin: await token(),
    });
    expect(r.code).toBe(1);
    expect(r.stderr).toBe(
      'edgeward: cannot fetch the JWKS from https://cognito-idp.eu-west-1.amazonaws.com/eu-west-1_EXAMPLE12/.well-known/jwks.json: ' +
        'network disabled in this test (pass --jwks FILE, or give the issuer its "jwks", to work offline)\n',
    );
  });
});

describe('edgeward explain <code>', () => {
  it('explains every reason code a page, a JSON body or a log line can carry', async () => {
    for (const code of Object.keys(OUTCOMES)) {
      const r = await runCli(['explain', code]);
      expect(r.code, code).toBe(0);
      expect(r.stdout.split('\n')[0]).toBe(code);
      expect(r.stdout).toContain('What to do: ');
      expect(r.stdout).toContain(`CloudFront answers ${OUTCOMES[code as FailureCode].status}`);
    }
  });

  it('explains, and docs/errors.md lists, every code an edge page shows on its reference line', async () => {
    const pages = everyEdgePage();
    const codes = new Set(
      pages.map(([name, res]) => {
        const code = referenceCode(res);
        expect(code, `${name} has no reference line`).toBeDefined();
        return code!;
      }),
    );
    // The collection really reads the pages: the failure codes and the sign-out notice are all there.
    expect(codes).toEqual(new Set([...Object.keys(OUTCOMES), 'signout_confirmation']));
    const errorsDoc = readFileSync('docs/errors.md', 'utf8');
    for (const code of codes) {
      const text = await runCli(['explain', code]);
      expect(text.code, `explain ${code}: ${text.stderr}`).toBe(0);
      expect(text.stdout.split('\n')[0]).toBe(code);
      expect(text.stdout).toContain('What to do: ');
      expect(text.stdout).toMatch(/CloudFront answers \d{3}/);
      const json = await runCli(['explain', code, '--json']);
      expect(JSON.parse(json.stdout)).toMatchObject({ code, status: expect.any(Number) });
      expect(errorsDoc, `docs/errors.md does not name ${code}`).toContain(`\`${code}\``);
    }
  });

  it('explains the sign-out confirmation notice with the page it answers', async () => {
    const r = await runCli(['explain', 'signout_confirmation', '--json']);
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout)).toMatchObject({ code: 'signout_confirmation', status: 200 });
    expect((await runCli(['explain', 'signout_confirmation'])).stdout).toContain(
      'CloudFront answers 200 with the confirmation page (403 for a refused POST)',
    );
  });

  it('prints JSON with --json and refuses an unknown code (usage, exit 2)', async () => {
    const json = await runCli(['explain', 'state_expired', '--json']);
    expect(JSON.parse(json.stdout)).toMatchObject({ code: 'state_expired', status: 400 });
    const unknown = await runCli(['explain', 'group_mising']);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toMatch(
      /^edgeward: unknown reason code "group_mising"; expected one of token_missing/,
    );
  });
});
