#!/usr/bin/env node
// The `edgeward` command. Runs the compiled CLI (dist/main.js) when the package is built; in a development
// checkout without dist/, runs the TypeScript sources through tsx, resolving the workspace's `edgeward`
// package to its sources (the `edgeward-source` export condition).
import { existsSync } from 'node:fs';
import { register } from 'node:module';

const compiled = new URL('../dist/main.js', import.meta.url);
let cli;
if (existsSync(compiled)) {
  cli = await import(compiled.href);
} else {
  const tsx = await import('tsx/esm/api');
  tsx.register();
  register(new URL('./source-condition.mjs', import.meta.url));
  cli = await import(new URL('../src/main.ts', import.meta.url).href);
}
await cli.main();
