/**
 * Bundles CommonJS dependencies that are plain `tsc` output of named function exports as ES modules.
 *
 * Any CommonJS module in a split bundle makes esbuild emit its CommonJS runtime helpers (`__commonJS`,
 * `__toESM`), and esbuild always places those in a chunk `index.mjs` imports — cold-start code — even when
 * only a lazily loaded chunk uses the module; and a CommonJS module is never tree-shaken. `cookie` (1.x,
 * CommonJS only, used by the login path to write `Set-Cookie`) is such a module: read as the ES module it
 * is equivalent to, it costs a cold start nothing and the login chunk only `stringifySetCookie`.
 *
 * The rewrite is exact or not done: the file must be `"use strict"`, the `__esModule` marker and
 * `exports.<name> = <function>;` lines (each naming a function declared in the file), and no other use of
 * `exports`, `module` or `require`; anything else is bundled as CommonJS, as before.
 *
 * @module
 */
import { readFile } from 'node:fs/promises';
import type { Plugin } from 'esbuild';

/** The packages whose CommonJS entry is read as an ES module ({@link esmFromCommonJs}). */
export const ESM_SHIMMED_PACKAGES: readonly string[] = ['cookie'];

const EXPORT_LINE = /^exports\.([A-Za-z_$][\w$]*) = ([A-Za-z_$][\w$]*);$/;
const ES_MODULE_MARKER = 'Object.defineProperty(exports, "__esModule", { value: true });';

/**
 * The ES module equivalent of a CommonJS file of the shape described in the module comment, or
 * `undefined` when the file has any other shape.
 */
export function esmFromCommonJs(source: string): string | undefined {
  const lines = source.split('\n');
  const exported = new Map<string, string>();
  const kept: string[] = [];
  for (const line of lines) {
    const m = EXPORT_LINE.exec(line);
    if (m) {
      exported.set(m[1]!, m[2]!);
      continue;
    }
    if (line === ES_MODULE_MARKER) continue;
    kept.push(line);
  }
  const body = kept.join('\n');
  if (exported.size === 0 || /\b(exports|module|require)\b/.test(body)) return undefined;
  for (const local of exported.values()) {
    if (!new RegExp(`^function ${local.replace(/\$/g, '\\$')}\\(`, 'm').test(body)) return undefined;
  }
  const specifiers = [...exported].map(([name, local]) => (name === local ? name : `${local} as ${name}`));
  return `${body}\nexport { ${specifiers.join(', ')} };\n`;
}

/** esbuild plugin applying {@link esmFromCommonJs} to the entry files of {@link ESM_SHIMMED_PACKAGES}. */
export function esmShimPlugin(): Plugin {
  const names = ESM_SHIMMED_PACKAGES.map((p) => p.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')).join('|');
  const filter = new RegExp(
    `[\\\\/]node_modules[\\\\/](${names})[\\\\/][^\\\\/]+(?:[\\\\/][^\\\\/]+)*\\.js$`,
  );
  return {
    name: 'edgeward-esm-shim',
    setup(build) {
      build.onLoad({ filter }, async (args) => {
        const contents = esmFromCommonJs(await readFile(args.path, 'utf8'));
        return contents === undefined ? undefined : { contents, loader: 'js' };
      });
    },
  };
}
