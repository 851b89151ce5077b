/**
 * The client's one request engine: one openapi-fetch client, with the package's features as its
 * middleware and its `fetch` (send.ts). Every surface uses this instance: the methods, `raw`,
 * `paginate` and `collectAll` call it, and `fetchClient` is it, for openapi-fetch users and
 * openapi-react-query. So every call, whichever surface made it, gets the same checks, credentials,
 * retries, time-out, redaction and errors:
 * - the input is checked against the spec (`validateRequests`) and refused with a
 *   `RequestValidationError` before anything is sent: by the methods themselves, and for
 *   `fetchClient`'s calls by a request middleware that each of them is given;
 * - the `fetch` sends, retries and times out, and fails with `NetworkError`, `TimeoutError`,
 *   `AbortError` or `TokenError`;
 * - the answer is judged in the `fetch`, before openapi-fetch sees it: every non-2xx is a thrown
 *   `ApiError` (its body redacted of the token), a 2xx that is not JSON an `InvalidResponseError`,
 *   one that breaks its schema a `ResponseValidationError` (with `validateResponse`).
 * A failed call therefore always rejects with one of the package's errors: openapi-fetch's
 * `{ error }` is never set, and openapi-react-query, which throws whatever `error` holds, receives
 * the rejection itself. `raw` turns a thrown `ApiError` back into `{ error, response }`.
 * Middleware added with `fetchClient.use` runs for every call of every surface.
 */
import createClient, { type Client, type Middleware } from "openapi-fetch";
import { requestRules } from "../../generated/operations.js";
import type { ErrorDetail, OperationId } from "../../generated/types.js";
import { checkValue } from "../request-checks/check-value.ts";
import type { BoundPaths } from "./caller-paths.ts";
import { ApiError, InvalidResponseError, RequestValidationError, ResponseValidationError } from "./errors.ts";
import type { Settings } from "./options.ts";
import { redactBody, tokenRedactor } from "./redact.ts";
import { serializePath, serializeQuery } from "../http/request-url.ts";
import { refuseDotSegment } from "./request-url.ts";
import { callStop } from "./call-stop.ts";
import { createTries, lostCall, REQUESTER, TARGET, type CallState, type Judge } from "./send.ts";

/** The init key on which a method hands the engine its call's state (openapi-fetch passes unknown keys on with the request). */
export const CALL_STATE = "mycreditappCall";

export interface Engine {
  /** The openapi-fetch instance; the methods call it. */
  client: Client<BoundPaths>;
  /** The same instance for everyone else: each call checked by the request middleware first. */
  fetchClient: Client<BoundPaths>;
  /** The methods' input check, before they call. */
  checkInput: typeof checkInput;
  /** The answer an `ApiError` was made from, for `raw`; kept off the error, whose renderings must not show its headers. */
  answerOf(error: ApiError): Response | undefined;
}

/** `METHOD template` → operation, for the request middleware. */
const operationsByRoute = new Map<string, OperationId>(
  (Object.keys(requestRules) as OperationId[]).map((id) => [`${requestRules[id].method} ${requestRules[id].template}`, id]),
);

/** Input checks with the spec's own constraints; unknown query and body keys are typos, so they fail too. */
function checkInput(operation: OperationId, path: unknown, query: unknown, body: { value: unknown } | undefined): void {
  const rules = requestRules[operation];
  const issues: ErrorDetail[] = [];
  if (rules.parameters.path) checkValue(rules.parameters.path, path ?? {}, ["path"], issues);
  if (rules.parameters.query) checkValue(rules.parameters.query, query ?? {}, ["query"], issues, query ?? {}, true);
  if (rules.body) {
    if (body === undefined) issues.push({ loc: ["body"], msg: "Field required", type: "missing", input: null });
    else checkValue(rules.body.schema, body.value, ["body"], issues, body.value, true);
  }
  if (issues.length > 0) throw new RequestValidationError(operation, issues);
}

/** The body a request carries, read back as JSON: openapi-fetch's users hand the engine no object. */
async function sentBody(request: Request): Promise<{ value: unknown } | undefined> {
  if (request.body === null) return undefined;
  const text = await request.clone().text();
  try {
    return { value: JSON.parse(text) };
  } catch {
    return { value: text };
  }
}

function parseSuccess(operation: OperationId, response: Response, text: string): unknown {
  // No content (a 204, or an empty body) is no data, as openapi-fetch reads it.
  if (response.status === 204 || text === "") return undefined;
  const type = response.headers.get("content-type") ?? "";
  if (!/[/+]json\b/i.test(type)) throw new InvalidResponseError(operation, response.status, `has content-type "${type}", not JSON`);
  try {
    return JSON.parse(text);
  } catch (error) {
    // Not the parser's message: it quotes the body, which may hold anything, the token included.
    throw new InvalidResponseError(operation, response.status, `is not valid JSON (${text.length} characters, ${(error as Error).name})`);
  }
}

/** The body of a non-2xx answer: JSON when it parses, else the text, else `undefined`. */
function errorBody(text: string): unknown {
  if (text === "") return undefined;
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

/**
 * The answer handed back to openapi-fetch for a `fetchClient` call, whose body the engine has
 * already read and parsed: the same status and headers, the text as its body (for `parseAs`
 * "blob", "arrayBuffer" or "stream"), and `json()` and `text()` resolving with what was read, so
 * that openapi-fetch does not stream and parse the body a second time (about 6% of a call's wall
 * time). openapi-fetch reads it once; a second `json()` gives the same value instead of failing.
 */
function readAnswer(response: Response, text: string, data: unknown): Response {
  const answer = new Response(text === "" ? null : text, { status: response.status, statusText: response.statusText, headers: response.headers });
  return Object.defineProperties(answer, { json: { value: () => Promise.resolve(data) }, text: { value: () => Promise.resolve(text) } });
}

export function createEngine(settings: Settings): Engine {
  const answers = new WeakMap<ApiError, Response>();

  const judge: Judge = (state, response, text, token) => {
    const operation = state.operation as OperationId;
    if (!response.ok) {
      const redact = tokenRedactor(token);
      const body = redactBody(errorBody(text), redact);
      // A non-2xx is always an ApiError; a body that breaks the declared error schema is recorded on it.
      const violation = settings.validateResponse?.(operation, response.status, body);
      const echoedId = response.headers.get("x-request-id") ?? response.headers.get("request-id");
      const error = new ApiError(operation, response.status, body, echoedId === null ? undefined : redact(echoedId), violation);
      answers.set(error, response);
      throw error;
    }
    const data = parseSuccess(operation, response, text);
    const issue = settings.validateResponse?.(operation, response.status, data);
    if (issue) throw new ResponseValidationError(operation, response.status, issue.path, issue.message);
    // A method reads the parsed body from its call's state (no WeakMap: its entries cost every
    // garbage collection); openapi-fetch's own users get an answer it can read again.
    if (state.method) return ((state.data = data), response);
    return readAnswer(response, text, data);
  };

  // The bound headers go in with the request (a fixed token too): setting them on it afterwards costs more.
  const bound: Record<string, string> = { [REQUESTER]: settings.requester, [TARGET]: settings.requester };
  if (typeof settings.token === "string") bound["Authorization"] = `Bearer ${settings.token}`;
  const client = createClient<BoundPaths>({
    baseUrl: settings.baseUrl,
    headers: { ...settings.headers, ...bound },
    fetch: createTries(settings, (request) => (request as unknown as Record<string, CallState | undefined>)[CALL_STATE], judge),
    // The package's serializers: a value can never change which URL is called (see request-url.ts).
    // openapi-fetch hands the path serializer the whole URL, base included; it fills the template in place.
    pathSerializer: (url, path) => serializePath(url, path, refuseDotSegment),
    querySerializer: (query) => serializeQuery(query as Record<string, unknown>),
  });

  /** For calls made through `fetchClient`: their input checked (the methods check theirs themselves). */
  const checks: Middleware = {
    onRequest({ request, schemaPath, params }) {
      const held = request as unknown as Record<string, CallState | undefined>;
      // A caller's middleware may have made the request anew, without the call it belongs to.
      const operation = (held[CALL_STATE] ??= lostCall(settings, operationsByRoute.get(`${request.method} ${schemaPath}`), request)).operation;
      if (!settings.validateRequests || operation === undefined) return undefined;
      if (!requestRules[operation].body) return void checkInput(operation, params.path, params.query, undefined);
      return sentBody(request).then((body) => void checkInput(operation, params.path, params.query, body));
    },
  };
  /**
   * A `fetchClient` call: its operation and its stop (which follows the caller's signal) are made
   * with it and ride on the request openapi-fetch makes, as a method's do; the check middleware
   * runs first. The methods, which check before they call, go without that middleware, so their
   * calls skip openapi-fetch's middleware round.
   */
  const send = (method: string, url: string, init: { signal?: AbortSignal | null; middleware?: Middleware[] } | undefined) => {
    const operation = operationsByRoute.get(`${method.toUpperCase()} ${url}`);
    const stop = callStop(settings, operation as OperationId, undefined, init?.signal);
    // On the request itself, as a method's state is: a WeakMap's entries would cost every garbage collection.
    const state: CallState = { operation, options: {}, stop };
    const call = { ...init, [CALL_STATE]: state, middleware: [checks, ...(init?.middleware ?? [])] };
    // The engine's `fetch` ends the stop; a request refused before it was sent, or one a caller's
    // middleware made anew, never reached it with this call.
    return client.request(method as never, url as never, call as never).finally(() => stop?.release());
  };
  const fetchClient = { ...client } as Client<BoundPaths>;
  for (const verb of ["GET", "PUT", "POST", "DELETE", "OPTIONS", "HEAD", "PATCH", "TRACE"] as const) {
    (fetchClient as unknown as Record<string, unknown>)[verb] = (url: string, init?: object) => send(verb, url, init);
  }
  fetchClient.request = ((method: string, url: string, init?: object) => send(method, url, init)) as never;
  return { client, fetchClient, answerOf: (error) => answers.get(error), checkInput };
}
