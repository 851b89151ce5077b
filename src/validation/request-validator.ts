/**
 * Validates an HTTP request against the operation it targets, using only the OpenAPI document:
 * every parameter's schema, required flag and the request body schema. Schemas are compiled once,
 * when the validator is created. Errors come back as the API's error items (FastAPI's format), so
 * a caller can answer `422 { detail }` exactly like the real server.
 */
import { Ajv2020, type ValidateFunction } from "ajv/dist/2020.js";
import addFormatsImport from "ajv-formats";
import { deserializeParameter } from "./deserialize-parameter.ts";
import {
  HTTP_METHODS,
  resolveRef,
  type HttpMethod,
  type JsonSchema,
  type OpenApiDocument,
  type OperationObject,
  type ParameterObject,
} from "./openapi-document.ts";
import { toErrorDetails, type Location, type ValidationErrorDetail } from "./validation-error-detail.ts";

// Note: ajv-formats is CommonJS; under NodeNext its default export arrives wrapped.
const addFormats = addFormatsImport as unknown as typeof addFormatsImport.default;

/** What the validator needs to know about one incoming request. */
export interface IncomingRequest {
  /** Path parameters as matched by {@link RequestValidator.match}. */
  pathParams: Readonly<Record<string, string>>;
  query: URLSearchParams;
  /** Looks a header up by name, case-insensitively. */
  header: (name: string) => string | undefined;
  /** The raw body text, or `undefined` when the request has none. */
  body: string | undefined;
}

export interface MatchedOperation {
  operationId: string;
  pathParams: Record<string, string>;
}

export interface RequestValidator {
  /** Finds the operation for a method and a path relative to the server URL. */
  match(method: string, pathname: string): MatchedOperation | undefined;
  /** Returns one error item per invalid input, or an empty list. */
  validate(operationId: string, request: IncomingRequest): ValidationErrorDetail[];
}

/** A parameter with everything a request needs resolved once, when the validator is created. */
interface CompiledParameter {
  parameter: ParameterObject;
  /** Property name in the validated object: headers are validated in lower case. */
  key: string;
  schema: JsonSchema | undefined;
  itemSchema: JsonSchema | undefined;
}

interface PartValidator {
  location: Exclude<Location, "body">;
  parameters: CompiledParameter[];
  validate: ValidateFunction;
  /** Validated property name to the spec's parameter name. */
  names: Map<string, string>;
}

interface CompiledOperation {
  parts: PartValidator[];
  body?: { required: boolean; validate: ValidateFunction };
}

const DOCUMENT_ID = "urn:mycreditapp:openapi";

/** Rewrites the document's local `$ref`s so that they resolve against the registered document. */
function anchorRefs<T>(value: T): T {
  return JSON.parse(JSON.stringify(value), (key, v: unknown) =>
    key === "$ref" && typeof v === "string" && v.startsWith("#/") ? `${DOCUMENT_ID}${v}` : v,
  ) as T;
}

function itemSchemaOf(document: OpenApiDocument, schema: JsonSchema | undefined): JsonSchema | undefined {
  const items = schema?.["items"];
  return items && typeof items === "object" ? resolveRef<JsonSchema>(document, items as JsonSchema) : undefined;
}

function templateToRegExp(template: string): { pattern: RegExp; names: string[] } {
  const names: string[] = [];
  const source = template
    .split(/(\{[^}]+\})/)
    .map((piece) => {
      const name = /^\{([^}]+)\}$/.exec(piece)?.[1];
      if (name === undefined) return piece.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
      names.push(name);
      return "([^/]+)";
    })
    .join("");
  return { pattern: new RegExp(`^${source}/?$`), names };
}

export function createRequestValidator(document: OpenApiDocument): RequestValidator {
  const ajv = new Ajv2020({ allErrors: true, strict: false, validateFormats: true });
  addFormats(ajv);
  // Note: refs inside the registered document ("#/components/...") resolve against it as its root;
  // only schemas compiled on their own (parameters, bodies) need their refs anchored to it.
  ajv.addSchema({ $id: DOCUMENT_ID, components: document.components ?? {} });

  const operations = new Map<string, CompiledOperation>();
  const routes: { method: HttpMethod; pattern: RegExp; names: string[]; operationId: string }[] = [];

  for (const [template, pathItem] of Object.entries(document.paths)) {
    const { pattern, names } = templateToRegExp(template);
    for (const method of HTTP_METHODS) {
      const operation = pathItem[method];
      if (!operation?.operationId) continue;
      routes.push({ method, pattern, names, operationId: operation.operationId });
      operations.set(operation.operationId, compileOperation(document, ajv, operation, pathItem.parameters ?? []));
    }
  }

  return {
    match(method, pathname) {
      const lower = method.toLowerCase();
      for (const route of routes) {
        if (route.method !== lower) continue;
        const found = route.pattern.exec(pathname);
        if (!found) continue;
        const pathParams: Record<string, string> = {};
        route.names.forEach((name, index) => {
          pathParams[name] = decodeURIComponent(found[index + 1] ?? "");
        });
        return { operationId: route.operationId, pathParams };
      }
      return undefined;
    },
    validate(operationId, request) {
      const compiled = operations.get(operationId);
      if (!compiled) throw new Error(`Unknown operationId "${operationId}"`);
      const details = compiled.parts.flatMap((part) => validatePart(part, request));
      if (compiled.body) details.push(...validateBody(compiled.body, request.body));
      return details;
    },
  };
}

function compileOperation(
  document: OpenApiDocument,
  ajv: Ajv2020,
  operation: OperationObject,
  pathLevel: NonNullable<OperationObject["parameters"]>,
): CompiledOperation {
  const parameters = [...pathLevel, ...(operation.parameters ?? [])].map((p) => resolveRef<ParameterObject>(document, p));
  const parts: PartValidator[] = [];
  for (const location of ["header", "path", "query"] as const) {
    const own: CompiledParameter[] = parameters
      .filter((p) => p.in === location)
      .map((parameter) => {
        const schema = parameter.schema ? resolveRef<JsonSchema>(document, parameter.schema) : undefined;
        const key = location === "header" ? parameter.name.toLowerCase() : parameter.name;
        return { parameter, key, schema, itemSchema: itemSchemaOf(document, schema) };
      });
    if (own.length === 0) continue;
    const schema = {
      type: "object",
      properties: Object.fromEntries(own.map(({ parameter, key }) => [key, anchorRefs(parameter.schema ?? {})])),
      required: own.filter(({ parameter }) => parameter.required).map(({ key }) => key),
    };
    parts.push({ location, parameters: own, validate: ajv.compile(schema), names: new Map(own.map(({ parameter, key }) => [key, parameter.name])) });
  }
  const requestBody = operation.requestBody ? resolveRef(document, operation.requestBody) : undefined;
  const bodySchema = requestBody?.content?.["application/json"]?.schema;
  return {
    parts,
    ...(bodySchema ? { body: { required: requestBody?.required === true, validate: ajv.compile(anchorRefs(bodySchema)) } } : {}),
  };
}

function rawValues(part: PartValidator, parameter: ParameterObject, request: IncomingRequest): string[] {
  if (part.location === "query") return request.query.getAll(parameter.name);
  const value = part.location === "header" ? request.header(parameter.name) : request.pathParams[parameter.name];
  return value === undefined ? [] : [value];
}

function validatePart(part: PartValidator, request: IncomingRequest): ValidationErrorDetail[] {
  const data: Record<string, unknown> = {};
  const raw: Record<string, unknown> = {};
  for (const { parameter, key, schema, itemSchema } of part.parameters) {
    const values = rawValues(part, parameter, request);
    if (values.length === 0) continue;
    data[key] = deserializeParameter(values, schema, itemSchema);
    raw[key] = Array.isArray(data[key]) ? values : values[values.length - 1];
  }
  if (part.validate(data)) return [];
  return toErrorDetails(part.location, part.validate.errors ?? [], data, raw, part.names);
}

function validateBody(body: NonNullable<CompiledOperation["body"]>, text: string | undefined): ValidationErrorDetail[] {
  if (text === undefined || text.trim() === "") {
    return body.required ? [{ loc: ["body"], msg: "Field required", type: "missing", code: "missing", input: null }] : [];
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    return [{ loc: ["body", 0], msg: "JSON decode error", type: "json_invalid", code: "json_invalid", input: {}, ctx: { error: reason } }];
  }
  if (body.validate(parsed)) return [];
  return toErrorDetails("body", body.validate.errors ?? [], parsed, parsed);
}
