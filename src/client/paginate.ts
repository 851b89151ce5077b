/**
 * Walks an offset/limit list operation page by page. Memory stays flat: only the current page is
 * held. It always ends: the offset grows with every non-empty page and never passes the smallest
 * `total_items` seen, so a total that shrinks ends the walk early and one that grows cannot make
 * it run forever (items added after the first page may be missed; see docs/client.md).
 */
import { requestRules } from "../../generated/operations.js";
import type { ErrorDetail, OperationId } from "../../generated/types.js";
import { checkValue } from "../request-checks/check-value.ts";
import { AbortError, ConfigurationError, RequestValidationError, TooManyItemsError } from "./errors.ts";
import type { CallOptions } from "./call-options.ts";

export interface Page<T> {
  items: readonly T[];
  total_items: number;
}

/** The query of a list operation, without `limit` and `offset`, which the walk manages. */
export type PageQuery<Q> = Omit<Q, "limit" | "offset"> & {
  /** Page size, 1 to the spec's maximum (100); defaults to the maximum. */
  limit?: number;
  /** Where to start. Default 0. */
  offset?: number;
};

type ListCall<Q, T> = (query: Q, options?: CallOptions) => Promise<Page<T>>;

const AT_LEAST_ONE = { type: "integer", minimum: 1 } as const;
const AN_OBJECT = { type: "object" } as const;

/**
 * Page size and start offset, checked against the spec's `limit` and `offset` and a minimum page
 * of 1; plain JavaScript can pass anything, so the query and the options must be objects first.
 * `maxItems` is `collectAll`'s cap, checked with the options so that one error names every mistake.
 */
function pageBounds(operation: OperationId, query: unknown, options: unknown, maxItems?: unknown): { limit: number; offset: number } {
  const properties = requestRules[operation].parameters.query?.properties ?? {};
  const issues: ErrorDetail[] = [];
  const given = (checkValue(AN_OBJECT, query, ["query"], issues) ? query : {}) as { limit?: number; offset?: number };
  const limit = given.limit ?? properties["limit"]?.maximum ?? 100;
  const offset = given.offset ?? 0;
  checkValue({ ...properties["limit"], ...AT_LEAST_ONE }, limit, ["query", "limit"], issues);
  if (properties["offset"]) checkValue(properties["offset"], offset, ["query", "offset"], issues);
  // The walk's own options are configuration, not the request's input: their error is its own.
  const optionIssues: ErrorDetail[] = [];
  if (options !== undefined) checkValue(AN_OBJECT, options, ["options"], optionIssues);
  if (maxItems !== undefined) checkValue(AT_LEAST_ONE, maxItems, ["options", "maxItems"], optionIssues);
  if (optionIssues.length > 0) throw new ConfigurationError(operation, optionIssues);
  if (issues.length > 0) throw new RequestValidationError(operation, issues);
  return { limit, offset };
}

export async function* paginate<Q extends { limit: number; offset: number }, T>(
  operation: OperationId,
  list: ListCall<Q, T>,
  query: PageQuery<Q>,
  options: CallOptions = {},
): AsyncGenerator<T, void, undefined> {
  const { limit, offset: start } = pageBounds(operation, query, options);
  let offset = start;
  let end = Infinity;
  while (offset < end) {
    if (options.signal?.aborted) throw new AbortError(operation, options.signal.reason);
    const page = await list({ ...query, limit, offset } as unknown as Q, options);
    end = Math.min(end, page.total_items);
    if (page.items.length === 0) return;
    offset += page.items.length;
    yield* page.items;
  }
}

/** Every item of a list, up to `maxItems`; more than that throws {@link TooManyItemsError}. */
export async function collectAll<Q extends { limit: number; offset: number }, T>(
  operation: OperationId,
  list: ListCall<Q, T>,
  query: PageQuery<Q>,
  options: CallOptions & { maxItems?: number } = {},
): Promise<T[]> {
  const { maxItems = 1000, ...callOptions } = (options ?? {}) as CallOptions & { maxItems?: number };
  const { offset: start } = pageBounds(operation, query, options, maxItems);
  // Fail on the first page when the total already says the cap will be passed.
  const capped: ListCall<Q, T> = async (pageQuery, pageOptions) => {
    const page = await list(pageQuery, pageOptions);
    if (page.total_items - start > maxItems) throw new TooManyItemsError(operation, maxItems);
    return page;
  };
  const items: T[] = [];
  for await (const item of paginate(operation, capped, query, callOptions)) {
    if (items.length === maxItems) throw new TooManyItemsError(operation, maxItems);
    items.push(item);
  }
  return items;
}
