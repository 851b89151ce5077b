/**
 * Judges one response of a deployment against the contract: its status must be declared for the
 * operation, a JSON body must come with a JSON content type, and the body must match the declared
 * schema (with the spec's own leniencies: offset-less timestamps pass, and so do values of open
 * enums the spec does not list yet, which are reported as warnings instead). Shared by `verify`
 * and the validating proxy.
 */
import { readFileSync } from "node:fs";
import { operationTable } from "../../generated/operations.js";
import { responseValidators } from "../../generated/response-validators.js";
import type { OperationId } from "../../generated/types.js";
import { resolveRef, type JsonSchema, type OpenApiDocument } from "../spec/openapi-document.ts";

export type FindingKind =
  | "undeclared-status"
  | "unknown-operation"
  | "no-answer"
  | "body-too-large"
  | "redirect"
  | "not-checked"
  | "content-type"
  | "invalid-json"
  | "schema"
  | "error-shape"
  | "accepted-invalid-input"
  | "invalid-request"
  | "wrong-error-location"
  | "authentication-not-enforced"
  | "authentication-status"
  | "undocumented-error-form"
  | "no-items-validated"
  | "new-enum-value"
  | "rejected-valid-input"
  | "filter-not-applied"
  | "undeclared-field";

export interface Finding {
  kind: FindingKind;
  severity: "failure" | "warning";
  message: string;
  /**
   * What sets this finding apart from others of its kind (the status, and where in the body and
   * which rule, for a schema finding): findings of one kind and cause are one group in a report.
   */
  cause?: string;
}

/** A JSON Pointer with its array indices as `*`: `/items/3/status` and `/items/0/status` are one cause. */
const pointerShape = (pointer: string): string => pointer.replace(/\/\d+(?=\/|$)/g, "/*");

export interface ObservedResponse {
  status: number;
  contentType: string | null;
  text: string;
}

const parsed = new WeakMap<ObservedResponse, { value: unknown } | null>();

/** A response's body parsed as JSON, once per response however often it is asked for; `undefined` when it is not JSON. */
export function parsedBody(response: ObservedResponse): { value: unknown } | undefined {
  let found = parsed.get(response);
  if (found === undefined) {
    try {
      found = { value: JSON.parse(response.text) as unknown };
    } catch {
      found = null;
    }
    parsed.set(response, found);
  }
  return found ?? undefined;
}

// Read on first use: the ./mock entry loads this module, and a mock that never proxies need not parse the spec.
let loaded: OpenApiDocument | undefined;
const bundledSpec = (): OpenApiDocument =>
  (loaded ??= JSON.parse(readFileSync(new URL("../../generated/openapi.json", import.meta.url), "utf8")) as OpenApiDocument);

/** The declared response schema of an operation for a status, resolved; `undefined` when none. */
function responseSchema(operationId: OperationId, status: number): JsonSchema | undefined {
  const spec = bundledSpec();
  const entry = operationTable[operationId];
  const declared = spec.paths[entry.path]?.[entry.method.toLowerCase() as "get"]?.responses?.[String(status)];
  if (!declared) return undefined;
  const response = resolveRef<{ content?: Record<string, { schema?: JsonSchema }> }>(spec, declared as object);
  return response.content?.["application/json"]?.schema;
}

/** What a body holds beyond its schema, found in one walk: see {@link walkBody}. */
interface BeyondSchema {
  /** Pointers of fields no schema there declares. */
  undeclaredFields: string[];
  /** Values of open enums the spec does not list, with their message. */
  newEnumValues: [at: string, message: string][];
}

/**
 * Walks a body beside its schema (references followed, a node's `anyOf` alternatives read as one
 * with it) and records what it holds beyond the schema:
 * - a value of an open enum (`x-open-enum`) the spec does not list: a new value readers must tolerate;
 * - a field the schema does not declare: an object whose schema lists `properties` (in itself or in
 *   its alternatives) holding a key none of them lists. The contract's schemas stay open for
 *   additions, but a consumer that validates strictly, or a type-checked reader, never sees such a
 *   field: it is drift to report.
 */
function walkBody(schema: JsonSchema | undefined, value: unknown, at: string, found: BeyondSchema, depth = 0): void {
  if (!schema || depth > 32 || value === undefined) return;
  const resolved = resolveRef<JsonSchema>(bundledSpec(), schema);
  const parts = [resolved, ...((resolved["anyOf"] as JsonSchema[] | undefined) ?? []).map((branch) => resolveRef<JsonSchema>(bundledSpec(), branch))];
  for (const part of parts) {
    const listed = part["enum"] as unknown[] | undefined;
    if (listed && part["x-open-enum"] === true && value !== null && !listed.includes(value)) {
      const message = `${at || "/"} is ${JSON.stringify(value)}, which the spec does not list (${listed.map((item) => JSON.stringify(item)).join(", ")})`;
      found.newEnumValues.push([at, message]);
    }
  }
  if (value === null || typeof value !== "object") return;
  if (Array.isArray(value)) {
    const items = parts.find((part) => part["items"])?.["items"] as JsonSchema | undefined;
    value.forEach((item, index) => walkBody(items, item, `${at}/${index}`, found, depth + 1));
    return;
  }
  const declared = parts.map((part) => part["properties"] as Record<string, JsonSchema> | undefined).filter((part) => part !== undefined);
  if (declared.length === 0) return;
  for (const [name, child] of Object.entries(value as Record<string, unknown>)) {
    const property = declared.find((properties) => name in properties)?.[name];
    if (property === undefined) found.undeclaredFields.push(`${at}/${name}`);
    else walkBody(property, child, `${at}/${name}`, found, depth + 1);
  }
}

/**
 * An error body the spec accepts but the error-handling guide does not document: a string `detail`
 * (FastAPI's form for raised errors), or items without `code` on an error that is not a `422`
 * (FastAPI's validation items have none). A warning: the contract allows it, consumers may not expect it.
 */
function undocumentedErrorForm(status: number, body: unknown): Finding[] {
  const detail = (body as { detail?: unknown }).detail;
  if (typeof detail === "string")
    return [
      {
        kind: "undocumented-error-form",
        severity: "warning",
        message: `${status} with a string detail (FastAPI's form for raised errors), not the documented list of error objects`,
        cause: `${status} string`,
      },
    ];
  if (status !== 422 && Array.isArray(detail) && detail.some((item) => (item as { code?: unknown } | null)?.code === undefined))
    return [
      { kind: "undocumented-error-form", severity: "warning", message: `${status} with error items without the documented code`, cause: `${status} no-code` },
    ];
  return [];
}

/**
 * Everything wrong with one response of `operationId`; an empty list when it keeps the contract.
 * A field the contract does not declare is a warning, or with `strict` a failure.
 */
export function checkResponse(operationId: OperationId, response: ObservedResponse, { strict = false }: { strict?: boolean } = {}): Finding[] {
  const entry = operationTable[operationId];
  const declared = response.status === entry.success.status || String(response.status) in entry.errors;
  if (!declared) {
    const statuses = [String(entry.success.status), ...Object.keys(entry.errors)].join(", ");
    return [
      {
        kind: "undeclared-status",
        severity: "failure",
        message: `status ${response.status} is not declared (declared: ${statuses})`,
        cause: String(response.status),
      },
    ];
  }
  const schema = responseSchema(operationId, response.status);
  if (!schema) return [];
  if (!/[/+]json\b/i.test(response.contentType ?? "")) {
    return [
      {
        kind: "content-type",
        severity: "failure",
        message: `content type ${JSON.stringify(response.contentType)} where the spec declares application/json`,
        cause: `${response.status} ${response.contentType}`,
      },
    ];
  }
  const json = parsedBody(response);
  if (!json) {
    return [
      { kind: "invalid-json", severity: "failure", message: `the body is not JSON (${response.text.length} characters)`, cause: String(response.status) },
    ];
  }
  const body = json.value;
  const findings: Finding[] = [];
  const validator = responseValidators[operationId]?.[String(response.status)];
  if (validator && !validator(body)) {
    const [error] = validator.errors ?? [];
    findings.push({
      kind: response.status >= 400 ? "error-shape" : "schema",
      severity: "failure",
      message: `${response.status} body at ${error?.instancePath || "/"}: ${error?.message ?? "does not match the schema"}`,
      cause: `${response.status} ${pointerShape(error?.instancePath ?? "")} ${error?.keyword ?? ""} ${JSON.stringify(error?.params ?? {})}`,
    });
  } else if (response.status >= 400) findings.push(...undocumentedErrorForm(response.status, body));
  const beyond: BeyondSchema = { undeclaredFields: [], newEnumValues: [] };
  walkBody(schema, body, "", beyond);
  if (findings.length === 0 && response.status < 400) {
    for (const field of beyond.undeclaredFields)
      findings.push({
        kind: "undeclared-field",
        severity: strict ? "failure" : "warning",
        message: `${response.status} body has ${field}, a field the contract does not declare`,
        cause: pointerShape(field),
      });
  }
  for (const [at, message] of beyond.newEnumValues) findings.push({ kind: "new-enum-value", severity: "warning", message, cause: pointerShape(at) });
  return findings;
}
