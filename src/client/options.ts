/**
 * The client's options, their defaults, and the checks that turn a bad option into a clear error
 * when the client is created rather than a surprise on the first request.
 */
import { DEFAULT_BASE_URL } from "../http/base-url.ts";
import type { RuleSchema } from "../spec/operation-table.ts";
import type { ErrorDetail, OperationId } from "../../generated/types.js";
import { checkValue } from "../request-checks/check-value.ts";
import { BEARER_TOKEN } from "../bearer-token.ts";
import { HEADER_NAME, TRANSPORT_HEADER } from "../header-name.ts";
import { createDeadlines, type Deadlines } from "./deadlines.ts";
import { RequestValidationError } from "./errors.ts";

export { DEFAULT_BASE_URL } from "../http/base-url.ts";

/** A bearer token, or a function called before every request (and retry) so tokens can rotate. */
export type TokenSource = string | (() => string | Promise<string>);

/** Checks a response body against the spec; returns the first violation, if any. */
export type ResponseValidator = (operation: OperationId, status: number, body: unknown) => { path: string; message: string } | undefined;

export interface RetryOptions {
  /** Retries after the first try: 2 means at most 3 tries. Default 2. */
  limit?: number | undefined;
  /** Statuses that are retried. Default 429, 502, 503, 504. */
  statuses?: readonly number[] | undefined;
  /** First back-off delay; it doubles with each retry, with jitter. Default 250 ms. */
  baseDelayMs?: number | undefined;
  /** Longest back-off delay. Default 5 000 ms. */
  maxDelayMs?: number | undefined;
  /** A `Retry-After` longer than this is not waited for: the error is returned. Default 30 000 ms. */
  maxRetryAfterMs?: number | undefined;
}

/** Options of one call; each overrides the client's option of the same name. */
export interface CallOptions {
  /** The organization acted on. Defaults to the requester (Self); a guest's id (Host) or a host's id (Guest) otherwise. */
  targetOrganizationId?: string | undefined;
  signal?: AbortSignal | undefined;
  /** Time-out of the whole call, retries and waits included; `false` for none. */
  timeoutMs?: number | false | undefined;
  /** Retries of this call (GET only); `false` for none. */
  retry?: RetryOptions | false | undefined;
  /** Check this call's input against the spec before sending; the client's `validateRequests` by default. */
  validateRequests?: boolean | undefined;
  /**
   * Extra request headers (tracing and the like). Names are case-insensitive: a call's header
   * replaces the client's of the same name. The headers the client sets itself (`Authorization`,
   * both organization headers, `Content-Type`) cannot be given here.
   */
  headers?: Readonly<Record<string, string>> | undefined;
}

export interface ClientOptions {
  /** The bearer token (a JWT), or a function returning it. */
  token: TokenSource;
  /** The caller's own organization: the `Requester-Organization-ID` of every request. */
  requesterOrganizationId: string;
  /** Server URL; defaults to production, {@link DEFAULT_BASE_URL}. */
  baseUrl?: string | undefined;
  /**
   * Any `fetch` implementation; defaults to the global one. It is called as `fetch(request, init)`,
   * `init.signal` set when the call can stop early: follow it, so that a time-out or an abort ends
   * the request itself.
   */
  fetch?: ((request: Request, init?: RequestInit) => Promise<Response>) | undefined;
  /** Default time-out of a call, retries included. Default 30 000 ms; `false` for none. */
  timeoutMs?: number | false | undefined;
  /** Retries of idempotent GETs; `false` turns them off. The PATCH is never retried. */
  retry?: RetryOptions | false | undefined;
  /** Headers added to every request. */
  headers?: Readonly<Record<string, string>> | undefined;
  /** Check inputs against the spec before sending. Default `true`. */
  validateRequests?: boolean | undefined;
  /** Check responses against the spec: pass `validateResponse` from `@mycreditapp/api-contract/validators`. */
  validateResponse?: ResponseValidator | undefined;
}

export type RetryPolicy = { readonly [K in keyof RetryOptions]-?: Exclude<RetryOptions[K], undefined> };

export const DEFAULT_RETRY: RetryPolicy = {
  limit: 2,
  statuses: [429, 502, 503, 504],
  baseDelayMs: 250,
  maxDelayMs: 5_000,
  maxRetryAfterMs: 30_000,
};

const DEFAULT_TIMEOUT_MS = 30_000;

/** The longest delay a timer can hold: longer ones fire at once (with a warning) in Node and browsers. */
const MAX_DELAY_MS = 2 ** 31 - 1;

// The spec's UUID format, so option checks and the API's own agree.
const uuid: RuleSchema = { type: "string", format: "uuid" };
const count: RuleSchema = { type: "integer", minimum: 0 };
const delay: RuleSchema = { type: "integer", minimum: 0, maximum: MAX_DELAY_MS };

/** The options a call may set, checked with the same checker as the API's own inputs. */
const CALL_OPTIONS: RuleSchema = {
  type: "object",
  properties: {
    targetOrganizationId: uuid,
    requesterOrganizationId: uuid,
    validateRequests: { type: "boolean" },
    timeoutMs: { type: ["integer", "boolean"], minimum: 1, maximum: MAX_DELAY_MS },
    retry: {
      type: ["object", "boolean"],
      properties: {
        limit: count,
        baseDelayMs: delay,
        maxDelayMs: delay,
        maxRetryAfterMs: delay,
        statuses: { type: "array", items: { type: "integer", minimum: 100 } },
      },
    },
  },
};

const ONLY_FALSE: RuleSchema = { enum: [false] };
const AN_OBJECT: RuleSchema = { type: "object" };

/** RFC 9110 field values: bytes, so Latin-1 only, and no control characters but tab. */
const HEADER_VALUE = /^[\t\u0020-\u007e\u0080-\u00ff]*$/;
/** Headers the client sets itself, from the token, the organizations and the body. */
const BOUND_HEADER = /^(authorization|(requester|target)-organization-id|content-type)$/i;
/** Headers about the connection or the message framing: HTTP sets them, and fetch refuses or drops them. */

/** An issue at `options.<key>`; `input` only where echoing it is safe. */
const issue = (key: string | (string | number)[], msg: string, input?: unknown): ErrorDetail => ({
  loc: ["options", ...[key].flat()],
  msg,
  type: "value_error",
  ...(input !== undefined && { input }),
});

/**
 * Checks extra headers and returns them with lowercase names, so that a client's and a call's
 * headers merge case-insensitively. Values are never echoed in an error: they may be credentials.
 */
function checkHeaders(headers: unknown, issues: ErrorDetail[]): Record<string, string> | undefined {
  if (headers === undefined || !checkValue(AN_OBJECT, headers, ["options", "headers"], issues)) return undefined;
  let normalized: Record<string, string> | undefined;
  for (const [name, value] of Object.entries(headers as object)) {
    const problem = !HEADER_NAME.test(name)
      ? "Input should be a valid HTTP header name"
      : BOUND_HEADER.test(name)
        ? "Set by the client from its options"
        : TRANSPORT_HEADER.test(name)
          ? "Set by HTTP itself for each connection; fetch refuses or drops it"
          : undefined;
    if (problem) issues.push(issue(["headers", name], problem, name));
    else if (typeof value !== "string" || !HEADER_VALUE.test(value)) issues.push(issue(["headers", name], "Input should be a valid HTTP header value"));
    else (normalized ??= {})[name.toLowerCase()] = value;
  }
  return normalized;
}

/** An AbortSignal, or anything that behaves as one (from another realm or a polyfill). */
const isSignal = (value: unknown): boolean =>
  typeof (value as AbortSignal | null)?.aborted === "boolean" && typeof (value as AbortSignal).addEventListener === "function";

/**
 * Appends an issue naming each invalid option (`options.timeoutMs`) to `issues`; returns the
 * extra headers with lowercase names.
 */
function optionIssues(options: unknown, required: string[], issues: ErrorDetail[]): Record<string, string> | undefined {
  if (!checkValue({ ...CALL_OPTIONS, required }, options, ["options"], issues)) return undefined;
  const given = options as Record<string, unknown>;
  // `false` turns a feature off; `true` means nothing.
  for (const key of ["timeoutMs", "retry"]) if (given[key] === true) checkValue(ONLY_FALSE, true, ["options", key], issues);
  if (given["signal"] !== undefined && !isSignal(given["signal"])) issues.push(issue("signal", "Input should be an AbortSignal"));
  return checkHeaders(given["headers"], issues);
}

/** Throws a RequestValidationError with the issues found, if any. */
function refuse(issues: ErrorDetail[]): void {
  if (issues.length > 0) throw new RequestValidationError(undefined, issues);
}

/**
 * Throws a RequestValidationError naming each invalid option of a call; returns the extra headers
 * with lowercase names.
 */
export function checkOptions(options: unknown): Record<string, string> | undefined {
  // Most calls pass no options: nothing to check.
  if (options === undefined || (typeof options === "object" && options !== null && Object.keys(options).length === 0)) return undefined;
  const issues: ErrorDetail[] = [];
  const headers = optionIssues(options, [], issues);
  refuse(issues);
  return headers;
}

/** An absolute http(s) URL, without the trailing slash that would double the one every path starts with. */
function checkBaseUrl(baseUrl: unknown, issues: ErrorDetail[]): string {
  if (baseUrl === undefined) return DEFAULT_BASE_URL;
  let protocol: string | undefined;
  try {
    // Only a string is parsed: `new URL` would call an object's own toString.
    protocol = typeof baseUrl === "string" ? new URL(baseUrl).protocol : undefined;
  } catch {
    // Not a URL: the check below names it.
  }
  if (typeof baseUrl !== "string" || (protocol !== "http:" && protocol !== "https:")) {
    issues.push({ ...issue("baseUrl", "Input should be an absolute http(s) URL", baseUrl), type: "url_parsing" });
  }
  return String(baseUrl).replace(/\/+$/, "");
}

/** Merges retry options over a policy; `false` turns retries off. */
export function mergeRetry(value: RetryOptions | false | undefined, base: RetryPolicy | false): RetryPolicy | false {
  if (value === undefined) return base;
  if (value === false) return false;
  const merged: Record<string, unknown> = { ...(base || DEFAULT_RETRY) };
  for (const [key, option] of Object.entries(value)) if (option !== undefined) merged[key] = option;
  return merged as RetryPolicy;
}

export interface Settings {
  token: TokenSource;
  requester: string;
  baseUrl: string;
  fetch: ClientOptions["fetch"];
  timeoutMs: number | false;
  deadlines: Deadlines;
  retry: RetryPolicy | false;
  /** The client's extra headers, names in lowercase; `undefined` when there are none, so calls skip merging them. */
  headers: Readonly<Record<string, string>> | undefined;
  validateRequests: boolean;
  validateResponse: ResponseValidator | undefined;
}

export function resolveSettings(options: ClientOptions): Settings {
  const issues: ErrorDetail[] = [];
  // Not an object: nothing else can be read from it.
  if (!checkValue(AN_OBJECT, options, ["options"], issues)) refuse(issues);
  const { token } = options;
  // A fixed token is checked once, here, so that every try can send it as it is. The token itself
  // is never echoed back, only its kind.
  if (typeof token !== "function" && (typeof token !== "string" || !BEARER_TOKEN.test(token))) {
    issues.push(issue("token", "Input should be a bearer token (RFC 6750) or a function returning one", typeof token));
  }
  const headers = optionIssues({ ...options, token: undefined }, ["requesterOrganizationId"], issues);
  const baseUrl = checkBaseUrl(options.baseUrl, issues);
  for (const key of ["fetch", "validateResponse"] as const) {
    if (options[key] !== undefined && typeof options[key] !== "function") issues.push(issue(key, "Input should be a function"));
  }
  refuse(issues);
  return {
    token,
    requester: options.requesterOrganizationId,
    baseUrl,
    fetch: options.fetch,
    timeoutMs: options.timeoutMs ?? DEFAULT_TIMEOUT_MS,
    deadlines: createDeadlines(),
    retry: mergeRetry(options.retry, DEFAULT_RETRY),
    headers,
    validateRequests: options.validateRequests ?? true,
    validateResponse: options.validateResponse,
  };
}
