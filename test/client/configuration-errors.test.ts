/**
 * A wrong option is a configuration mistake, not a wrong request: the client's options throw a
 * `ConfigurationError` from `createMyCreditAppClient` itself, a call's options reject that call with
 * one, before anything is sent, each naming the option. `RequestValidationError` keeps meaning
 * "this request's input breaks the spec"; neither error is the other.
 */
import { describe, expect, it } from "vitest";
import {
  ConfigurationError,
  createMyCreditAppClient,
  MyCreditAppError,
  RequestValidationError,
  type CallOptions,
  type ClientOptions,
} from "../../src/index.ts";
import { GUEST_ORG_ID, REQUESTER_ID } from "../support/client.ts";

const base: ClientOptions = { token: "token", requesterOrganizationId: REQUESTER_ID, baseUrl: "http://127.0.0.1:9" };

/** The error a function throws synchronously. */
function thrownBy(run: () => unknown): unknown {
  try {
    run();
  } catch (error) {
    return error;
  }
  return undefined;
}

const CLIENT_MISTAKES: [string, Record<string, unknown>, (string | number)[]][] = [
  ["options that are not an object", { self: null }, ["options"]],
  ["a token that is not a bearer token", { token: "two words" }, ["options", "token"]],
  ["a token that is a number", { token: 42 }, ["options", "token"]],
  ["no requester", { requesterOrganizationId: undefined }, ["options", "requesterOrganizationId"]],
  ["a requester that is not a UUID", { requesterOrganizationId: "me" }, ["options", "requesterOrganizationId"]],
  ["a relative base URL", { baseUrl: "api.mycreditapp.ai/v1-beta" }, ["options", "baseUrl"]],
  ["a fetch that is not a function", { fetch: "fetch" }, ["options", "fetch"]],
  ["a negative time-out", { timeoutMs: -1 }, ["options", "timeoutMs"]],
  ["a time-out of true", { timeoutMs: true }, ["options", "timeoutMs"]],
  ["a fractional retry limit", { retry: { limit: 1.5 } }, ["options", "retry", "limit"]],
  ["retry statuses as strings", { retry: { statuses: ["503"] } }, ["options", "retry", "statuses", 0]],
  ["a header HTTP cannot carry", { headers: { "X-Trace": "a\r\nb" } }, ["options", "headers", "X-Trace"]],
  ["a header the client sets itself", { headers: { Authorization: "Bearer x" } }, ["options", "headers", "Authorization"]],
  ["validateRequests that is not a boolean", { validateRequests: "yes" }, ["options", "validateRequests"]],
  ["validateResponse that is not a function", { validateResponse: {} }, ["options", "validateResponse"]],
  ["a response limit of zero", { maxResponseBytes: 0 }, ["options", "maxResponseBytes"]],
  ["a misspelt option", { timeout: 5000 }, ["options", "timeout"]],
];

const CALL_MISTAKES: [string, Record<string, unknown>, (string | number)[]][] = [
  ["options that are not an object", { self: "fast" }, ["options"]],
  ["a signal that is not an AbortSignal", { signal: "stop" }, ["options", "signal"]],
  ["a time-out too long for a timer", { timeoutMs: 2 ** 31 }, ["options", "timeoutMs"]],
  ["a negative retry limit", { retry: { limit: -1 } }, ["options", "retry", "limit"]],
  ["validateRequests that is not a boolean", { validateRequests: 1 }, ["options", "validateRequests"]],
  ["a transport header", { headers: { "Transfer-Encoding": "chunked" } }, ["options", "headers", "Transfer-Encoding"]],
  ["the requester, which only the client sets", { requesterOrganizationId: REQUESTER_ID }, ["options", "requesterOrganizationId"]],
];

/** `{ self: x }` stands for the options being `x` itself. */
const given = (mistake: Record<string, unknown>, over: object): unknown => ("self" in mistake ? mistake["self"] : { ...over, ...mistake });

describe("a client option that is wrong", () => {
  it.each(CLIENT_MISTAKES)("(%s) throws a ConfigurationError from createMyCreditAppClient, naming it", (_case, mistake, loc) => {
    const error = thrownBy(() => createMyCreditAppClient(given(mistake, base) as ClientOptions));
    expect(error).toBeInstanceOf(ConfigurationError);
    expect(error).toBeInstanceOf(MyCreditAppError);
    expect(error).not.toBeInstanceOf(RequestValidationError);
    expect((error as ConfigurationError).issues.map((issue) => issue.loc)).toEqual([loc]);
    expect((error as Error).message).toContain(`invalid options: ${loc.join(".")}`);
  });
});

describe("a call option that is wrong", () => {
  it.each(CALL_MISTAKES)("(%s) rejects the call with a ConfigurationError naming it, and sends nothing", async (_case, mistake, loc) => {
    const sent: Request[] = [];
    const api = createMyCreditAppClient({ ...base, fetch: async (request) => (sent.push(request), Response.json({})) });
    const error = await api.getGuestConnection(GUEST_ORG_ID, given(mistake, {}) as CallOptions).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(ConfigurationError);
    expect(error).not.toBeInstanceOf(RequestValidationError);
    expect((error as ConfigurationError).operation).toBe("getGuestConnection");
    expect((error as ConfigurationError).issues.map((issue) => issue.loc)).toEqual([loc]);
    expect(sent).toHaveLength(0);
  });

  it("is told apart from wrong input in the same call: the options are checked first", async () => {
    const api = createMyCreditAppClient(base);
    const error = await api.getGuestConnection("not-a-uuid", { timeoutMs: -5 }).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(ConfigurationError);
    const input = await api.getGuestConnection("not-a-uuid").catch((caught: unknown) => caught);
    expect(input).toBeInstanceOf(RequestValidationError);
  });
});
