/**
 * What the origin receives when a request is let through: incoming `x-edgeward-*` headers removed (a
 * viewer can never forge identity), edgeward's own cookies removed from `Cookie` (by default), the
 * `Authorization` header removed after a Bearer verification, and the verified identity added as
 * `x-edgeward-*` headers when configured. Read-only headers (`Host`, `Via`, …) are never touched.
 *
 * @module
 */
import type { CloudFrontHeaders, CloudFrontRequest } from 'aws-lambda';
import { AuthError } from '../core/errors.js';
import { encodeIdentityList } from '../core/identity-list.js';
import { type CookieSpans, removeCookieSpans, SPAN, SPAN_ENTRY } from '../core/session/cookies.js';
import type { VerifiedToken } from '../core/verify/types.js';
import { headerValues, type ViewerRequest } from './event.js';

declare global {
  /**
   * Whether identity headers (`x-edgeward-*` of the verified token) are compiled in. `edgeward build`
   * defines it (esbuild `define`) as whether the baked site enables `identityHeaders`, so that other
   * bundles drop the code writing them. Undefined outside a bundle: it is there. Incoming `x-edgeward-*`
   * headers are removed in every bundle.
   */
  var EDGEWARD_IDENTITY_HEADERS: boolean | undefined;
}

/** Prefix of the identity headers. */
export const IDENTITY_HEADER_PREFIX = 'x-edgeward-';

/** Longest identity header value forwarded, in characters (a longer value is left out, never cut). */
export const MAX_IDENTITY_HEADER_LENGTH = 2048;

/** How to prepare forwarded requests (fixed per site). */
export interface ForwardOptions {
  /**
   * Finds the cookies edgeward owns (removed from `Cookie`; `SessionCookies.scan`); undefined keeps every
   * cookie. Not called when the request's owned cookies were already found (`ViewerRequest.own`).
   */
  readonly ownCookies?: (headerValues: readonly string[]) => CookieSpans;
  /** Remove the `Authorization` header (Bearer mode: the origin never sees tokens). */
  readonly removeAuthorization: boolean;
  /** Add the verified identity as `x-edgeward-*` headers. */
  readonly identityHeaders: boolean;
  /** Extra claims: header suffix → claim name. */
  readonly claims?: Readonly<Record<string, string>>;
}

/** Prepares the request forwarded to the origin, optionally with the verified token's identity. */
export type Forwarder = (vr: ViewerRequest, identity?: VerifiedToken) => CloudFrontRequest;

/**
 * Printable ASCII is kept; anything else is percent-encoded (UTF-8), so a header value stays valid.
 * Returns `undefined` for a value longer than {@link MAX_IDENTITY_HEADER_LENGTH} once encoded, or one that
 * cannot be encoded (a lone surrogate): left out, never cut or guessed.
 */
function headerSafe(value: string): string | undefined {
  let v = value;
  if (!/^[\x20-\x7e]*$/.test(value)) {
    try {
      v = encodeURIComponent(value);
    } catch {
      return undefined;
    }
  }
  return v.length > MAX_IDENTITY_HEADER_LENGTH ? undefined : v;
}

/** A claim as a header value: a scalar as text, an array of strings as an identity list (`,`). */
function claimText(value: unknown): string | undefined {
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  if (Array.isArray(value) && value.every((v) => typeof v === 'string'))
    return encodeIdentityList(value, ',');
  return undefined;
}

/** One identity header: its lower-case name (CloudFront's map key) and its display `key`. */
interface IdentityHeader {
  readonly name: string;
  readonly key: string;
}

function identityHeader(suffix: string): IdentityHeader {
  return { name: `${IDENTITY_HEADER_PREFIX}${suffix}`, key: `X-Edgeward-${suffix}` };
}

/** `value` as an identity header value ({@link headerSafe}), or undefined when absent, empty or unusable. */
function safe(value: string | undefined): string | undefined {
  return value === undefined || value === '' ? undefined : headerSafe(value);
}

/**
 * {@link safe} for an {@link encodeIdentityList} value, which is printable ASCII already: only its length
 * is checked (the character check, on the string the list was joined into, cost ~0.15 µs per list).
 */
function safeList(value: string | undefined): string | undefined {
  return value === undefined || value === '' || value.length > MAX_IDENTITY_HEADER_LENGTH ? undefined : value;
}

/**
 * Sets one identity header in `headers` when `value` is present, header-safe and not empty (a later
 * header of the same name replaces an earlier one).
 */
function setIdentity(headers: CloudFrontHeaders, header: IdentityHeader, value: string | undefined): void {
  const v = safe(value);
  if (v !== undefined) headers[header.name] = [{ key: header.key, value: v }];
}

/** Writes the verified identity as `x-edgeward-*` headers into `headers`, in order. */
function writeIdentity(
  headers: CloudFrontHeaders,
  token: VerifiedToken,
  claims: readonly (readonly [IdentityHeader, string])[],
): CloudFrontHeaders {
  // One store per header with a literal name: through a shared setter, the store of six different names
  // was a megamorphic keyed store (a runtime lookup each).
  let v = safe(token.sub);
  if (v !== undefined) headers['x-edgeward-sub'] = [{ key: 'X-Edgeward-sub', value: v }];
  v = safe(token.username);
  if (v !== undefined) headers['x-edgeward-username'] = [{ key: 'X-Edgeward-username', value: v }];
  v = safeList(encodeIdentityList(token.groups, ','));
  if (v !== undefined) headers['x-edgeward-groups'] = [{ key: 'X-Edgeward-groups', value: v }];
  v = safeList(encodeIdentityList(token.scopes, ' '));
  if (v !== undefined) headers['x-edgeward-scopes'] = [{ key: 'X-Edgeward-scopes', value: v }];
  v = safe(token.clientId);
  if (v !== undefined) headers['x-edgeward-client-id'] = [{ key: 'X-Edgeward-client-id', value: v }];
  v = safe(token.tokenUse);
  if (v !== undefined) headers['x-edgeward-token-use'] = [{ key: 'X-Edgeward-token-use', value: v }];
  for (const [header, claim] of claims) setIdentity(headers, header, claimText(token.claims[claim]));
  return headers;
}

/** Identity headers kept per verified token object (see {@link createForwarder}). */
const IDENTITY_MEMO_SIZE = 16;

/**
 * Removes the owned cookies found by the scan from the `Cookie` entries: each cut by its span, so
 * unrelated cookies are copied, never parsed. Entries are counted as `headerValues` counts them (string
 * values only), which is what the scan's `entry` indexes.
 */
function stripCookies(headers: CloudFrontHeaders, spans: CookieSpans): void {
  const entries = headers['cookie'];
  if (spans.length === 0 || !Array.isArray(entries)) return;
  const kept: CloudFrontHeaders[string] = [];
  let k = -1;
  let r = 0;
  for (const entry of entries) {
    if (!entry || typeof entry.value !== 'string') {
      kept.push(entry);
      continue;
    }
    k++;
    const start = r;
    while (r < spans.length && spans[r + SPAN_ENTRY] === k) r += SPAN;
    if (start === r) {
      kept.push(entry);
      continue;
    }
    const value = removeCookieSpans(entry.value, spans, start, r);
    if (value !== '') kept.push({ key: entry.key ?? 'Cookie', value });
  }
  if (kept.length === 0) delete headers['cookie'];
  else headers['cookie'] = kept;
}

/** Writes a verified token's identity headers into forwarded headers (see {@link createForwarder}). */
function identityAdder(
  extraClaims: ForwardOptions['claims'],
): (headers: CloudFrontHeaders, token: VerifiedToken) => void {
  const claims = Object.entries(extraClaims ?? {}).map(
    ([suffix, claim]) => [identityHeader(suffix), claim] as const,
  );
  const identities = new Map<VerifiedToken, CloudFrontHeaders>();
  return (headers, token) => {
    // Only a frozen token (one the verifier's cache serves again) is worth remembering: keeping a
    // token verified for this request alone made it, its claims set and its headers survive a scavenge
    // into old space, which cost more than building the headers (written straight into the map).
    if (!Object.isFrozen(token)) {
      writeIdentity(headers, token, claims);
      return;
    }
    let memo = identities.get(token);
    if (memo === undefined) {
      memo = writeIdentity({}, token, claims);
      if (identities.size >= IDENTITY_MEMO_SIZE) identities.delete(identities.keys().next().value!);
      identities.set(token, memo);
    }
    for (const name in memo) headers[name] = memo[name]!;
  };
}

/**
 * Builds the forwarder of a site. Header names are built once here. The identity headers of a frozen
 * verified token (the verifier's cache returns the same frozen object on every hit) are built once and
 * reused while it stays among the last {@link IDENTITY_MEMO_SIZE}, in a plain
 * bounded `Map`: a `WeakMap` keyed by every verified token made the garbage collector's ephemeron
 * processing a per-request cost when tokens are not served from the verifier's cache (figures in
 * docs/verification.md). The shared value lists are never mutated.
 *
 * @throws AuthError `config_invalid` when `identityHeaders` is on in a bundle built without them
 */
export function createForwarder(options: ForwardOptions): Forwarder {
  // (the global is checked in place: esbuild drops the identity headers from a bundle without them only so)
  const addIdentity =
    globalThis.EDGEWARD_IDENTITY_HEADERS !== false && options.identityHeaders
      ? identityAdder(options.claims)
      : undefined;
  if (options.identityHeaders && addIdentity === undefined) {
    throw new AuthError('config_invalid', 'identityHeaders: not in this bundle');
  }
  const ownCookies = options.ownCookies;
  return (vr, token) => {
    const request = vr.request;
    const headers: CloudFrontHeaders = {};
    const source = request.headers;
    for (const name in source) {
      if (name.startsWith(IDENTITY_HEADER_PREFIX)) continue;
      if (options.removeAuthorization && name === 'authorization') continue;
      headers[name] = source[name]!;
    }
    if (ownCookies !== undefined && vr.cookieHeaders.length > 0) {
      vr.own ??= ownCookies(vr.cookieHeaders);
      stripCookies(headers, vr.own);
    }
    if (token && addIdentity !== undefined) addIdentity(headers, token);
    return { ...request, headers };
  };
}

/** True when the request has exactly the header `name` once (helper for Authorization checks). */
export function singleHeader(headers: CloudFrontHeaders, name: string): string | undefined {
  const values = headerValues(headers, name);
  return values.length === 1 ? values[0] : undefined;
}
