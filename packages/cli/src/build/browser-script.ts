/**
 * Bundling a page script for the browser (not a Lambda function): one ES module with its dependencies, e.g.
 * the demo's "My files" page, which signs S3 requests with `@smithy/signature-v4`. The local stack serves
 * the result; the example CDK app uploads it with the site's content.
 *
 * @module
 */
import { createRequire } from 'node:module';

// esbuild is loaded on first use (as `bundleFunction` does): importing the build module stays cheap.
const require = createRequire(import.meta.url);

/**
 * Bundles `entry` (and what it imports) into one minified ES2022 module for browsers.
 *
 * @param entry path of the script
 * @returns the bundled module's source
 * @throws esbuild's error when the script does not bundle (a missing import, a syntax error)
 */
export function bundleBrowserScript(entry: string): string {
  const { buildSync } = require('esbuild') as typeof import('esbuild');
  const result = buildSync({
    entryPoints: [entry],
    bundle: true,
    format: 'esm',
    platform: 'browser',
    target: 'es2022',
    minify: true,
    legalComments: 'none',
    logLevel: 'silent',
    write: false,
  });
  return result.outputFiles[0]!.text;
}
