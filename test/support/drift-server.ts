/**
 * A stand-in deployment on 127.0.0.1 that keeps the contract (the spec's named examples, its 401s
 * and its 422s, from the package's own tables) until it is told to drift in one way: a renamed
 * field, a `null` in a field that cannot be null, an undeclared 500, a value of an open enum the
 * spec does not list, a 200 for invalid input, or a plain-string `detail` in its errors. It keeps
 * the archived state of connections, so writes and their undoing can be observed, and records
 * every request with the time it arrived. A test can answer any request itself (`intercept`), to
 * play a deployment that misbehaves in one place only.
 */
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { operationTable } from "../../generated/operations.js";
import type { OperationId } from "../../src/index.ts";
import { createRequestValidator } from "../../src/request-checks/request-validator.ts";

export type Drift = "none" | "renamed-field" | "null-field" | "undeclared-500" | "new-enum-value" | "accepts-invalid" | "string-detail" | "echo-token";

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
  /** The archived state of each connection a PATCH touched (the detail example's state before). */
  archived: Map<string, boolean>;
  drift(kind: Drift): void;
  /** Called the moment a PATCH changes a connection's archived state (before the answer is sent). */
  onWrite: ((id: string, archived: boolean) => void) | undefined;
  /** Answers a request itself instead (a hostile deployment); returns false to leave it to the stand-in. */
  intercept: ((request: ArrivedRequest, response: ServerResponse) => boolean) | undefined;
  close(): Promise<void>;
}

const firstExample = (operationId: OperationId, status: string): unknown => {
  const entry = operationTable[operationId];
  const response = status === String(entry.success.status) ? entry.success : entry.errors[status];
  return structuredClone(Object.values(response?.examples ?? {})[0]?.value);
};

/** The first object of a body: the body itself, or the first item of a page. */
const firstObject = (body: unknown): Record<string, unknown> | undefined => {
  const items = (body as { items?: unknown[] } | null)?.items;
  const object = Array.isArray(items) ? items[0] : body;
  return object && typeof object === "object" ? (object as Record<string, unknown>) : undefined;
};

export async function startDriftServer(): Promise<DriftServer> {
  const validator = createRequestValidator();
  const requests: ArrivedRequest[] = [];
  const archived = new Map<string, boolean>();
  let drift: Drift = "none";

  const answer = (response: ServerResponse, status: number, body: unknown) => {
    response.writeHead(status, { "content-type": "application/json" }).end(JSON.stringify(body));
  };

  const handle: DriftServer = {
    url: "",
    requests,
    archived,
    onWrite: undefined,
    intercept: undefined,
    drift(kind) {
      drift = kind;
      requests.length = 0;
    },
    async close() {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
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
      if (!matched) return answer(response, 404, { detail: "Not Found" });
      const operationId = matched.operationId;
      const errorBody = (status: string, fallback: string) =>
        drift === "string-detail"
          ? { detail: fallback }
          : drift === "echo-token"
            ? { detail: [{ loc: [], msg: `bad ${authorization ?? ""}`, type: "x", code: "x" }] }
            : firstExample(operationId, status);
      if (!/^Bearer\s+\S+/i.test(authorization ?? "")) return answer(response, 401, errorBody("401", "Not authenticated"));
      const issues = validator.validate(operationId, {
        pathParams: matched.pathParams,
        query: url.searchParams,
        header: (name) => [request.headers[name.toLowerCase()]].flat()[0],
        body: body === "" ? undefined : body,
        contentType: request.headers["content-type"],
      });
      if (issues.length > 0 && drift !== "accepts-invalid")
        return answer(response, 422, drift === "string-detail" ? { detail: "Unprocessable" } : { detail: issues });
      if (drift === "undeclared-500") return answer(response, 500, { detail: "Internal Server Error" });
      let success = firstExample(operationId, String(operationTable[operationId].success.status));
      // The one stateful resource: a connection's archived flag, read by the GET and set by the PATCH of its path.
      const id = matched.pathParams["guest_org_id"];
      if (id !== undefined && firstObject(success) && "archived" in (firstObject(success) as object)) {
        if (method === "PATCH" && issues.length === 0) {
          const next = (JSON.parse(body) as { archived: boolean }).archived;
          const changed = archived.get(id) !== next;
          archived.set(id, next);
          if (changed) handle.onWrite?.(id, next);
        }
        success = { ...(success as object), guest_organization_id: id, archived: archived.get(id) ?? (firstObject(success) as { archived: boolean }).archived };
      }
      const object = firstObject(success);
      if (object) {
        const [first] = Object.keys(object);
        if (drift === "renamed-field" && first) {
          object[`${first}_renamed`] = object[first];
          delete object[first];
        }
        if (drift === "null-field" && first) object[first] = null;
        if (drift === "new-enum-value" && "status" in object) object["status"] = "paused";
      }
      return answer(response, operationTable[operationId].success.status, success);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  handle.url = `http://127.0.0.1:${port}`;
  return handle;
}
