/**
 * Compile-time helpers that keep each valibot schema in sync with the runtime type it validates: a schema
 * that accepts a field the type lacks, lacks a field the type has, or types a field differently fails
 * `tsc`.
 *
 * @module
 */

/** Removes `readonly` recursively (schemas infer mutable arrays; runtime types are readonly). */
export type DeepMutable<T> = T extends (...args: never[]) => unknown
  ? T
  : T extends readonly (infer U)[]
    ? DeepMutable<U>[]
    : T extends object
      ? { -readonly [K in keyof T]: DeepMutable<T[K]> }
      : T;

type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;

/** Every key of every member of a union (`keyof` of a union keeps only the common keys). */
type AllKeys<T> = T extends unknown ? keyof T : never;

/** Same key sets, optional keys included (mutual assignability alone ignores a missing optional key). */
type SameKeys<A, B> = [Exclude<AllKeys<A>, AllKeys<B>> | Exclude<AllKeys<B>, AllKeys<A>>] extends [never]
  ? true
  : false;

/**
 * `true` when `Schema` (a schema's inferred output) and `Runtime` are mutually assignable once `readonly`
 * is ignored and have the same top-level keys (nested object types get their own assertion); otherwise
 * not `true`, which {@link Expect} turns into a compile error.
 */
export type AssertSameShape<Schema, Runtime> = [
  Same<DeepMutable<Schema>, DeepMutable<Runtime>>,
  SameKeys<Schema, Runtime>,
] extends [true, true]
  ? true
  : { error: 'schema and runtime type differ'; schema: Schema; runtime: Runtime };

/** Fails to compile unless `T` is `true`: `type _ = Expect<AssertSameShape<A, B>>`. */
export type Expect<T extends true> = T;
