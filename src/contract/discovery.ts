/**
 * Requests that find the deployment's real data, so that `verify` validates real items instead of
 * the empty pages random inputs return: each list first at `offset=0` with only its required
 * inputs (every value of a required enum list, the largest page), then requests derived from the
 * items it returned (the next page, a filter or a search each item matches), and the ids of those
 * items for the operations that read one resource.
 */
import type { OperationRules, RuleSchema } from "../spec/operation-table.ts";
import type { GeneratedRequest, RequestContext } from "./request-generator.ts";

type Item = Record<string, unknown>;

const isItem = (value: unknown): value is Item => typeof value === "object" && value !== null && !Array.isArray(value);

/** The objects of a success body: a page's items, or the body itself. */
export function itemsOf(body: unknown): Item[] {
  if (!isItem(body)) return [];
  const items = body["items"];
  return Array.isArray(items) ? items.filter(isItem) : [body];
}

/** A value the schema allows that asks for the most: every listed value, the largest number, the lowest offset. */
function widest(schema: RuleSchema): unknown {
  const types = ([] as string[]).concat(schema.type ?? []);
  if (types.includes("array")) return schema.items?.enum?.filter((value) => value !== null) ?? [];
  if (types.includes("integer")) return schema.maximum ?? schema.minimum ?? 0;
  return undefined;
}

/** The first request of a list: its required inputs only, at their widest (`offset` at its minimum). */
export function firstPageRequest(operationId: string, rules: OperationRules, context: RequestContext): GeneratedRequest {
  const query = rules.parameters.query;
  const values = Object.fromEntries(
    (query?.required ?? []).map((name) => {
      const schema = query?.properties?.[name] ?? {};
      // The offset is where a page starts: the first page is the one that has items.
      return [name, name === "offset" ? (schema.minimum ?? 0) : widest(schema)];
    }),
  );
  return { operationId, path: {}, header: { ...context.header }, query: values, label: "valid: the first page, required inputs only" };
}

/** The field of an item a query parameter filters on: `archived` → `archived`, `statuses` → `status`, `email_search` → `email`. */
function itemField(name: string, item: Item): string | undefined {
  for (const candidate of [name, name.replace(/es$/, ""), name.replace(/s$/, ""), name.replace(/_search$/, "")]) if (candidate in item) return candidate;
  return undefined;
}

/** Text of `value` that a search for it matches: a few characters from its start. */
const searchText = (value: unknown, schema: RuleSchema): string | undefined => {
  if (typeof value !== "string" || value === "") return undefined;
  const text = [...value].slice(0, Math.max(schema.minLength ?? 1, 3)).join("");
  return schema.maxLength !== undefined && [...text].length > schema.maxLength ? undefined : text;
};

/**
 * Requests that the items of the first page say will return items: the page from the second item
 * on, and for one item each optional filter set to what it holds (a boolean, a listed value, a
 * search for the start of its text).
 */
export function followUpRequests(first: GeneratedRequest, rules: OperationRules, items: readonly Item[]): GeneratedRequest[] {
  const [item] = items;
  if (!item) return [];
  const properties = rules.parameters.query?.properties ?? {};
  const found: GeneratedRequest[] = [];
  if ("offset" in properties && items.length > 1)
    found.push({ ...first, query: { ...first.query, offset: 1 }, label: "valid: the page from the second item on" });
  const filters: Record<string, unknown> = {};
  for (const [name, schema] of Object.entries(properties)) {
    if (name in first.query) continue;
    const types = ([] as string[]).concat(schema.type ?? []);
    if (name === "search_text") {
      // The search is in the field `search_field` names: the first it allows that the item holds as text.
      const field = (properties["search_field"]?.enum ?? []).find((value) => typeof value === "string" && typeof item[value] === "string");
      const text = field === undefined ? undefined : searchText(item[field as string], schema);
      if (text !== undefined) Object.assign(filters, { search_field: field, search_text: text });
      continue;
    }
    const field = itemField(name, item);
    if (field === undefined) continue;
    const value = item[field];
    if (types.includes("boolean") && typeof value === "boolean") filters[name] = value;
    else if (types.includes("array") && schema.items?.enum?.includes(value as string)) filters[name] = [value];
    else if (types.includes("string") && !schema.enum) {
      const text = searchText(value, schema);
      if (text !== undefined) filters[name] = text;
    }
  }
  for (const [name, value] of Object.entries(filters)) {
    if (name === "search_field") continue;
    const query = name === "search_text" ? { search_field: filters["search_field"], search_text: value } : { [name]: value };
    found.push({ ...first, query: { ...first.query, ...query }, label: `valid: filtered by ${name} as the first item has it` });
  }
  if (Object.keys(filters).length > 1) found.push({ ...first, query: { ...first.query, ...filters }, label: "valid: every filter the first item matches" });
  return found;
}

/**
 * The ids a path parameter can take from items seen so far: the values of the item field whose
 * name shares the longest start with the parameter's (`guest_org_id` takes `guest_organization_id`,
 * not `host_organization_id`), when one shares at least a word.
 */
export function idsFor(parameter: string, items: readonly Item[]): string[] {
  const shared = (field: string): number => {
    let length = 0;
    while (length < field.length && field[length] === parameter[length]) length++;
    return length;
  };
  const ids = new Set<string>();
  for (const item of items) {
    const fields = Object.keys(item).filter((field) => typeof item[field] === "string" && field.endsWith("_id"));
    const best = fields.sort((a, b) => shared(b) - shared(a))[0];
    if (best !== undefined && shared(best) > parameter.indexOf("_") && parameter.includes("_")) ids.add(item[best] as string);
  }
  return [...ids];
}
