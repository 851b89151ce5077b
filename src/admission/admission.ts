/**
 * One admission for every front of the package (the mock server, the in-process MSW mock and the
 * validating proxy): for one request it decides, in the order the API checks, what the API would
 * answer before any operation runs, or that the request reaches the operation:
 * 1. the route: a path of no operation is FastAPI's `404 {"detail":"Not Found"}`, a method the
 *    path lacks `405 {"detail":"Method Not Allowed"}` with `Allow`;
 * 2. the token: without a bearer token the request is `unauthenticated` (each mock answers the
 *    operation's own 401 example; the proxy judges what the deployment answers);
 * 3. the inputs: the spec's checks, as the server reads them; any failure is a `422 {detail}`
 *    naming each invalid input;
 * 4. the `Prefer` scenario (mocks only): one the operation cannot answer, or cannot be read, is a
 *    `400` naming the header and listing what the operation has (prefer.ts).
 * The request comes through a thin adapter (request-adapters.ts), so the decision is the same
 * whatever the transport; nothing here throws on what a client sends.
 */
import type { ParsedRequest, RequestValidator } from "../request-checks/request-validator.ts";
import type { MatchedOperation } from "../request-checks/router.ts";
import { bearerCredentials } from "../http/bearer-token.ts";
import { frontProblem } from "./front-problem.ts";
import { readPrefer, unanswerableScenario, type Scenario, type ScenarioTable } from "./prefer.ts";

/** A request as every front sees it. */
export interface AdmissionRequest {
  method: string;
  /** The path after the base URL, still percent-encoded. */
  pathname: string;
  /** The query string, with its `?`, or empty. */
  search: string;
  /** A header by name, case-insensitively. */
  header(name: string): string | undefined;
  /** The body as text, `undefined` when there is none. */
  body: string | undefined;
}

/** An answer a front gives itself. */
export interface FrontAnswer {
  status: number;
  headers: Record<string, string>;
  body: unknown;
}

export type Admission =
  | { kind: "refused"; answer: FrontAnswer; operationId?: string }
  | { kind: "unauthenticated"; operationId: string; template: string; pathParams: Record<string, string> }
  | { kind: "admitted"; operationId: string; template: string; pathParams: Record<string, string>; parsed: ParsedRequest; scenario: Scenario };

export interface AdmissionRules {
  validator: RequestValidator;
  /** What each operation can answer, to refuse a `Prefer` it lacks; the proxy passes none and reads no `Prefer`. */
  scenarios?: ScenarioTable;
}

const json = (status: number, body: unknown, headers: Record<string, string> = {}): FrontAnswer => ({
  status,
  headers: { "content-type": "application/json", ...headers },
  body,
});

/**
 * Decides what becomes of `request`. A front that has routed the request already (the proxy, which
 * names the operation of the deployment's answer as soon as the request arrives) passes its route.
 */
export function admit(
  request: AdmissionRequest,
  { validator, scenarios }: AdmissionRules,
  matched: MatchedOperation | undefined = validator.match(request.method, request.pathname),
): Admission {
  if (!matched) {
    // RFC 9110: a 405 names the methods the resource has. A path of no operation is the framework's own 404.
    const allowed = validator.allowedMethods(request.pathname);
    if (allowed.length > 0) return { kind: "refused", answer: json(405, { detail: "Method Not Allowed" }, { allow: allowed.join(", ") }) };
    return { kind: "refused", answer: json(404, { detail: "Not Found" }) };
  }
  const { operationId, template, pathParams } = matched;
  if (bearerCredentials(request.header("authorization")) === undefined) return { kind: "unauthenticated", operationId, template, pathParams };
  const parsed = validator.parse(operationId, {
    pathParams,
    query: new URLSearchParams(request.search),
    header: (name) => request.header(name),
    body: request.body,
    contentType: request.header("content-type"),
  });
  if (parsed.issues.length > 0) return { kind: "refused", operationId, answer: json(422, { detail: parsed.issues }) };
  if (scenarios === undefined) return { kind: "admitted", operationId, template, pathParams, parsed, scenario: {} };
  const reading = readPrefer(request.header("prefer"));
  const problem = "malformed" in reading ? reading.malformed : unanswerableScenario(reading.scenario, operationId, scenarios);
  if (problem !== undefined) {
    // A mistake in the caller's own set-up: refused in the API's error shape, never passed off as an answer of the API.
    const body = frontProblem("mock", `The mock cannot answer this Prefer: ${problem}`, "mock_unknown_scenario", ["header", "Prefer"]);
    return { kind: "refused", operationId, answer: json(400, body) };
  }
  return { kind: "admitted", operationId, template, pathParams, parsed, scenario: "scenario" in reading ? reading.scenario : {} };
}
