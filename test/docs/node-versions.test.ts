/**
 * One supported-Node statement: the workspace and every package declare the same `engines.node` (also as
 * recorded in package-lock.json), and every document that states a minimum Node version — the README, the
 * deploy guide, each package's README — names exactly that minimum, so the docs and `npm ci`'s engine check
 * cannot drift apart again.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

interface Manifest {
  readonly name: string;
  readonly engines?: { readonly node?: string };
}

const readJson = <T>(file: string): T => JSON.parse(readFileSync(file, 'utf8')) as T;

const PACKAGE_DIRS = readdirSync('packages').map((d) => join('packages', d));
const MANIFESTS: [string, Manifest][] = [
  ['package.json', readJson<Manifest>('package.json')],
  ...PACKAGE_DIRS.map((d): [string, Manifest] => [d, readJson<Manifest>(join(d, 'package.json'))]),
];

const ROOT_RANGE = readJson<Manifest>('package.json').engines?.node ?? '';
/** `>=20.19` → `20.19`. */
const MINIMUM = /^>=(\d+\.\d+)$/.exec(ROOT_RANGE)?.[1];

/** Documents that state the minimum Node version. */
const DOCS = ['README.md', 'docs/deploy.md', ...PACKAGE_DIRS.map((d) => join(d, 'README.md'))];

/** Every "Node ≥ X.Y" / "Node.js ≥ X.Y" / "Node.js **X.Y+**" a document states. */
function statedMinimums(text: string): string[] {
  const pattern = /Node(?:\.js)?\s+(?:≥\s*|>=\s*|\*\*)(\d+(?:\.\d+)?)\+?/g;
  return [...text.matchAll(pattern)].map((m) => m[1]!);
}

describe('supported Node versions', () => {
  it('the workspace declares a plain ">=MAJOR.MINOR" minimum', () => {
    expect(MINIMUM).toBeDefined();
  });

  it.each(MANIFESTS)('%s declares the same engines.node', (_dir, manifest) => {
    expect(manifest.engines?.node).toBe(ROOT_RANGE);
  });

  it('package-lock.json records the same engines.node for the workspace and every package', () => {
    const lock = readJson<{ packages: Record<string, { engines?: { node?: string } }> }>('package-lock.json');
    for (const key of ['', ...PACKAGE_DIRS]) expect(lock.packages[key]?.engines?.node, key).toBe(ROOT_RANGE);
  });

  it.each(DOCS)('%s names that minimum and no other', (file) => {
    const stated = statedMinimums(readFileSync(file, 'utf8'));
    expect(stated.length, `${file} states no minimum Node version`).toBeGreaterThan(0);
    expect(new Set(stated)).toEqual(new Set([MINIMUM]));
  });
});
