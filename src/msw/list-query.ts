/**
 * One page of a list, as the API computes it: filter, search, sort, then `offset`/`limit`, with
 * `total_items` counting every match. Absent sort parameters take the spec's `default`s.
 */

export interface ListQuery<T> {
  /** Every condition must hold for an item to be listed. */
  filters: ((item: T) => boolean)[];
  /** Field searched, case-insensitively, for `text` as a substring; no search when `text` is absent. */
  search?: { field: keyof T; text: string } | undefined;
  orderBy: keyof T;
  orderDir: "asc" | "desc";
  /** Breaks ties so that pages never overlap or skip an item. */
  tieBreaker: keyof T;
  limit: number;
  offset: number;
}

/** Compares two field values; `null` sorts last ascending and first descending, as in PostgreSQL. */
function compare(a: unknown, b: unknown): number {
  if (a === b) return 0;
  if (a === null || a === undefined) return 1;
  if (b === null || b === undefined) return -1;
  if (typeof a === "number" && typeof b === "number") return a - b;
  return String(a) < String(b) ? -1 : 1;
}

export function listPage<T>(items: readonly T[], query: ListQuery<T>): { items: T[]; total_items: number } {
  const needle = query.search?.text.toLowerCase();
  const matches = items.filter(
    (item) =>
      query.filters.every((holds) => holds(item)) &&
      (needle === undefined ||
        String(item[query.search?.field as keyof T] ?? "")
          .toLowerCase()
          .includes(needle)),
  );
  const direction = query.orderDir === "desc" ? -1 : 1;
  matches.sort((a, b) => direction * compare(a[query.orderBy], b[query.orderBy]) || compare(a[query.tieBreaker], b[query.tieBreaker]));
  // The spec sets no lower bound on `limit` (0 is among its examples): below 1, a page is empty.
  return { items: matches.slice(query.offset, query.offset + Math.max(0, query.limit)), total_items: matches.length };
}
