/**
 * The bundled spec as test oracle: schemas, named examples and a JSON Schema validator (Ajv, draft
 * 2020-12 as OpenAPI 3.1 uses) compiled from generated/openapi.json, so tests judge the mock's
 * answers by the contract itself and never by a hand copy of it.
 */
import { readFileSync } from "node:fs";
import { Ajv2020 } from "ajv/dist/2020.js";
import addFormatsImport from "ajv-formats";
// An implementation of `idn-email` (RFC 6531) that is not the package's own, so that the oracle
// judges the package's e-mail check instead of repeating it.
import isIdnEmail from "ajv-formats-draft2019/formats/idn-email.js";
import type { OpenApiDocument } from "../../src/spec/openapi-document.ts";
import { mapRefs, resolveRef } from "../../src/spec/openapi-document.ts";
import { specOperations } from "../../src/spec/spec-operations.ts";

const addFormats = addFormatsImport as unknown as typeof addFormatsImport.default;

export const spec = JSON.parse(readFileSync(new URL("../../generated/openapi.json", import.meta.url), "utf8")) as OpenApiDocument & {
  components: { schemas: Record<string, Record<string, unknown>> };
};

const ajv = new Ajv2020({ allErrors: true, strict: false });
addFormats(ajv);
ajv.addFormat("idn-email", isIdnEmail);
// Note: refs inside the registered document ("#/components/...") resolve against it as its own root.
const SPEC_ID = "urn:mycreditapp:spec";
ajv.addSchema({ $id: SPEC_ID, components: spec.components });

interface ResponseObject {
  content?: Record<string, { schema?: { $ref?: string }; examples?: Record<string, { value: unknown } | { $ref: string }> }>;
}

export interface OperationInfo {
  operationId: string;
  method: string;
  path: string;
  tags?: string[];
  summary?: string;
  description?: string;
  responses: Record<string, ResponseObject>;
}

/** Every operation of the spec, with its method and path template (the shared loop of src/spec/spec-operations.ts). */
export const operations: OperationInfo[] = specOperations(spec).map(({ operationId, method, template, operation }) => {
  const responses = Object.fromEntries(
    Object.entries(operation.responses ?? {}).map(([status, response]) => [status, resolveRef<ResponseObject>(spec, response as ResponseObject)]),
  );
  const { tags, summary, description } = operation;
  return {
    operationId,
    method: method.toUpperCase(),
    path: template,
    responses,
    ...(tags && { tags }),
    ...(summary && { summary }),
    ...(description && { description }),
  };
});

export function operation(operationId: string): OperationInfo {
  const found = operations.find((op) => op.operationId === operationId);
  if (!found) throw new Error(`No operation ${operationId} in the spec`);
  return found;
}

/** A schema taken out of the spec, its local `$ref`s pointed at the registered spec. */
const anchored = (schema: object): object => mapRefs(schema, (ref) => ({ $ref: `${SPEC_ID}${ref}` })) as object;

/** The JSON schema of an operation's response for a status, as a `$ref` into the spec. */
function responseSchema(operationId: string, status: number | string): object {
  const schema = operation(operationId).responses[String(status)]?.content?.["application/json"]?.schema;
  if (!schema) throw new Error(`${operationId} has no JSON response for status ${status}`);
  return anchored(schema);
}

/** Ajv's verdict on a value for any schema of the spec (a parameter's, a body's). */
export function isValidBySpec(schema: object, value: unknown): boolean {
  return ajv.validate(anchored(schema), value);
}

export interface ParameterInfo {
  name: string;
  in: "query" | "header" | "path";
  required: boolean;
  schema: Record<string, unknown>;
}

/** The parameters of an operation, references resolved. */
export function parametersOf(operationId: string): ParameterInfo[] {
  const found = specOperations(spec).find((entry) => entry.operationId === operationId);
  if (!found) throw new Error(`No operation ${operationId} in the spec`);
  return found.parameters.map((parameter) => ({ ...(parameter as unknown as ParameterInfo), required: parameter.required === true }));
}

/**
 * Validates a body against an operation's response schema and returns readable errors
 * (`/items/0/created_at must match format "date-time"`); an empty list means valid.
 */
export function responseErrors(operationId: string, status: number | string, body: unknown): string[] {
  const validate = ajv.compile(responseSchema(operationId, status));
  if (validate(body)) return [];
  return (validate.errors ?? []).map((error) => `${error.instancePath || "/"} ${error.message ?? error.keyword}`);
}

/** A copy of a schema tree in which every object that lists `properties` allows no other key. */
function closed(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(closed);
  if (!value || typeof value !== "object") return value;
  const copy = Object.fromEntries(Object.entries(value).map(([key, child]) => [key, closed(child)]));
  return "properties" in copy && copy["additionalProperties"] === undefined ? { ...copy, additionalProperties: false } : copy;
}

const closedAjv = new Ajv2020({ allErrors: true, strict: false });
addFormats(closedAjv);
closedAjv.addFormat("idn-email", isIdnEmail);
closedAjv.addSchema({ $id: SPEC_ID, components: closed(spec.components) });

/**
 * {@link responseErrors} with every object of the schema closed (`additionalProperties: false`):
 * a key the contract does not declare is an error, as it is to a consumer that validates strictly.
 */
export function closedResponseErrors(operationId: string, status: number | string, body: unknown): string[] {
  const validate = closedAjv.compile(responseSchema(operationId, status));
  if (validate(body)) return [];
  return (validate.errors ?? []).map((error) => `${error.instancePath || "/"} ${error.message ?? error.keyword} ${JSON.stringify(error.params)}`);
}

/** The named example objects of an operation's response for a status, references resolved. */
function exampleObjects(operationId: string, status: number | string): [string, { value: unknown; summary?: string }][] {
  const examples = operation(operationId).responses[String(status)]?.content?.["application/json"]?.examples ?? {};
  return Object.entries(examples).map(([name, example]) => [name, resolveRef<{ value: unknown; summary?: string }>(spec, example)]);
}

/** The named examples of an operation's response for a status: name to value. */
export function namedExamples(operationId: string, status: number | string): Record<string, unknown> {
  return Object.fromEntries(exampleObjects(operationId, status).map(([name, example]) => [name, example.value]));
}

/** The named examples of an operation's response for a status: name to summary (the name when there is none). */
export function namedExampleSummaries(operationId: string, status: number | string): Record<string, string> {
  return Object.fromEntries(exampleObjects(operationId, status).map(([name, example]) => [name, example.summary ?? name]));
}

/** Validates a value against a named component schema (`GuestConnection`); an empty list means valid. */
export function componentErrors(name: string, value: unknown): string[] {
  const validate = ajv.compile(anchored({ $ref: `#/components/schemas/${name}` }));
  if (validate(value)) return [];
  return (validate.errors ?? []).map((error) => `${error.instancePath || "/"} ${error.message ?? error.keyword}`);
}
