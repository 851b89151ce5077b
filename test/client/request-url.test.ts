/**
 * The methods build their URLs without openapi-fetch's serializers; on any input of the kinds the
 * spec has, the URL must be the one openapi-fetch (and so `createBoundFetchClient`) would send.
 */
import fc from "fast-check";
import { createFinalURL, createQuerySerializer, defaultPathSerializer } from "openapi-fetch";
import { describe, expect, it } from "vitest";
import { requestRules } from "../../generated/operations.js";
import { refuseDotSegment } from "../../src/client/refuse-dot-segment.ts";
import { requestUrl as buildUrl } from "../../src/http/request-url.ts";

/** A call's URL as the client builds it: the package's serializers with the client's refusal of a dot-segment. */
const requestUrl = (baseUrl: string, template: string, path?: Record<string, unknown>, query?: Record<string, unknown>): string =>
  buildUrl(baseUrl, template, path, query, refuseDotSegment);
import { createBoundFetchClient, createMyCreditAppClient, RequestValidationError } from "../../src/index.ts";
import { GUEST_ORG_ID, REQUESTER_ID } from "../support/client.ts";

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
        // A value of dots only is where the URLs differ on purpose (see below).
        fc.oneof(text, fc.uuid()).filter((id) => !/^\.{1,2}$/.test(id)),
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

/** Client options whose `fetch` records each URL it is asked for and answers `{}` at once. */
function recordingOptions(urls: string[]) {
  return {
    baseUrl: "https://api.example.test/v1-beta",
    token: "url-test-token",
    requesterOrganizationId: REQUESTER_ID,
    fetch: async (request: Request) => {
      urls.push(request.url);
      return new Response("{}", { status: 200, headers: { "content-type": "application/json" } });
    },
  };
}

/** The URL each surface sends for the same input, checks off so that nothing refuses it: the methods and the openapi-fetch client. */
async function sentUrls(path: Record<string, string>, query: Record<string, unknown>): Promise<{ method: string; bound: string }> {
  const urls: string[] = [];
  const options = recordingOptions(urls);
  await createMyCreditAppClient({ ...options, validateRequests: false }).raw.listGuestConnections(query as never);
  await createBoundFetchClient({ ...options, validateRequests: false }).GET("/guest-connections", { params: { query: query as never } });
  await createMyCreditAppClient({ ...options, validateRequests: false }).raw.getGuestConnection(path["guest_org_id"] as string);
  await createBoundFetchClient({ ...options, validateRequests: false }).GET("/guest-connections/{guest_org_id}", { params: { path: path as never } });
  return { method: `${urls[0]} ${urls[2]}`, bound: `${urls[1]} ${urls[3]}` };
}

describe("what a value can never do, on either surface", () => {
  it("adds a parameter: a query name is encoded", async () => {
    const { method, bound } = await sentUrls({ guest_org_id: GUEST_ORG_ID }, { "limit=1000&x": 1 });
    expect(method).toContain("/guest-connections?limit%3D1000%26x=1 ");
    expect(bound).toBe(method);
  });

  it("send keys the query object inherits", async () => {
    const query = Object.assign(Object.create({ injected: "1" }) as Record<string, unknown>, { limit: 10 });
    const { method, bound } = await sentUrls({ guest_org_id: GUEST_ORG_ID }, query);
    expect(method).toContain("/guest-connections?limit=10 ");
    expect(method).not.toContain("injected");
    expect(bound).toBe(method);
  });

  it.each([".", ".."])("reach another path: an id %j is refused, naming it, and nothing is sent", async (id) => {
    const sent: string[] = [];
    const options = recordingOptions(sent);
    const fromMethod = await createMyCreditAppClient({ ...options, validateRequests: false })
      .getGuestConnection(id)
      .catch((error: unknown) => error);
    const fromBound = await createBoundFetchClient(options)
      .GET("/guest-connections/{guest_org_id}", { params: { path: { guest_org_id: id } } })
      .catch((error: unknown) => error);
    for (const error of [fromMethod, fromBound]) {
      expect(error).toBeInstanceOf(RequestValidationError);
      expect((error as RequestValidationError).issues.map((issue) => issue.loc)).toEqual([["path", "guest_org_id"]]);
    }
    expect(sent).toEqual([]);
  });
});
