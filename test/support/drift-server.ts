/**
 * A stand-in deployment on 127.0.0.1 that behaves as a FastAPI server written from the reference
 * pages does (the facts table in the API's facts: lax parsing of booleans, UUIDs and repeated
 * scalars, authentication before input checks, the Self-only operations refused with 403), over
 * real data (stand-in-data.ts) that it filters, sorts and pages. Two modes:
 * - `stock`: FastAPI's own answers. A missing token is `403 {"detail":"Not authenticated"}`,
 *   raised errors have a string `detail`, validation items are Pydantic 1's `{loc, msg, type}`,
 *   and the organization headers are declared as snake_case arguments, so their `loc` is lower case;
 * - `documented`: the error-handling guide's shape. A missing token is a `401`, and every error
 *   is a list of `{loc, msg, type, code}` (validation items with Pydantic 2's `input` and `ctx`).
 * It keeps the contract until it is told to drift in one way (see {@link Drift}). It keeps the
 * archived state of connections, so writes and their undoing can be observed, and records every
 * request with the time it arrived. A test can answer any request itself (`intercept`), to play a
 * deployment that misbehaves in one place only.
 */
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { requestRules } from "../../generated/operations.js";
import type { ErrorDetail } from "../../src/index.ts";
import { bearerCredentials } from "../../src/http/bearer-token.ts";
import { createRequestValidator } from "../../src/request-checks/request-validator.ts";
import { naiveNow, standInData, type Item, type StandInData } from "./stand-in-data.ts";

export type Mode = "stock" | "documented";

/**
 * - `renamed-field`, `null-field`: the first field of each answered object renamed, or `null`;
 * - `missing-field`: the detail GET leaves `guest_email` out;
 * - `undeclared-500`: every valid request is a 500;
 * - `new-enum-value`: `status` is a value the spec does not list;
 * - `accepts-invalid`: invalid input gets a 200;
 * - `broken-error-shape`: error bodies are `{"error": ...}`, no `detail` at all;
 * - `echo-token`: error messages quote the request's Authorization header;
 * - `no-authentication`: a request without a token is served.
 */
export type Drift =
  | "none"
  | "renamed-field"
  | "null-field"
  | "missing-field"
  | "undeclared-500"
  | "new-enum-value"
  | "accepts-invalid"
  | "broken-error-shape"
  | "echo-token"
  | "no-authentication";

export interface ArrivedRequest {
  method: string;
  url: string;
  operationId: string | undefined;
  authorization: string | undefined;
  body: string;
  at: number;
}

export interface DriftServer {
  url: string;
  requests: ArrivedRequest[];
  /** The stand-in's current data (PATCHes change it). */
  data: StandInData;
  /** The archived value each successful PATCH set, by connection id, in the order they came. */
  writes: [id: string, archived: boolean][];
  /** Starts over in `mode` (default `documented`) with the original data and drift `kind`. */
  drift(kind: Drift, mode?: Mode): void;
  /** Called the moment a PATCH changes a connection's archived state (before the answer is sent). */
  onWrite: ((id: string, archived: boolean) => void) | undefined;
  /** Answers a request itself instead (a hostile deployment); returns false to leave it to the stand-in. */
  intercept: ((request: ArrivedRequest, response: ServerResponse) => boolean) | undefined;
  close(): Promise<void>;
}

/** The list operations: which collection, the field `search_text` searches by default, and the default sort. */
const LISTS = {
  listGuestConnections: { items: "guestConnections", search: "guest_name", orderBy: "guest_name" },
  listHostConnections: { items: "hostConnections", search: "host_name", orderBy: "host_name" },
  listGuestInvitations: { items: "guestInvitations", search: "email", orderBy: "last_invitation_sent_at" },
} as const;

/** The operations the reference's permission tables allow for Self only. */
const SELF_ONLY = new Set(["getGuestConnection", "listGuestInvitations"]);

function compare(a: unknown, b: unknown): number {
  if (a === b) return 0;
  if (a === null || a === undefined) return 1;
  if (b === null || b === undefined) return -1;
  return String(a) < String(b) ? -1 : 1;
}

function page(items: Item[], query: Record<string, unknown>, list: (typeof LISTS)[keyof typeof LISTS]): { items: Item[]; total_items: number } {
  const statuses = query["statuses"] as string[];
  const actions = query["active_action_types"] as string[] | undefined;
  const field = (query["search_field"] as string | undefined) ?? list.search;
  const text = ((query["search_text"] ?? query["email_search"]) as string | undefined)?.toLowerCase();
  const searched = query["email_search"] !== undefined ? "email" : field;
  const matches = items.filter(
    (item) =>
      statuses.includes(item["status"] as string) &&
      (query["archived"] === undefined || item["archived"] === query["archived"]) &&
      (query["expired"] === undefined || item["expired"] === query["expired"]) &&
      (actions === undefined || actions.includes(item["active_action_type"] as string)) &&
      (text === undefined ||
        String(item[searched] ?? "")
          .toLowerCase()
          .includes(text)),
  );
  const by = (query["order_by"] as string | undefined) ?? list.orderBy;
  const direction = query["order_dir"] === "desc" ? -1 : 1;
  matches.sort((a, b) => compare(a[by], b[by]) * direction);
  const offset = query["offset"] as number;
  return { items: matches.slice(offset, offset + (query["limit"] as number)).map((item) => structuredClone(item)), total_items: matches.length };
}

export async function startDriftServer(): Promise<DriftServer> {
  const validator = createRequestValidator();
  const requests: ArrivedRequest[] = [];
  let drift: Drift = "none";
  let mode: Mode = "documented";

  const answer = (response: ServerResponse, status: number, body: unknown) => {
    response.writeHead(status, { "content-type": "application/json" }).end(JSON.stringify(body));
  };

  const handle: DriftServer = {
    url: "",
    requests,
    data: standInData(),
    writes: [],
    onWrite: undefined,
    intercept: undefined,
    drift(kind, nextMode = "documented") {
      drift = kind;
      mode = nextMode;
      requests.length = 0;
      handle.writes.length = 0;
      handle.data = standInData();
    },
    async close() {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };

  /** A raised error (`HTTPException`): a string `detail` in stock mode, the guide's list otherwise. */
  const raised = (response: ServerResponse, status: number, msg: string, type: string, code: string, authorization?: string) => {
    if (drift === "broken-error-shape") return answer(response, status, { error: msg });
    const text = drift === "echo-token" ? `${msg} (${authorization ?? "no header"})` : msg;
    return answer(response, status, mode === "stock" ? { detail: text } : { detail: [{ loc: [], msg: text, type, code }] });
  };

  /** FastAPI's 422: Pydantic 1's items in stock mode (header names as snake_case arguments give them), the guide's otherwise. */
  const invalid = (response: ServerResponse, issues: ErrorDetail[]) => {
    if (drift === "broken-error-shape") return answer(response, 422, { error: "invalid request" });
    const items = issues.map(({ loc, msg, type, input, ctx }) =>
      mode === "stock"
        ? { loc: loc[0] === "header" ? loc.map((part) => String(part).toLowerCase()) : loc, msg, type, ...(ctx && { ctx }) }
        : { loc, msg, type, code: "request_validation_error", input, ...(ctx && { ctx }) },
    );
    return answer(response, 422, { detail: items });
  };

  /** A success body with the drift applied to each object it holds. */
  const drifted = (body: Item | { items: Item[]; total_items: number }, operationId: string): unknown => {
    const objects = "items" in body && Array.isArray(body.items) ? (body.items as Item[]) : [body as Item];
    for (const object of objects) {
      const [first] = Object.keys(object);
      if (drift === "renamed-field" && first) {
        object[`${first}_renamed`] = object[first];
        delete object[first];
      }
      if (drift === "null-field" && first) object[first] = null;
      if (drift === "new-enum-value" && "status" in object) object["status"] = "paused";
      if (drift === "missing-field" && operationId === "getGuestConnection") delete object["guest_email"];
    }
    return body;
  };

  const server = createServer((request: IncomingMessage, response: ServerResponse) => {
    const chunks: Buffer[] = [];
    request.on("data", (chunk: Buffer) => chunks.push(chunk));
    request.on("end", () => {
      const url = new URL(request.url ?? "/", "http://drift.invalid");
      const method = request.method ?? "GET";
      const matched = validator.match(method, url.pathname);
      const body = Buffer.concat(chunks).toString("utf8");
      const authorization = request.headers.authorization;
      const arrived = { method, url: `${url.pathname}${url.search}`, operationId: matched?.operationId, authorization, body, at: performance.now() };
      requests.push(arrived);
      if (handle.intercept?.(arrived, response)) return;
      if (!matched) {
        const known = validator.allowedMethods(url.pathname).length > 0;
        return raised(response, known ? 405 : 404, known ? "Method Not Allowed" : "Not Found", "request", known ? "method_not_allowed" : "not_found");
      }
      const { operationId } = matched;
      // HTTPBearer runs before the inputs are read: no token, or another scheme, never reaches the checks.
      const credentials = bearerCredentials(authorization);
      if (!credentials && drift !== "no-authentication") {
        if (mode === "stock") return raised(response, 403, "Not authenticated", "", "");
        return raised(response, 401, "The client authentication failed!", "oauth", "oauth_invalid_client_credentials", authorization);
      }
      const parsed = validator.parse(operationId, {
        pathParams: matched.pathParams,
        query: url.searchParams,
        header: (name) => [request.headers[name.toLowerCase()]].flat()[0],
        body: body === "" ? undefined : body,
        contentType: request.headers["content-type"],
      });
      if (parsed.issues.length > 0 && drift !== "accepts-invalid") return invalid(response, parsed.issues);
      if (drift === "undeclared-500") return answer(response, 500, { detail: "Internal Server Error" });
      const requester = parsed.header["Requester-Organization-ID"];
      if (SELF_ONLY.has(operationId) && requester !== undefined && parsed.header["Target-Organization-ID"] !== requester)
        return raised(
          response,
          403,
          "The requester is not allowed to perform this operation on the target organization.",
          "request",
          "unsupported_crud_operation",
        );
      const list = LISTS[operationId as keyof typeof LISTS];
      if (list) {
        // With `accepts-invalid` the inputs may be missing: the simplest page then.
        const query = {
          statuses: requestRules[operationId].parameters.query?.properties?.["statuses"]?.items?.enum ?? [],
          limit: 10,
          offset: 0,
          ...parsed.query,
        };
        return answer(response, 200, drifted(page(handle.data[list.items], query, list), operationId));
      }
      const id = parsed.path["guest_org_id"];
      const connection = handle.data.guestConnections.find((item) => item["guest_organization_id"] === id);
      if (!connection) return raised(response, 404, "Guest connection not found", "request", "not_found", authorization);
      if (method === "PATCH" && parsed.issues.length === 0) {
        const next = (parsed.body as { archived: boolean }).archived;
        handle.writes.push([String(id), next]);
        if (connection["archived"] !== next) {
          // The server manages these: a write sets them, and no request can put them back.
          const now = naiveNow();
          Object.assign(connection, { archived: next, archived_at: next ? now : null, updated_at: now });
          handle.onWrite?.(String(id), next);
        }
      }
      return answer(response, 200, drifted(structuredClone(connection), operationId));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  handle.url = `http://127.0.0.1:${port}`;
  return handle;
}
