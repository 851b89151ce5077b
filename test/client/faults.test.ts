/**
 * The client against a local server that produces the faults Prism cannot: rate limits, 5xx then
 * success, dropped connections, slow and malformed responses, a total that shrinks during a walk,
 * and a token function that throws. Retry back-off is shortened so the suite stays fast.
 */
import type { ServerResponse } from "node:http";
import { gzipSync } from "node:zlib";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  AbortError,
  ApiError,
  ConfigurationError,
  createMyCreditAppClient,
  InvalidResponseError,
  MyCreditAppError,
  NetworkError,
  ResponseValidationError,
  TimeoutError,
  TokenError,
  type ClientOptions,
  type GuestConnection,
} from "../../src/index.ts";
import { validateResponse } from "../../src/response-validators/index.ts";
import { GUEST_ORG_ID, REQUESTER_ID } from "../support/client.ts";
import { renderings } from "../support/renderings.ts";
import { json, startFaultServer, type FaultServer } from "../support/fault-server.ts";
import { namedExamples } from "../support/spec.ts";

const SECRET = "eyJhbGciOiJIUzI1NiJ9.c2VjcmV0LXRva2VuLXZhbHVl.c2lnbmF0dXJl";
const query = { statuses: ["connected"], limit: 10, offset: 0 } as const;
const connection = namedExamples("getGuestConnection", 200)["active"] as GuestConnection;
const page = (items: unknown[], total: number) => ({ items, total_items: total });

let server: FaultServer;
beforeAll(async () => {
  server = await startFaultServer();
});
afterAll(() => server.close());

const fastRetry = { baseDelayMs: 1, maxDelayMs: 5 };
function api(options: Partial<ClientOptions> = {}) {
  return createMyCreditAppClient({ baseUrl: server.url, token: SECRET, requesterOrganizationId: REQUESTER_ID, retry: fastRetry, validateResponse, ...options });
}

const caught = (promise: Promise<unknown>): Promise<unknown> =>
  promise.then(
    (value) => {
      throw new Error(`expected a rejection, got ${JSON.stringify(value)}`);
    },
    (error: unknown) => error,
  );

describe("retries", () => {
  it("waits as long as Retry-After says after a 429, then succeeds", async () => {
    server.handle((_request, response, index) => (index === 0 ? json(response, 429, { detail: [] }, { "retry-after": "1" }) : json(response, 200, connection)));
    const started = performance.now();
    const result = await api().getGuestConnection(GUEST_ORG_ID);
    expect(result).toEqual(connection);
    expect(server.requests).toHaveLength(2);
    expect(performance.now() - started).toBeGreaterThanOrEqual(950);
  });

  it("does not wait for a Retry-After beyond maxRetryAfterMs: the 429 is returned", async () => {
    server.handle((_request, response) => json(response, 429, { detail: [] }, { "retry-after": "120" }));
    const error = await caught(api().getGuestConnection(GUEST_ORG_ID));
    expect(error).toBeInstanceOf(ApiError);
    expect((error as ApiError).status).toBe(429);
    expect(server.requests).toHaveLength(1);
  });

  it("retries a 503 and returns the 200 that follows", async () => {
    server.handle((_request, response, index) => (index === 0 ? json(response, 503, { detail: [] }) : json(response, 200, page([connection], 1))));
    const result = await api().listGuestConnections(query);
    expect(result.items).toEqual([connection]);
    expect(server.requests).toHaveLength(2);
  });

  it("gives up after the retry limit and returns the last error", async () => {
    server.handle((_request, response) => json(response, 502, { detail: [] }));
    const error = await caught(api({ retry: { ...fastRetry, limit: 3 } }).listGuestConnections(query));
    expect((error as ApiError).status).toBe(502);
    expect(server.requests).toHaveLength(4);
  });

  it("retries a dropped connection on a GET", async () => {
    server.handle((request, response, index) => (index === 0 ? request.socket.destroy() : json(response, 200, connection)));
    expect(await api().getGuestConnection(GUEST_ORG_ID)).toEqual(connection);
    expect(server.requests).toHaveLength(2);
  });

  it("reports a NetworkError when the connection keeps dropping", async () => {
    server.handle((request) => request.socket.destroy());
    const error = await caught(api().getGuestConnection(GUEST_ORG_ID));
    expect(error).toBeInstanceOf(NetworkError);
    expect(server.requests).toHaveLength(3);
  });

  it("never retries the PATCH, neither after a 503 nor after a dropped connection", async () => {
    server.handle((_request, response) => json(response, 503, { detail: [] }));
    expect(((await caught(api().archiveGuestConnection(GUEST_ORG_ID))) as ApiError).status).toBe(503);
    expect(server.requests).toHaveLength(1);
    server.handle((request) => request.socket.destroy());
    expect(await caught(api().archiveGuestConnection(GUEST_ORG_ID))).toBeInstanceOf(NetworkError);
    expect(server.requests).toHaveLength(1);
  });

  it("can be switched off for the client or for one call", async () => {
    server.handle((_request, response) => json(response, 503, { detail: [] }));
    await caught(api({ retry: false }).getGuestConnection(GUEST_ORG_ID));
    expect(server.requests).toHaveLength(1);
    server.handle((_request, response) => json(response, 503, { detail: [] }));
    await caught(api().getGuestConnection(GUEST_ORG_ID, { retry: false }));
    expect(server.requests).toHaveLength(1);
  });
});

describe("time-outs and aborts", () => {
  const slow = (ms: number) => (_request: unknown, response: ServerResponse) => {
    const timer = setTimeout(() => json(response, 200, connection), ms);
    response.on("close", () => clearTimeout(timer));
  };

  it("throws a TimeoutError when the response is slower than the time-out", async () => {
    server.handle(slow(2_000));
    const error = await caught(api({ timeoutMs: 100 }).getGuestConnection(GUEST_ORG_ID));
    expect(error).toBeInstanceOf(TimeoutError);
    expect((error as TimeoutError).timeoutMs).toBe(100);
    expect(server.requests).toHaveLength(1);
  });

  it("takes a per-call time-out over the client's", async () => {
    server.handle(slow(300));
    expect(await api({ timeoutMs: 50 }).getGuestConnection(GUEST_ORG_ID, { timeoutMs: 5_000 })).toEqual(connection);
    server.handle(slow(2_000));
    expect(await caught(api({ timeoutMs: 5_000 }).getGuestConnection(GUEST_ORG_ID, { timeoutMs: 50 }))).toBeInstanceOf(TimeoutError);
  });

  it("bounds retries and their waits by the time-out", async () => {
    server.handle((_request, response) => json(response, 503, { detail: [] }, { "retry-after": "5" }));
    const error = await caught(api({ timeoutMs: 200 }).getGuestConnection(GUEST_ORG_ID));
    expect(error).toBeInstanceOf(TimeoutError);
    expect(server.requests).toHaveLength(1);
  });

  it("aborts the request on a time-out, so that the server sees it closed, whichever surface made it", async () => {
    let closedEarly = 0;
    server.handle((_request, response) => {
      const timer = setTimeout(() => json(response, 200, connection), 2_000);
      response.on("close", () => {
        if (!response.writableFinished) closedEarly++;
        clearTimeout(timer);
      });
    });
    const client = api({ timeoutMs: 50 });
    const calls = [
      client.getGuestConnection(GUEST_ORG_ID),
      client.getGuestConnection(GUEST_ORG_ID, { signal: new AbortController().signal }),
      client.raw.getGuestConnection(GUEST_ORG_ID),
      client.fetchClient.GET("/guest-connections/{guest_org_id}", { params: { path: { guest_org_id: GUEST_ORG_ID } } }),
    ];
    const started = performance.now();
    for (const error of await Promise.all(calls.map(caught))) expect(error).toBeInstanceOf(TimeoutError);
    expect(performance.now() - started).toBeLessThan(1_000);
    await expect.poll(() => closedEarly, { timeout: 500 }).toBe(calls.length);
    // The client stays usable.
    server.handle(slow(0));
    expect(await client.getGuestConnection(GUEST_ORG_ID)).toEqual(connection);
  });

  it("throws an AbortError when the caller's signal fires, and sends nothing for an aborted signal", async () => {
    server.handle(slow(2_000));
    const controller = new AbortController();
    setTimeout(() => controller.abort(new Error("user navigated away")), 50);
    const error = await caught(api().getGuestConnection(GUEST_ORG_ID, { signal: controller.signal }));
    expect(error).toBeInstanceOf(AbortError);
    expect((error as AbortError).cause).toEqual(new Error("user navigated away"));
    server.handle(slow(0));
    expect(await caught(api().getGuestConnection(GUEST_ORG_ID, { signal: controller.signal }))).toBeInstanceOf(AbortError);
    expect(server.requests).toHaveLength(0);
  });
});

describe("malformed responses", () => {
  it("throws an InvalidResponseError for a 200 with a malformed JSON body", async () => {
    server.handle((_request, response) => response.writeHead(200, { "content-type": "application/json" }).end('{"items": ['));
    const error = await caught(api().listGuestConnections(query));
    expect(error).toBeInstanceOf(InvalidResponseError);
    expect((error as Error).message).toMatch(/listGuestConnections: HTTP 200 response is not valid JSON/);
  });

  it("throws an InvalidResponseError for a 200 that is not JSON at all", async () => {
    server.handle((_request, response) => response.writeHead(200, { "content-type": "text/html" }).end("<html>maintenance</html>"));
    const error = await caught(api().listGuestConnections(query));
    expect(error).toBeInstanceOf(InvalidResponseError);
    expect((error as Error).message).toContain('content-type "text/html"');
  });

  it("keeps a non-JSON error body as text in the ApiError", async () => {
    server.handle((_request, response) => response.writeHead(502, { "content-type": "text/html" }).end("<h1>Bad gateway</h1>"));
    const error = await caught(api({ retry: false }).listGuestConnections(query));
    expect((error as ApiError).status).toBe(502);
    expect((error as ApiError).body).toBe("<h1>Bad gateway</h1>");
    expect((error as ApiError).detail).toEqual([]);
  });

  it("reads the request id and the detail items of an error", async () => {
    const detail = [{ loc: [], msg: "Guest connection not found", type: "request", code: "not_found" }];
    server.handle((_request, response) => json(response, 404, { detail }, { "x-request-id": "req-42" }));
    const error = await caught(api().getGuestConnection(GUEST_ORG_ID));
    expect(error).toMatchObject({ name: "ApiError", status: 404, requestId: "req-42", detail, operation: "getGuestConnection" });
    expect((error as Error).message).toBe("getGuestConnection: HTTP 404 Guest connection not found (request id req-42)");
  });

  it("with validation on, reports the exact path of a response that breaks the schema", async () => {
    server.handle((_request, response) => json(response, 200, page([connection, { ...connection, guest_email: 42 }], 2)));
    const error = await caught(api().listGuestConnections(query));
    expect(error).toBeInstanceOf(ResponseValidationError);
    expect((error as ResponseValidationError).path).toBe("/items/1/guest_email");
    expect(await api({ validateResponse: undefined }).listGuestConnections(query)).toMatchObject({ total_items: 2 });
  });
});

describe("answers longer than maxResponseBytes", () => {
  /** Writes `chunks` chunks of 64 KiB, chunked (no length declared), unless the client goes away first; resolves how many were written. */
  function chunked(status: number, chunks: number): Promise<number> {
    return new Promise((resolve) => {
      server.handle((_request, response) => {
        response.writeHead(status, { "content-type": "application/json" });
        let written = 0;
        const next = (): void => {
          if (written === chunks || response.destroyed) return void (response.end(), resolve(written));
          written += 1;
          if (response.write(`"${"x".repeat(64 * 1024 - 2)}"`)) setImmediate(next);
          else response.once("drain", next);
        };
        response.on("close", () => resolve(written));
        next();
      });
    });
  }

  it.each([200, 404])("fails a %i whose chunked body passes the limit, and stops reading it", async (status) => {
    const written = chunked(status, 1024);
    const error = await caught(api({ maxResponseBytes: 256 * 1024, retry: false }).getGuestConnection(GUEST_ORG_ID));
    expect(error).toBeInstanceOf(InvalidResponseError);
    expect((error as Error).message).toBe(`getGuestConnection: HTTP ${status} response is longer than maxResponseBytes (262144)`);
    // The client let go of the connection: the server never wrote its 64 MiB.
    expect(await written).toBeLessThan(1024);
  });

  it("fails at once an answer that declares a longer body, without waiting for it", async () => {
    server.handle((_request, response) => {
      response.writeHead(200, { "content-type": "application/json", "content-length": String(64 * 1024 * 1024) });
      response.write("[");
    });
    const error = await caught(api({ maxResponseBytes: 1024, timeoutMs: 5_000 }).getGuestConnection(GUEST_ORG_ID));
    expect(error).toBeInstanceOf(InvalidResponseError);
    expect((error as Error).message).toContain("longer than maxResponseBytes (1024)");
  });

  it("counts a compressed answer as it unpacks, not by its declared length", async () => {
    const packed = gzipSync(JSON.stringify({ ...connection, guest_name: " ".repeat(4 * 1024 * 1024) }));
    server.handle((_request, response) => {
      response.writeHead(200, { "content-type": "application/json", "content-encoding": "gzip", "content-length": String(packed.length) });
      response.end(packed);
    });
    expect(packed.length).toBeLessThan(64 * 1024);
    const error = await caught(api({ maxResponseBytes: 1024 * 1024 }).getGuestConnection(GUEST_ORG_ID));
    expect(error).toBeInstanceOf(InvalidResponseError);
    expect((error as Error).message).toContain("longer than maxResponseBytes (1048576)");
  });

  it("reads a chunked answer within the limit as it is, its URL kept for a middleware", async () => {
    server.handle((_request, response) => {
      response.writeHead(200, { "content-type": "application/json" });
      response.end(JSON.stringify(connection));
    });
    const client = api({ maxResponseBytes: 64 * 1024 });
    const urls: string[] = [];
    client.fetchClient.use({ onResponse: ({ response }) => void urls.push(response.url) });
    expect(await client.getGuestConnection(GUEST_ORG_ID)).toEqual(connection);
    expect(urls).toEqual([`${server.url}/guest-connections/${GUEST_ORG_ID}`]);
  });
});

describe("pagination when the server changes", () => {
  it("stops at the new total when total_items shrinks mid-iteration", async () => {
    server.handle((request, response) => {
      const offset = Number(new URL(request.url ?? "", server.url).searchParams.get("offset"));
      // 10 items at first; from the second page on, only 5 remain.
      json(response, 200, page(offset < 5 ? [connection, connection] : [], offset === 0 ? 10 : 5));
    });
    const items: unknown[] = [];
    for await (const item of api().paginate.listGuestConnections({ statuses: ["connected"], limit: 2 })) items.push(item);
    expect(items).toHaveLength(6);
    expect(server.requests.map((request) => request.url.searchParams.get("offset"))).toEqual(["0", "2", "4"]);
  });

  it("never walks past the first total when total_items keeps growing", async () => {
    server.handle((_request, response, index) => json(response, 200, page([connection, connection], 4 + index * 2)));
    const items: unknown[] = [];
    for await (const item of api().paginate.listGuestConnections({ statuses: ["connected"], limit: 2 })) items.push(item);
    expect(items).toHaveLength(4);
    expect(server.requests).toHaveLength(2);
  });

  it("stops on an empty page even when the total says more", async () => {
    server.handle((_request, response) => json(response, 200, page([], 50)));
    const items: unknown[] = [];
    for await (const item of api().paginate.listGuestConnections({ statuses: ["connected"] })) items.push(item);
    expect(items).toEqual([]);
    expect(server.requests).toHaveLength(1);
  });

  it("stops when the signal aborts between pages", async () => {
    server.handle((_request, response) => json(response, 200, page([connection], 100)));
    const controller = new AbortController();
    const seen: unknown[] = [];
    const walk = async () => {
      for await (const item of api().paginate.listGuestConnections({ statuses: ["connected"], limit: 1 }, { signal: controller.signal })) {
        seen.push(item);
        if (seen.length === 3) controller.abort();
      }
    };
    expect(await caught(walk())).toBeInstanceOf(AbortError);
    expect(server.requests).toHaveLength(3);
  });
});

describe("the token", () => {
  it("turns a token function that throws into a TokenError, and sends nothing", async () => {
    server.handle((_request, response) => json(response, 200, connection));
    const failure = new Error("refresh failed");
    const error = await caught(api({ token: () => Promise.reject(failure) }).getGuestConnection(GUEST_ORG_ID));
    expect(error).toBeInstanceOf(TokenError);
    expect((error as TokenError).cause).toBe(failure);
    expect(server.requests).toHaveLength(0);
  });

  it("refuses a token that could not be sent in a header, without echoing it", async () => {
    const bad = `${SECRET}\n`;
    const error = await caught(api({ token: () => bad }).getGuestConnection(GUEST_ORG_ID));
    expect(error).toBeInstanceOf(TokenError);
    for (const text of renderings(error)) expect(text).not.toContain(SECRET);
  });

  it("refuses a fixed token that could not be sent in a header when the client is created, without echoing it", () => {
    let error: unknown;
    try {
      api({ token: `${SECRET}\n` });
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(ConfigurationError);
    expect((error as ConfigurationError).issues.map((issue) => issue.loc)).toEqual([["options", "token"]]);
    for (const text of renderings(error)) expect(text).not.toContain(SECRET);
  });

  it("never appears in any error, even when the server echoes it back", async () => {
    const errors: unknown[] = [];
    server.handle((request, response) =>
      json(response, 401, { detail: [{ loc: [], msg: `bad token ${request.headers.authorization}`, type: "oauth", code: "oauth_invalid_token" }] }),
    );
    errors.push(await caught(api().getGuestConnection(GUEST_ORG_ID)));
    server.handle((request, response) => response.writeHead(500, { "content-type": "text/plain" }).end(`${request.headers.authorization}`));
    errors.push(await caught(api().getGuestConnection(GUEST_ORG_ID)));
    server.handle((request) => request.socket.destroy());
    errors.push(await caught(api().getGuestConnection(GUEST_ORG_ID)));
    server.handle(() => undefined);
    errors.push(await caught(api({ timeoutMs: 50 }).getGuestConnection(GUEST_ORG_ID)));
    server.handle((_request, response) => response.writeHead(200, { "content-type": "application/json" }).end("{"));
    errors.push(await caught(api().getGuestConnection(GUEST_ORG_ID)));
    errors.push(await caught(api().listGuestConnections({ ...query, limit: 1000 })));

    expect(errors.map((error) => (error as Error).name)).toEqual([
      "ApiError",
      "ApiError",
      "NetworkError",
      "TimeoutError",
      "InvalidResponseError",
      "RequestValidationError",
    ]);
    for (const error of errors) {
      expect(error).toBeInstanceOf(MyCreditAppError);
      for (const text of renderings(error)) expect(text).not.toContain(SECRET);
    }
    expect(JSON.stringify((errors[0] as ApiError).body)).toContain("[redacted]");
  });

  it.each([
    ["followed by a full stop", (token: string) => ({ detail: [{ loc: [], msg: `Invalid token ${token}.`, type: "oauth", code: "x" }] })],
    ["as a query parameter", (token: string) => ({ detail: [{ loc: [], msg: `see /cb?access_token=${token}&next=1`, type: "oauth", code: "x" }] })],
    ["in a path", (token: string) => ({ detail: [{ loc: [], msg: `/auth/${token}/x`, type: "oauth", code: "x" }] })],
    ["joined by - _ ~ +", (token: string) => ({ detail: [{ loc: [], msg: `-${token}_ ~${token}+`, type: "oauth", code: "x" }] })],
    ["percent-encoded", (token: string) => ({ detail: [{ loc: [], msg: encodeURIComponent(`Bearer ${token}`), type: "oauth", code: "x" }] })],
    ["as an object key", (token: string) => ({ echo: { [`Bearer ${token}`]: true }, detail: [] })],
  ])("never appears when a server echoes it %s", async (_how, body) => {
    server.handle((request, response) => json(response, 401, body((request.headers.authorization ?? "").slice("Bearer ".length))));
    const error = await caught(api().getGuestConnection(GUEST_ORG_ID));
    expect(error).toBeInstanceOf(ApiError);
    for (const text of [...renderings(error), JSON.stringify((error as ApiError).body)]) {
      expect(text).not.toContain(SECRET);
      expect(text).not.toContain(encodeURIComponent(SECRET));
    }
    expect(JSON.stringify((error as ApiError).body)).toContain("[redacted]");
  });

  it.each(["x-request-id", "request-id"])("never appears in the request id when the server echoes it in %s", async (header) => {
    server.handle((request, response) => {
      response.setHeader(header, `req-1 ${request.headers.authorization ?? ""}`);
      json(response, 500, { detail: [] });
    });
    const error = (await caught(api({ retry: false }).getGuestConnection(GUEST_ORG_ID))) as ApiError;
    expect(error.requestId).toBe("req-1 Bearer [redacted]");
    for (const text of renderings(error)) expect(text).not.toContain(SECRET);
  });

  it("redacts only the token's own echoes, so a short token never changes the body around it", async () => {
    server.handle((request, response) =>
      json(response, 404, {
        detail: [{ loc: ["path", "t"], msg: `not found for ${request.headers.authorization}; tt stays`, type: "request", code: "not_found" }],
      }),
    );
    const error = (await caught(api({ token: "t" }).getGuestConnection(GUEST_ORG_ID))) as ApiError;
    expect(error.status).toBe(404);
    expect(error.body).toEqual({
      detail: [{ loc: ["path", "[redacted]"], msg: "not found for Bearer [redacted]; tt stays", type: "request", code: "not_found" }],
    });
    expect(error.detail[0]?.code).toBe("not_found");
  });

  it("never quotes a malformed success body in its error", async () => {
    server.handle((request, response) => response.writeHead(200, { "content-type": "application/json" }).end(`not json: ${request.headers.authorization}`));
    const error = (await caught(api().getGuestConnection(GUEST_ORG_ID))) as Error;
    expect(error.name).toBe("InvalidResponseError");
    expect(error.message).not.toContain("not json");
    expect(error.message).toContain("is not valid JSON");
  });
});

describe("any fetch implementation", () => {
  it("sends every request through the fetch passed in", async () => {
    server.handle((_request, response) => json(response, 500, { detail: [] }));
    const seen: string[] = [];
    const client = api({
      fetch: async (request) => {
        seen.push(`${request.method} ${new URL(request.url).pathname}`);
        return new Response(JSON.stringify(connection), { status: 200, headers: { "content-type": "application/json" } });
      },
    });
    expect(await client.getGuestConnection(GUEST_ORG_ID)).toEqual(connection);
    expect(seen).toEqual([`GET /guest-connections/${GUEST_ORG_ID}`]);
    expect(server.requests).toHaveLength(0);
  });
});
