/**
 * Scratch folders inside the repository's (git-ignored) `.edgeward/` folder: a bundle built or a CDK app
 * synthesized there resolves its externals (the runtime-provided AWS SDK, aws-cdk-lib) from the repository's
 * `node_modules`, which a folder under the OS temp directory cannot. `.edgeward/` does not exist in a fresh
 * clone, so it is created first: a test must not depend on another having run before it.
 */
import { mkdirSync, mkdtempSync } from 'node:fs';
import { resolve } from 'node:path';

/** Creates `.edgeward/<prefix>XXXXXX` (absolute path returned); the caller removes it. */
export function repoWorkDir(prefix: string): string {
  mkdirSync('.edgeward', { recursive: true });
  return mkdtempSync(resolve('.edgeward', prefix));
}
