/**
 * The authorizer result's `context`: flat, string/number/boolean values only (REST and WebSocket reject
 * anything else with a 500), size-bounded. Built only from VERIFIED claims.
 *
 * @see https://docs.aws.amazon.com/apigateway/latest/developerguide/api-gateway-lambda-authorizer-output.html
 * @module
 */
import type { VerifiedToken } from '../core/verify/types.js';
import { type ContextConfig, DEFAULT_CONTEXT_MAX_BYTES } from './config.js';

/** A value API Gateway accepts in a REST `context`. */
export type ContextValue = string | number | boolean;

/** The flattened context plus the keys dropped by the size bound. */
export interface BuiltContext {
  readonly context: Readonly<Record<string, ContextValue>>;
  /** Keys left out because adding them would exceed `maxBytes`. */
  readonly dropped: readonly string[];
}

/**
 * Flattens one claim value to a context value: strings, finite numbers and booleans as they are; an array
 * whose items are all such scalars joined with `,`; anything else (object, null, nested array, NaN) →
 * `undefined` (left out). Never returns an array or an object.
 */
export function flattenClaimValue(value: unknown): ContextValue | undefined {
  if (typeof value === 'string' || typeof value === 'boolean') return value;
  if (typeof value === 'number') return Number.isFinite(value) ? value : undefined;
  if (Array.isArray(value)) {
    const items: string[] = [];
    for (const item of value) {
      const flat = typeof item === 'object' ? undefined : flattenClaimValue(item);
      if (flat === undefined) return undefined;
      items.push(String(flat));
    }
    return items.join(',');
  }
  return undefined;
}

/** Context key for a claim name: every character outside `[A-Za-z0-9_]` becomes `_`. */
export function contextKey(claim: string): string {
  return claim.replace(/[^A-Za-z0-9_]/g, '_');
}

function entryBytes(key: string, value: ContextValue): number {
  return (
    Buffer.byteLength(JSON.stringify(key), 'utf8') + 1 + Buffer.byteLength(JSON.stringify(value), 'utf8')
  );
}

/**
 * Builds the context for a verified token: `sub`, `username`, `client_id`, `token_use` (when present),
 * `scope` (space-separated, possibly empty), `groups` (joined with `,`, possibly empty), then
 * `config.extraClaims` (a fixed key is never overwritten). The JSON encoding stays within
 * `config.maxBytes` (default {@link DEFAULT_CONTEXT_MAX_BYTES}); entries that would exceed it are dropped.
 */
export function buildContext(token: VerifiedToken, config: ContextConfig = {}): BuiltContext {
  const maxBytes = config.maxBytes ?? DEFAULT_CONTEXT_MAX_BYTES;
  const scopeClaim = token.claims['scope'];
  // Built in place, in the documented key order (no intermediate entry list: this runs per invocation).
  const all: Record<string, ContextValue> = {};
  if (token.sub !== '') all['sub'] = token.sub;
  if (token.username !== undefined) all['username'] = token.username;
  if (token.clientId !== undefined) all['client_id'] = token.clientId;
  if (token.tokenUse !== undefined) all['token_use'] = token.tokenUse;
  all['scope'] = typeof scopeClaim === 'string' ? scopeClaim : token.scopes.join(' ');
  all['groups'] = token.groups.join(',');
  for (const claim of config.extraClaims ?? []) {
    const key = contextKey(claim);
    // `__proto__` would set the prototype instead of a key: never a context key
    if (FIXED_KEYS.has(key) || key === '__proto__' || Object.hasOwn(all, key)) continue;
    const value = flattenClaimValue(token.claims[claim]);
    if (value !== undefined) all[key] = value;
  }
  // common case: everything fits — proven by a bound when possible, else measured once
  if (jsonBytesAtMost(all) <= maxBytes || Buffer.byteLength(JSON.stringify(all), 'utf8') <= maxBytes)
    return { context: all, dropped: NONE };
  const context: Record<string, ContextValue> = {};
  const dropped: string[] = [];
  let size = 2; // "{}"
  for (const [key, value] of Object.entries(all)) {
    const add = entryBytes(key, value) + (size > 2 ? 1 : 0);
    if (size + add > maxBytes) {
      dropped.push(key);
      continue;
    }
    context[key] = value;
    size += add;
  }
  return { context, dropped };
}

const NONE: readonly string[] = Object.freeze([]);

/** The keys {@link buildContext} always sets itself; `extraClaims` never overwrite them. */
const FIXED_KEYS: ReadonlySet<string> = new Set([
  'sub',
  'username',
  'client_id',
  'token_use',
  'scope',
  'groups',
]);

/**
 * An upper bound of the UTF-8 size of `JSON.stringify(flat)` without building it: one UTF-16 unit of a
 * string is at most 6 bytes once escaped (`\u001f`) or encoded (3 bytes), a finite number or boolean is
 * at most 24 characters; plus quotes, `:` and `,` per entry and the braces.
 */
function jsonBytesAtMost(flat: Readonly<Record<string, ContextValue>>): number {
  let bytes = 2;
  for (const key in flat) {
    const value = flat[key];
    bytes += key.length * 6 + 4 + (typeof value === 'string' ? value.length * 6 + 2 : 24);
  }
  return bytes;
}
