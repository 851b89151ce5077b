/**
 * The validating proxy (`mycreditapp-mock --proxy URL`): forwards every request to a deployment
 * and its answer back, and reports each request or response that breaks the contract: a request
 * to no declared operation or with input the spec refuses, a response with an undeclared status,
 * a wrong content type or a body that does not match its schema (and, as a warning, a value of an
 * open enum the spec does not list yet). A consumer runs its app or its tests through it to see
 * where the deployment and the contract part.
 *
 * Both sides are untrusted, so bodies stream through (the checks read a bounded copy), sizes and
 * the upstream's time to answer have limits, a decompressed copy has an output limit, hop-by-hop
 * headers stop here, a `Location` into the deployment is rewritten to the proxy, an upgrade is
 * refused, and report text is redacted: the request's token never reaches a drift line.
 */
import { createServer, request as httpRequest, type ClientRequest, type IncomingHttpHeaders, type IncomingMessage, type Server } from "node:http";
import { request as httpsRequest } from "node:https";
import type { AddressInfo } from "node:net";
import { pipeline, Transform, type TransformCallback } from "node:stream";
import { brotliDecompressSync, gunzipSync, inflateSync } from "node:zlib";
import type { OperationId } from "../../generated/types.js";
import { createRequestValidator } from "../request-checks/request-validator.ts";
import { TRANSPORT_HEADER } from "../http/header-name.ts";
import { tokenRedactor } from "../http/untrusted-text.ts";
import { checkResponse, type Finding } from "./response-check.ts";
import { ANY_ORIGIN, checkOrigin, handleCors, withoutUpstreamCors, type CorsPolicy } from "../http/cors.ts";
import { answerUnparsable, bearerToken, drainThenAnswer, requestTarget, listeningUrl } from "../http/incoming.ts";
import { admit } from "../admission/admission.ts";
import { frontProblem } from "../admission/front-problem.ts";
import { incomingAdmission } from "../admission/request-adapters.ts";
import type { ErrorDetail } from "../../generated/types.js";

export interface ContractReport {
  method: string;
  /** The path and query as the client sent them. */
  target: string;
  operationId: string | undefined;
  /** `request` for what the client sent, `response` for what the deployment answered. */
  side: "request" | "response";
  status?: number;
  findings: Finding[];
}

export interface ContractProxyOptions {
  /** The deployment: `https://api.mycreditapp.ai/v1-beta`. */
  upstream: string;
  port?: number;
  host?: string;
  /** Receives every report; the command prints them. */
  onReport: (report: ContractReport) => void;
  /** The only origins browser apps may call from; any origin, without credentials, by default. */
  corsOrigins?: readonly string[];
  /** The largest request body passed on (10 MiB by default); past it the client gets 413. */
  maxRequestBytes?: number;
  /** The largest response body passed on (100 MiB by default); past it the client gets 502, or the stream is cut. */
  maxResponseBytes?: number;
  /** How long the deployment may be silent, waiting for its answer or within it (30 s by default); 504 past it. */
  upstreamTimeoutMs?: number;
}

export interface ContractProxy {
  url: string;
  close(): Promise<void>;
}

const MiB = 1024 * 1024;
/** How much of a body the checks read: far more than any answer of the API, far less than memory. */
const CHECKED_BYTES = 4 * MiB;

/**
 * Never forwarded: the transport's own fields (src/http/header-name.ts; they would describe the wrong
 * connection) but `Content-Length`, which the body passed on keeps, and the proxy's own
 * credentials. `Host` is set to the deployment's.
 */
const hopByHop = (name: string): boolean =>
  (TRANSPORT_HEADER.test(name) && name !== "content-length") || name === "proxy-authorization" || name === "proxy-authenticate";

function endToEnd(headers: IncomingHttpHeaders): IncomingHttpHeaders {
  const named = new Set(
    [headers.connection ?? ""]
      .flat()
      .flatMap((value) => value.split(","))
      .map((name) => name.trim().toLowerCase()),
  );
  return Object.fromEntries(Object.entries(headers).filter(([name]) => !hopByHop(name) && !named.has(name)));
}

/** Counts what flows through, keeps the first {@link CHECKED_BYTES} for the checks, and fails past `limit`. */
class BoundedCopy extends Transform {
  readonly chunks: Buffer[] = [];
  size = 0;
  constructor(private readonly limit: number) {
    super();
  }
  override _transform(chunk: Buffer, _encoding: BufferEncoding, done: TransformCallback): void {
    this.size += chunk.length;
    if (this.size > this.limit) return done(new LimitError(this.limit));
    if (this.size - chunk.length < CHECKED_BYTES) this.chunks.push(chunk);
    done(null, chunk);
  }
  /** The whole body, or `undefined` when it was longer than what the checks read. */
  copy(): Buffer | undefined {
    return this.size > CHECKED_BYTES ? undefined : Buffer.concat(this.chunks);
  }
}

class LimitError extends Error {
  constructor(readonly limit: number) {
    super(`over the limit of ${limit} bytes`);
  }
}

/** The deployment was silent for longer than the proxy waits. */
class UpstreamTimeout extends Error {}

/** The body as text for checking, decompressed at most to {@link CHECKED_BYTES}; `undefined` when it cannot be. */
function decoded(body: Buffer, encoding: string | undefined): string | undefined {
  const options = { maxOutputLength: CHECKED_BYTES };
  try {
    if (encoding === "gzip") return gunzipSync(body, options).toString("utf8");
    if (encoding === "deflate") return inflateSync(body, options).toString("utf8");
    if (encoding === "br") return brotliDecompressSync(body, options).toString("utf8");
  } catch {
    return undefined;
  }
  return encoding === undefined || encoding === "identity" ? body.toString("utf8") : undefined;
}

const problem = (status: number, msg: string, code: string): [number, string] => [status, JSON.stringify(frontProblem("proxy", msg, code))];

export async function startContractProxy(options: ContractProxyOptions): Promise<ContractProxy> {
  const upstream = new URL(options.upstream);
  if (upstream.protocol !== "http:" && upstream.protocol !== "https:") throw new Error(`--proxy needs an http(s) URL, got ${options.upstream}`);
  const corsProblem = options.corsOrigins?.map(checkOrigin).find((found) => found !== undefined);
  if (corsProblem) throw new Error(`CORS origin ${corsProblem}`);
  const cors: CorsPolicy = options.corsOrigins ? { origins: options.corsOrigins } : ANY_ORIGIN;
  const maxRequestBytes = options.maxRequestBytes ?? 10 * MiB;
  const maxResponseBytes = options.maxResponseBytes ?? 100 * MiB;
  const timeoutMs = options.upstreamTimeoutMs ?? 30_000;
  const basePath = upstream.pathname.replace(/\/+$/, "");
  const send = upstream.protocol === "https:" ? httpsRequest : httpRequest;
  const validator = createRequestValidator();

  /** A `Location` into the deployment, as a path on the proxy; one elsewhere is left as it is. */
  function proxiedLocation(location: string): string {
    let resolved: URL;
    try {
      resolved = new URL(location, upstream);
    } catch {
      return location;
    }
    if (resolved.origin !== upstream.origin) return location;
    if (resolved.pathname !== basePath && !resolved.pathname.startsWith(`${basePath}/`)) return location;
    return `${resolved.pathname.slice(basePath.length) || "/"}${resolved.search}${resolved.hash}`;
  }

  const server: Server = createServer((request, response) => {
    const method = request.method ?? "GET";
    const { pathname, search } = requestTarget(request.url);
    // A preflight is the browser asking the proxy, not a call of the API: answered here, never drift.
    if (handleCors(cors, request, response, pathname, (path) => validator.allowedMethods(path))) return;
    const token = bearerToken(request);
    const redact = token === undefined ? (text: string) => text : tokenRedactor(token);
    const target = redact(`${pathname}${search}`);
    const matched = validator.match(method, pathname);
    const operationId = matched?.operationId;
    const report = (side: ContractReport["side"], findings: Finding[], status?: number): void => {
      const safe = findings.map((finding) => ({ ...finding, message: redact(finding.message) }));
      options.onReport({ method, target, operationId, side, ...(status !== undefined && { status }), findings: safe });
    };
    let answered = false;
    const answer = (status: number, body: string): void => {
      answered = true;
      if (response.headersSent) return void response.destroy();
      response.writeHead(status, { "content-type": "application/json" });
      response.end(body);
    };
    const tooLarge = (): void => {
      answered = true;
      drainThenAnswer(request, () => {
        response.writeHead(413, { "content-type": "application/json" });
        response.end(
          problem(413, `Request body too large: the proxy passes on at most ${maxRequestBytes} bytes (--max-request-bytes)`, "proxy_body_too_large")[1],
        );
      });
    };
    const declaredLength = Number(request.headers["content-length"] ?? 0);
    if (declaredLength > maxRequestBytes) return tooLarge();

    const outgoing: ClientRequest = send({
      protocol: upstream.protocol,
      hostname: upstream.hostname,
      port: upstream.port,
      method,
      path: `${basePath}${pathname}${search}`,
      headers: { ...endToEnd(request.headers), host: upstream.host },
    });
    outgoing.setTimeout(timeoutMs, () => outgoing.destroy(new UpstreamTimeout()));
    outgoing.on("error", (error) => {
      if (answered) return;
      // No answer is a finding of its own kind, never an undeclared status of the proxy's own 504 or 502.
      if (error instanceof UpstreamTimeout) {
        report("response", [{ kind: "no-answer", severity: "failure", message: `the deployment did not answer within ${timeoutMs} ms` }]);
        return answer(...problem(504, `The deployment did not answer within ${timeoutMs} ms (--upstream-timeout)`, "proxy_upstream_timeout"));
      }
      report("response", [{ kind: "no-answer", severity: "failure", message: `the deployment could not be reached: ${redact(error.message)}` }]);
      answer(...problem(502, `Upstream unreachable: ${redact(error.message)}`, "proxy_upstream_unreachable"));
    });
    // The proxy never asks for an upgrade; a deployment that switches protocols anyway is refused.
    outgoing.on("upgrade", (_upgraded, socket) => {
      socket.destroy();
      answer(...problem(502, "The deployment switched protocols (101); the proxy passes on HTTP only", "proxy_upgrade_refused"));
    });

    // Not pipeline(): on an error it would destroy the request, and with it the connection the 413 needs.
    const sent = new BoundedCopy(maxRequestBytes);
    const uploaded = (error: Error | undefined): void => {
      if (!error) {
        // The one admission of every front decides whether the request keeps the contract: the
        // caller's drift, whatever the deployment answers (its answer is judged on its own).
        const admission = admit(incomingAdmission(request, sent.copy()), { validator }, matched);
        // Refused before any operation was found (a 404 or 405): no operation of the contract; refused by an operation: its inputs (a 422).
        if (admission.kind === "refused" && admission.operationId === undefined)
          report("request", [{ kind: "unknown-operation", severity: "failure", message: `no operation of the contract is ${method} ${pathname}` }]);
        else if (admission.kind === "refused") {
          const issues = (admission.answer.body as { detail: ErrorDetail[] }).detail;
          const message = issues.map((issue) => `${issue.loc.join(".")}: ${issue.msg}`).join("; ");
          report("request", [{ kind: "invalid-request", severity: "failure", message: `the request breaks the contract: ${message}` }]);
        }
        return;
      }
      outgoing.destroy();
      if (error instanceof LimitError) tooLarge();
      // Otherwise the client went away mid-upload: nothing to answer, and the upstream request is cut.
    };
    request.on("error", uploaded);
    request.on("close", () => {
      if (!request.complete) uploaded(new Error("the client went away mid-upload"));
    });
    sent.on("error", (error) => {
      request.unpipe(sent);
      uploaded(error);
    });
    sent.on("end", () => uploaded(undefined));
    request.pipe(sent).pipe(outgoing);

    outgoing.on("response", (incoming: IncomingMessage) => {
      const status = incoming.statusCode ?? 0;
      if (answered) return void incoming.destroy();
      if (status < 100 || status > 599) {
        incoming.destroy();
        return answer(...problem(502, `The deployment answered status ${status}, which HTTP does not define`, "proxy_invalid_status"));
      }
      const length = Number(incoming.headers["content-length"] ?? 0);
      if (length > maxResponseBytes) {
        incoming.destroy();
        report(
          "response",
          [
            {
              kind: "body-too-large",
              severity: "failure",
              message: `a ${length}-byte body, past the proxy's limit of ${maxResponseBytes} (--max-response-bytes)`,
            },
          ],
          status,
        );
        return answer(
          ...problem(502, `Response body too large: the proxy passes on at most ${maxResponseBytes} bytes (--max-response-bytes)`, "proxy_response_too_large"),
        );
      }
      const headers = withoutUpstreamCors(endToEnd(incoming.headers));
      if (typeof headers["location"] === "string") headers["location"] = proxiedLocation(headers["location"]);
      response.writeHead(status, headers);
      const received = new BoundedCopy(maxResponseBytes);
      pipeline(incoming, received, response, (error) => {
        if (error instanceof LimitError) {
          report(
            "response",
            [{ kind: "body-too-large", severity: "failure", message: `the body went past the proxy's limit of ${maxResponseBytes} bytes; cut there` }],
            status,
          );
          return;
        }
        if (error || !operationId) return;
        const body = received.copy();
        const text = body === undefined ? undefined : decoded(body, [incoming.headers["content-encoding"]].flat()[0]);
        if (text === undefined) {
          const why = body === undefined ? `the body is over ${CHECKED_BYTES} bytes` : "its content encoding could not be read within the limit";
          report("response", [{ kind: "not-checked", severity: "warning", message: `not checked: ${why}` }], status);
          return;
        }
        const contentType = [incoming.headers["content-type"]].flat()[0] ?? null;
        const findings = checkResponse(operationId as OperationId, { status, contentType, text });
        if (findings.length > 0) report("response", findings, status);
      });
    });
  });
  answerUnparsable(server);
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(options.port ?? 0, options.host ?? "127.0.0.1", () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  return {
    url: listeningUrl(options.host ?? "127.0.0.1", port),
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
