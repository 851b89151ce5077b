/**
 * Every error the client throws. Each names the operation that failed and says what went wrong;
 * none of them ever holds the bearer token: the client never puts it in a message or a property,
 * and it redacts the token from any response body it keeps.
 */
import type { ErrorDetail, OperationId, operations } from "../../generated/types.js";

/** Base class: `operation` is the operationId of the call that failed. */
export class MyCreditAppError extends Error {
  override readonly name: string = "MyCreditAppError";
  declare readonly operation: OperationId | undefined;

  constructor(operation: OperationId | undefined, message: string, cause?: unknown, data?: object) {
    super(operation ? `${operation}: ${message}` : message, cause === undefined ? undefined : { cause });
    // Own enumerable data, so JSON.stringify and util.inspect show it (the cause stays hidden).
    Object.assign(this, { operation }, data);
  }

  /** What `JSON.stringify` shows: the message and the error's own data, never the `cause`. */
  toJSON(): Record<string, unknown> {
    return { ...(this as object), message: this.message };
  }
}

const describeDetail = (item: ApiErrorItem): string => (item.loc.length > 0 ? `${item.loc.join(".")}: ${item.msg}` : item.msg);

/**
 * One error of an {@link ApiError}: an item of the API's list (`loc`, `msg`, `type`, maybe `code`),
 * or `{ loc: [], msg }` made from a plain-string `detail` (FastAPI's form for raised errors).
 */
export type ApiErrorItem = ErrorDetail | { readonly loc: readonly []; readonly msg: string; readonly type?: undefined; readonly code?: undefined };

const isRecord = (value: unknown): value is Record<string, unknown> => typeof value === "object" && value !== null && !Array.isArray(value);

/**
 * A body's `detail` as a list of items, whichever form the server sent: a list is kept (an item
 * that is not an error object becomes `{ loc: [], msg }` of its text), a string becomes one item,
 * anything else none.
 */
function errorItems(found: unknown): ApiErrorItem[] {
  if (typeof found === "string") return [{ loc: [], msg: found }];
  if (!Array.isArray(found)) return [];
  return found.map((item: unknown): ApiErrorItem => {
    if (isRecord(item) && typeof item["msg"] === "string") return (Array.isArray(item["loc"]) ? item : { ...item, loc: [] }) as ErrorDetail;
    return { loc: [], msg: typeof item === "string" ? item : (JSON.stringify(item) ?? String(item)) };
  });
}

/** `400`…`599` and `300`…`399` as literal types, so that `error.status === 404` narrows. */
type Digit = 0 | 1 | 2 | 3 | 4 | 5 | 6 | 7 | 8 | 9;
type ToNumber<T> = T extends `${infer N extends number}` ? N : never;
export type ErrorStatus = ToNumber<`${3 | 4 | 5}${Digit}${Digit}`>;

type Responses<O extends OperationId> = operations[O]["responses"];
/** The error statuses the spec documents for an operation (401, 403, 422, …). */
export type DocumentedErrorStatus<O extends OperationId> = Extract<keyof Responses<O>, ErrorStatus>;
type ErrorBody<O extends OperationId, S> = S extends keyof Responses<O>
  ? Responses<O>[S] extends { content: { "application/json": infer B } }
    ? B
    : unknown
  : unknown;

/** A response with a non-2xx status. */
export class ApiError<O extends OperationId = OperationId, S extends number = number, B = unknown> extends MyCreditAppError {
  override readonly name = "ApiError";
  declare readonly operation: O;
  declare readonly status: S;
  /**
   * The API's error items, always a list: the body's list of `{ loc, msg, type, code? }`, or one
   * `{ loc: [], msg }` when the server sent `detail` as a string; empty when the body has none.
   */
  declare readonly detail: readonly ApiErrorItem[];
  /** The body as received: parsed JSON, or text when it is not JSON. */
  declare readonly body: B;
  /** The server's request id (`x-request-id` or `request-id` header), when it sends one. */
  declare readonly requestId: string | undefined;
  /**
   * With response validation on: where the body breaks the status's declared schema (a stock
   * `{"detail": "Not Found"}` from the framework, say); `undefined` when it matches or is not checked.
   */
  declare readonly schemaViolation: { readonly path: string; readonly message: string } | undefined;

  constructor(operation: O, status: S, body: B, requestId: string | undefined, schemaViolation?: { path: string; message: string }) {
    const detail = errorItems(isRecord(body) ? body["detail"] : undefined);
    const summary = detail.map(describeDetail).join("; ");
    super(operation, `HTTP ${status}${summary && ` ${summary}`}${requestId ? ` (request id ${requestId})` : ""}`, undefined, {
      status,
      detail,
      body,
      requestId,
      schemaViolation,
    });
  }
}

/**
 * The errors one operation can answer with, one member per documented status (with its body type)
 * plus one for any other status, so `if (error.status === 404)` narrows to the 404 member.
 */
export type OperationError<O extends OperationId> =
  | { [S in DocumentedErrorStatus<O>]: ApiError<O, S, ErrorBody<O, S>> }[DocumentedErrorStatus<O>]
  | ApiError<O, Exclude<ErrorStatus, DocumentedErrorStatus<O>>, unknown>;

/** True for an {@link ApiError}, of the given operation when one is named. */
export function isApiError<O extends OperationId>(error: unknown, operation: O): error is OperationError<O>;
export function isApiError(error: unknown): error is ApiError;
export function isApiError(error: unknown, operation?: OperationId): boolean {
  return error instanceof ApiError && (operation === undefined || error.operation === operation);
}

/** The request failed before any response arrived: DNS, refused or reset connection, TLS. */
export class NetworkError extends MyCreditAppError {
  override readonly name = "NetworkError";
  constructor(operation: OperationId, cause: unknown) {
    const reason = (cause as { cause?: { code?: unknown } } | null)?.cause?.code ?? (cause as Error | null)?.message;
    super(operation, `network error, no response received${reason ? ` (${String(reason)})` : ""}`, cause);
  }
}

/** No complete response within the time-out (retries and their waits included). */
export class TimeoutError extends MyCreditAppError {
  override readonly name = "TimeoutError";
  declare readonly timeoutMs: number;
  constructor(operation: OperationId, timeoutMs: number) {
    super(operation, `no response within ${timeoutMs} ms`, undefined, { timeoutMs });
  }
}

/** The caller's `AbortSignal` fired; `cause` is the signal's reason. */
export class AbortError extends MyCreditAppError {
  override readonly name = "AbortError";
  constructor(operation: OperationId, reason: unknown) {
    super(operation, "aborted by the caller", reason);
  }
}

/** A 2xx response whose body is not the JSON the spec promises. */
export class InvalidResponseError extends MyCreditAppError {
  override readonly name = "InvalidResponseError";
  declare readonly status: number;
  constructor(operation: OperationId, status: number, problem: string) {
    super(operation, `HTTP ${status} response ${problem}`, undefined, { status });
  }
}

const describeInput = (input: unknown): string => {
  const text = JSON.stringify(input);
  return text === undefined ? "" : ` (got ${text.length > 60 ? `${text.slice(0, 57)}...` : text})`;
};

const describeIssues = (issues: readonly ErrorDetail[]): string => issues.map((item) => describeDetail(item) + describeInput(item.input)).join("; ");

/** The call's own input breaks the spec; nothing was sent. `issues` are the API's error items. */
export class RequestValidationError extends MyCreditAppError {
  override readonly name = "RequestValidationError";
  declare readonly issues: readonly ErrorDetail[];
  constructor(operation: OperationId | undefined, issues: readonly ErrorDetail[]) {
    super(operation, `invalid input, nothing was sent: ${describeIssues(issues)}`, undefined, { issues });
  }
}

/**
 * An option of the client (thrown by `createMyCreditAppClient`) or of a call (the call rejects, and
 * nothing is sent) is wrong: its kind, its range, or a header HTTP cannot carry. Not a
 * {@link RequestValidationError}: that one means the request's own input breaks the spec. `issues`
 * name each option (`loc: ["options", "timeoutMs"]`) in the same item shape.
 */
export class ConfigurationError extends MyCreditAppError {
  override readonly name = "ConfigurationError";
  declare readonly issues: readonly ErrorDetail[];
  constructor(operation: OperationId | undefined, issues: readonly ErrorDetail[]) {
    super(operation, `invalid options: ${describeIssues(issues)}`, undefined, { issues });
  }
}

/** The response does not match the spec's schema (only with response validation on). */
export class ResponseValidationError extends MyCreditAppError {
  override readonly name = "ResponseValidationError";
  declare readonly status: number;
  /** JSON Pointer of the first violation in the body, `""` for the body itself. */
  declare readonly path: string;
  constructor(operation: OperationId, status: number, path: string, problem: string) {
    super(operation, `HTTP ${status} response does not match the spec at ${path || "/"}: ${problem}`, undefined, { status, path });
  }
}

/** The token could not be obtained: the token function threw or gave no usable token. */
export class TokenError extends MyCreditAppError {
  override readonly name = "TokenError";
}

/** `collectAll` found more items than its `maxItems` cap allows. */
export class TooManyItemsError extends MyCreditAppError {
  override readonly name = "TooManyItemsError";
  declare readonly maxItems: number;
  constructor(operation: OperationId, maxItems: number) {
    super(operation, `more than maxItems (${maxItems}) items match; raise maxItems or iterate with paginate`, undefined, { maxItems });
  }
}
