/**
 * Strict parsing of a compact JWS (RFC 7515 §7.1) before any key is looked up or any signature checked.
 *
 * Rejected here with `token_too_large` or `token_malformed`: tokens over the size cap (checked before
 * anything else), anything but three dot-separated parts (a five-part JWE such as a Cognito refresh token
 * is never verified), padded or standard-alphabet base64, non-canonical base64url (trailing bits set),
 * invalid UTF-8, invalid JSON, duplicate member names, and a header or claims set that is not a JSON
 * object. Messages name the failed check, never token contents.
 *
 * @module
 */
import { isAscii } from 'node:buffer';
import { AuthError } from '../errors.js';
import { isRecord } from '../record.js';
import { hasDuplicateMemberNames, type JsonObject } from './json.js';

/** A compact JWS split into its parts, with the header and claims set parsed. Not yet verified. */
export interface ParsedJws {
  /** The JOSE header (RFC 7515 §4), unverified. */
  readonly header: JsonObject;
  /** The JWT claims set (RFC 7519 §4), unverified. */
  readonly payload: JsonObject;
  readonly headerB64: string;
  readonly payloadB64: string;
  /** The base64url signature; may be empty (an unsecured JWS), which no verifier accepts. */
  readonly signatureB64: string;
  /** The signature bytes (decoded once, here). */
  readonly signature: Buffer;
  /** The JWS signing input, `headerB64.payloadB64` (RFC 7515 §5.1 step 8). */
  readonly signingInput: string;
}

const utf8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });

function malformed(message: string): AuthError {
  return new AuthError('token_malformed', message);
}

/**
 * The characters that may end a canonical base64url part of length 2 or 3 modulo 4: those whose bits
 * past the last whole byte are zero (the low 4 bits of a 6-bit value, resp. the low 2 bits).
 */
const CANONICAL_LAST = ['', '', 'AQgw', 'AEIMQUYcgkosw048'];

/**
 * Decodes `part` when it is unpadded base64url (RFC 7515 §2, RFC 4648 §5 without `=`) whose unused
 * trailing bits are zero, so that exactly one string encodes each byte sequence.
 *
 * Node's decoder is lenient: it accepts the standard alphabet's `+` and `/`, stops at `=`, skips
 * whitespace and other characters, and reads a character above U+00FF by its low byte. So `part` is
 * canonical exactly when (1) its length is not 1 more than a multiple of 4, (2) it is ASCII, (3) the
 * decoder produced the full `⌊length × 3 / 4⌋` bytes — any character it skipped or stopped at makes the
 * output shorter —, (4) it holds no `+` or `/`, and (5) the bits of its last
 * character beyond the last whole byte are zero. This is the same set of strings as "re-encoding the
 * bytes gives `part` back" (a property test holds the two equal), without building the ~1 KB re-encoded
 * string per part of every token.
 *
 * @returns the bytes, or `undefined` when `part` is not canonical unpadded base64url
 */
export function decodeCanonicalBase64url(part: string): Buffer | undefined {
  const n = part.length;
  const rest = n % 4;
  if (rest === 1) return undefined;
  // Node reads a character above U+00FF by its low byte (`Ł`, U+0141, as `A`): such a part is not ASCII.
  if (Buffer.byteLength(part, 'utf8') !== n) return undefined;
  const bytes = Buffer.from(part, 'base64url');
  if (bytes.length !== (n * 3) >>> 2 || part.includes('+') || part.includes('/')) return undefined;
  if (rest !== 0 && !CANONICAL_LAST[rest]!.includes(part.charAt(n - 1))) return undefined;
  return bytes;
}

/**
 * True when `part` is unpadded base64url whose unused trailing bits are zero (see
 * {@link decodeCanonicalBase64url}).
 */
export function isCanonicalBase64url(part: string): boolean {
  return decodeCanonicalBase64url(part) !== undefined;
}

function decodeJsonObject(part: string, name: 'header' | 'payload'): JsonObject {
  const bytes = part.length === 0 ? undefined : decodeCanonicalBase64url(part);
  if (bytes === undefined) throw malformed(`JWT ${name} is not unpadded canonical base64url`);
  let text: string;
  // No `cause` for these two: a SyntaxError from `JSON.parse` quotes the text around the fault, i.e. token
  // contents, and a logged error prints its cause.
  try {
    // ASCII (almost every JWT): latin1 decoding gives the same text as UTF-8, without the decoder's cost
    text = isAscii(bytes) ? bytes.toString('latin1') : utf8.decode(bytes);
  } catch {
    throw malformed(`JWT ${name} is not valid UTF-8`);
  }
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    throw malformed(`JWT ${name} is not valid JSON`);
  }
  if (!isRecord(value)) throw malformed(`JWT ${name} is not a JSON object`);
  if (hasDuplicateMemberNames(text, value)) throw malformed(`JWT ${name} has duplicate member names`);
  return value;
}

/**
 * Decoded JOSE headers by their base64url text, for one issuer: its tokens share a handful of headers
 * (one per signing key), so the header is decoded and checked once. The most recent header is compared
 * first (a string comparison, no hashing); others are looked up in a small map, evicting the oldest
 * entry when full. Entries are frozen and must never be mutated.
 */
export class HeaderMemo {
  readonly #entries = new Map<string, JsonObject>();
  readonly #capacity: number;
  #lastText = '';
  #last: JsonObject | undefined;

  /** @param capacity - most headers kept (≥ 1) */
  constructor(capacity: number) {
    this.#capacity = Math.max(1, capacity);
  }

  /** The decoded header for `headerB64`, decoding (and remembering) it when new. */
  decode(headerB64: string): JsonObject {
    if (this.#last !== undefined && headerB64 === this.#lastText) return this.#last;
    let header = this.#entries.get(headerB64);
    if (header === undefined) {
      header = Object.freeze(decodeJsonObject(headerB64, 'header'));
      if (this.#entries.size >= this.#capacity) {
        const oldest = this.#entries.keys().next();
        if (!oldest.done) this.#entries.delete(oldest.value);
      }
      this.#entries.set(headerB64, header);
    }
    this.#lastText = headerB64;
    this.#last = header;
    return header;
  }
}

/**
 * Splits and parses a compact JWS. Nothing is verified.
 *
 * @param token - the compact serialization, as received
 * @param maxBytes - size cap in bytes, checked before any parsing
 * @param headers - optional memo of decoded headers (an issuer's tokens share a handful of headers)
 * @returns the parts with the header and claims set parsed
 * @throws AuthError `token_too_large` over the cap; `token_malformed` for every shape problem
 * @see [RFC 7515 - JSON Web Signature, section 5.2](https://www.rfc-editor.org/rfc/rfc7515.html#section-5.2)
 * @see [RFC 7519 - JSON Web Token, section 7.2](https://www.rfc-editor.org/rfc/rfc7519.html#section-7.2)
 */
export function parseCompactJws(token: string, maxBytes: number, headers?: HeaderMemo): ParsedJws {
  if (typeof token !== 'string' || token.length === 0) throw malformed('token is empty or not a string');
  // UTF-16 length ≤ UTF-8 length; a non-ASCII token under the cap fails the base64url checks below.
  if (token.length > maxBytes) {
    throw new AuthError('token_too_large', `token exceeds the ${maxBytes}-byte cap`);
  }
  const first = token.indexOf('.');
  const second = first < 0 ? -1 : token.indexOf('.', first + 1);
  if (second < 0 || token.indexOf('.', second + 1) >= 0) {
    const parts = token.split('.').length;
    throw malformed(
      parts === 5
        ? 'token has five parts (a JWE, e.g. a refresh token); only a compact JWS is verified'
        : 'token is not a compact JWS of three parts',
    );
  }
  const headerB64 = token.slice(0, first);
  const payloadB64 = token.slice(first + 1, second);
  const signatureB64 = token.slice(second + 1);
  const header = headers ? headers.decode(headerB64) : decodeJsonObject(headerB64, 'header');
  const payload = decodeJsonObject(payloadB64, 'payload');
  const signature = decodeCanonicalBase64url(signatureB64);
  if (signature === undefined) throw malformed('JWT signature is not unpadded canonical base64url');
  return {
    header,
    payload,
    headerB64,
    payloadB64,
    signatureB64,
    signature,
    signingInput: token.slice(0, second),
  };
}
