/**
 * Judges one answer of the deployment to one request of `verify`'s plan: a redirect or an
 * oversized body is a finding on its own; a request without a token must be refused as not
 * authenticated (401 as documented, or 403 as FastAPI's `HTTPBearer` answers before it was
 * changed: enforced either way, the second a warning); an invalid request must get a 422 that names
 * the broken input (header names compared case-insensitively, as HTTP does); every answer must keep
 * the contract (response-check.ts); a request the contract calls valid must not be refused for its
 * input (`rejected-valid-input`), and a list must hold only items that match its filters
 * (`filter-not-applied`).
 */
import type { OperationId } from "../../generated/types.js";
import type { GeneratedRequest } from "./request-generator.ts";
import { checkResponse, parsedBody, type Finding } from "./response-check.ts";

export type RequestKind = "valid" | "invalid" | "unauthenticated";

export interface Answer {
  status: number;
  contentType: string | null;
  text: string;
  /** The body went past the bound `verify` reads; `text` is empty. */
  tooLarge?: boolean;
  location?: string | null;
}

/** The `loc` of each item of a 422 body; none when the body is not the list form. */
function parsedLocs(answer: Answer): (string | number)[][] {
  const detail = (parsedBody(answer)?.value as { detail?: unknown } | null | undefined)?.detail;
  return Array.isArray(detail) ? detail.map((item) => ((item as { loc?: unknown } | null)?.loc as (string | number)[]) ?? []) : [];
}

/** Whether `loc` names `broken`: the same parts, a header's name in any case. */
function names(loc: readonly (string | number)[], broken: readonly (string | number)[]): boolean {
  const header = broken[0] === "header";
  return broken.every((part, index) => (header && index === 1 ? String(loc[index]).toLowerCase() === String(part).toLowerCase() : loc[index] === part));
}

function unauthenticated(operationId: OperationId, answer: Answer): Finding[] {
  const { status } = answer;
  if (status === 401) return checkResponse(operationId, answer);
  if (status === 403) {
    return [
      {
        kind: "authentication-status",
        severity: "warning",
        message: "a request without a token got 403, as FastAPI's HTTPBearer answers in releases before its 401 change; the contract documents 401",
        cause: "403",
      },
      ...checkResponse(operationId, answer),
    ];
  }
  if (status >= 200 && status < 300)
    return [{ kind: "authentication-not-enforced", severity: "failure", message: `a request without a token got ${status}`, cause: String(status) }];
  return [
    {
      kind: "authentication-status",
      severity: "failure",
      message: `a request without a token got ${status}, where the contract declares 401 (or FastAPI's 403)`,
      cause: String(status),
    },
  ];
}

function invalid(operationId: OperationId, request: GeneratedRequest, answer: Answer): Finding[] {
  const broken = request.broken ?? [];
  if (answer.status >= 200 && answer.status < 300) {
    return [
      {
        kind: "accepted-invalid-input",
        severity: "failure",
        message: `${answer.status} for a request with ${request.label}; expected 422 naming ${broken.join(".")}`,
        cause: request.constraint ?? request.label,
      },
    ];
  }
  const findings = checkResponse(operationId, answer);
  if (answer.status !== 422)
    return [
      ...findings,
      { kind: "wrong-error-location", severity: "failure", message: `${answer.status}, not 422, for ${request.label}`, cause: `${answer.status}` },
    ];
  const locs = parsedLocs(answer);
  if (!locs.some((loc) => names(loc, broken)) && findings.every((finding) => finding.severity !== "failure")) {
    findings.push({
      kind: "wrong-error-location",
      severity: "failure",
      message: `422 for ${request.label} names ${locs.map((loc) => loc.join(".")).join(", ") || "no input"}, not ${broken.join(".")}`,
      cause: request.constraint ?? request.label,
    });
  }
  return findings;
}

/** The value a request sent at a `loc` (`["query", "limit"]`, `["body", "archived"]`), as JSON; `undefined` when it sent none there. */
function sentAt(request: GeneratedRequest, loc: readonly (string | number)[]): string | undefined {
  const [location, name, ...rest] = loc;
  let value: unknown;
  if (location === "body") value = request.body && "json" in request.body ? request.body.json : undefined;
  else if (location === "header") value = Object.entries(request.header).find(([header]) => header.toLowerCase() === String(name).toLowerCase())?.[1];
  else if (location === "query" || location === "path") value = request[location][String(name)];
  const path = location === "body" ? [name, ...rest].filter((part) => part !== undefined) : rest;
  for (const part of path) value = value !== null && typeof value === "object" ? (value as Record<string, unknown>)[String(part)] : undefined;
  return value === undefined ? undefined : JSON.stringify(value);
}

/**
 * A request the contract calls valid must not be refused: any 4xx but the expected answers (401
 * and 403 for authentication and authorization, 404 for an id that names nothing) is a failure
 * that names the input the server refused and the value that was sent.
 */
function rejectedValid(request: GeneratedRequest, answer: Answer): Finding[] {
  if (answer.status < 400 || answer.status >= 500 || [401, 403, 404].includes(answer.status)) return [];
  const locs = parsedLocs(answer).filter((loc) => loc.length > 0);
  const named = locs.map((loc) => {
    const value = sentAt(request, loc);
    return `${loc.join(".")}${value === undefined ? " (not sent)" : ` = ${value.length > 80 ? `${value.slice(0, 80)}…` : value}`}`;
  });
  return [
    {
      kind: "rejected-valid-input",
      severity: "failure",
      message: `${answer.status} for a request the contract calls valid (${request.label})${named.length > 0 ? `; the server refused ${named.join(", ")}` : ""}`,
      cause: `${answer.status} ${locs.map((loc) => loc.join(".")).join(" ") || "no loc"}`,
    },
  ];
}

/**
 * A filter the server ignored: a list answered to a query parameter named after a field of its
 * items (`archived`, or the plural `statuses` of `status`) must hold only items that match it,
 * the value itself or one of the listed values. Other parameters (search, sort, paging) are not
 * judged here. A warning, or with `strict` a failure.
 */
function filterMismatches(request: GeneratedRequest, answer: Answer, strict: boolean): Finding[] {
  const items = (parsedBody(answer)?.value as { items?: unknown } | null | undefined)?.items;
  if (!Array.isArray(items) || items.length === 0) return [];
  // The fields an item has, read from the first one: a filter is judged when it names one of them.
  const sample = items.find((item) => item !== null && typeof item === "object") as Record<string, unknown> | undefined;
  if (sample === undefined) return [];
  const findings: Finding[] = [];
  for (const [name, wanted] of Object.entries(request.query)) {
    if (wanted === undefined || wanted === null) continue;
    const field = name in sample ? name : Array.isArray(wanted) && name.endsWith("s") && name.slice(0, -1) in sample ? name.slice(0, -1) : undefined;
    if (field === undefined) continue;
    const allowed = Array.isArray(wanted) ? wanted : [wanted];
    const off = items.filter((item) => !allowed.some((value) => JSON.stringify(value) === JSON.stringify((item as Record<string, unknown> | null)?.[field])));
    if (off.length === 0) continue;
    const example = JSON.stringify((off[0] as Record<string, unknown> | null)?.[field]);
    findings.push({
      kind: "filter-not-applied",
      // A static mock (the package's own, Prism's examples) answers the same page to every filter: a warning unless strict.
      severity: strict ? "failure" : "warning",
      message: `${off.length} of ${items.length} items do not match the filter ${name}=${JSON.stringify(wanted)} (one has ${field} ${example}): the server ignored the filter`,
      cause: name,
    });
  }
  return findings;
}

/** Everything wrong with `answer` to `request` (of `kind`); an empty list when it keeps the contract. */
export function judgeAnswer(
  operationId: OperationId,
  request: GeneratedRequest,
  kind: RequestKind,
  answer: Answer,
  maxBodyBytes: number,
  { strict = false }: { strict?: boolean } = {},
): Finding[] {
  if (answer.status >= 300 && answer.status < 400) {
    const to = answer.location ? ` to ${answer.location}` : "";
    return [
      {
        kind: "redirect",
        severity: "failure",
        message: `${answer.status} redirecting${to}; the contract declares no redirect, so it was not followed`,
        cause: String(answer.status),
      },
    ];
  }
  if (answer.tooLarge)
    return [
      {
        kind: "body-too-large",
        severity: "failure",
        message: `a ${answer.status} body past ${maxBodyBytes} bytes; it was not read on`,
        cause: String(answer.status),
      },
    ];
  if (kind === "unauthenticated") return unauthenticated(operationId, answer);
  if (kind === "invalid") return invalid(operationId, request, answer);
  const findings = [...rejectedValid(request, answer), ...checkResponse(operationId, answer, { strict })];
  const kept = answer.status >= 200 && answer.status < 300 && findings.every((finding) => finding.severity !== "failure");
  return kept ? [...findings, ...filterMismatches(request, answer, strict)] : findings;
}
