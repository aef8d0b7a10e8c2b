import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { Alias } from 'vite';
import { defineConfig } from 'vitest/config';

/**
 * The workspace packages resolve to their TypeScript sources in tests, as tsx, tsc and esbuild do through the
 * `edgeward-source` export condition: one alias per export of each package that has that condition.
 */
function sourceAliases(): Alias[] {
  const aliases: Alias[] = [];
  for (const dir of ['edgeward', 'cli', 'cdk']) {
    const root = resolve(import.meta.dirname, 'packages', dir);
    const manifest = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as {
      name: string;
      exports: Record<string, string | Record<string, string>>;
    };
    for (const [subpath, target] of Object.entries(manifest.exports)) {
      const source = typeof target === 'object' ? target['edgeward-source'] : undefined;
      if (source === undefined) continue;
      const specifier = manifest.name + subpath.slice(1);
      if (subpath.includes('*')) {
        const [before, after] = specifier.split('*') as [string, string];
        const [sourceBefore, sourceAfter] = join(root, source).split('*') as [string, string];
        aliases.push({
          find: new RegExp(`^${escapeRegExp(before)}(.+)${escapeRegExp(after)}$`),
          replacement: `${sourceBefore}$1${sourceAfter}`,
        });
      } else {
        aliases.push({ find: new RegExp(`^${escapeRegExp(specifier)}$`), replacement: join(root, source) });
      }
    }
  }
  return aliases;
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
}

export default defineConfig({
  resolve: { alias: sourceAliases() },
  test: {
    include: ['test/**/*.test.ts', 'packages/*/src/**/*.test.ts'],
    testTimeout: 20_000,
    hookTimeout: 60_000,
    pool: 'forks',
    maxWorkers: 2,
    // Child processes (the CLI in a real process, bundles built from sources) resolve the same way.
    env: { NODE_OPTIONS: `${process.env['NODE_OPTIONS'] ?? ''} --conditions=edgeward-source`.trim() },
  },
});
