/**
 * Every error edgeward throws has a stable code, and docs/errors.md lists every code: the codes come from
 * the classes themselves (static `code`/`codes`, and for `AuthError` the exhaustive outcome table), and
 * every `new …Error(` in the three packages' sources is checked to construct an `EdgewardError` (the few
 * plain `Error`s that must stay are named, with the reason, in the doc).
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { EdgewardContextError, EdgewardPropsError } from '../../packages/cdk/src/validation.js';
import { BuildError } from '../../packages/cli/src/build/errors.js';
import { ConfigValidationError } from '../../packages/cli/src/config/issues.js';
import { ConfigLoadError } from '../../packages/cli/src/config/load.js';
import { CliError } from '../../packages/cli/src/io.js';
import { LocalStackError } from '../../packages/cli/src/local/errors.js';
import { CognitoApiError } from '../../packages/cli/src/local/idp/json-api.js';
import { RehearsalError } from '../../packages/cli/src/local/rehearsal/findings.js';
import { FunctionCodeError } from '../../packages/cli/src/local/rehearsal/functions.js';
import { NOTICE_CODES } from '../../packages/cli/src/reason-codes.js';
import { AuthError, EdgewardError, UnusableKeyError } from '../../packages/edgeward/src/core/errors.js';
import { OUTCOMES } from '../../packages/edgeward/src/core/outcomes.js';

const DOC = readFileSync('docs/errors.md', 'utf8');

/** The codes in the first column of the doc's tables. */
const documented = new Set(
  DOC.split('\n')
    .map((line) => /^\|\s*`([a-z0-9_]+)`\s*\|/.exec(line)?.[1])
    .filter((code): code is string => code !== undefined),
);

const authCodes = Object.keys(OUTCOMES).filter((c) => c !== 'credentials_required');

/** Every error class with the codes it can carry. */
const CLASSES: ReadonlyArray<readonly [string, new (...args: never[]) => EdgewardError, readonly string[]]> =
  [
    ['AuthError', AuthError, authCodes],
    ['UnusableKeyError', UnusableKeyError, [UnusableKeyError.code]],
    ['ConfigValidationError', ConfigValidationError, [ConfigValidationError.code]],
    ['ConfigLoadError', ConfigLoadError, [ConfigLoadError.code]],
    ['BuildError', BuildError, BuildError.codes],
    ['CliError', CliError, CliError.codes],
    ['LocalStackError', LocalStackError, LocalStackError.codes],
    ['CognitoApiError', CognitoApiError, [CognitoApiError.code]],
    ['RehearsalError', RehearsalError, [RehearsalError.code]],
    ['FunctionCodeError', FunctionCodeError, [FunctionCodeError.code]],
    ['EdgewardPropsError', EdgewardPropsError, [EdgewardPropsError.code]],
    ['EdgewardContextError', EdgewardContextError, [EdgewardContextError.code]],
  ];

describe('error codes', () => {
  it('docs/errors.md lists every code, and no code that does not exist', () => {
    // The error codes, and the notice codes an edge page can show (explained by `edgeward explain`).
    const all = new Set([...CLASSES.flatMap(([, , codes]) => codes), ...Object.keys(NOTICE_CODES)]);
    for (const code of all) expect(documented, `docs/errors.md is missing ${code}`).toContain(code);
    for (const code of documented) expect(all, `docs/errors.md lists unknown code ${code}`).toContain(code);
  });

  it('every class is an EdgewardError whose instances carry their code and name', () => {
    const instances: ReadonlyArray<readonly [string, EdgewardError, string]> = [
      ['AuthError', new AuthError('token_expired', 'm'), 'token_expired'],
      ['UnusableKeyError', new UnusableKeyError('m'), 'jwk_unusable'],
      ['ConfigValidationError', new ConfigValidationError([{ path: 'a', message: 'm' }]), 'config_invalid'],
      ['ConfigLoadError', new ConfigLoadError('m'), 'config_unreadable'],
      ['BuildError', new BuildError('bundle_failed', 'm'), 'bundle_failed'],
      ['CliError', new CliError('m'), 'command_failed'],
      ['CliError', new CliError('m', 2), 'usage_invalid'],
      ['LocalStackError', new LocalStackError('local_stack_failed', 'm'), 'local_stack_failed'],
      ['CognitoApiError', new CognitoApiError('NotAuthorizedException', 'm'), 'local_cognito_api_error'],
      ['RehearsalError', new RehearsalError('m'), 'rehearsal_refused'],
      ['FunctionCodeError', new FunctionCodeError('m'), 'rehearsal_function_unusable'],
      ['EdgewardPropsError', new EdgewardPropsError('C', 'p', 'm'), 'props_invalid'],
      ['EdgewardContextError', new EdgewardContextError('k', 'x', 1), 'context_invalid'],
    ];
    for (const [name, error, code] of instances) {
      expect(error).toBeInstanceOf(EdgewardError);
      expect(error).toBeInstanceOf(Error);
      expect(error.name).toBe(name);
      expect(error.code).toBe(code);
    }
    expect(new Set(instances.map(([name]) => name))).toEqual(new Set(CLASSES.map(([name]) => name)));
  });
});

/** Every TypeScript source file of the three packages. */
function sources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory()
      ? sources(join(dir, e.name))
      : e.name.endsWith('.ts') && !e.name.endsWith('.d.ts')
        ? [join(dir, e.name)]
        : [],
  );
}

/** The plain `Error`s that stay, with the reason in docs/errors.md. */
const PLAIN_ERRORS_ALLOWED = [
  'packages/edgeward/src/apigateway/engine.ts: new Error(UNAUTHORIZED_MESSAGE)',
  'packages/edgeward/src/apigateway/secrets-manager.ts: new Error(UNAUTHORIZED_MESSAGE)',
  "packages/cdk/src/bundling.ts: new Error('edgeward: bundle skipped')",
  // biome-ignore lint/suspicious/noTemplateCurlyInString: the source text of a template literal
  'packages/cli/src/build/chunks.ts: new Error(${JSON.stringify(`${args.path} is not in this bundle`)',
];

describe('thrown errors in the sources', () => {
  const files = ['packages/edgeward/src', 'packages/cli/src', 'packages/cdk/src'].flatMap(sources);
  const coded = new Set(CLASSES.map(([name]) => name));

  it('construct an EdgewardError, or are one of the documented plain Errors', () => {
    const found: string[] = [];
    for (const file of files) {
      const text = readFileSync(file, 'utf8').replace(/^\s*(\/\/|\*).*$/gm, '');
      for (const m of text.matchAll(/new (\w*Error)\(([^)]*\)?)/g)) {
        if (coded.has(m[1]!)) continue;
        found.push(`${file}: new ${m[1]}(${m[2]}`);
      }
    }
    expect(found.sort()).toEqual([...PLAIN_ERRORS_ALLOWED].sort());
  });

  it('declare no error class outside the EdgewardError hierarchy', () => {
    const offenders = files.filter((file) =>
      /extends (Error|TypeError|RangeError)\b/.test(readFileSync(file, 'utf8')),
    );
    expect(offenders).toEqual(['packages/edgeward/src/core/errors.ts']);
  });
});
