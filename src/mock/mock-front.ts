/**
 * The HTTP front of the mock. Prism is the mock engine (examples, `Prefer` scenarios, security and
 * response validation), but it cannot answer some requests the way the API does: it returns a
 * fixed 422 example whatever was wrong, treats an empty query value (`search_text=`) as absent,
 * fails on a malformed percent-escape, and answers a method the path does not have without an
 * `Allow` header. This front checks each authenticated request against the spec's rules first and
 * answers `422 { detail: [...] }` in the API's own format, naming each invalid input (the body too,
 * when it is not sent as JSON), answers 405 with `Allow` and a path of no operation with the
 * framework's `404 {"detail":"Not Found"}`, answers CORS preflights (cors.ts), and
 * shapes generated answers after the request (dynamic-answers.ts: pages follow `limit` and
 * `offset`, items agree with themselves). Everything else goes to the
 * engine, made safe for it first (engine-request.ts): a request the front read and found valid is
 * sent with its inputs in the one form Prism accepts (`archived=YES`, a repeated `limit`, a UUID in
 * braces are lax forms the server reads and Prism refuses), so the engine serves every request the
 * front lets through, and a 422 always names the input that is wrong. Nothing a client sends can
 * throw here: a body past `maxBodyBytes` is a 413, and an engine that is down is waited for
 * (engine-supervisor.ts).
 */
import { Agent, request as httpRequest, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { RequestValidator } from "../request-checks/request-validator.ts";
import { handleCors, withoutUpstreamCors, type CorsPolicy } from "../http/cors.ts";
import { shapeDynamicAnswer } from "./dynamic-answers.ts";
import { canonicalHeaders, canonicalTarget, engineHeaders, engineTarget } from "./engine-request.ts";
import { admit } from "../admission/admission.ts";
import { frontProblem } from "../admission/front-problem.ts";
import type { ScenarioTable } from "../admission/prefer.ts";
import { incomingAdmission } from "../admission/request-adapters.ts";
import { BodyTooLargeError, drainThenAnswer, hasBearerToken, readBody, requestTarget } from "../http/incoming.ts";

export interface MockFrontOptions {
  validator: RequestValidator;
  /** The URL of the engine requests are passed to; waited for while it restarts. */
  upstream: () => Promise<string>;
  /** Generated responses: list pages follow `limit` and `offset`, and items agree with themselves (see dynamic-answers.ts). */
  dynamic?: boolean;
  /** The operations whose answers are pages, for `dynamic`. */
  pageOperations?: readonly string[];
  cors: CorsPolicy;
  /** The largest request body read; the API's bodies are a few bytes. */
  maxBodyBytes?: number;
  /** What each operation can answer, for refusing a `Prefer` scenario it lacks (admission/prefer.ts). */
  scenarios?: ScenarioTable;
}

/** A generated answer to shape (dynamic-answers.ts): a page's `limit` and `offset`, or `{}` for any other. */
type Shape = { page?: { limit: number; offset: number } } | undefined;

/** A 1 MiB request body is far past any body of the API's, and small enough to hold. */
export const DEFAULT_MAX_BODY_BYTES = 1024 * 1024;
/** The most of a generated answer the front reads to shape it. */
const MAX_GENERATED_BYTES = 16 * 1024 * 1024;

const problem = (msg: string, code: string) => JSON.stringify(frontProblem("mock", msg, code));

/** What the engine is sent: the target, and for a request the front read and found valid its inputs in canonical form. */
interface EngineRequest {
  target: string;
  body: Buffer;
  headers?: Record<string, string>;
  shape: Shape;
}

function forward(
  agent: Agent,
  engine: URL,
  { target, body, headers: canonical, shape }: EngineRequest,
  request: IncomingMessage,
  response: ServerResponse,
): void {
  const authenticated = hasBearerToken(request);
  const sent = authenticated ? body : Buffer.alloc(0);
  const headers = { ...engineHeaders(request.headers, authenticated, sent.length), ...canonical };
  const outgoing = httpRequest({ host: engine.hostname, port: engine.port, method: request.method, path: target, headers, agent }, (answer) => {
    const answerHeaders = withoutUpstreamCors(answer.headers);
    if (!shape || answer.statusCode !== 200) {
      response.writeHead(answer.statusCode ?? 502, answerHeaders);
      answer.pipe(response);
      return;
    }
    readBody(answer, MAX_GENERATED_BYTES).then(
      (raw) => {
        let text = raw.toString("utf8");
        try {
          text = JSON.stringify(shapeDynamicAnswer(JSON.parse(text), shape.page));
        } catch {
          // Not JSON: passed on as it came.
        }
        const { "content-length": _length, "transfer-encoding": _encoding, ...rest } = answerHeaders;
        response.writeHead(200, { ...rest, "content-length": Buffer.byteLength(text) });
        response.end(text);
      },
      () => response.destroy(),
    );
  });
  outgoing.on("error", (error) => {
    if (response.headersSent) return void response.destroy();
    response.writeHead(502, { "content-type": "application/json" });
    response.end(problem(`Mock engine unreachable: ${error.message}`, "mock_upstream_unreachable"));
  });
  outgoing.end(sent);
}

/** Makes `server` the mock's front: it answers every request as described above. */
export function attachMockFront(
  server: Server,
  { validator, upstream, dynamic = false, pageOperations = [], cors, maxBodyBytes = DEFAULT_MAX_BODY_BYTES, scenarios = {} }: MockFrontOptions,
): void {
  // Connections to Prism are kept open and reused: a new one per request would halve throughput.
  const agent = new Agent({ keepAlive: true });
  const methodsOf = (pathname?: string): string[] => validator.allowedMethods(pathname);
  // The engine's URL, parsed once for as long as it stays the same (it changes on a restart).
  let engine: { text: string; url: URL } | undefined;
  const engineUrl = (text: string): URL => (engine?.text === text ? engine.url : (engine = { text, url: new URL(text) }).url);
  const rules = { validator, scenarios };
  server.on("request", (request: IncomingMessage, response: ServerResponse) => {
    const { pathname, search } = requestTarget(request.url);
    // Every answer from here on, the front's own included, carries the CORS headers.
    if (handleCors(cors, request, response, pathname, methodsOf)) return;
    void (async () => {
      const body = await readBody(request, maxBodyBytes);
      const admission = admit(incomingAdmission(request, body), rules);
      if (admission.kind === "refused") {
        const { status, headers, body: answer } = admission.answer;
        response.writeHead(status, headers);
        response.end(JSON.stringify(answer));
        return;
      }
      // A request without a token goes to the engine, which answers the spec's own 401 example.
      let sent: EngineRequest = { target: engineTarget(pathname, search), body, shape: undefined };
      if (admission.kind === "admitted") {
        const { operationId, template, parsed, scenario } = admission;
        // The engine is sent what the front read, in the one form it accepts (engine-request.ts).
        const listed = pageOperations.includes(operationId);
        sent = {
          target: canonicalTarget(template, parsed, search),
          body: parsed.body === undefined ? body : Buffer.from(JSON.stringify(parsed.body)),
          headers: canonicalHeaders(parsed, scenario),
          shape: !dynamic ? undefined : listed ? { page: { limit: Number(parsed.query["limit"]), offset: Number(parsed.query["offset"] ?? 0) } } : {},
        };
      }
      const current = await upstream().catch((error: unknown) => {
        response.writeHead(503, { "content-type": "application/json" });
        response.end(problem(`Mock engine stopped: ${(error as Error).message}`, "mock_engine_stopped"));
      });
      if (current !== undefined) forward(agent, engineUrl(current), sent, request, response);
    })().catch((error: unknown) => {
      if (response.headersSent) return void response.destroy();
      if (error instanceof BodyTooLargeError) {
        drainThenAnswer(request, () => {
          response.writeHead(413, { "content-type": "application/json" });
          response.end(problem(`Request body too large: the mock reads at most ${error.limit} bytes`, "mock_body_too_large"));
        });
        return;
      }
      response.writeHead(500, { "content-type": "application/json" });
      response.end(problem(error instanceof Error ? error.message : "Unexpected error", "mock_internal_error"));
    });
  });
  server.on("close", () => agent.destroy());
}
