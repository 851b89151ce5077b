/**
 * The methods build their URLs without openapi-fetch's serializers; on any input of the kinds the
 * spec has, the URL must be the one openapi-fetch (and so `createBoundFetchClient`) would send.
 */
import fc from "fast-check";
import { createFinalURL, createQuerySerializer, defaultPathSerializer } from "openapi-fetch";
import { describe, expect, it } from "vitest";
import { requestRules } from "../../generated/operations.js";
import { requestUrl } from "../../src/client/request-url.ts";

const querySerializer = createQuerySerializer();
const openapiFetchUrl = (baseUrl: string, template: string, path?: Record<string, unknown>, query?: Record<string, unknown>): string =>
  createFinalURL(template, { baseUrl, params: { ...(path && { path }), ...(query && { query }) }, querySerializer, pathSerializer: defaultPathSerializer });

// Any text, astral characters and URL delimiters included.
const text = fc.string({ unit: "grapheme", maxLength: 20 });
const scalar = fc.oneof(text, fc.integer(), fc.boolean(), fc.constant(null), fc.constant(undefined));
const queryValue = fc.oneof(scalar, fc.array(fc.oneof(text, fc.integer()), { maxLength: 4 }));
const queryName = fc.stringMatching(/^[a-z_]{1,12}$/);

describe("requestUrl", () => {
  it("equals openapi-fetch's URL for every operation's template and any path and query values", () => {
    const templates = Object.values(requestRules).map((rules) => rules.template);
    fc.assert(
      fc.property(
        fc.constantFrom(...templates),
        fc.constantFrom("https://api.mycreditapp.ai/v1-beta", "http://127.0.0.1:4010"),
        fc.oneof(text, fc.uuid()),
        fc.dictionary(queryName, queryValue, { maxKeys: 6 }),
        (template, baseUrl, id, query) => {
          const path = { guest_org_id: id };
          expect(requestUrl(baseUrl, template, path, query)).toBe(openapiFetchUrl(baseUrl, template, path, query));
        },
      ),
      { seed: 20261122, numRuns: 500 },
    );
  });

  it("leaves a missing path parameter in place and drops an empty query, as openapi-fetch does", () => {
    const template = "/guest-connections/{guest_org_id}";
    expect(requestUrl("", template, {}, {})).toBe(openapiFetchUrl("", template, {}, {}));
    expect(requestUrl("", template, undefined, { statuses: [] })).toBe("/guest-connections/{guest_org_id}");
  });
});
