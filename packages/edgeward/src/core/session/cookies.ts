/**
 * Cookies as read from a request: edgeward's own found by name prefix ({@link scanCookies}), values read
 * by name and reassembled from chunks (values larger than one cookie allows). Parsing every cookie is in
 * `cookie-header.ts`, `Set-Cookie` serialization in `set-cookie.ts` (both loaded only on the login path).
 *
 * Parsing keeps every pair in order, across several `Cookie` header entries (CloudFront passes each
 * `Cookie` header line as its own entry), and keeps duplicate names: browsers send the cookie with the
 * longest path first, then the oldest (RFC 6265 §5.4 step 2), and edgeward reads the **first** occurrence
 * of a name, like the `cookie` package. Values are used as sent, never percent-decoded: edgeward's own
 * values are base64url/JWT text.
 *
 * @see [RFC 6265 - HTTP State Management Mechanism, section 5.4](https://www.rfc-editor.org/rfc/rfc6265.html#section-5.4)
 * @module
 */

/** One `name=value` pair as received. */
export interface CookiePair {
  readonly name: string;
  readonly value: string;
}

/**
 * Largest value written in one cookie, in bytes. Browsers store at least 4,096 bytes per cookie for
 * name + value + attributes (RFC 6265 §6.1); 3,800 leaves room for a long name and the attributes.
 */
export const MAX_COOKIE_VALUE_BYTES = 3800;

/** Most chunks one value may be split into (bounds work on hostile input). */
export const MAX_CHUNKS = 8;

/**
 * Where the cookies found by {@link scanCookies} are: {@link SPAN} numbers per `;`-separated part of a
 * `Cookie` header value whose name starts with a wanted prefix, in order — at {@link SPAN_ENTRY} the index
 * of the header value (CloudFront `headers.cookie[i]`), then where the part's text starts (its name, after
 * the separator and whitespace), where it ends (its `;`, or the value's length) and where its `=` is (-1
 * for a part without one). Offsets are UTF-16 indices.
 *
 * Numbers only: a name is compared and a value sliced when read ({@link ownCookieValue}). Besides
 * allocating less per request, this keeps V8's allocation-site pretenuring from making the scan costly. In
 * a long-running process V8 can decide to allocate an object literal's objects straight in old space
 * (measured: the scan's cookie objects, in the benchmark's process); every young string such an object
 * pointed to then survived the next scavenge, ~280 bytes per cache hit copied and promoted. An array of
 * small integers points to nothing.
 */
export type CookieSpans = readonly number[];

/** Numbers per cookie in {@link CookieSpans}. */
export const SPAN = 4;
/** Offsets of each number of a cookie in {@link CookieSpans}. */
export const SPAN_ENTRY = 0;
const SPAN_START = 1;
const SPAN_END = 2;
const SPAN_EQ = 3;

/** A cookie value as read from the text after its `=`: trimmed, without enclosing double quotes. */
export function cookieValue(raw: string): string {
  const value = raw.trim();
  return value.length >= 2 && value.startsWith('"') && value.endsWith('"') ? value.slice(1, -1) : value;
}

/** Characters `String.prototype.trim` removes (ECMAScript WhiteSpace and LineTerminator). */
function isTrimmed(c: number): boolean {
  return (
    c === 0x20 ||
    (c >= 0x09 && c <= 0x0d) ||
    c === 0xa0 ||
    c === 0x1680 ||
    (c >= 0x2000 && c <= 0x200a) ||
    c === 0x2028 ||
    c === 0x2029 ||
    c === 0x202f ||
    c === 0x205f ||
    c === 0x3000 ||
    c === 0xfeff
  );
}

/** `;` or a character `trim` removes: what separates two parts of a `Cookie` header. */
function isSeparator(c: number): boolean {
  return c === 0x3b || isTrimmed(c);
}

/** True when `at` is where a `;`-separated part's text starts (only whitespace since the separator). */
function startsPart(header: string, at: number): boolean {
  let i = at - 1;
  while (i >= 0 && isTrimmed(header.charCodeAt(i))) i--;
  return i < 0 || header.charCodeAt(i) === 0x3b;
}

/** Appends the span of the part starting at `start` of header `entry` to `out`; returns the part's end. */
function pushSpan(out: number[], header: string, entry: number, start: number): number {
  let end = header.indexOf(';', start);
  if (end < 0) end = header.length;
  const eq = header.indexOf('=', start);
  out.push(entry, start, end, eq > end ? -1 : eq);
  return end;
}

/**
 * How many of a prefix's last characters {@link scanCookies} searches for. V8's `indexOf` skips ahead to
 * the pattern's first character; `edgeward.` starts with `e` and `d`, which hex identifiers and UUIDs in
 * analytics cookies are full of, so searching for the whole prefix stopped at most of them: 0.74 µs in
 * a 4 KB `Cookie` header and 2.9 µs in a 9 KB one, against 0.35 µs and 0.38 µs for `ward.` (measured with
 * Node 20 on the benchmark's headers). The end of a prefix (its `.` and the letters before it) is rarer in
 * cookie text than its start, and each hit is confirmed against the whole prefix.
 */
const ANCHOR_CHARS = 5;

/**
 * Finds the cookies whose names start with one of `prefixes`, in order, with `indexOf` on the prefixes
 * instead of parsing every cookie: the work is a native search through the header plus the few parts
 * found, so unrelated cookies (analytics, consent, …) cost almost nothing. Names and values are read
 * exactly as `parseCookieHeaders` (`cookie-header.ts`) reads them; a part without `=` is included (with
 * no value) so that it can be removed.
 *
 * @param headerValues - each `Cookie` header's value
 * @param prefixes - name prefixes without `=`, `;` or whitespace (e.g. `edgeward.`)
 * @returns the {@link CookieSpans} of the parts found
 */
export function scanCookies(headerValues: readonly string[], prefixes: readonly string[]): number[] {
  const found: number[] = [];
  for (let entry = 0; entry < headerValues.length; entry++) {
    const header = headerValues[entry]!;
    const before = found.length;
    for (const prefix of prefixes) {
      // Searched by the prefix's last characters (its anchor), then the whole prefix is compared: see
      // ANCHOR_CHARS.
      const offset = Math.max(0, prefix.length - ANCHOR_CHARS);
      const anchor = prefix.slice(offset);
      let at = header.indexOf(anchor, offset);
      while (at >= 0) {
        const start = at - offset;
        let next = at + 1;
        if (header.startsWith(prefix, start) && startsPart(header, start)) {
          // The next part starts after this one's `;`: its value (a token, kilobytes of base64url) is
          // not searched.
          next = pushSpan(found, header, entry, start) + offset;
        }
        at = header.indexOf(anchor, next);
      }
    }
    // (several prefixes: Amplify naming only, dropped from bundles without it; see EDGEWARD_AMPLIFY_COOKIES)
    if (
      globalThis.EDGEWARD_AMPLIFY_COOKIES !== false &&
      prefixes.length > 1 &&
      found.length - before > SPAN
    ) {
      sortSpans(found, before);
    }
  }
  return found;
}

/**
 * Puts the spans of one header found by several prefixes (from `before` on) in order of their start, each
 * part once: two prefixes can find the same part (one prefix extending the other).
 */
function sortSpans(found: number[], before: number): void {
  const mine: number[][] = [];
  for (let i = before; i < found.length; i += SPAN) mine.push(found.slice(i, i + SPAN));
  mine.sort((a, b) => a[SPAN_START]! - b[SPAN_START]!);
  found.length = before;
  for (let i = 0; i < mine.length; i++) {
    if (i === 0 || mine[i]![SPAN_START] !== mine[i - 1]![SPAN_START]) found.push(...mine[i]!);
  }
}

/**
 * The value of the first cookie named `name` among `spans` (with a value), as {@link firstCookie} reads it
 * from the parsed pairs; `undefined` when there is none.
 *
 * @param headerValues - the `Cookie` header values `spans` were found in
 * @param spans - what {@link scanCookies} found
 * @param name - a cookie name (no `=`, `;` or whitespace)
 */
export function ownCookieValue(
  headerValues: readonly string[],
  spans: CookieSpans,
  name: string,
): string | undefined {
  for (let i = 0; i < spans.length; i += SPAN) {
    const header = headerValues[spans[i + SPAN_ENTRY]!]!;
    const eq = spans[i + SPAN_EQ]!;
    let at = spans[i + SPAN_START]!;
    if (eq < 0 || !header.startsWith(name, at)) continue;
    // the whole name: only whitespace between it and the `=`
    at += name.length;
    while (at < eq && isTrimmed(header.charCodeAt(at))) at++;
    if (at === eq) return cookieValue(header.slice(eq + 1, spans[i + SPAN_END]));
  }
  return undefined;
}

/**
 * Cookie `index` (0, 1, …) of `spans` as a name and value (`undefined` for a part without `=`), read as
 * `parseCookieHeaders` (`cookie-header.ts`) reads them. For diagnostics and tests: the request path reads values by name
 * ({@link ownCookieValue}).
 */
export function ownCookieAt(
  headerValues: readonly string[],
  spans: CookieSpans,
  index: number,
): { name: string; value: string | undefined } {
  const i = index * SPAN;
  const header = headerValues[spans[i + SPAN_ENTRY]!]!;
  const end = spans[i + SPAN_END]!;
  const eq = spans[i + SPAN_EQ]!;
  return {
    name: header.slice(spans[i + SPAN_START], eq < 0 ? end : eq).trim(),
    value: eq < 0 ? undefined : cookieValue(header.slice(eq + 1, end)),
  };
}

/**
 * `header` without the parts of `spans` from offset `from` to `to` (whole cookies: multiples of
 * {@link SPAN}; those of this header value, in order): each part is cut with its separator, and separators
 * left at the end are dropped. Returns `header` itself when there are none.
 */
export function removeCookieSpans(header: string, spans: CookieSpans, from = 0, to = spans.length): string {
  if (to <= from) return header;
  // The kept text is read from `header` only (never from the string being built, which would make V8
  // flatten it): each removed part goes with its `;` and the whitespace after it; when the last part is
  // removed, the separators before it go too.
  let end = header.length;
  for (let k = to - SPAN; k >= from; k -= SPAN) {
    let after = spans[k + SPAN_END]!;
    while (after < end && isSeparator(header.charCodeAt(after))) after++;
    if (after < end) break; // a kept part follows
    end = spans[k + SPAN_START]!;
    while (end > 0 && isSeparator(header.charCodeAt(end - 1))) end--;
  }
  let out = '';
  let kept = 0;
  for (let k = from; k < to; k += SPAN) {
    const start = spans[k + SPAN_START]!;
    if (start >= end) break;
    out += header.slice(kept, start);
    kept = spans[k + SPAN_END]!;
    if (kept < header.length) {
      kept++; // the `;`
      while (kept < header.length && isTrimmed(header.charCodeAt(kept))) kept++;
    }
  }
  if (kept < end) out += header.slice(kept, end);
  return out;
}

/** The first value of cookie `name`, or `undefined`. */
export function firstCookie(pairs: readonly CookiePair[], name: string): string | undefined {
  for (const p of pairs) if (p.name === name) return p.value;
  return undefined;
}

/** True when `name` occurs more than once with different values (ambiguous; logged by callers). */
export function hasConflictingDuplicates(pairs: readonly CookiePair[], name: string): boolean {
  let first: string | undefined;
  for (const p of pairs) {
    if (p.name !== name) continue;
    if (first === undefined) first = p.value;
    else if (p.value !== first) return true;
  }
  return false;
}

/** Name of chunk `index` of cookie `base`: `<base>.<index>`. */
export function chunkName(base: string, index: number): string {
  return `${base}.${index}`;
}

/** Reads the first value of a cookie by name (from parsed pairs, or from a {@link scanCookies} result). */
export type CookieLookup = (name: string) => string | undefined;

/**
 * Reads cookie `base`, reassembling numbered chunks when the unchunked cookie is absent. Chunks are read
 * from `base.0` upward until the first missing index.
 *
 * @param source - the request's cookies, or a lookup of the first value of a name
 * @returns the value, or `undefined` when neither the cookie nor chunk 0 is present
 */
export function readChunkedCookie(
  source: readonly CookiePair[] | CookieLookup,
  base: string,
): string | undefined {
  const first: CookieLookup = typeof source === 'function' ? source : (name) => firstCookie(source, name);
  const whole = first(base);
  if (whole !== undefined) return whole;
  let out: string | undefined;
  for (let i = 0; i < MAX_CHUNKS; i++) {
    const part = first(chunkName(base, i));
    if (part === undefined) break;
    out = (out ?? '') + part;
  }
  return out;
}
