/**
 * The client's one request engine: one openapi-fetch client, with the package's features as its
 * middleware and its `fetch` (send.ts). Every surface uses this instance: the methods, `raw`,
 * `paginate` and `collectAll` call it, and `fetchClient` is it, for openapi-fetch users and
 * openapi-react-query. So every call, whichever surface made it, gets the same checks, credentials,
 * retries, time-out, redaction and errors:
 * - the request middleware checks the input against the spec (`validateRequests`) and refuses it
 *   with a `RequestValidationError` before anything is sent;
 * - the `fetch` sends, retries and times out, and fails with `NetworkError`, `TimeoutError`,
 *   `AbortError` or `TokenError`;
 * - the response middleware turns every non-2xx into a thrown `ApiError` (its body redacted of the
 *   token), a 2xx that is not JSON into an `InvalidResponseError`, and one that breaks its schema
 *   into a `ResponseValidationError` (with `validateResponse`).
 * A failed call therefore always rejects with one of the package's errors: openapi-fetch's
 * `{ error }` is never set, and openapi-react-query, which throws whatever `error` holds, receives
 * the rejection itself. `raw` turns a thrown `ApiError` back into `{ error, response }`.
 */
import createClient, { type Client, type Middleware } from "openapi-fetch";
import { requestRules } from "../../generated/operations.js";
import type { ErrorDetail, OperationId } from "../../generated/types.js";
import { checkValue } from "../request-checks/check-value.ts";
import type { BoundPaths } from "./caller-paths.ts";
import { ApiError, InvalidResponseError, RequestValidationError, ResponseValidationError } from "./errors.ts";
import type { CallOptions, Settings } from "./options.ts";
import { redactBody, tokenRedactor } from "./redact.ts";
import { serializePath, serializeQuery } from "./request-url.ts";
import { createTries, REQUESTER, TARGET, type CallState, type Received } from "./send.ts";

/** The init key on which the methods hand the engine a call's options (openapi-fetch passes unknown keys on with the request). */
export const CALL_OPTIONS = "mycreditappCallOptions";

export interface Engine {
  client: Client<BoundPaths>;
  /** The parsed body of a 2xx answer to a method (openapi-fetch leaves a method's body to the engine). */
  data(response: Response): unknown;
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
    if (body === undefined) issues.push({ loc: ["body"], msg: "Field required", type: "missing", code: "missing", input: null });
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

export function createEngine(settings: Settings): Engine {
  const calls = new WeakMap<Request, CallState>();
  const received = new WeakMap<Response, Received>();
  const parsed = new WeakMap<Response, unknown>();
  const answers = new WeakMap<ApiError, Response>();
  // The bound headers go in with the request (a fixed token too): setting them on it afterwards costs more.
  const bound: Record<string, string> = { [REQUESTER]: settings.requester, [TARGET]: settings.requester };
  if (typeof settings.token === "string") bound["Authorization"] = `Bearer ${settings.token}`;
  const client = createClient<BoundPaths>({
    baseUrl: settings.baseUrl,
    headers: { ...settings.headers, ...bound },
    fetch: createTries(settings, (request) => calls.get(request), received),
    // The package's serializers: a value can never change which URL is called (see request-url.ts).
    // openapi-fetch hands the path serializer the whole URL, base included; it fills the template in place.
    pathSerializer: (url, path) => serializePath(url, path),
    querySerializer: (query) => serializeQuery(query as Record<string, unknown>),
  });

  const middleware: Middleware = {
    onRequest({ request, schemaPath, params }) {
      const operation = operationsByRoute.get(`${request.method} ${schemaPath}`);
      const options = ((request as unknown as Record<string, unknown>)[CALL_OPTIONS] as { options: CallOptions; body?: unknown } | undefined) ?? undefined;
      calls.set(request, { operation, options: options?.options ?? {} });
      if (!settings.validateRequests || operation === undefined) return undefined;
      // The methods hand over the body they were given; for anyone else it is read back from the request.
      if (options) return void checkInput(operation, params.path, params.query, options.body === undefined ? undefined : { value: options.body });
      if (!requestRules[operation].body) return void checkInput(operation, params.path, params.query, undefined);
      return sentBody(request).then((body) => void checkInput(operation, params.path, params.query, body));
    },
    onResponse({ request, response, options }) {
      const operation = calls.get(request)?.operation as OperationId;
      const got = received.get(response);
      if (!got) return undefined;
      const { text, token } = got;
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
      // A method reads the parsed body from here; openapi-fetch's own users get an answer it can read again.
      if (options.parseAs === "stream") return void parsed.set(response, data);
      return new Response(text === "" ? null : text, { status: response.status, statusText: response.statusText, headers: response.headers });
    },
  };
  client.use(middleware);
  return { client, data: (response) => parsed.get(response), answerOf: (error) => answers.get(error) };
}
