/**
 * The client's options, their defaults, and the checks that turn a bad option into a clear error
 * when the client is created rather than a surprise on the first request.
 */
import { requestRules } from "../../generated/request-rules.js";
import type { ErrorDetail, OperationId } from "../../generated/types.js";
import { checkValue } from "../validation/check-value.ts";
import { RequestValidationError } from "./errors.ts";

/** The production server of the v1-beta API. */
export const DEFAULT_BASE_URL = "https://api.mycreditapp.ai/v1-beta";

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
  /** Extra request headers (tracing and the like). */
  headers?: Readonly<Record<string, string>> | undefined;
}

export interface ClientOptions {
  /** The bearer token (a JWT), or a function returning it. */
  token: TokenSource;
  /** The caller's own organization: the `Requester-Organization-ID` of every request. */
  requesterOrganizationId: string;
  /** Server URL; defaults to production, {@link DEFAULT_BASE_URL}. */
  baseUrl?: string | undefined;
  /** Any `fetch` implementation; defaults to the global one. */
  fetch?: ((request: Request) => Promise<Response>) | undefined;
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

const optionError = (name: string, msg: string, input: unknown): RequestValidationError =>
  new RequestValidationError(undefined, [{ loc: ["options", name], msg, type: "value_error", code: "value_error", input }]);

const isCount = (value: unknown, min: number): boolean => typeof value === "number" && Number.isInteger(value) && value >= min;

/** Validates a time-out option and returns it, `false` meaning none. */
export function checkTimeout(value: number | false | undefined, fallback: number | false = DEFAULT_TIMEOUT_MS): number | false {
  if (value === undefined) return fallback;
  if (value !== false && !isCount(value, 1)) throw optionError("timeoutMs", "Input should be a positive whole number of milliseconds or false", value);
  return value;
}

/** Merges retry options over a policy, checking each value; `false` turns retries off. */
export function checkRetry(value: RetryOptions | false | undefined, base: RetryPolicy | false = DEFAULT_RETRY): RetryPolicy | false {
  if (value === undefined) return base;
  if (value === false) return false;
  const given = Object.fromEntries(Object.entries(value).filter(([, option]) => option !== undefined));
  const policy = { ...(base || DEFAULT_RETRY), ...given } as RetryPolicy;
  for (const key of ["limit", "baseDelayMs", "maxDelayMs", "maxRetryAfterMs"] as const) {
    if (!isCount(policy[key], 0)) throw optionError(`retry.${key}`, "Input should be a whole number of at least 0", policy[key]);
  }
  if (!Array.isArray(policy.statuses) || !policy.statuses.every((status) => isCount(status, 100))) {
    throw optionError("retry.statuses", "Input should be a list of HTTP statuses", policy.statuses);
  }
  return policy;
}

/** Checks an organization id with the spec's own header schema (a UUID). */
export function checkOrganizationId(name: string, value: unknown): void {
  const schema = requestRules.listGuestConnections.parameters.header?.properties?.["Requester-Organization-ID"];
  const issues: ErrorDetail[] = [];
  if (schema) checkValue(schema, value, ["options", name], issues);
  if (issues.length > 0) throw new RequestValidationError(undefined, issues);
}

export interface Settings {
  token: TokenSource;
  requester: string;
  baseUrl: string;
  fetch: ((request: Request) => Promise<Response>) | undefined;
  timeoutMs: number | false;
  retry: RetryPolicy | false;
  headers: Readonly<Record<string, string>>;
  validateRequests: boolean;
  validateResponse: ResponseValidator | undefined;
}

export function resolveSettings(options: ClientOptions): Settings {
  if (typeof options !== "object" || options === null) throw optionError("options", "Input should be an object", options);
  const { token } = options;
  if (typeof token !== "function" && (typeof token !== "string" || token === "")) {
    // The token itself is never echoed back.
    throw optionError("token", "Input should be a non-empty string or a function returning one", typeof token);
  }
  checkOrganizationId("requesterOrganizationId", options.requesterOrganizationId);
  return {
    token,
    requester: options.requesterOrganizationId,
    baseUrl: options.baseUrl ?? DEFAULT_BASE_URL,
    fetch: options.fetch,
    timeoutMs: checkTimeout(options.timeoutMs),
    retry: checkRetry(options.retry),
    headers: options.headers ?? {},
    validateRequests: options.validateRequests ?? true,
    validateResponse: options.validateResponse,
  };
}
