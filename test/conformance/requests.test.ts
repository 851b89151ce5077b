/**
 * Property-based conformance: requests generated from the spec itself, valid and invalid, against
 * the mock server (Prism behind its validating front), the in-process MSW mock and the client's own
 * input checks. Valid requests get the success status with a body that validates against its schema;
 * invalid ones get 422 in the API's error shape naming the broken input; never a 5xx or a hang;
 * and all three agree on what is valid. The seed is fixed (FC_SEED replays another one) and
 * fast-check prints the seed and path of any failure.
 */
import fc from "fast-check";
import { setupServer } from "msw/node";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { operationTable, requestRules } from "../../generated/operations.js";
import { ConfigurationError, createMyCreditAppClient, RequestValidationError, type OperationId } from "../../src/index.ts";
import { createMockStore, createMswHandlers } from "../../src/msw/index.ts";
import { mockUrl } from "../support/client.ts";
import { invalidRequest, toFetch, validRequest, type GeneratedRequest } from "../support/request-arbitraries.ts";
import { responseErrors } from "../support/spec.ts";

const SEED = Number(process.env["FC_SEED"] ?? 20261122);
const RUNS = Number(process.env["FC_RUNS"] ?? 200);
const MSW_BASE = "https://msw.conformance.invalid";
const OPERATIONS = Object.keys(requestRules) as OperationId[];

const server = setupServer(...createMswHandlers({ store: createMockStore(), baseUrl: MSW_BASE }));
beforeAll(() => server.listen({ onUnhandledRequest: (request, print) => (new URL(request.url).hostname === "127.0.0.1" ? undefined : print.error()) }));
afterAll(() => server.close());

/**
 * Whether the client would send the request: true, or the first loc of its refusal: a
 * RequestValidationError for the input, a ConfigurationError for the requester, a client option.
 */
async function clientVerdict(request: GeneratedRequest): Promise<true | (string | number)[] | "not expressible"> {
  if (request.body && "text" in request.body) return "not expressible"; // the client always sends JSON
  const header = request.header;
  if (!header["Requester-Organization-ID"] || !header["Target-Organization-ID"]) return "not expressible"; // it always sends both
  try {
    const api = createMyCreditAppClient({
      baseUrl: "http://client.conformance.invalid",
      token: "conformance-token",
      requesterOrganizationId: header["Requester-Organization-ID"],
      retry: false,
      fetch: async () => Response.json({}, { status: 299 }),
    });
    const options = { targetOrganizationId: header["Target-Organization-ID"] };
    const { pathParameters, request: rules } = operationTable[request.operationId];
    // The method's arguments in the documented order: path parameters, query, body, options.
    const args = [
      ...pathParameters.map((name) => request.path[name]),
      ...(rules.parameters.query ? [request.query] : []),
      ...(rules.body ? [(request.body as { json: unknown }).json] : []),
      options,
    ];
    await (api.raw as unknown as Record<string, (...args: unknown[]) => Promise<unknown>>)[request.operationId]?.(...args);
    return true;
  } catch (error) {
    if (error instanceof RequestValidationError || error instanceof ConfigurationError) return [...(error.issues[0]?.loc ?? [])];
    throw error;
  }
}

/** The client names the requester as its option (`options.requesterOrganizationId`); map it back to the wire's name. */
const wireLoc = (loc: (string | number)[]): (string | number)[] =>
  loc[0] === "options" && loc[1] === "requesterOrganizationId" ? ["header", "Requester-Organization-ID"] : loc;

async function answer(base: string, request: GeneratedRequest): Promise<{ status: number; body: unknown }> {
  const [url, init] = toFetch(base, requestRules[request.operationId].template, request);
  const response = await fetch(url, init);
  const text = await response.text();
  return { status: response.status, body: text === "" ? undefined : JSON.parse(text) };
}

describe.each(OPERATIONS)("%s", (operationId) => {
  const success = operationTable[operationId].success.status;
  it(`answers ${RUNS} valid requests with ${success} and a body that validates, and all three agree`, async () => {
    await fc.assert(
      fc.asyncProperty(validRequest(operationId), async (request) => {
        const prism = await answer(mockUrl(), request);
        expect(prism.status, JSON.stringify(prism.body)).toBe(success);
        expect(responseErrors(operationId, success, prism.body)).toEqual([]);
        const msw = await answer(MSW_BASE, request);
        // The in-process mock's store is empty: where the operation declares a 404, that is a valid answer there.
        expect([success, ...("404" in operationTable[operationId].errors ? [404] : [])]).toContain(msw.status);
        expect(responseErrors(operationId, msw.status, msw.body)).toEqual([]);
        expect(await clientVerdict(request)).toBe(true);
      }),
      { seed: SEED, numRuns: RUNS },
    );
  });

  it(`answers ${RUNS} invalid requests with 422 naming the broken input, and all three agree`, async () => {
    await fc.assert(
      fc.asyncProperty(invalidRequest(operationId), async (request) => {
        for (const base of [mockUrl(), MSW_BASE]) {
          const { status, body } = await answer(base, request);
          expect(status, `${base}: ${JSON.stringify(body)}`).toBe(422);
          expect(responseErrors(operationId, 422, body)).toEqual([]);
          const locs = (body as { detail: { loc: (string | number)[] }[] }).detail.map((item) => item.loc.slice(0, request.broken?.length));
          expect(locs, base).toContainEqual(request.broken);
        }
        const client = await clientVerdict(request);
        if (client !== "not expressible") {
          expect(client, "the client sent an invalid request").not.toBe(true);
          expect(wireLoc(client as (string | number)[]).slice(0, request.broken?.length)).toEqual(request.broken);
        }
      }),
      { seed: SEED + 1, numRuns: RUNS },
    );
  });
});
