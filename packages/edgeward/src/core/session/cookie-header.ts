/**
 * Parsing every cookie of a request's `Cookie` headers (the login path's routes and the API Gateway
 * cookie token source). In a module of its own: a site's per-request path finds only edgeward's own
 * cookies (`scanCookies`, `cookies.ts`), and esbuild places a module's code in one chunk, so the parser
 * stays out of the code a site loads on a cold start.
 *
 * @see [RFC 6265 - HTTP State Management Mechanism, section 4.2](https://www.rfc-editor.org/rfc/rfc6265.html#section-4.2)
 * @module
 */
import { type CookiePair, cookieValue } from './cookies.js';

/**
 * Parses the values of one or more `Cookie` headers into ordered pairs. Pairs without `=` or with an
 * empty name are skipped; surrounding whitespace is trimmed; duplicate names are all kept in order.
 *
 * @param headerValues - each `Cookie` header's value (CloudFront `headers.cookie[i].value`)
 */
export function parseCookieHeaders(headerValues: readonly string[]): CookiePair[] {
  const pairs: CookiePair[] = [];
  for (const header of headerValues) {
    // The `;`-separated parts, walked in place: `eq` is the next `=` at or
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
        if (name) pairs.push({ name, value: cookieValue(header.slice(eq + 1, end)) });
      }
      start = end + 1;
    }
  }
  return pairs;
}
