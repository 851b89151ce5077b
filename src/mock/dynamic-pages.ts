/**
 * Makes a generated (`--dynamic`) page look like one the API returns. The engine generates a page
 * from its schema alone: up to 100 items whatever `limit` asked for, and any `total_items`. This
 * keeps its items and derives the rest from the request: at most `limit` items, and a total that
 * agrees with them (a page shorter than `limit` is the last one; a full page is followed by at
 * most five more pages). The same generated page always gives the same result, so a seed still
 * makes responses repeatable.
 */
const MORE_PAGES_AT_MOST = 5;

interface Page {
  items: unknown[];
  total_items: number;
}

const isPage = (value: unknown): value is Page =>
  typeof value === "object" && value !== null && Array.isArray((value as Page).items) && Number.isInteger((value as Page).total_items);

/** The page with its size and total made consistent with `limit` and `offset`; anything else unchanged. */
export function shapeDynamicPage(body: unknown, limit: number, offset: number): unknown {
  if (!isPage(body) || !Number.isInteger(limit) || !Number.isInteger(offset) || limit < 0 || offset < 0) return body;
  const items = body.items.slice(0, limit);
  const seen = offset + items.length;
  const more = items.length < limit || limit === 0 ? 0 : Math.abs(body.total_items) % (MORE_PAGES_AT_MOST * limit + 1);
  return { ...body, items, total_items: seen + more };
}
