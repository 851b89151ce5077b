/**
 * The validating proxy (`mycreditapp-mock --proxy URL`): forwards every request to a deployment
 * and its answer back unchanged, byte for byte, and reports each request or response that breaks
 * the contract: a request to no declared operation or with input the spec refuses, a response
 * with an undeclared status, a wrong content type or a body that does not match its schema (and,
 * as a warning, a value of an open enum the spec does not list yet). A consumer runs its app or
 * its tests through it to see where the deployment and the contract part.
 */
import { createServer, request as httpRequest, type IncomingMessage, type Server } from "node:http";
import { request as httpsRequest } from "node:https";
import type { AddressInfo } from "node:net";
import { brotliDecompressSync, gunzipSync, inflateSync } from "node:zlib";
import type { OperationId } from "../../generated/types.js";
import { createRequestValidator } from "../request-checks/request-validator.ts";
import { checkResponse, type Finding } from "../verify/response-check.ts";
import { hasBearerToken, headerLookup, readBody, serverUrl } from "./incoming.ts";

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
}

export interface ContractProxy {
  url: string;
  close(): Promise<void>;
}

/** The body as text for checking; the bytes sent on are never changed. */
function decoded(body: Buffer, encoding: string | undefined): string {
  try {
    if (encoding === "gzip") return gunzipSync(body).toString("utf8");
    if (encoding === "deflate") return inflateSync(body).toString("utf8");
    if (encoding === "br") return brotliDecompressSync(body).toString("utf8");
  } catch {
    return "";
  }
  return body.toString("utf8");
}

export async function startContractProxy(options: ContractProxyOptions): Promise<ContractProxy> {
  const upstream = new URL(options.upstream);
  if (upstream.protocol !== "http:" && upstream.protocol !== "https:") throw new Error(`--proxy needs an http(s) URL, got ${options.upstream}`);
  const basePath = upstream.pathname.replace(/\/+$/, "");
  const send = upstream.protocol === "https:" ? httpsRequest : httpRequest;
  const validator = createRequestValidator();

  const server: Server = createServer((request, response) => {
    void (async () => {
      const body = await readBody(request);
      const url = new URL(request.url ?? "/", "http://proxy.invalid");
      const method = request.method ?? "GET";
      const target = `${url.pathname}${url.search}`;
      const matched = validator.match(method, url.pathname);
      const operationId = matched?.operationId;
      if (!matched) {
        options.onReport({
          method,
          target,
          operationId,
          side: "request",
          findings: [{ kind: "undeclared-status", severity: "failure", message: `no operation of the contract is ${method} ${url.pathname}` }],
        });
      } else if (hasBearerToken(request)) {
        const issues = validator.validate(matched.operationId, {
          pathParams: matched.pathParams,
          query: url.searchParams,
          header: headerLookup(request),
          body: body.length > 0 ? body.toString("utf8") : undefined,
          contentType: request.headers["content-type"],
        });
        if (issues.length > 0) {
          const message = issues.map((issue) => `${issue.loc.join(".")}: ${issue.msg}`).join("; ");
          options.onReport({
            method,
            target,
            operationId,
            side: "request",
            findings: [{ kind: "accepted-invalid-input", severity: "failure", message: `the request breaks the contract: ${message}` }],
          });
        }
      }
      const { host: _host, connection: _connection, ...headers } = request.headers;
      const outgoing = send(
        {
          protocol: upstream.protocol,
          hostname: upstream.hostname,
          port: upstream.port,
          method,
          path: `${basePath}${target}`,
          headers: { ...headers, host: upstream.host },
        },
        (answer: IncomingMessage) => {
          void readBody(answer).then((bytes) => {
            response.writeHead(answer.statusCode ?? 502, answer.headers);
            response.end(bytes);
            if (!operationId) return;
            const status = answer.statusCode ?? 0;
            const contentType = [answer.headers["content-type"]].flat()[0] ?? null;
            const findings = checkResponse(operationId as OperationId, {
              status,
              contentType,
              text: decoded(bytes, [answer.headers["content-encoding"]].flat()[0]),
            });
            if (findings.length > 0) options.onReport({ method, target, operationId, side: "response", status, findings });
          });
        },
      );
      outgoing.on("error", (error) => {
        response.writeHead(502, { "content-type": "application/json" });
        response.end(
          JSON.stringify({ detail: [{ loc: [], msg: `Upstream unreachable: ${error.message}`, type: "proxy", code: "proxy_upstream_unreachable" }] }),
        );
      });
      outgoing.end(body);
    })();
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(options.port ?? 0, options.host ?? "127.0.0.1", () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  return {
    url: serverUrl(options.host ?? "127.0.0.1", port),
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
