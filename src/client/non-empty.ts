/**
 * Some filters need at least one value (`statuses` has `minItems: 1`), and their types say so: a
 * tuple of one or more. A UI's multi-select holds a plain array; `isNonEmpty` is the check that
 * turns it into one the client accepts, so the empty case is handled where the UI knows what it
 * means, instead of as a 422.
 */

/** One or more values, readonly or not: what a `minItems: 1` array parameter takes. */
export type NonEmptyArray<T> = readonly [T, ...T[]];

/** True when `values` holds at least one value; narrows it to {@link NonEmptyArray}. */
export function isNonEmpty<T>(values: readonly T[]): values is NonEmptyArray<T> {
  return values.length > 0;
}
