/**
 * A call's options (`CallOptions`), the last argument of every method: their type, their check,
 * and how they resolve over the client's settings into the one `CallSettings` a call runs with.
 * A wrong option is a {@link ConfigurationError} naming it; the target organization is the
 * request's own input (a header the spec constrains), so a wrong one is a `RequestValidationError`,
 * found with the rest of the input (call.ts). The client's options (client-options.ts) share the
 * checks written here for the options both may set.
 */
import type { ErrorDetail, OperationId } from "../../generated/types.js";
import { HEADER_NAME, TRANSPORT_HEADER } from "../http/header-name.ts";
import { checkValue } from "../request-checks/check-value.ts";
import type { RuleSchema } from "../spec/operation-table.ts";
import { ConfigurationError } from "./errors.ts";

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

export type RetryPolicy = { readonly [K in keyof RetryOptions]-?: Exclude<RetryOptions[K], undefined> };

export const DEFAULT_RETRY: RetryPolicy = {
  limit: 2,
  statuses: [429, 502, 503, 504],
  baseDelayMs: 250,
  maxDelayMs: 5_000,
  maxRetryAfterMs: 30_000,
};

/** What a call falls back on: the client's own settings for the options a call may override. */
export interface CallDefaults {
  timeoutMs: number | false;
  retry: RetryPolicy | false;
  validateRequests: boolean;
  /** The client's extra headers, names in lower case. */
  headers: Readonly<Record<string, string>> | undefined;
}

/** One call's settings, its options resolved over the client's. */
export interface CallSettings extends CallDefaults {
  /** As given, unchecked: it is the request's input, checked with the rest of it. */
  target: unknown;
  signal: AbortSignal | undefined;
  /** A `fetchClient` request's own `fetch` (openapi-fetch's per-request option); the client's otherwise. */
  fetch?: ((request: Request, init?: RequestInit) => Promise<Response>) | undefined;
}

/** The longest delay a timer can hold: longer ones fire at once (with a warning) in Node and browsers. */
const MAX_DELAY_MS = 2 ** 31 - 1;
const count: RuleSchema = { type: "integer", minimum: 0 };
const delay: RuleSchema = { type: "integer", minimum: 0, maximum: MAX_DELAY_MS };

/** The options a client and a call both set, checked with the same checker as the API's own inputs. */
const SHARED_OPTIONS: Readonly<Record<string, RuleSchema>> = {
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
};

const ONLY_FALSE: RuleSchema = { enum: [false] };
/** An organization id: the requester the client is given, the target a call names. */
export const ORGANIZATION_ID: RuleSchema = { type: "string", format: "uuid" };
export const AN_OBJECT: RuleSchema = { type: "object" };

/** RFC 9110 field values: bytes, so Latin-1 only, and no control characters but tab. */
const HEADER_VALUE = /^[\t\u0020-\u007e\u0080-\u00ff]*$/;
/** Headers the client sets itself, from the token, the organizations and the body. */
const BOUND_HEADER = /^(authorization|(requester|target)-organization-id|content-type)$/i;

/** An issue at `options.<key>`; `input` only where echoing it is safe. */
export const optionIssue = (key: string | (string | number)[], msg: string, input?: unknown): ErrorDetail => ({
  loc: ["options", ...[key].flat()],
  msg,
  type: "value_error",
  ...(input !== undefined && { input }),
});

/**
 * What one holder of options (the client, or a call) takes besides the options both share: the
 * schemas of its own options, those it requires, and the keys it checks apart (a token, a signal).
 */
export interface OwnOptions {
  /** How an unknown key's issue names the holder: "the client", "a call". */
  holder: string;
  properties?: Readonly<Record<string, RuleSchema>>;
  required?: string[];
  checkedApart: readonly string[];
}

/**
 * Checks options (known to be an object) against {@link SHARED_OPTIONS} and the holder's own, in
 * one pass of the checker, and refuses a key neither names (a misspelt option); returns the extra
 * headers with lowercase names, so that a client's and a call's headers merge case-insensitively.
 * Header values are never echoed in an issue: they may be credentials.
 */
export function optionIssues(options: Readonly<Record<string, unknown>>, own: OwnOptions, issues: ErrorDetail[]): Record<string, string> | undefined {
  const properties = { ...SHARED_OPTIONS, ...own.properties };
  checkValue({ type: "object", properties, ...(own.required && { required: own.required }) }, options, ["options"], issues);
  for (const key of Object.keys(options))
    if (!Object.hasOwn(properties, key) && key !== "headers" && !own.checkedApart.includes(key))
      issues.push({ ...optionIssue(key, `Not an option of ${own.holder}`), type: "extra_forbidden" });
  // `false` turns a feature off; `true` means nothing.
  for (const key of ["timeoutMs", "retry"]) if (options[key] === true) checkValue(ONLY_FALSE, true, ["options", key], issues);
  const headers = options["headers"];
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
    if (problem) issues.push(optionIssue(["headers", name], problem, name));
    else if (typeof value !== "string" || !HEADER_VALUE.test(value)) issues.push(optionIssue(["headers", name], "Input should be a valid HTTP header value"));
    else (normalized ??= {})[name.toLowerCase()] = value;
  }
  return normalized;
}

/** Merges retry options over a policy; `false` turns retries off. */
export function mergeRetry(value: RetryOptions | false | undefined, base: RetryPolicy | false): RetryPolicy | false {
  if (value === undefined) return base;
  if (value === false) return false;
  const merged: Record<string, unknown> = { ...(base || DEFAULT_RETRY) };
  for (const [key, option] of Object.entries(value)) if (option !== undefined) merged[key] = option;
  return merged as RetryPolicy;
}

/** An AbortSignal, or anything that behaves as one (from another realm or a polyfill). */
const isSignal = (value: unknown): boolean =>
  typeof (value as AbortSignal | null)?.aborted === "boolean" && typeof (value as AbortSignal).addEventListener === "function";

const CALL_OPTIONS: OwnOptions = { holder: "a call", checkedApart: ["targetOrganizationId", "signal"] };

/**
 * A call's settings: its options checked (a {@link ConfigurationError} naming each wrong one, an
 * unknown key included) and resolved over the client's. The call's extra headers are merged over
 * the client's here, once.
 */
export function resolveCallOptions(operation: OperationId | undefined, options: unknown, client: CallDefaults): CallSettings {
  if (options === undefined) {
    const { timeoutMs, retry, validateRequests, headers } = client;
    return { timeoutMs, retry, validateRequests, headers, target: undefined, signal: undefined };
  }
  const issues: ErrorDetail[] = [];
  let headers: Record<string, string> | undefined;
  if (checkValue(AN_OBJECT, options, ["options"], issues)) {
    const given = options as Readonly<Record<string, unknown>>;
    headers = optionIssues(given, CALL_OPTIONS, issues);
    if (given["signal"] !== undefined && !isSignal(given["signal"])) issues.push(optionIssue("signal", "Input should be an AbortSignal"));
  }
  if (issues.length > 0) throw new ConfigurationError(operation, issues);
  const given = options as CallOptions;
  return {
    target: given.targetOrganizationId,
    signal: given.signal,
    timeoutMs: given.timeoutMs ?? client.timeoutMs,
    retry: mergeRetry(given.retry, client.retry),
    validateRequests: given.validateRequests ?? client.validateRequests,
    headers: headers && client.headers ? { ...client.headers, ...headers } : (headers ?? client.headers),
  };
}
