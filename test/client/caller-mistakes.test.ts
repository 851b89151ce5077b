/**
 * What a consumer meets at the edges of the client: base URLs with a trailing slash or without a
 * scheme, header names and values that HTTP cannot carry, headers that would override the bound
 * credentials, time-outs too long for a timer, plain-JavaScript inputs of the wrong kind, error
 * bodies that break the declared schema, empty success bodies, and options the bound openapi-fetch
 * client has no place for. Caller mistakes are typed errors at once, never retried network errors.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  ApiError,
  ConfigurationError,
  createBoundFetchClient,
  createMyCreditAppClient,
  RequestValidationError,
  ResponseValidationError,
  TimeoutError,
  type ClientOptions,
  type MyCreditAppClient,
} from "../../src/index.ts";
import { validateResponse } from "../../src/response-validators/index.ts";
import { GUEST_ORG_ID, REQUESTER_ID } from "../support/client.ts";
import { json, startFaultServer, type FaultServer } from "../support/fault-server.ts";
import { namedExamples } from "../support/spec.ts";

let server: FaultServer;
beforeAll(async () => {
  server = await startFaultServer();
});
afterAll(() => server.close());

const connection = namedExamples("getGuestConnection", 200)["active"];
const base = { token: "secret-token", requesterOrganizationId: REQUESTER_ID };

function api(options: Partial<ClientOptions> = {}): MyCreditAppClient {
  return createMyCreditAppClient({ ...base, baseUrl: server.url, retry: { limit: 2, baseDelayMs: 1, maxDelayMs: 2 }, ...options });
}

/** The error of the given class a function throws (or a promise rejects with), for its `loc`s. */
async function thrown<E extends RequestValidationError | ConfigurationError>(kind: new (...args: never[]) => E, run: () => unknown): Promise<E> {
  let caught: unknown;
  try {
    await run();
  } catch (error) {
    caught = error;
  }
  if (!(caught instanceof kind)) throw new Error(`expected a ${kind.name}, got ${String(caught)}`);
  return caught;
}
/** The ConfigurationError of a wrong option of the client or of a call. */
const refusal = (run: () => unknown) => thrown(ConfigurationError, run);

describe("base URLs", () => {
  it("builds the same URL as the bound openapi-fetch client when the base URL ends in a slash", async () => {
    server.handle((_request, response) => json(response, 200, connection));
    for (const baseUrl of [`${server.url}/`, `${server.url}/v1-beta/`, `${server.url}/v1-beta//`]) {
      await api({ baseUrl }).getGuestConnection(GUEST_ORG_ID);
      const methodPath = server.requests[0]?.url.pathname;
      await createBoundFetchClient({ ...base, baseUrl }).GET("/guest-connections/{guest_org_id}", { params: { path: { guest_org_id: GUEST_ORG_ID } } });
      expect(server.requests[1]?.url.pathname, baseUrl).toBe(methodPath);
      expect(methodPath).not.toContain("//");
      server.requests.length = 0;
    }
  });

  it.each(["api.mycreditapp.ai/v1-beta", "ftp://api.mycreditapp.ai", "", "not a url"])("refuses %j when the client is created", async (baseUrl) => {
    const error = await refusal(() => createMyCreditAppClient({ ...base, baseUrl }));
    expect(error.issues.map((issue) => issue.loc)).toEqual([["options", "baseUrl"]]);
  });
});

describe("extra headers", () => {
  it.each([
    ["a name with a space", { "X Trace": "1" }, "X Trace"],
    ["a value with a line break", { "X-Trace": "1\r\nX-Injected: yes" }, "X-Trace"],
    ["a value with a NUL", { "X-Trace": "a\u0000b" }, "X-Trace"],
    ["a value outside Latin-1 (U+0100)", { "X-Trace": "\u0100" }, "X-Trace"],
    ["a value with a line separator (U+2028)", { "X-Trace": "a\u2028b" }, "X-Trace"],
    ...["transfer-encoding", "Upgrade", "expect", "connection", "keep-alive", "host", "content-length", "te"].map(
      (name) => [`the transport header ${name}`, { [name]: "chunked" }, name] as [string, Record<string, string>, string],
    ),
  ])("refuses %s at once, never as a retried network error, and never echoes the value", async (_case, headers, name) => {
    server.handle((_request, response) => json(response, 200, connection));
    const atCreation = await refusal(() => api({ headers }));
    expect(atCreation.issues.map((issue) => issue.loc)).toEqual([["options", "headers", name]]);
    const atCall = await refusal(() => api().getGuestConnection(GUEST_ORG_ID, { headers }));
    expect(atCall.issues.map((issue) => issue.loc)).toEqual([["options", "headers", name]]);
    expect(atCall.message).not.toContain("X-Injected");
    expect(server.requests).toHaveLength(0);
  });

  it.each(["authorization", "AUTHORIZATION", "target-organization-id", "Requester-Organization-ID", "content-type"])(
    "refuses %s, which the client sets itself",
    async (name) => {
      const error = await refusal(() => api().getGuestConnection(GUEST_ORG_ID, { headers: { [name]: "Bearer other" } }));
      expect(error.issues.map((issue) => issue.loc)).toEqual([["options", "headers", name]]);
      expect(await refusal(() => api({ headers: { [name]: "x" } }))).toBeInstanceOf(ConfigurationError);
    },
  );

  it("merges the client's and the call's headers case-insensitively, the call's winning", async () => {
    server.handle((_request, response) => json(response, 200, connection));
    await api({ headers: { "X-Trace": "client", "X-Tenant": "kept" } }).getGuestConnection(GUEST_ORG_ID, { headers: { "x-trace": "call" } });
    const [request] = server.requests;
    expect(request?.headers["x-trace"]).toBe("call");
    expect(request?.headers["x-tenant"]).toBe("kept");
    expect(request?.headers["authorization"]).toBe("Bearer secret-token");
  });
});

describe("time-outs and retry delays", () => {
  it("refuses a time-out longer than a timer can hold, and takes the longest one it can", async () => {
    const error = await refusal(() => api({ timeoutMs: Number.MAX_SAFE_INTEGER }));
    expect(error.issues.map((issue) => issue.loc)).toEqual([["options", "timeoutMs"]]);
    const call = await refusal(() => api().getGuestConnection(GUEST_ORG_ID, { timeoutMs: 2 ** 31 }));
    expect(call.issues.map((issue) => issue.loc)).toEqual([["options", "timeoutMs"]]);
    server.handle((_request, response) => json(response, 200, connection));
    await expect(api({ timeoutMs: 2 ** 31 - 1 }).getGuestConnection(GUEST_ORG_ID)).resolves.toEqual(connection);
    expect((await refusal(() => api({ retry: { maxRetryAfterMs: 2 ** 40 } }))).issues.map((issue) => issue.loc)).toEqual([
      ["options", "retry", "maxRetryAfterMs"],
    ]);
  });
});

describe("plain JavaScript inputs", () => {
  const untyped = (): Record<string, (...args: unknown[]) => Promise<unknown>> => api() as unknown as Record<string, (...args: unknown[]) => Promise<unknown>>;

  it("rejects a signal that is not an AbortSignal asynchronously, with a typed error", async () => {
    let promise: Promise<unknown> | undefined;
    expect(() => {
      promise = untyped()["getGuestConnection"]?.(GUEST_ORG_ID, { signal: "stop" });
    }).not.toThrow();
    const error = await refusal(() => promise);
    expect(error.issues.map((issue) => issue.loc)).toEqual([["options", "signal"]]);
    expect(error.operation).toBe("getGuestConnection");
  });

  it("rejects a null query or options of collectAll and paginate with a typed error", async () => {
    const client = api() as unknown as Record<"collectAll" | "paginate", Record<string, (...args: unknown[]) => AsyncGenerator<unknown> | Promise<unknown>>>;
    const collected = await thrown(RequestValidationError, () => client.collectAll["listGuestConnections"]?.(null));
    expect(collected.issues.map((issue) => issue.loc)).toEqual([["query"]]);
    const walked = await refusal(() => (client.paginate["listGuestConnections"]?.({ statuses: ["connected"] }, null) as AsyncGenerator<unknown>).next());
    expect(walked.issues.map((issue) => issue.loc)).toEqual([["options"]]);
  });

  it("refuses client options of the wrong kind", async () => {
    expect((await refusal(() => createMyCreditAppClient(null as unknown as ClientOptions))).issues.map((issue) => issue.loc)).toEqual([["options"]]);
    const fetchError = await refusal(() => api({ fetch: "fetch" as unknown as ClientOptions["fetch"] }));
    expect(fetchError.issues.map((issue) => issue.loc)).toEqual([["options", "fetch"]]);
    const flagError = await refusal(() => api({ validateRequests: "yes" as unknown as boolean }));
    expect(flagError.issues.map((issue) => issue.loc)).toEqual([["options", "validateRequests"]]);
  });
});

describe("responses", () => {
  // What a stock FastAPI server sends (the facts table): raised errors with a string detail,
  // validation items without `code`, with Pydantic 2's `input` and `ctx`.
  const STOCK_ERRORS: [number, object, string][] = [
    [403, { detail: "Not authenticated" }, "Not authenticated"],
    [401, { detail: "Not authenticated" }, "Not authenticated"],
    [403, { detail: "Invalid authentication credentials" }, "Invalid authentication credentials"],
    [404, { detail: "Guest connection not found" }, "Guest connection not found"],
    [
      422,
      { detail: [{ type: "uuid_parsing", loc: ["path", "guest_org_id"], msg: "Input should be a valid UUID", input: "x", ctx: { error: "invalid length" } }] },
      "Input should be a valid UUID",
    ],
    [422, { detail: [{ loc: ["header", "requester-organization-id"], msg: "field required", type: "value_error.missing" }] }, "field required"],
  ];
  /** The ApiError a detail GET throws when the server answers `status` with `body`, checked to hold both as sent. */
  async function apiErrorFor(status: number, body: object): Promise<ApiError> {
    server.handle((_request, response) => json(response, status, body));
    const thrown = (await api({ validateResponse })
      .getGuestConnection(GUEST_ORG_ID)
      .catch((error: unknown) => error)) as ApiError;
    expect(thrown).toBeInstanceOf(ApiError);
    expect([thrown.status, thrown.body]).toEqual([status, body]);
    return thrown;
  }

  it.each(STOCK_ERRORS)("turns a stock FastAPI %i body into an ApiError whose detail is a list with the message", async (status, body, message) => {
    const thrown = await apiErrorFor(status, body);
    expect(Array.isArray(thrown.detail)).toBe(true);
    expect(thrown.detail.map((item) => item.msg)).toEqual([message]);
    expect(thrown.detail.every((item) => Array.isArray(item.loc))).toBe(true);
    expect(thrown.message).toContain(message);
    // The spec declares these forms: they are no schema violation.
    expect(thrown.schemaViolation).toBeUndefined();
    const raw = await api({ validateResponse }).raw.getGuestConnection(GUEST_ORG_ID);
    expect(raw.error?.status).toBe(status);
  });

  it.each([
    [404, { detail: 404 }],
    [403, { message: "Forbidden" }],
    [401, { detail: [{ msg: 1 }] }],
  ])("keeps a %i with a body outside the error shape an ApiError with validation on, recording the mismatch", async (status, body) => {
    const thrown = await apiErrorFor(status, body);
    expect(thrown.schemaViolation?.path).toMatch(/^\/detail|^$/);
    expect(thrown.detail.every((item) => typeof item.msg === "string" && Array.isArray(item.loc))).toBe(true);
  });

  it("records no mismatch for an error body that matches its schema", async () => {
    server.handle((_request, response) => json(response, 404, namedExamples("getGuestConnection", 404)["connectionNotFound"]));
    const thrown = (await api({ validateResponse })
      .getGuestConnection(GUEST_ORG_ID)
      .catch((error: unknown) => error)) as ApiError;
    expect(thrown.status).toBe(404);
    expect(thrown.schemaViolation).toBeUndefined();
  });

  it.each([
    ["a 204", 204, {}],
    ["an empty 200", 200, { "content-type": "application/json" }],
    ["an empty 200 without a content type", 200, {}],
  ])("reads %s as no data, as openapi-fetch does", async (_case, status, headers) => {
    server.handle((_request, response) => response.writeHead(status, headers).end());
    const result = await api().raw.getGuestConnection(GUEST_ORG_ID);
    expect(result.error).toBeUndefined();
    expect(result.data).toBeUndefined();
    expect(result.response.status).toBe(status);
  });
});

describe("createBoundFetchClient (the exposed fetchClient, by its older name)", () => {
  it("applies the methods' time-out, retries, input checks and response validation", async () => {
    server.handle(() => undefined);
    const stalled = createBoundFetchClient({ ...base, baseUrl: server.url, timeoutMs: 50 }).GET("/guest-connections/{guest_org_id}", {
      params: { path: { guest_org_id: GUEST_ORG_ID } },
    });
    await expect(stalled).rejects.toBeInstanceOf(TimeoutError);
    server.handle((_request, response, index) => (index === 0 ? json(response, 503, { detail: [] }) : json(response, 200, connection)));
    const retried = await createBoundFetchClient({ ...base, baseUrl: server.url, retry: { baseDelayMs: 1 } }).GET("/guest-connections/{guest_org_id}", {
      params: { path: { guest_org_id: GUEST_ORG_ID } },
    });
    expect([retried.data, server.requests.length]).toEqual([connection, 2]);
    const refused = createBoundFetchClient({ ...base, baseUrl: server.url }).GET("/guest-connections", {
      params: { query: { statuses: ["connected"], limit: 1000, offset: 0 } },
    });
    await expect(refused).rejects.toBeInstanceOf(RequestValidationError);
    // The body too, as the caller gave it to openapi-fetch.
    const badBody = createBoundFetchClient({ ...base, baseUrl: server.url }).PATCH("/guest-connections/{guest_org_id}", {
      params: { path: { guest_org_id: GUEST_ORG_ID } },
      body: { archived: "yes" as unknown as boolean },
    });
    expect(((await badBody.catch((error: unknown) => error)) as RequestValidationError).issues.map((issue) => issue.loc)).toEqual([["body", "archived"]]);
    server.handle((_request, response) => json(response, 200, { ...(connection as object), status: 42 }));
    const invalid = createBoundFetchClient({ ...base, baseUrl: server.url, validateResponse }).GET("/guest-connections/{guest_org_id}", {
      params: { path: { guest_org_id: GUEST_ORG_ID } },
    });
    await expect(invalid).rejects.toBeInstanceOf(ResponseValidationError);
  });
});
