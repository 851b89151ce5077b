/**
 * Validates an HTTP request as the server receives it: the router (router.ts) finds the operation;
 * this turns the raw query, header and path strings into values the way FastAPI does, and checks
 * them and the JSON body with the spec's own constraints (`generated/operations.js`). Errors come back as the API's error
 * items, so a mock can answer `422 { detail }` exactly like the real server.
 */
import { requestHeaderRules, requestRules } from "../../generated/operations.js";
import type { OperationRules, ParameterLocation, RuleSchema } from "../spec/operation-table.ts";
import type { ErrorDetail, OperationId } from "../../generated/types.js";
import { checkValue } from "./check-value.ts";
import { createRouter, type Router } from "./router.ts";
import { deserializeJsonValue, deserializeParameter } from "./deserialize-parameter.ts";

/** What the validator needs to know about one incoming request. */
export interface IncomingRequest {
  /** Path parameters as matched by {@link RequestValidator.match}. */
  pathParams: Readonly<Record<string, string>>;
  query: URLSearchParams;
  /** Looks a header up by name, case-insensitively. */
  header: (name: string) => string | undefined;
  /** The raw body text, or `undefined` when the request has none. */
  body: string | undefined;
  /** The request's `Content-Type`, when it sent one. */
  contentType?: string | undefined;
}

/** A request's inputs as the API reads them (strings converted to their schema types), and its errors. */
export interface ParsedRequest {
  /** One error item per invalid input; empty when the request is valid. */
  issues: ErrorDetail[];
  header: Record<string, unknown>;
  path: Record<string, unknown>;
  query: Record<string, unknown>;
  /** The parsed JSON body; `undefined` when there is none or it is not JSON. */
  body: unknown;
}

/** The router (router.ts) and the checks of the operations it finds, together. */
export interface RequestValidator extends Router {
  /** Returns one error item per invalid input, or an empty list. */
  validate(operationId: OperationId, request: IncomingRequest): ErrorDetail[];
  /** Reads and checks every input of the request. */
  parse(operationId: OperationId, request: IncomingRequest): ParsedRequest;
}

function rawValues(location: ParameterLocation, name: string, request: IncomingRequest): string[] {
  if (location === "query") return request.query.getAll(name);
  const value = location === "header" ? request.header(name) : request.pathParams[name];
  return value === undefined ? [] : [value];
}

function checkParameters(location: ParameterLocation, schema: RuleSchema, request: IncomingRequest, issues: ErrorDetail[]): Record<string, unknown> {
  const values: Record<string, unknown> = {};
  const raw: Record<string, unknown> = {};
  for (const [name, property] of Object.entries(schema.properties ?? {})) {
    const received = rawValues(location, name, request);
    if (received.length === 0) continue;
    values[name] = deserializeParameter(received, property, property.items);
    raw[name] = Array.isArray(values[name]) ? received : received[received.length - 1];
  }
  checkValue(schema, values, [location], issues, raw);
  return values;
}

/** Whether FastAPI reads a body of this content type as JSON: none at all, `application/json` or `application/*+json`. */
function readsAsJson(contentType: string | undefined): boolean {
  if (contentType === undefined || contentType.trim() === "") return true;
  const [essence = ""] = contentType.toLowerCase().split(";");
  return /^application\/(?:[\w.-]+\+)?json$/.test(essence.trim());
}

function checkBody(body: NonNullable<OperationRules["body"]>, text: string | undefined, contentType: string | undefined, issues: ErrorDetail[]): unknown {
  if (text === undefined || text.trim() === "") {
    if (body.required) issues.push({ loc: ["body"], msg: "Field required", type: "missing", input: null });
    return undefined;
  }
  if (!readsAsJson(contentType)) {
    // FastAPI validates such a body as raw text, which is not the object the schema describes.
    issues.push({
      loc: ["body"],
      msg: `Input should be a valid dictionary or object to extract fields from (the body was sent as ${contentType}, not application/json)`,
      type: "model_attributes_type",
      input: text,
    });
    return undefined;
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    issues.push({ loc: ["body", decodePosition(text, reason)], msg: "JSON decode error", type: "json_invalid", input: {}, ctx: { error: reason } });
    return undefined;
  }
  const read = deserializeJsonValue(parsed, body.schema);
  checkValue(body.schema, read, ["body"], issues, parsed);
  return read;
}

/**
 * Where a body stopped being JSON, as FastAPI names it (`loc: ["body", pos]`, the offset Python's
 * json module reports): read from the engine's message (V8's "at position N", Firefox's "line L
 * column C", an unexpected end or token); 0 when the message says nothing of it.
 */
function decodePosition(text: string, message: string): number {
  const at = /at position (\d+)/.exec(message);
  if (at) return Number(at[1]);
  const place = /line (\d+) column (\d+)/.exec(message);
  if (place) {
    const lines = text.split("\n").slice(0, Number(place[1]) - 1);
    return lines.reduce((offset, line) => offset + line.length + 1, 0) + Number(place[2]) - 1;
  }
  if (/end of (?:JSON )?(?:input|data)/i.test(message)) return text.length;
  const token = /Unexpected token '(.)'/.exec(message);
  return token ? Math.max(0, text.indexOf(token[1] as string)) : 0;
}

export function createRequestValidator(
  rules: Readonly<Record<OperationId, OperationRules>> = requestRules,
  headerRules: Readonly<Partial<Record<OperationId, RuleSchema>>> = requestHeaderRules,
): RequestValidator {
  return {
    ...createRouter(rules),
    validate(operationId, request) {
      return this.parse(operationId, request).issues;
    },
    parse(operationId, request) {
      const operation = rules[operationId];
      if (!operation) throw new Error(`Unknown operationId "${operationId}"`);
      const issues: ErrorDetail[] = [];
      const headers = headerRules[operationId];
      const { path, query } = operation.parameters;
      return {
        header: headers ? checkParameters("header", headers, request, issues) : {},
        path: path ? checkParameters("path", path, request, issues) : {},
        query: query ? checkParameters("query", query, request, issues) : {},
        body: operation.body ? checkBody(operation.body, request.body, request.contentType, issues) : undefined,
        issues,
      };
    },
  };
}
