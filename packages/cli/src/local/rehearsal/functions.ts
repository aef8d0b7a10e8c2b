/**
 * The Lambda functions of a cloud assembly as the rehearsal runs them: the code the template points at
 * (a staged asset directory or zip under its S3 object key, or inline `ZipFile` code) copied into a work
 * folder, and the handler found the way the Lambda Node.js runtime finds it — `Handler` `dir/file.export`
 * names `dir/file.js`, `.mjs` or `.cjs` in the task root and its export. Every file of the asset is copied,
 * so a bundle split into several ES module chunks loads as in Lambda.
 *
 * The work folder has a `node_modules/@aws-sdk` link to the AWS SDK v3 installed next to edgeward: the
 * `nodejs*` runtimes provide it, and bundles that read Secrets Manager leave it external.
 *
 * @see [AWS Lambda - Define the handler in Node.js](https://docs.aws.amazon.com/lambda/latest/dg/nodejs-handler.html)
 * @see [AWS CloudFormation - AWS::Lambda::Function Code](https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/aws-properties-lambda-function-code.html)
 * @module
 */
import {
  cpSync,
  existsSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  statSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, isAbsolute, join, normalize, sep } from 'node:path';
import { unzipSync } from 'fflate';
import type { HandlerSource } from '../lambda.js';
import type { Findings } from './findings.js';
import type { ResourceRecord, TemplateIndex } from './template.js';

/** A function ready to run. */
export interface RehearsedFunction {
  readonly record: ResourceRecord;
  /** The task root: where the function's files were copied. */
  readonly dir: string;
  /** The handler module (absolute path) and export, for the emulators. */
  readonly handler: HandlerSource;
  /** The file of the handler module, relative to the task root. */
  readonly entryFile: string;
  /** Where the code came from: the asset's hash, or `inline`. */
  readonly source: string;
  /** `Timeout` in **seconds** (Lambda default 3). */
  readonly timeoutSeconds: number;
  /** `Environment.Variables` that evaluate to strings. */
  readonly environment: Readonly<Record<string, string>>;
}

/** Why a function cannot be run; the message names what is missing. */
export class FunctionCodeError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'FunctionCodeError';
  }
}

const EXTENSIONS = ['.js', '.mjs', '.cjs'];

/** A file name from a zip that stays inside the target folder (no absolute paths, no `..`). */
function safeEntryName(name: string): string | undefined {
  const normalized = normalize(name);
  if (isAbsolute(normalized) || normalized.split(sep).includes('..') || name.includes('\0')) return undefined;
  return normalized;
}

/** Extracts a zip into `dir`, refusing entries that would land outside it. */
export function extractZip(zipFile: string, dir: string): void {
  const entries = unzipSync(readFileSync(zipFile));
  for (const [name, content] of Object.entries(entries)) {
    const safe = safeEntryName(name);
    if (safe === undefined)
      throw new FunctionCodeError(`${zipFile}: entry ${JSON.stringify(name)} escapes the archive`);
    if (name.endsWith('/')) {
      mkdirSync(join(dir, safe), { recursive: true });
      continue;
    }
    mkdirSync(dirname(join(dir, safe)), { recursive: true });
    writeFileSync(join(dir, safe), content);
  }
}

/** Copies a staged asset (a directory, a zip file, or a single file) into `dir`. */
export function copyAsset(path: string, dir: string): void {
  mkdirSync(dir, { recursive: true });
  if (statSync(path).isDirectory()) {
    cpSync(path, dir, { recursive: true, dereference: true });
  } else if (path.endsWith('.zip')) {
    extractZip(path, dir);
  } else {
    cpSync(path, join(dir, path.slice(Math.max(path.lastIndexOf('/'), path.lastIndexOf(sep)) + 1)));
  }
}

/**
 * Prepares the work folder's runtime: a `package.json` that stops module-type lookups at the folder, and
 * `node_modules/@aws-sdk` pointing at the AWS SDK v3 packages installed with edgeward (when they are).
 *
 * @returns whether the AWS SDK is available to the functions
 */
export function prepareRuntime(workDir: string): boolean {
  mkdirSync(workDir, { recursive: true });
  writeFileSync(join(workDir, 'package.json'), '{"private":true}\n');
  let sdkScope: string | undefined;
  try {
    const require = createRequire(import.meta.url);
    sdkScope = dirname(dirname(require.resolve('@aws-sdk/client-secrets-manager/package.json')));
  } catch {
    sdkScope = undefined;
  }
  if (sdkScope === undefined) return false;
  mkdirSync(join(workDir, 'node_modules'), { recursive: true });
  const link = join(workDir, 'node_modules', '@aws-sdk');
  if (!existsSync(link)) symlinkSync(sdkScope, link, 'dir');
  return true;
}

/** Splits `Handler` (`dir/file.export`) into the module path and the export name. */
function parseHandler(handler: string): { module: string; exportName: string } | undefined {
  const dot = handler.lastIndexOf('.');
  if (dot <= 0 || dot === handler.length - 1) return undefined;
  const module = safeEntryName(handler.slice(0, dot));
  return module === undefined ? undefined : { module, exportName: handler.slice(dot + 1) };
}

/**
 * Copies the code of the `AWS::Lambda::Function` `record` into `<workDir>/<name>` and finds its handler.
 *
 * @throws FunctionCodeError naming the property when the runtime is not Node.js, the code is a
 *   container image or an asset missing from the assembly, or the handler file does not exist
 */
export function prepareFunction(
  index: TemplateIndex,
  record: ResourceRecord,
  workDir: string,
): RehearsedFunction {
  const props = record.resource.Properties ?? {};
  const runtime = index.literal(record.stack, props['Runtime']);
  if (runtime === undefined || !runtime.startsWith('nodejs')) {
    throw new FunctionCodeError(
      `Runtime ${JSON.stringify(runtime ?? props['Runtime'])} is not a Node.js runtime`,
    );
  }
  const handlerName = index.literal(record.stack, props['Handler']);
  const parsed = handlerName === undefined ? undefined : parseHandler(handlerName);
  if (parsed === undefined)
    throw new FunctionCodeError(`Handler ${JSON.stringify(props['Handler'])} is not "file.export"`);
  const code = (props['Code'] ?? {}) as Record<string, unknown>;
  const dir = join(workDir, `${record.stack.id}.${record.logicalId}`.replace(/[^A-Za-z0-9._-]/g, '_'));
  let source: string;
  if (code['ZipFile'] !== undefined) {
    const inline = index.literal(record.stack, code['ZipFile']);
    if (inline === undefined) throw new FunctionCodeError('Code.ZipFile depends on deploy-time values');
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, 'index.js'), inline);
    source = 'inline';
  } else if (code['S3Key'] !== undefined) {
    const key = index.literal(record.stack, code['S3Key']);
    const asset = key === undefined ? undefined : index.assetForObjectKey(key);
    if (asset === undefined || !existsSync(asset.path)) {
      throw new FunctionCodeError(
        `Code.S3Key ${JSON.stringify(key ?? code['S3Key'])} is not an asset staged in this assembly`,
      );
    }
    copyAsset(asset.path, dir);
    source = asset.id;
  } else {
    throw new FunctionCodeError(
      'Code is neither an asset (S3Key) nor inline (ZipFile): container images are not run',
    );
  }
  const entryFile = EXTENSIONS.map((ext) => `${parsed.module}${ext}`).find((f) => existsSync(join(dir, f)));
  if (entryFile === undefined) {
    throw new FunctionCodeError(
      `Handler ${JSON.stringify(handlerName)}: no ${parsed.module}.js, .mjs or .cjs in the function's code`,
    );
  }
  const variables = ((props['Environment'] as Record<string, unknown> | undefined)?.['Variables'] ??
    {}) as Record<string, unknown>;
  const environment: Record<string, string> = {};
  for (const [name, value] of Object.entries(variables)) {
    const text = index.literal(record.stack, value);
    if (text !== undefined) environment[name] = text;
  }
  const timeout = Number(index.evaluate(record.stack, props['Timeout']) ?? 3);
  return {
    record,
    dir,
    handler: { file: join(dir, entryFile), exportName: parsed.exportName },
    entryFile,
    source,
    timeoutSeconds: Number.isFinite(timeout) && timeout > 0 ? timeout : 3,
    environment,
  };
}

/** Process environment changes that can be undone (the functions share this process's environment). */
export class EnvironmentChanges {
  private readonly saved = new Map<string, string | undefined>();

  /** Sets (or, with undefined, removes) a variable, remembering its first value. */
  set(name: string, value: string | undefined): void {
    if (!this.saved.has(name)) this.saved.set(name, process.env[name]);
    if (value === undefined) delete process.env[name];
    else process.env[name] = value;
  }

  /** Puts every changed variable back. */
  restore(): void {
    for (const [name, value] of this.saved) {
      if (value === undefined) delete process.env[name];
      else process.env[name] = value;
    }
    this.saved.clear();
  }
}

/**
 * The functions of a rehearsal, prepared once each on first use into `dir`: a function that cannot run is
 * reported (and undefined); its literal environment variables are set in the process environment (a
 * variable another function set differently is reported and keeps the first value).
 */
export class FunctionRegistry {
  private readonly prepared = new Map<string, RehearsedFunction | undefined>();
  private readonly envOwners = new Map<string, string>();

  constructor(
    private readonly index: TemplateIndex,
    private readonly findings: Findings,
    private readonly dir: string,
    private readonly env: EnvironmentChanges,
  ) {}

  /** The function for an `AWS::Lambda::Function` record, or undefined (reported) when it cannot run. */
  functionFor(record: ResourceRecord): RehearsedFunction | undefined {
    const id = `${record.stack.id}/${record.logicalId}`;
    if (this.prepared.has(id)) return this.prepared.get(id);
    let fn: RehearsedFunction | undefined;
    try {
      fn = prepareFunction(this.index, record, this.dir);
    } catch (e) {
      if (!(e instanceof FunctionCodeError)) throw e;
      this.findings.add('unsupported', record, `cannot run: ${e.message}`);
    }
    for (const [name, value] of Object.entries(fn?.environment ?? {})) {
      const owner = this.envOwners.get(name);
      if (owner !== undefined && process.env[name] !== value) {
        this.findings.add(
          'unsupported',
          record,
          `environment variable ${name} differs from ${owner}'s; functions share one process environment, ${owner}'s value is kept`,
        );
        continue;
      }
      this.envOwners.set(name, id);
      this.env.set(name, value);
    }
    this.prepared.set(id, fn);
    return fn;
  }

  /** The functions that run, by `<stack>/<logical id>`. */
  running(): Map<string, RehearsedFunction> {
    const out = new Map<string, RehearsedFunction>();
    for (const [id, fn] of this.prepared) if (fn !== undefined) out.set(id, fn);
    return out;
  }

  /** Every function prepared or refused, by `<stack>/<logical id>`. */
  seen(): ReadonlySet<string> {
    return new Set(this.prepared.keys());
  }
}

/** Every JavaScript and JSON file of a function's code, concatenated (to look for baked values). */
export function codeText(dir: string): string {
  const parts: string[] = [];
  const walk = (d: string) => {
    for (const name of readdirSync(d)) {
      const path = join(d, name);
      if (statSync(path).isDirectory()) {
        if (name !== 'node_modules') walk(path);
      } else if (/\.(m|c)?js$|\.json$/.test(name)) parts.push(readFileSync(path, 'utf8'));
    }
  };
  walk(dir);
  return parts.join('\n');
}
