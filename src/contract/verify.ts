/**
 * Checks a running deployment against the contract, paced to `rate` requests per second. For
 * every operation (the lists first, so that the others can use what they return) it sends:
 * - valid requests, at most `requests`: each list first at `offset=0` with only its required
 *   inputs, then pages and filters the items it returned say will return items (discovery.ts),
 *   then requests at each constraint's edges and random mixes; an operation on one resource reads
 *   ids taken from those items (and `writeTarget`). Every answer must have a declared status, a
 *   JSON content type and a body that matches its schema, and the report counts the items each
 *   operation validated: none is a warning, since an empty deployment proves nothing;
 * - one request without a token, which must be refused as not authenticated;
 * - one invalid request per constraint of every input, each breaking that constraint only, which
 *   must get a 422 naming it. All of them are sent, whatever `requests` is.
 * Operations that write are skipped unless writes are allowed for one resource, whose original
 * state is restored afterwards, also when the run is interrupted; the fields the server manages
 * that a restore cannot put back are named. No write is ever sent to another resource: the
 * negative checks of a writing operation's path send malformed ids that address none.
 *
 * What the deployment answers is untrusted: bodies are read with a bound on size and time,
 * redirects are findings and are never followed, a failure of any kind ends the run with a report
 * (never a stack trace), and text from the deployment is made printable before it is reported.
 */
import { operationTable, requestHeaderRules, requestRules } from "../../generated/operations.js";
import type { OperationId } from "../../generated/types.js";
import { boundedText } from "../http/bounded-text.ts";
import { printable } from "../http/untrusted-text.ts";
import { firstPageRequest, followUpRequests, idsFor, itemsOf } from "./discovery.ts";
import { judgeAnswer, type Answer, type RequestKind } from "./judge.ts";
import { negativePlan, seededRandom, validRequests, type GeneratedRequest, type RequestContext } from "./request-generator.ts";
import { responseValidators } from "../../generated/response-validators.js";
import { parsedBody, type Finding, type FindingKind } from "./response-check.ts";
import { curlLine, generatedRequestUrl, requestInit } from "./wire.ts";

export interface VerifyOptions {
  baseUrl: string;
  /** The bearer token; it is only ever placed in the Authorization header. */
  token: string;
  requesterOrganizationId: string;
  /** The organization acted on; the requester (Self) by default. */
  targetOrganizationId?: string | undefined;
  /** Most valid requests per operation; the checks without a token and of each constraint come on top. */
  requests: number;
  /** Requests per second, at most. */
  rate: number;
  seed: string;
  /** Time-out of one request. */
  timeoutMs: number;
  /** Send the negative checks (one broken constraint, no token). */
  negative: boolean;
  /** Fields the contract does not declare are failures, not warnings. */
  strict?: boolean;
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
  /** What sets this group apart from others of its kind (see {@link Finding.cause}). */
  cause?: string;
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
  /** Of `sent`: valid requests, requests without a token, and invalid requests (one per constraint). */
  valid: number;
  unauthenticated: number;
  invalid: number;
  /** Objects in success bodies that matched their schema: a page's items, or the one resource. */
  validatedItems: number;
  /** Success answers to valid requests: those whose body failed the checks, and valid pages that were empty. */
  failedAnswers: number;
  emptyPages: number;
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
  /** Set when a restore succeeded but fields the server manages keep values the run's writes gave them. */
  restoreNote?: string;
  interrupted: boolean;
}

class Unreachable extends Error {}
/** The run cannot go on, for a reason the report states. */
class CutShort extends Error {}

/** An answer of the API is a page of at most 100 items: far below this; a body past it is a finding, and is not read on. */
const MAX_BODY_BYTES = 8 * 1024 * 1024;

/** Whether an operation writes: anything but a GET or a HEAD. */
const writes = (operationId: OperationId): boolean => operationTable[operationId].method !== "GET" && operationTable[operationId].method !== "HEAD";

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

  async function exchange(operationId: OperationId, request: GeneratedRequest, token: string | null): Promise<Answer> {
    await pace();
    const { method, path } = operationTable[operationId];
    const timedOut = () => new Unreachable(`${options.baseUrl} did not answer ${operationId} (${request.label}) within ${options.timeoutMs} ms`);
    let response: Response;
    try {
      // A redirect is reported, never followed: following it would judge another resource's answer.
      response = await send(generatedRequestUrl(options.baseUrl, path, request), {
        ...requestInit(method, request, token, options.timeoutMs),
        redirect: "manual",
      });
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

  /** The original state of the write target, read with the GET on the same path, and a restore of it. */
  async function prepareRestore(operationId: OperationId): Promise<() => Promise<void>> {
    const entry = operationTable[operationId];
    const reader = (Object.keys(operationTable) as OperationId[]).find((id) => operationTable[id].path === entry.path && operationTable[id].method === "GET");
    if (!reader) throw new Error(`${operationId} writes, but no GET on ${entry.path} can read the state to restore`);
    const path = Object.fromEntries(entry.pathParameters.map((name) => [name, options.writeTarget as string]));
    const read = await exchange(reader, { operationId: reader, path, header, query: {}, label: "read before writing" }, options.token);
    const cannot = (what: string) => new CutShort(`reading ${entry.path} with ${options.writeTarget} to restore it after writing ${what}; nothing was written`);
    if (read.status !== 200) throw cannot(`got HTTP ${read.status}, not 200`);
    const json = parsedBody(read);
    // Never quoted: the body may hold anything, the token included.
    if (!json) throw cannot(`got a body that is not JSON (${read.text.length} characters)`);
    const original = json.value;
    if (original === null || typeof original !== "object" || Array.isArray(original)) throw cannot("got a body that is not an object");
    const fields = Object.keys(requestRules[operationId].body?.schema.properties ?? {});
    const body = Object.fromEntries(fields.map((name) => [name, (original as Record<string, unknown>)[name]]));
    const restore: GeneratedRequest = { operationId, path, header, query: {}, body: { json: body }, label: "restore" };
    return async () => {
      const answer = await exchange(operationId, restore, options.token);
      if (answer.status < 200 || answer.status >= 300) {
        result.restoreError = `${operationId} on ${options.writeTarget} could not be restored (HTTP ${answer.status}); restore it with: ${curlLine(entry.method, generatedRequestUrl(options.baseUrl, entry.path, restore), restore, true)}`;
        return;
      }
      // What a restore cannot put back: fields no request sets (timestamps the server keeps), read again and compared.
      const after = await exchange(reader, { operationId: reader, path, header, query: {}, label: "read after restoring" }, options.token);
      const now = itemsOf(parsedBody(after)?.value)[0];
      const changed = now
        ? Object.keys(original as object).filter((name) => JSON.stringify(now[name]) !== JSON.stringify((original as Record<string, unknown>)[name]))
        : [];
      if (changed.length > 0) {
        result.restoreNote = `${operationId} on ${options.writeTarget}: restored ${fields.join(", ")}; ${changed.join(", ")} ${changed.length === 1 ? "is managed by the server and keeps the value" : "are managed by the server and keep the values"} the run's writes gave ${changed.length === 1 ? "it" : "them"}`;
      }
    };
  }

  /** The operations in the order that lets each use what the earlier ones found: those without path parameters first. */
  const order = (Object.keys(operationTable) as OperationId[]).sort(
    (a, b) => Number(operationTable[a].pathParameters.length > 0) - Number(operationTable[b].pathParameters.length > 0),
  );
  /** Items seen in valid answers, by the path of the operation that returned them. */
  const seen = new Map<string, Record<string, unknown>[]>();

  /** Sends one request, judges its answer and files the findings in the operation's report; returns the parsed body of a valid 200 that keeps the contract. */
  async function run(operationId: OperationId, report: OperationReport, request: GeneratedRequest, kind: RequestKind, planned: number): Promise<unknown> {
    const entry = operationTable[operationId];
    const answer = await exchange(operationId, request, kind === "unauthenticated" ? null : options.token);
    report.sent++;
    report[kind]++;
    options.onProgress?.(`${operationId}: ${report.sent}/${planned} (${answer.status || "no response"})`);
    const findings = judgeAnswer(operationId, request, kind, answer, MAX_BODY_BYTES, { strict: options.strict === true });
    for (const finding of findings) {
      // One group per kind and cause, each with the curl of its first occurrence; the cause is kept as printed.
      const cause = finding.cause === undefined ? undefined : printable(finding.cause);
      const group = report.findings.find((item) => item.kind === finding.kind && item.cause === cause);
      if (group) group.count++;
      else {
        const url = generatedRequestUrl(options.baseUrl, entry.path, request);
        report.findings.push({
          kind: finding.kind,
          severity: finding.severity,
          ...(cause !== undefined && { cause }),
          message: printable(finding.message),
          count: 1,
          label: request.label,
          curl: curlLine(entry.method, url, request, kind !== "unauthenticated"),
        });
      }
    }
    if (kind !== "valid" || answer.status !== entry.success.status) return undefined;
    if (findings.some((finding) => finding.severity === "failure")) {
      report.failedAnswers++;
      return undefined;
    }
    // Only a body its schema was checked against counts as validated.
    if (!responseValidators[operationId]?.[String(answer.status)]) return undefined;
    const body = parsedBody(answer)?.value;
    const items = itemsOf(body);
    if (items.length === 0) report.emptyPages++;
    report.validatedItems += items.length;
    seen.set(entry.path, [...(seen.get(entry.path) ?? []), ...items]);
    return body;
  }

  /** The ids to read for an operation on one resource: from the items of the list on the parent path, and the write target. */
  function knownIds(operationId: OperationId): string[] {
    const entry = operationTable[operationId];
    const [parameter] = entry.pathParameters;
    if (parameter === undefined || entry.pathParameters.length !== 1) return [];
    const parent = entry.path.slice(0, entry.path.lastIndexOf("/"));
    const ids = idsFor(parameter, seen.get(parent) ?? []);
    return [...new Set([...(options.writeTarget !== undefined ? [options.writeTarget] : []), ...ids])];
  }

  try {
    // The state to restore is read before anything is sent: a target that cannot be read stops the run at once.
    const prepared = new Map<OperationId, () => Promise<void>>();
    if (options.writeTarget !== undefined) {
      for (const operationId of order) {
        if (writes(operationId) && operationTable[operationId].pathParameters.length === 1) prepared.set(operationId, await prepareRestore(operationId));
      }
    }
    for (const operationId of order) {
      const entry = operationTable[operationId];
      const rules = requestRules[operationId];
      const report: OperationReport = {
        operationId,
        method: entry.method,
        path: entry.path,
        sent: 0,
        valid: 0,
        unauthenticated: 0,
        invalid: 0,
        validatedItems: 0,
        failedAnswers: 0,
        emptyPages: 0,
        findings: [],
      };
      result.operations.push(report);
      const writing = writes(operationId);
      if (writing && options.writeTarget === undefined) {
        report.skipped = "it writes; allow it with --allow-writes --patch-id ID";
        continue;
      }
      if (writing && entry.pathParameters.length !== 1) {
        report.skipped = "it writes, and --patch-id names one resource, which this path cannot address";
        continue;
      }
      const [parameter] = entry.pathParameters;
      const ids = writing ? [options.writeTarget as string] : knownIds(operationId);
      const pathOf = (index: number) => (parameter !== undefined && ids.length > 0 ? { [parameter]: ids[index % ids.length] as string } : undefined);
      const context = (index: number): RequestContext => {
        const path = pathOf(index);
        return path ? { header, path } : { header };
      };
      const restore = prepared.get(operationId);
      if (restore) restores.push(restore);

      // Valid requests: real data first (the first page and what its items lead to, or each known id), then edges and mixes.
      const valid: GeneratedRequest[] = [];
      const first = entry.page ? firstPageRequest(operationId, rules, context(0)) : undefined;
      if (first) valid.push(first);
      const generated = validRequests(operationId, rules, context(0), random, options.requests);
      generated.forEach((request, index) => {
        const path = pathOf(index);
        valid.push(path ? { ...request, path: { ...request.path, ...path } } : request);
      });
      const negative: [GeneratedRequest, RequestKind][] = [];
      if (options.negative) {
        negative.push([{ ...(valid[0] as GeneratedRequest), label: "no token" }, "unauthenticated"]);
        for (const request of negativePlan(operationId, rules, requestHeaderRules[operationId], context(0), random, writing))
          negative.push([request, "invalid"]);
      }
      const validCount = Math.min(options.requests, valid.length);
      const planned = () => validCount + negative.length;
      let sentValid = 0;
      const sendValid = async (request: GeneratedRequest) => {
        if (stopped || sentValid >= validCount) return undefined;
        sentValid++;
        return run(operationId, report, request, "valid", planned());
      };
      const firstBody = first ? await sendValid(valid.shift() as GeneratedRequest) : undefined;
      if (first && firstBody !== undefined) {
        // The items of the first page say which pages and filters return items: those come next.
        const followUps = followUpRequests(first, rules, itemsOf(firstBody));
        valid.unshift(...followUps);
      }
      for (const [request, kind] of negative) {
        if (stopped) break;
        await run(operationId, report, request, kind, planned());
      }
      for (const request of valid) {
        if (stopped || sentValid >= validCount) break;
        await sendValid(request);
      }
      if (report.valid > 0 && report.validatedItems === 0) {
        // Pages that failed their checks are not empty pages: the two need different fixes.
        const failed = report.failedAnswers;
        const why =
          failed > 0
            ? report.emptyPages === 0
              ? `${failed === 1 ? "its one success answer" : `all ${failed} of its success answers`} failed the checks above, so none could be counted`
              : `${failed} of its success answers failed the checks above, and the other ${report.emptyPages} ${report.emptyPages === 1 ? "was an empty page" : "were empty pages"}`
            : entry.page
              ? "every page it answered was empty. An empty deployment proves nothing about the response schemas"
              : parameter !== undefined && ids.length === 0
                ? "no list returned an item whose id it could read, so it read random ids; give --patch-id, or run against a deployment with data"
                : "none of its answers was a success that keeps the contract";
        report.findings.push({
          kind: "no-items-validated",
          severity: "warning",
          cause: failed > 0 ? "failed" : "none",
          count: 1,
          message: `no item was validated: ${why}`,
          label: "all valid requests",
          curl: curlLine(
            entry.method,
            generatedRequestUrl(options.baseUrl, entry.path, valid[0] ?? (first as GeneratedRequest)),
            valid[0] ?? (first as GeneratedRequest),
            true,
          ),
        });
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
  // The report lists the operations in the table's order, whatever order they were checked in.
  const position = Object.keys(operationTable);
  result.operations.sort((a, b) => position.indexOf(a.operationId) - position.indexOf(b.operationId));
  for (const operation of result.operations) {
    for (const group of operation.findings) {
      if (group.severity === "failure") result.failures += group.count;
      else result.warnings += group.count;
    }
  }
  return result;
}
