/**
 * Strict JSON helpers for JOSE headers and JWT claims sets.
 *
 * `JSON.parse` silently keeps the last of duplicate member names; RFC 7515 §5.2 step 4 and RFC 7519 §7.2
 * step 10 require a verifier to reject them or use a parser that returns only lexically last members.
 * edgeward rejects them so that no two components can read different values from the same token.
 *
 * @module
 */

const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const OPEN_OBJECT = 0x7b;
const CLOSE_OBJECT = 0x7d;
const OPEN_ARRAY = 0x5b;
const CLOSE_ARRAY = 0x5d;
const COMMA = 0x2c;
const COLON = 0x3a;

/**
 * True when any JSON object in `text` has two members with the same name (after unescaping).
 *
 * `text` must already be valid JSON (call it after `JSON.parse` succeeded): the scan only tracks
 * structure and member names, in one linear pass.
 *
 * @see https://www.rfc-editor.org/rfc/rfc7515#section-5.2 (step 4)
 * @see https://www.rfc-editor.org/rfc/rfc8259#section-4
 */
export function hasDuplicateMemberNames(text: string): boolean {
  // One entry per open container: the member names seen so far (objects) or null (arrays).
  const stack: (Set<string> | null)[] = [];
  let expectName = false;
  const length = text.length;
  for (let i = 0; i < length; i++) {
    const c = text.charCodeAt(i);
    if (c === QUOTE) {
      const start = i + 1;
      const end = closingQuote(text, start);
      if (end < 0) return false;
      i = end;
      const names = stack[stack.length - 1];
      if (expectName && names) {
        const raw = text.slice(start, end);
        const name = raw.includes('\\') ? (JSON.parse(`"${raw}"`) as string) : raw;
        if (names.has(name)) return true;
        names.add(name);
        expectName = false;
      }
    } else if (c === OPEN_OBJECT) {
      stack.push(new Set());
      expectName = true;
    } else if (c === OPEN_ARRAY) {
      stack.push(null);
      expectName = false;
    } else if (c === CLOSE_OBJECT || c === CLOSE_ARRAY) {
      stack.pop();
      expectName = false;
    } else if (c === COMMA) {
      expectName = stack[stack.length - 1] != null;
    } else if (c === COLON) {
      expectName = false;
    }
  }
  return false;
}

/** Index of the quote closing the string whose content starts at `from` (skips escaped quotes); -1 if none. */
function closingQuote(text: string, from: number): number {
  let end = text.indexOf('"', from);
  while (end > 0 && text.charCodeAt(end - 1) === BACKSLASH) {
    let first = end - 1;
    while (first > from && text.charCodeAt(first - 1) === BACKSLASH) first--;
    if ((end - first) % 2 === 0) break; // an even run of backslashes escapes itself, not the quote
    end = text.indexOf('"', end + 1);
  }
  return end;
}

/** A JSON object (not an array, not null). */
export type JsonObject = Record<string, unknown>;

/** True when `value` is a JSON object: a non-null object that is not an array. */
export function isJsonObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
