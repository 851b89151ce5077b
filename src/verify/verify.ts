/**
 * Checks a running deployment against the contract. For every operation it sends, at most
 * `requests` times and paced to `rate` requests per second: one request without a token (must be
 * a 401), requests that each break one constraint (must be a 422 naming that input), and valid
 * requests (each response must have a declared status, a JSON content type and a body that
 * matches its schema). Operations that write are skipped unless writes are allowed for one
 * resource, whose original state is restored afterwards, also when the run is interrupted; no
 * write is ever sent to another resource (the negative checks of a writing operation's path are
 * not sent).
 *
 * What the deployment answers is untrusted: bodies are read with a bound on size and time,
 * redirects are findings and are never followed, a failure of any kind ends the run with a report
 * (never a stack trace), and text from the deployment is made printable before it is reported.
 */
import { operationTable, requestHeaderRules, requestRules } from "../../generated/operations.js";
import type { OperationId } from "../../generated/types.js";
import { invalidRequests, seededRandom, validRequests, type GeneratedRequest } from "./request-generator.ts";
import { printable } from "../untrusted-text.ts";
import { checkResponse, type Finding, type FindingKind } from "./response-check.ts";
import { curlLine, requestInit, requestUrl } from "./wire.ts";

export interface VerifyOptions {
  baseUrl: string;
  /** The bearer token; it is only ever placed in the Authorization header. */
  token: string;
  requesterOrganizationId: string;
  /** The organization acted on; the requester (Self) by default. */
  targetOrganizationId?: string | undefined;
  /** Most requests per operation. */
  requests: number;
  /** Requests per second, at most. */
  rate: number;
  seed: string;
  /** Time-out of one request. */
  timeoutMs: number;
  /** Send the negative checks (one broken constraint, no token). */
  negative: boolean;
  /** Allow the operations that write, on this one resource (the path parameter's value); restored afterwards. */
  writeTarget?: string | undefined;
  fetch?: typeof fetch;
  onProgress?: (line: string) => void;
  /** Resolves when the run should stop early (SIGINT): what was sent is reported, writes are undone. */
  stopped?: Promise<void>;
}

export interface FindingGroup {
  kind: FindingKind;
  severity: Finding["severity"];
  count: number;
  /** The first occurrence: what the request was, what went wrong, and how to send it again. */
  label: string;
  message: string;
  curl: string;
}

export interface OperationReport {
  operationId: string;
  method: string;
  path: string;
  sent: number;
  skipped?: string;
  findings: FindingGroup[];
}

export interface VerifyResult {
  baseUrl: string;
  operations: OperationReport[];
  failures: number;
  warnings: number;
  /** Set when the deployment could not be reached, stopped answering or cut an answer off. */
  connectionError?: string;
  /** Set when the run could not go on for another reason (the state to restore could not be read). */
  aborted?: string;
  /** Set when a write could not be undone: the resource and what to send to restore it. */
  restoreError?: string;
  interrupted: boolean;
}

class Unreachable extends Error {}
/** The run cannot go on, for a reason the report states. */
class CutShort extends Error {}

/** An answer of the API is a page of at most 100 items: far below this; a body past it is a finding, and is not read on. */
const MAX_BODY_BYTES = 8 * 1024 * 1024;

/** Waits so that request starts are at least `1 / rate` seconds apart. */
function pacer(rate: number): () => Promise<void> {
  const interval = 1000 / rate;
  let next = 0;
  return async () => {
    const now = performance.now();
    const wait = next - now;
    next = Math.max(now, next) + interval;
    if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
  };
}

interface Sent {
  status: number;
  contentType: string | null;
  text: string;
  /** The body went past {@link MAX_BODY_BYTES}; `text` is empty. */
  tooLarge?: boolean;
  location?: string | null;
}

/** The body as text, at most `limit` bytes of it; `undefined` past the limit. Throws when the body is cut off. */
async function boundedText(response: Response, limit: number): Promise<string | undefined> {
  if (!response.body) return "";
  const reader = response.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.length;
    if (size > limit) {
      await reader.cancel().catch(() => undefined);
      return undefined;
    }
    chunks.push(value);
  }
  return new TextDecoder().decode(Buffer.concat(chunks));
}

export async function verifyDeployment(options: VerifyOptions): Promise<VerifyResult> {
  const send = options.fetch ?? fetch;
  const pace = pacer(options.rate);
  const random = seededRandom(options.seed);
  const target = options.targetOrganizationId ?? options.requesterOrganizationId;
  const header = { "Requester-Organization-ID": options.requesterOrganizationId, "Target-Organization-ID": target };
  const result: VerifyResult = { baseUrl: options.baseUrl, operations: [], failures: 0, warnings: 0, interrupted: false };
  let stopped = false;
  void options.stopped?.then(() => {
    stopped = true;
  });
  const restores: (() => Promise<void>)[] = [];

  const why = (error: unknown): string => ((error as { cause?: { code?: string } }).cause?.code ?? (error as Error).message) || "no response";

  async function exchange(operationId: OperationId, request: GeneratedRequest, token: string | null): Promise<Sent> {
    await pace();
    const { method, path } = operationTable[operationId];
    const timedOut = () => new Unreachable(`${options.baseUrl} did not answer ${operationId} (${request.label}) within ${options.timeoutMs} ms`);
    let response: Response;
    try {
      // A redirect is reported, never followed: following it would judge another resource's answer.
      response = await send(requestUrl(options.baseUrl, path, request), { ...requestInit(method, request, token, options.timeoutMs), redirect: "manual" });
    } catch (error) {
      if ((error as Error).name === "TimeoutError") throw timedOut();
      throw new Unreachable(`cannot reach ${options.baseUrl}: ${why(error)}`);
    }
    let text: string | undefined;
    try {
      text = await boundedText(response, MAX_BODY_BYTES);
    } catch (error) {
      if ((error as Error).name === "TimeoutError") throw timedOut();
      throw new Unreachable(`${options.baseUrl} cut off its answer to ${operationId} (${request.label}): ${why(error)}`);
    }
    return {
      status: response.status,
      contentType: response.headers.get("content-type"),
      text: text ?? "",
      ...(text === undefined && { tooLarge: true }),
      location: response.headers.get("location"),
    };
  }

  function judge(operationId: OperationId, request: GeneratedRequest, kind: "valid" | "invalid" | "unauthenticated", answer: Sent): Finding[] {
    if (answer.status >= 300 && answer.status < 400) {
      const to = answer.location ? ` to ${answer.location}` : "";
      return [
        { kind: "redirect", severity: "failure", message: `${answer.status} redirecting${to}; the contract declares no redirect, so it was not followed` },
      ];
    }
    if (answer.tooLarge)
      return [{ kind: "body-too-large", severity: "failure", message: `a ${answer.status} body past ${MAX_BODY_BYTES} bytes; it was not read on` }];
    if (kind === "unauthenticated") {
      if (answer.status !== 401)
        return [{ kind: "authentication-not-enforced", severity: "failure", message: `a request without a token got ${answer.status}, not 401` }];
      return checkResponse(operationId, answer);
    }
    if (kind === "invalid") {
      if (answer.status >= 200 && answer.status < 300) {
        return [
          {
            kind: "accepted-invalid-input",
            severity: "failure",
            message: `${answer.status} for a request with ${request.label}; expected 422 naming ${request.broken?.join(".")}`,
          },
        ];
      }
      const findings = checkResponse(operationId, answer);
      if (answer.status !== 422)
        return [...findings, { kind: "wrong-error-location", severity: "failure", message: `${answer.status}, not 422, for ${request.label}` }];
      const locs = parsedLocs(answer.text);
      const named = locs.some((loc) => request.broken?.every((part, index) => loc[index] === part));
      if (!named && findings.every((finding) => finding.severity !== "failure")) {
        findings.push({
          kind: "wrong-error-location",
          severity: "failure",
          message: `422 for ${request.label} names ${locs.map((loc) => loc.join(".")).join(", ") || "no input"}, not ${request.broken?.join(".")}`,
        });
      }
      return findings;
    }
    return checkResponse(operationId, answer);
  }

  /** The original state of the write target, read with the GET on the same path, and a restore of it. */
  async function prepareRestore(operationId: OperationId): Promise<() => Promise<void>> {
    const entry = operationTable[operationId];
    const reader = (Object.keys(operationTable) as OperationId[]).find((id) => operationTable[id].path === entry.path && operationTable[id].method === "GET");
    if (!reader) throw new Error(`${operationId} writes, but no GET on ${entry.path} can read the state to restore`);
    const path = Object.fromEntries(entry.pathParameters.map((name) => [name, options.writeTarget as string]));
    const read = await exchange(reader, { operationId: reader, path, header, query: {}, label: "read before writing" }, options.token);
    const cannot = (what: string) => new CutShort(`reading ${entry.path} with ${options.writeTarget} to restore it after writing ${what}; nothing was written`);
    if (read.status !== 200) throw cannot(`got HTTP ${read.status}, not 200`);
    let original: unknown;
    try {
      original = JSON.parse(read.text);
    } catch {
      // Never quoted: the body may hold anything, the token included.
      throw cannot(`got a body that is not JSON (${read.text.length} characters)`);
    }
    if (original === null || typeof original !== "object" || Array.isArray(original)) throw cannot("got a body that is not an object");
    const fields = Object.keys(requestRules[operationId].body?.schema.properties ?? {});
    const body = Object.fromEntries(fields.map((name) => [name, (original as Record<string, unknown>)[name]]));
    const restore: GeneratedRequest = { operationId, path, header, query: {}, body: { json: body }, label: "restore" };
    return async () => {
      const answer = await exchange(operationId, restore, options.token);
      if (answer.status < 200 || answer.status >= 300) {
        result.restoreError = `${operationId} on ${options.writeTarget} could not be restored (HTTP ${answer.status}); restore it with: ${curlLine(entry.method, requestUrl(options.baseUrl, entry.path, restore), restore, true)}`;
      }
    };
  }

  try {
    for (const operationId of Object.keys(operationTable) as OperationId[]) {
      const entry = operationTable[operationId];
      const report: OperationReport = { operationId, method: entry.method, path: entry.path, sent: 0, findings: [] };
      result.operations.push(report);
      const writes = entry.method !== "GET" && entry.method !== "HEAD";
      if (writes && options.writeTarget === undefined) {
        report.skipped = "it writes; allow it with --allow-writes --patch-id ID";
        continue;
      }
      if (writes && entry.pathParameters.length !== 1) {
        report.skipped = "it writes, and --patch-id names one resource, which this path cannot address";
        continue;
      }
      const context = { header, ...(writes && { path: { [entry.pathParameters[0] as string]: options.writeTarget as string } }) };
      if (writes) restores.push(await prepareRestore(operationId));
      const plan: [GeneratedRequest, "valid" | "invalid" | "unauthenticated"][] = [];
      if (options.negative) {
        const [first] = validRequests(operationId, requestRules[operationId], context, random, 1);
        if (first) plan.push([{ ...first, label: "no token" }, "unauthenticated"]);
        // A writing operation's broken path would address another resource: those are never sent.
        const invalid = invalidRequests(operationId, requestRules[operationId], requestHeaderRules[operationId], context, random).filter(
          (request) => !(writes && request.broken?.[0] === "path"),
        );
        plan.push(...invalid.slice(0, Math.floor(options.requests / 2)).map((request) => [request, "invalid"] as [GeneratedRequest, "invalid"]));
      }
      const remaining = Math.max(0, options.requests - plan.length);
      plan.push(
        ...validRequests(operationId, requestRules[operationId], context, random, remaining).map(
          (request) => [request, "valid"] as [GeneratedRequest, "valid"],
        ),
      );
      for (const [request, kind] of plan.slice(0, options.requests)) {
        if (stopped) break;
        const answer = await exchange(operationId, request, kind === "unauthenticated" ? null : options.token);
        report.sent++;
        options.onProgress?.(`${operationId}: ${report.sent}/${Math.min(plan.length, options.requests)} (${answer.status || "no response"})`);
        for (const finding of judge(operationId, request, kind, answer)) {
          const group = report.findings.find((item) => item.kind === finding.kind);
          if (group) group.count++;
          else {
            const url = requestUrl(options.baseUrl, entry.path, request);
            const message = printable(finding.message);
            report.findings.push({
              ...finding,
              message,
              count: 1,
              label: request.label,
              curl: curlLine(entry.method, url, request, kind !== "unauthenticated"),
            });
          }
        }
      }
      if (stopped) {
        result.interrupted = true;
        break;
      }
    }
  } catch (error) {
    // Whatever went wrong, the run ends with its report: a connection problem, or the reason it stopped.
    if (error instanceof Unreachable) result.connectionError = printable(error.message);
    else result.aborted = printable(error instanceof CutShort ? error.message : `unexpected error: ${(error as Error).message}`);
  } finally {
    for (const restore of restores)
      await restore().catch((error: unknown) => (result.restoreError = printable(`restoring failed: ${(error as Error).message}`)));
  }
  for (const operation of result.operations) {
    for (const group of operation.findings) {
      if (group.severity === "failure") result.failures += group.count;
      else result.warnings += group.count;
    }
  }
  return result;
}

function parsedLocs(text: string): (string | number)[][] {
  try {
    const detail = (JSON.parse(text) as { detail?: unknown }).detail;
    return Array.isArray(detail) ? detail.map((item) => ((item as { loc?: unknown }).loc as (string | number)[]) ?? []) : [];
  } catch {
    return [];
  }
}
