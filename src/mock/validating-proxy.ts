/**
 * The HTTP front of the mock. Prism is the mock engine (examples, `Prefer` scenarios, security and
 * response validation), but it cannot answer some requests the way the API does: it returns a
 * fixed 422 example whatever was wrong, treats an empty query value (`search_text=`) as absent,
 * fails on a malformed percent-escape, and answers a method the path does not have without an
 * `Allow` header. This front checks each authenticated request against the spec's rules first and
 * answers `422 { detail: [...] }` in the API's own format, naming each invalid input (the body too,
 * when it is not sent as JSON), answers 405 with `Allow`, and shapes generated list pages after the
 * request (dynamic-pages.ts); everything else is passed to Prism unchanged.
 */
import { Agent, createServer, request as httpRequest, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { RequestValidator } from "../request-checks/request-validator.ts";
import { shapeDynamicPage } from "./dynamic-pages.ts";
import { hasBearerToken, headerLookup, readBody } from "./incoming.ts";

export interface ValidatingProxyOptions {
  validator: RequestValidator;
  /** Base URL of the Prism instance requests are passed to. */
  upstream: string;
  /** Generated responses: list pages are made to follow `limit` and `offset` (see dynamic-pages.ts). */
  dynamic?: boolean;
  /** The operations whose answers are pages, for `dynamic`. */
  pageOperations?: readonly string[];
}

/** The `limit` and `offset` of a list request, when the answer is to be shaped as a page. */
type PageRequest = { limit: number; offset: number } | undefined;

function forward(upstream: URL, agent: Agent, request: IncomingMessage, body: Buffer, response: ServerResponse, page: PageRequest): void {
  // The caller's connection header is about the caller's connection, not the one to Prism.
  const { connection: _connection, ...headers } = request.headers;
  const outgoing = httpRequest({ host: upstream.hostname, port: upstream.port, method: request.method, path: request.url, headers, agent }, (answer) => {
    if (!page || answer.statusCode !== 200) {
      response.writeHead(answer.statusCode ?? 502, answer.headers);
      answer.pipe(response);
      return;
    }
    void readBody(answer).then((raw) => {
      let text = raw.toString("utf8");
      try {
        text = JSON.stringify(shapeDynamicPage(JSON.parse(text), page.limit, page.offset));
      } catch {
        // Not JSON: passed on as it came.
      }
      const { "content-length": _length, "transfer-encoding": _encoding, ...rest } = answer.headers;
      response.writeHead(200, { ...rest, "content-length": Buffer.byteLength(text) });
      response.end(text);
    });
  });
  outgoing.on("error", (error) => {
    if (!response.headersSent) response.writeHead(502, { "content-type": "application/json" });
    response.end(JSON.stringify({ detail: [{ loc: [], msg: `Mock engine unreachable: ${error.message}`, type: "mock", code: "mock_upstream_unreachable" }] }));
  });
  outgoing.end(body);
}

export function createValidatingProxy({ validator, upstream, dynamic = false, pageOperations = [] }: ValidatingProxyOptions): Server {
  const upstreamUrl = new URL(upstream);
  // Connections to Prism are kept open and reused: a new one per request would halve throughput.
  const agent = new Agent({ keepAlive: true });
  const server = createServer((request, response) => {
    void (async () => {
      const body = await readBody(request);
      const url = new URL(request.url ?? "/", "http://mock.invalid");
      const matched = validator.match(request.method ?? "GET", url.pathname);
      if (!matched) {
        const allowed = validator.allowedMethods(url.pathname);
        if (allowed.length > 0) {
          // RFC 9110: a 405 names the methods the resource has.
          response.writeHead(405, { "content-type": "application/json", allow: allowed.join(", ") });
          response.end(JSON.stringify({ detail: "Method Not Allowed" }));
          return;
        }
      }
      if (matched && hasBearerToken(request)) {
        const contentType = request.headers["content-type"];
        const detail = validator.validate(matched.operationId, {
          pathParams: matched.pathParams,
          query: url.searchParams,
          header: headerLookup(request),
          body: body.length > 0 ? body.toString("utf8") : undefined,
          contentType,
        });
        if (detail.length > 0) {
          response.writeHead(422, { "content-type": "application/json" });
          response.end(JSON.stringify({ detail }));
          return;
        }
        // A body without a content type is read as JSON, as the server reads it; the engine needs to be told.
        if (body.length > 0 && !contentType) request.headers["content-type"] = "application/json";
      }
      const query = matched && dynamic && pageOperations.includes(matched.operationId) ? url.searchParams : undefined;
      const page = query ? { limit: Number(query.get("limit")), offset: Number(query.get("offset") ?? 0) } : undefined;
      forward(upstreamUrl, agent, request, body, response, page);
    })().catch((error: unknown) => {
      if (!response.headersSent) response.writeHead(500, { "content-type": "application/json" });
      const msg = error instanceof Error ? error.message : "Unexpected error";
      response.end(JSON.stringify({ detail: [{ loc: [], msg, type: "mock", code: "mock_internal_error" }] }));
    });
  });
  server.on("close", () => agent.destroy());
  return server;
}
