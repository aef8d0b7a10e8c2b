/**
 * The ES module reading of `tsc`-compiled CommonJS dependencies (`esm-shim.ts`): exact for the shape it
 * accepts (the real `cookie` package is that shape), refused for anything else.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';
import { esmFromCommonJs } from '../../packages/cli/src/build/esm-shim.js';

const TSC_OUTPUT = [
  '"use strict";',
  'Object.defineProperty(exports, "__esModule", { value: true });',
  'exports.parse = parse;',
  'exports.stringify = stringify;',
  'exports.serialize = stringify;',
  'function parse(s) { return s.split("="); }',
  'function stringify(a) { return a.join("="); }',
].join('\n');

describe('esmFromCommonJs', () => {
  it('turns exports.<name> = <function> lines into one export statement (aliases kept)', () => {
    const esm = esmFromCommonJs(TSC_OUTPUT)!;
    expect(esm).not.toMatch(/\bexports\b/);
    expect(esm.trimEnd().split('\n').at(-1)).toBe('export { parse, stringify, stringify as serialize };');
    expect(esm).toContain('function parse(s)');
  });

  it.each([
    ['a require()', `${TSC_OUTPUT}\nconst x = require("y");`],
    ['another use of exports', `${TSC_OUTPUT}\nexports.version = "1";`],
    ['module.exports', `${TSC_OUTPUT}\nmodule.exports.x = 1;`],
    [
      'an export of something not a declared function',
      TSC_OUTPUT.replace('exports.parse = parse;', 'exports.parse = other;'),
    ],
    ['no exports at all', '"use strict";\nfunction f() {}'],
  ])('refuses a file with %s (bundled as CommonJS instead)', (_what, source) => {
    expect(esmFromCommonJs(source)).toBeUndefined();
  });

  it('accepts the installed cookie package, exporting what edgeward imports from it', () => {
    const path = createRequire(import.meta.url).resolve('cookie');
    const esm = esmFromCommonJs(readFileSync(path, 'utf8'));
    expect(esm).toBeDefined();
    expect(esm).toMatch(/export \{[^}]*\bstringifySetCookie\b[^}]*\};\n$/);
  });
});
