/**
 * Makes a generated (`--dynamic`) answer look like one the API returns. The engine generates it
 * from its schema alone, each field on its own, so:
 * - a page holds up to 100 items whatever `limit` asked for, and any `total_items`: this keeps its
 *   items and derives the rest from the request: at most `limit` items, and a total that agrees
 *   with them (a page shorter than `limit` is the last one; a full page is followed by at most
 *   five more pages);
 * - an item's fields may contradict each other (`archived: false` with an `archived_at`, an
 *   invitation `expired: false` whose `expired_at` has passed, a `sent` one with an `accepted_at`):
 *   each item is made to agree with itself, its flags and statuses kept and the timestamps they
 *   speak of set or cleared to match (see `coherentItem`).
 * The same generated answer always gives the same result, so a seed still makes answers
 * repeatable.
 */
const MORE_PAGES_AT_MOST = 5;

interface Page {
  items: unknown[];
  total_items: number;
}

const isPage = (value: unknown): value is Page =>
  typeof value === "object" && value !== null && Array.isArray((value as Page).items) && Number.isInteger((value as Page).total_items);

/** The page with its size and total made consistent with `limit` and `offset`; anything else unchanged. */
function shapePage(body: unknown, limit: number, offset: number): unknown {
  if (!isPage(body) || !Number.isInteger(limit) || !Number.isInteger(offset) || limit < 0 || offset < 0) return body;
  const items = body.items.slice(0, limit);
  const seen = offset + items.length;
  const more = items.length < limit || limit === 0 ? 0 : Math.abs(body.total_items) % (MORE_PAGES_AT_MOST * limit + 1);
  return { ...body, items, total_items: seen + more };
}

type Item = Record<string, unknown>;
const isItem = (value: unknown): value is Item => typeof value === "object" && value !== null && !Array.isArray(value);
/** The instant of a timestamp, an offset-less one read as UTC (the contract's reading). */
const instant = (value: unknown): number => (typeof value === "string" ? Date.parse(/[zZ]|[+-]\d\d:\d\d$/.test(value) ? value : `${value}Z`) : Number.NaN);

/**
 * One item made to agree with itself, by the fields the contract describes together:
 * - `archived_at` is set exactly when `archived` is (an archived item without one takes its
 *   `updated_at`, the last change);
 * - an invitation's `accepted_at` is set exactly when its `status` says it was accepted (taking its
 *   `last_invitation_sent_at` when missing), and `expired` says whether `expired_at` has passed.
 * Fields the item does not have are left alone; anything that is not an object is returned as it is.
 */
function coherentItem(value: unknown): unknown {
  if (!isItem(value)) return value;
  const item: Item = { ...value };
  if (typeof item["archived"] === "boolean" && "archived_at" in item) {
    if (!item["archived"]) item["archived_at"] = null;
    else if (item["archived_at"] === null) item["archived_at"] = item["updated_at"] ?? null;
  }
  if (typeof item["status"] === "string" && "accepted_at" in item) {
    const accepted = item["status"].startsWith("accepted");
    if (!accepted) item["accepted_at"] = null;
    else if (item["accepted_at"] === null) item["accepted_at"] = item["last_invitation_sent_at"] ?? null;
  }
  const expiresAt = instant(item["expired_at"]);
  if (typeof item["expired"] === "boolean" && !Number.isNaN(expiresAt)) item["expired"] = expiresAt <= Date.now();
  return item;
}

/**
 * A generated answer as the API would give it: a page (`page` given) shaped to its request and
 * each of its items made coherent; any other body (a detail, a PATCH's answer) made coherent itself.
 */
export function shapeDynamicAnswer(body: unknown, page: { limit: number; offset: number } | undefined): unknown {
  if (page === undefined) return coherentItem(body);
  const shaped = shapePage(body, page.limit, page.offset);
  return isPage(shaped) ? { ...shaped, items: shaped.items.map((item) => coherentItem(item)) } : shaped;
}
