/**
 * Small valibot building blocks whose error messages say what is expected, so that every configuration
 * error reads `<field path>: expected …`. Used only at build time (CLI/CDK); never bundled.
 *
 * @module
 */
import * as v from 'valibot';

/** `expected a non-empty string`. */
export function nonEmptyString(message = 'expected a non-empty string') {
  return v.pipe(v.string(message), v.minLength(1, message));
}

/** A non-empty array of non-empty strings: `expected a non-empty array of strings`. */
export function nonEmptyStringArray(message = 'expected a non-empty array of strings') {
  return v.pipe(v.array(nonEmptyString(message), message), v.minLength(1, message));
}

/** An array of non-empty strings, possibly empty: `expected an array of strings`. */
export function stringArray(message = 'expected an array of strings') {
  return v.array(nonEmptyString(message), message);
}

/** An integer in `[min, max]`, with a message naming the range and the unit. */
export function integerIn(min: number, max: number, unit = '') {
  const suffix = unit ? ` ${unit}` : '';
  const message =
    max === Number.MAX_SAFE_INTEGER
      ? `expected an integer >= ${min}${suffix}`
      : `expected an integer from ${min} to ${max}${suffix}`;
  return v.pipe(v.number(message), v.integer(message), v.minValue(min, message), v.maxValue(max, message));
}

/** A boolean: `expected true or false`. */
export function boolean() {
  return v.boolean('expected true or false');
}

/** True when `value` parses as an absolute URL with one of `protocols` (e.g. `['https:']`). */
export function isUrlWith(value: string, protocols: readonly string[]): boolean {
  try {
    return protocols.includes(new URL(value).protocol);
  } catch {
    return false;
  }
}

/**
 * An absolute URL. `https:` only unless `allowHttp`, in which case `http:` is accepted too (local stack and
 * tests on 127.0.0.1; the issuer's `jwksPolicy.allowHttp` must also be set for the verifier to use it).
 */
export function url(allowHttp = true) {
  const message = allowHttp ? 'expected an absolute http(s) URL' : 'expected an absolute https URL';
  return v.pipe(
    v.string(message),
    v.check((s) => isUrlWith(s, allowHttp ? ['https:', 'http:'] : ['https:']), message),
  );
}

/** One of the listed strings: `expected one of "a", "b"`. */
export function oneOf<const T extends readonly [string, ...string[]]>(options: T) {
  return v.picklist(options, `expected one of ${options.map((o) => JSON.stringify(o)).join(', ')}`);
}

/** An object with exactly the given fields (unknown fields are reported as such). */
export function strict<const E extends v.ObjectEntries>(entries: E) {
  return v.strictObject(entries, 'unknown field');
}

/** The message a leaf schema reports, for "missing required field" errors. */
export function expectationOf(schema: unknown): string | undefined {
  let s = schema as { message?: unknown; pipe?: readonly unknown[]; wrapped?: unknown } | undefined;
  for (let depth = 0; s && depth < 5; depth++) {
    if (typeof s.message === 'string') return s.message;
    if (s.pipe) s = s.pipe[0] as typeof s;
    else if (s.wrapped) s = s.wrapped as typeof s;
    else return undefined;
  }
  return undefined;
}
