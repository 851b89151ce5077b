/**
 * The client's options, their defaults, and the checks that turn a bad option into a clear error
 * when the client is created rather than a surprise on the first request.
 */
import { requestRules, type RuleSchema } from "../../generated/operations.js";
import type { ErrorDetail, OperationId } from "../../generated/types.js";
import { checkValue } from "../request-checks/check-value.ts";
import { createDeadlines, type Deadlines } from "./deadlines.ts";
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

// The spec's UUID schema, so option checks and the API's own agree.
const uuid = requestRules.getGuestConnection.parameters.path?.properties?.["guest_org_id"] as RuleSchema;
const count: RuleSchema = { type: "integer", minimum: 0 };

/** The options a call may set, checked with the same checker as the API's own inputs. */
const CALL_OPTIONS: RuleSchema = {
  type: "object",
  properties: {
    targetOrganizationId: uuid,
    requesterOrganizationId: uuid,
    timeoutMs: { type: ["integer", "boolean"], minimum: 1 },
    retry: {
      type: ["object", "boolean"],
      properties: {
        limit: count,
        baseDelayMs: count,
        maxDelayMs: count,
        maxRetryAfterMs: count,
        statuses: { type: "array", items: { type: "integer", minimum: 100 } },
      },
    },
  },
};

const ONLY_FALSE: RuleSchema = { enum: [false] };

/** Throws a RequestValidationError naming each invalid option (`options.timeoutMs`). */
export function checkOptions(options: object, required: readonly string[] = []): void {
  // Most calls pass no options: nothing to check.
  if (required.length === 0 && Object.keys(options).length === 0) return;
  const issues: ErrorDetail[] = [];
  checkValue({ ...CALL_OPTIONS, required }, options, ["options"], issues);
  // `false` turns a feature off; `true` means nothing.
  for (const key of ["timeoutMs", "retry"] as const) {
    if ((options as Record<string, unknown>)[key] === true) checkValue(ONLY_FALSE, true, ["options", key], issues);
  }
  if (issues.length > 0) throw new RequestValidationError(undefined, issues);
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
  fetch: ((request: Request) => Promise<Response>) | undefined;
  /** Sends one try: the global `fetch` straight from its parts, or a Request to the caller's `fetch`. */
  transport: (url: string, init: RequestInit) => Promise<Response>;
  timeoutMs: number | false;
  deadlines: Deadlines;
  retry: RetryPolicy | false;
  /** The client's extra headers; `undefined` when there are none, so calls skip merging them. */
  headers: Readonly<Record<string, string>> | undefined;
  validateRequests: boolean;
  validateResponse: ResponseValidator | undefined;
}

export function resolveSettings(options: ClientOptions): Settings {
  const { token } = options ?? {};
  // The token itself is never echoed back, so it is not passed to the checker.
  if (typeof token !== "function" && (typeof token !== "string" || token === "")) {
    throw new RequestValidationError(undefined, [
      {
        loc: ["options", "token"],
        msg: "Input should be a non-empty string or a function returning one",
        type: "value_error",
        code: "value_error",
        input: typeof token,
      },
    ]);
  }
  checkOptions({ ...options, token: undefined }, ["requesterOrganizationId"]);
  const custom = options.fetch;
  return {
    token,
    requester: options.requesterOrganizationId,
    baseUrl: options.baseUrl ?? DEFAULT_BASE_URL,
    fetch: custom,
    transport: custom ? (url, init) => custom(new Request(url, init)) : (url, init) => fetch(url, init),
    timeoutMs: options.timeoutMs ?? DEFAULT_TIMEOUT_MS,
    deadlines: createDeadlines(),
    retry: mergeRetry(options.retry, DEFAULT_RETRY),
    headers: options.headers && Object.keys(options.headers).length > 0 ? options.headers : undefined,
    validateRequests: options.validateRequests ?? true,
    validateResponse: options.validateResponse,
  };
}
