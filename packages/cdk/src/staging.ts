/**
 * Temporary staging directories for synth-time files (function bundles, split site content): CDK copies
 * each one into the cloud assembly when the asset is created, so they are removed when the process exits.
 *
 * @module
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const dirs = new Set<string>();

function removeAll(): void {
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
  dirs.clear();
}

/** A fresh directory under the OS temp directory, removed when the process exits. */
export function stagingDir(prefix: string): string {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  if (dirs.size === 0) process.once('exit', removeAll);
  dirs.add(dir);
  return dir;
}
