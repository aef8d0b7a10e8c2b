/**
 * Cookie parsing, finding edgeward's own cookies, and chunking of values larger than one cookie allows
 * (`Set-Cookie` serialization is in `set-cookie.ts`, loaded only on the login path).
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
 * Parses the values of one or more `Cookie` headers into ordered pairs. Pairs without `=` or with an
 * empty name are skipped; surrounding whitespace is trimmed; duplicate names are all kept in order.
 *
 * @param headerValues - each `Cookie` header's value (CloudFront `headers.cookie[i].value`)
 */
export function parseCookieHeaders(headerValues: readonly string[]): CookiePair[] {
  const pairs: CookiePair[] = [];
  for (const header of headerValues) {
    // The `;`-separated parts, walked in place (this runs on every request): `eq` is the next `=` at or
    // after `start`, searched again only once passed, so the scan stays linear however many parts
    // lack a `=`.
    let eq = -1;
    for (let start = 0; start <= header.length; ) {
      let end = header.indexOf(';', start);
      if (end < 0) end = header.length;
      if (eq < start) eq = header.indexOf('=', start);
      if (eq < 0) break; // no `=` in the rest of this header: no more pairs
      if (eq < end) {
        const name = header.slice(start, eq).trim();
        if (name) {
          let value = header.slice(eq + 1, end).trim();
          if (value.length >= 2 && value.startsWith('"') && value.endsWith('"')) value = value.slice(1, -1);
          pairs.push({ name, value });
        }
      }
      start = end + 1;
    }
  }
  return pairs;
}

/**
 * One cookie found by {@link scanCookies}: a `;`-separated part of a `Cookie` header value whose name
 * starts with a wanted prefix, with where it sits.
 */
export interface CookieRange {
  /** The name, trimmed (as {@link parseCookieHeaders} reads it). */
  readonly name: string;
  /** The value as {@link parseCookieHeaders} reads it; `undefined` for a part without `=`. */
  readonly value: string | undefined;
  /** Index of the header value (CloudFront `headers.cookie[i]`) it is in. */
  readonly entry: number;
  /** Where the part's text starts (after the separator and whitespace). */
  readonly start: number;
  /** Index of the `;` ending the part, or the header value's length. */
  readonly end: number;
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

function rangeAt(header: string, entry: number, start: number): CookieRange {
  let end = header.indexOf(';', start);
  if (end < 0) end = header.length;
  const eq = header.indexOf('=', start);
  if (eq < 0 || eq > end)
    return { name: header.slice(start, end).trim(), value: undefined, entry, start, end };
  let value = header.slice(eq + 1, end).trim();
  if (value.length >= 2 && value.startsWith('"') && value.endsWith('"')) value = value.slice(1, -1);
  return { name: header.slice(start, eq).trim(), value, entry, start, end };
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
 * exactly as {@link parseCookieHeaders} reads them; a part without `=` is included (with no value) so
 * that it can be removed.
 *
 * @param headerValues - each `Cookie` header's value
 * @param prefixes - name prefixes without `=`, `;` or whitespace (e.g. `edgeward.`)
 */
export function scanCookies(headerValues: readonly string[], prefixes: readonly string[]): CookieRange[] {
  const found: CookieRange[] = [];
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
          const range = rangeAt(header, entry, start);
          found.push(range);
          // The next part starts after this one's `;`: its value (a token, kilobytes of base64url) is
          // not searched.
          next = range.end + offset;
        }
        at = header.indexOf(anchor, next);
      }
    }
    if (prefixes.length > 1 && found.length - before > 1) {
      const mine = found.splice(before).sort((a, b) => a.start - b.start);
      for (let i = 0; i < mine.length; i++) {
        // two prefixes can find the same part (one prefix extending the other)
        if (i === 0 || mine[i]!.start !== mine[i - 1]!.start) found.push(mine[i]!);
      }
    }
  }
  return found;
}

/**
 * `header` without the parts `ranges` name (those of this header value, in order): each part is cut
 * with its separator, and separators left at the end are dropped. Returns `header` itself when
 * `ranges` is empty.
 */
export function removeCookieRanges(header: string, ranges: readonly CookieRange[]): string {
  if (ranges.length === 0) return header;
  // The kept text is read from `header` only (never from the string being built, which would make V8
  // flatten it): each removed part goes with its `;` and the whitespace after it; when the last part is
  // removed, the separators before it go too.
  let end = header.length;
  for (let k = ranges.length - 1; k >= 0; k--) {
    const r = ranges[k]!;
    let after = r.end;
    while (after < end && isSeparator(header.charCodeAt(after))) after++;
    if (after < end) break; // a kept part follows
    end = r.start;
    while (end > 0 && isSeparator(header.charCodeAt(end - 1))) end--;
  }
  let out = '';
  let from = 0;
  for (const r of ranges) {
    if (r.start >= end) break;
    out += header.slice(from, r.start);
    from = r.end;
    if (from < header.length) {
      from++; // the `;`
      while (from < header.length && isTrimmed(header.charCodeAt(from))) from++;
    }
  }
  if (from < end) out += header.slice(from, end);
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
