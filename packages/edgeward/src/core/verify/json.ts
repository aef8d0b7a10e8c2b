/**
 * Strict JSON helpers for JOSE headers and JWT claims sets.
 *
 * `JSON.parse` silently keeps the last of duplicate member names; RFC 7515 §5.2 step 4 and RFC 7519 §7.2
 * step 10 require a verifier to reject them or use a parser that returns only lexically last members.
 * edgeward rejects them so that no two components can read different values from the same token.
 *
 * @module
 */

const BACKSLASH = 0x5c;
const COLON = 0x3a;
const SPACE = 0x20;
const TAB = 0x09;
const LF = 0x0a;
const CR = 0x0d;

/**
 * True when any JSON object in `text` has two members with the same name (after unescaping).
 *
 * `text` must be valid JSON and `parsed` its `JSON.parse` result (parsed here when omitted). Duplicates
 * are found by counting rather than by collecting names: in valid JSON a string is a member name exactly
 * when the next non-whitespace character is `:`, and `JSON.parse` keeps one own property per distinct
 * name, so the text has more member names than the parsed objects have own properties if and only if
 * some object repeats a name (also when spelled with `\u` escapes). Both counts are linear: string
 * contents are skipped with `indexOf`, and the parsed value is walked without recursion.
 *
 * @see [RFC 7515 - JSON Web Signature, section 5.2 (step 4)](https://www.rfc-editor.org/rfc/rfc7515.html#section-5.2)
 * @see [RFC 8259 - The JSON Data Interchange Format, section 4](https://www.rfc-editor.org/rfc/rfc8259.html#section-4)
 */
export function hasDuplicateMemberNames(text: string, parsed: unknown = JSON.parse(text)): boolean {
  return memberNamesIn(text) !== ownMembersOf(parsed, hasEnumerableInherited());
}

const EMPTY = {};

/** Whether something made a property of `Object.prototype` enumerable (`for…in` would list it). */
function hasEnumerableInherited(): boolean {
  for (const _ in EMPTY) return true;
  return false;
}

/** Number of member names in valid JSON text: strings followed (after whitespace) by `:`. */
function memberNamesIn(text: string): number {
  let count = 0;
  let open = text.indexOf('"');
  while (open >= 0) {
    const close = closingQuote(text, open + 1);
    if (close < 0) break;
    let i = close + 1;
    let c = text.charCodeAt(i);
    while (c === SPACE || c === TAB || c === LF || c === CR) c = text.charCodeAt(++i);
    if (c === COLON) count++;
    open = text.indexOf('"', i);
  }
  return count;
}

/**
 * Number of own properties of every object inside a parsed JSON value (iterative walk), with `for…in`
 * unless `exact` (then `Object.keys`). `for…in` counts the same names without allocating arrays of them
 * (0.17 → 0.06 µs for a Cognito access token's claims set), as long as `Object.prototype` has no
 * enumerable property: a parsed object's only prototype ({@link hasEnumerableInherited} tells).
 */
function ownMembersOf(value: unknown, exact: boolean): number {
  let count = 0;
  const pending: unknown[] = [value];
  while (pending.length > 0) {
    const v = pending.pop();
    if (typeof v !== 'object' || v === null) continue;
    if (Array.isArray(v)) {
      for (const item of v) if (typeof item === 'object' && item !== null) pending.push(item);
      continue;
    }
    if (exact) {
      const names = Object.keys(v);
      count += names.length;
      for (const name of names) {
        const item = (v as Record<string, unknown>)[name];
        if (typeof item === 'object' && item !== null) pending.push(item);
      }
      continue;
    }
    for (const name in v) {
      count++;
      const item = (v as Record<string, unknown>)[name];
      if (typeof item === 'object' && item !== null) pending.push(item);
    }
  }
  return count;
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
