/**
 * Validates an HTTP request as the server receives it: it finds the operation, turns the raw query,
 * header and path strings into values the way FastAPI does, and checks them and the JSON body with
 * the spec's own constraints (`generated/operations.js`). Errors come back as the API's error
 * items, so a mock can answer `422 { detail }` exactly like the real server.
 */
import { requestHeaderRules, requestRules } from "../../generated/operations.js";
import type { OperationRules, ParameterLocation, RuleSchema } from "../spec/operation-table.ts";
import type { ErrorDetail, OperationId } from "../../generated/types.js";
import { templatePieces } from "../spec/path-template.ts";
import { checkValue } from "./check-value.ts";
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

export interface MatchedOperation {
  operationId: OperationId;
  /** The path template the path matched: `/guest-connections/{guest_org_id}`. */
  template: string;
  pathParams: Record<string, string>;
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

export interface RequestValidator {
  /** Finds the operation for a method and a path relative to the server URL. */
  match(method: string, pathname: string): MatchedOperation | undefined;
  /** The methods declared for a path, for the `Allow` header of a 405 (empty when no template matches it); without one, every method in use. */
  allowedMethods(pathname?: string): string[];
  /** Returns one error item per invalid input, or an empty list. */
  validate(operationId: OperationId, request: IncomingRequest): ErrorDetail[];
  /** Reads and checks every input of the request. */
  parse(operationId: OperationId, request: IncomingRequest): ParsedRequest;
}

/** A path segment percent-decoded; a malformed escape (`%zz`) is kept as sent, as the server keeps it, and then fails validation. */
function decodePathSegment(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
}

function templateToRegExp(template: string): { pattern: RegExp; names: string[] } {
  const names: string[] = [];
  const source = templatePieces(template)
    .map((piece, index) => {
      if (index % 2 === 0) return piece.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
      names.push(piece);
      return "([^/]+)";
    })
    .join("");
  return { pattern: new RegExp(`^${source}/?$`), names };
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
    issues.push({ loc: ["body", 0], msg: "JSON decode error", type: "json_invalid", input: {}, ctx: { error: reason } });
    return undefined;
  }
  const read = deserializeJsonValue(parsed, body.schema);
  checkValue(body.schema, read, ["body"], issues, parsed);
  return read;
}

export function createRequestValidator(
  rules: Readonly<Record<OperationId, OperationRules>> = requestRules,
  headerRules: Readonly<Partial<Record<OperationId, RuleSchema>>> = requestHeaderRules,
): RequestValidator {
  const routes = (Object.entries(rules) as [OperationId, OperationRules][]).map(([operationId, operation]) => ({
    operationId,
    method: operation.method,
    template: operation.template,
    ...templateToRegExp(operation.template),
  }));

  return {
    match(method, pathname) {
      const upper = method.toUpperCase();
      for (const route of routes) {
        if (route.method !== upper) continue;
        const found = route.pattern.exec(pathname);
        if (!found) continue;
        const pathParams: Record<string, string> = {};
        route.names.forEach((name, index) => {
          pathParams[name] = decodePathSegment(found[index + 1] ?? "");
        });
        return { operationId: route.operationId, template: route.template, pathParams };
      }
      return undefined;
    },
    allowedMethods(pathname) {
      return [...new Set(routes.filter((route) => pathname === undefined || route.pattern.test(pathname)).map((route) => route.method))];
    },
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
