// npm `prepack`/`postpack` helper of the workspace packages. In the repository, each package's `exports` carry
// an `edgeward-source` condition that resolves to its TypeScript sources (for tsx, vitest, tsc and esbuild in
// a development checkout). The sources are not published, so the packed package.json drops that condition:
//   node ../../scripts/pack-manifest.mjs strip     (prepack: saves package.json, writes it without the condition)
//   node ../../scripts/pack-manifest.mjs restore   (postpack: puts the saved package.json back)
import { existsSync, readFileSync, renameSync, writeFileSync } from 'node:fs';

const CONDITION = 'edgeward-source';
const SAVED = 'package.json.prepack';

function strip(value) {
  if (Array.isArray(value) || value === null || typeof value !== 'object') return value;
  return Object.fromEntries(
    Object.entries(value)
      .filter(([key]) => key !== CONDITION)
      .map(([key, inner]) => [key, strip(inner)]),
  );
}

const [command] = process.argv.slice(2);
if (command === 'strip') {
  const text = readFileSync('package.json', 'utf8');
  if (!existsSync(SAVED)) writeFileSync(SAVED, text);
  const manifest = JSON.parse(text);
  manifest.exports = strip(manifest.exports);
  writeFileSync('package.json', `${JSON.stringify(manifest, null, 2)}\n`);
} else if (command === 'restore') {
  if (existsSync(SAVED)) renameSync(SAVED, 'package.json');
} else {
  console.error('usage: pack-manifest.mjs strip|restore');
  process.exit(2);
}
