/**
 * Reproducible zip archives for Lambda deployment packages: the same files always give byte-identical
 * zips (fixed modification time, fixed permissions, sorted entries, fixed compression level).
 *
 * @module
 */
import { zipSync } from 'fflate';

/**
 * The fixed modification time stamped on every entry: 1980-01-01 00:00:00, the earliest DOS date.
 * Built from local-time components because the zip format stores local date/time fields, so the bytes do
 * not depend on the build machine's time zone.
 */
const FIXED_MTIME = new Date(1980, 0, 1, 0, 0, 0);

/** `-rw-r--r--` regular file, in the high 16 bits of the external attributes (Unix `os` = 3). */
const FILE_ATTRS = (0o100644 << 16) >>> 0;

/**
 * Creates a deflate-compressed zip holding `files` (name → bytes), deterministically.
 *
 * @param files - archive entry names (forward slashes, no leading `/`) mapped to their contents
 * @returns the zip bytes; identical input always yields identical bytes
 * @see https://pkware.cachefly.net/webdocs/casestudies/APPNOTE.TXT (§4.4.6 last mod file time/date)
 */
export function reproducibleZip(files: Readonly<Record<string, Uint8Array>>): Uint8Array {
  const entries: Record<string, [Uint8Array, { mtime: Date; level: 9; os: number; attrs: number }]> = {};
  for (const name of Object.keys(files).sort()) {
    entries[name] = [files[name]!, { mtime: FIXED_MTIME, level: 9, os: 3, attrs: FILE_ATTRS }];
  }
  return zipSync(entries);
}
