import { readFileSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import { build } from 'esbuild';
import { toRuntimeConfig } from './src/build/functions.js';
import { bakedConfigPlugin, EDGEWARD_ESBUILD_OPTIONS, entryPath } from './src/build/index.js';

const [cfgFile, fnName, entry] = process.argv.slice(2);
const c = JSON.parse(readFileSync(cfgFile!, 'utf8'));
const fn = c.functions[fnName!];
const r = await build({
  ...EDGEWARD_ESBUILD_OPTIONS,
  entryPoints: [entryPath(entry!)],
  outdir: '/tmp/metaout',
  write: false,
  external: process.env.EXT ? ['@aws-sdk/client-*'] : [],
  plugins: [bakedConfigPlugin(toRuntimeConfig(fn, c.issuers[fn.issuer]))],
});
for (const [name, out] of Object.entries(r.metafile!.outputs)) {
  const file = r.outputFiles!.find((f) => f.path.endsWith(name.split('/').pop()!))!;
  console.log(
    `== ${name} raw ${out.bytes} gz ${gzipSync(file.contents, { level: 9 }).length} imports: ${out.imports.map((i) => `${i.kind === 'dynamic-import' ? 'dyn:' : ''}${i.path.split('/').pop()}`).join(' ')}`,
  );
  const rows = Object.entries(out.inputs)
    .map(([k, v]) => [k, v.bytesInOutput] as const)
    .sort((a, b) => b[1] - a[1]);
  for (const [k, v] of rows.slice(0, Number(process.env.TOP ?? 12))) console.log(String(v).padStart(7), k);
}
