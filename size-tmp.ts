import { buildFunctions } from './src/build/index.js';
const out = await buildFunctions({ config: 'examples/signed-cookies/edgeward.config.json', outDir: '/tmp/size-out', jwksFile: '/tmp/jwks-size.json' });
for (const f of out) console.log(f.name, f.sizes);
