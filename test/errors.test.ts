/**
 * Errors of every operation, against the mock server: 401 without a token, every declared error
 * status selectable with `Prefer` and served as its named example, and 422 in the API's error
 * shape naming each invalid input. The cases come from the operation table: each constraint of
 * each parameter and body is broken in turn, starting from the operation's simplest valid request.
 */
import { describe, expect, it } from "vitest";
import { operationTable, requestRules, type RuleSchema } from "../generated/operations.js";
import type { OperationId } from "../src/index.ts";
import { mockUrl } from "./support/client.ts";
import { simplestRequest, simplestValue, toFetch, type GeneratedRequest } from "./support/request-arbitraries.ts";
import { responseErrors } from "./support/spec.ts";

const operationIds = Object.keys(operationTable) as OperationId[];

interface Answer {
  status: number;
  body: { detail: { loc: (string | number)[]; type: string }[] };
}

async function send(request: GeneratedRequest, token: string | null = "test-token"): Promise<Answer> {
  const [url, init] = toFetch(mockUrl(), requestRules[request.operationId].template, request, token);
  const response = await fetch(url, init);
  return { status: response.status, body: (await response.json()) as Answer["body"] };
}

/** Asserts a 422 in the API's error shape whose items name exactly the given inputs. */
function expectValidationError(operationId: OperationId, result: Answer, locs: (string | number)[][]) {
  expect(result.status).toBe(422);
  expect(responseErrors(operationId, 422, result.body)).toEqual([]);
  expect(result.body.detail.map((item) => item.loc)).toEqual(locs);
}

const types = (schema: RuleSchema): string[] => ([] as string[]).concat(schema.type ?? []);

/** One broken input: the value to send (`undefined` removes it), where the API reports it, and the pydantic type. */
interface BrokenInput {
  name: string;
  value: unknown;
  loc: (string | number)[];
  type: string;
}

/** Every way the spec lets one query parameter be broken, with the error the API answers. */
function brokenQueryValues(name: string, schema: RuleSchema, required: boolean): BrokenInput[] {
  const at = ["query", name];
  const cases: BrokenInput[] = [];
  if (required) cases.push({ name: `a missing ${name}`, value: undefined, loc: at, type: "missing" });
  if (schema.enum) cases.push({ name: `an unknown ${name}`, value: "bogus", loc: at, type: "enum" });
  if (types(schema).includes("array") && schema.items?.enum) {
    const valid = simplestValue(schema.items);
    cases.push({ name: `an unknown ${name} item after a valid one`, value: [valid, "bogus"], loc: [...at, 1], type: "enum" });
    // An empty array cannot be written as repeated keys; `name=` sends one empty value.
    cases.push({ name: `an empty ${name} value`, value: [""], loc: [...at, 0], type: "enum" });
  }
  if (types(schema).includes("integer")) {
    cases.push({ name: `a non-integer ${name}`, value: "ten", loc: at, type: "int_parsing" });
    if (schema.maximum !== undefined) cases.push({ name: `${name} above ${schema.maximum}`, value: schema.maximum + 1, loc: at, type: "less_than_equal" });
    if (schema.minimum !== undefined) cases.push({ name: `${name} below ${schema.minimum}`, value: schema.minimum - 1, loc: at, type: "greater_than_equal" });
  }
  if (types(schema).includes("boolean")) cases.push({ name: `a non-boolean ${name}`, value: "maybe", loc: at, type: "bool_parsing" });
  if (types(schema).includes("string") && !schema.enum) {
    if ((schema.minLength ?? 0) > 0) cases.push({ name: `an empty ${name}`, value: "", loc: at, type: "string_too_short" });
    if (schema.maxLength !== undefined)
      cases.push({ name: `${name} of ${schema.maxLength + 1} characters`, value: "a".repeat(schema.maxLength + 1), loc: at, type: "string_too_long" });
  }
  return cases;
}

function withQuery(request: GeneratedRequest, name: string, value: unknown): GeneratedRequest {
  const { [name]: _replaced, ...rest } = request.query;
  return { ...request, query: value === undefined ? rest : { ...rest, [name]: value } };
}

describe.each(operationIds)("errors of %s", (operationId) => {
  const entry = operationTable[operationId];
  const valid = simplestRequest(operationId);

  it("answers its simplest valid request with its success status", async () => {
    const result = await send(valid);
    expect(result.status).toBe(entry.success.status);
    expect(responseErrors(operationId, entry.success.status, result.body)).toEqual([]);
  });

  it("answers a request without a token with 401 and the declared 401 example", async () => {
    const result = await send(valid, null);
    expect(result.status).toBe(401);
    expect(result.body).toEqual(Object.values(entry.errors["401"]?.examples ?? {})[0]?.value);
  });

  it("answers a missing Requester-Organization-ID with 422 naming the header", async () => {
    const { "Requester-Organization-ID": _omitted, ...header } = valid.header;
    const result = await send({ ...valid, header });
    expectValidationError(operationId, result, [["header", "Requester-Organization-ID"]]);
    expect(result.body.detail[0]?.type).toBe("missing");
  });

  it("answers a malformed Target-Organization-ID with 422 naming the header", async () => {
    const result = await send({ ...valid, header: { ...valid.header, "Target-Organization-ID": "not-a-uuid" } });
    expectValidationError(operationId, result, [["header", "Target-Organization-ID"]]);
    expect(result.body.detail[0]?.type).toBe("uuid_parsing");
  });

  const declared = Object.entries(entry.errors).flatMap(([status, response]) =>
    Object.entries(response.examples).map(([name, example]) => [`${status} ${name}`, status, name, example.value] as const),
  );
  it.each(declared)("serves the declared error %s with Prefer", async (_label, status, name, value) => {
    const result = await send({ ...valid, header: { ...valid.header, Prefer: `code=${status}, example=${name}` } }, status === "401" ? null : "test-token");
    expect(result.status).toBe(Number(status));
    expect(result.body).toEqual(value);
    expect(responseErrors(operationId, status, result.body)).toEqual([]);
  });

  const query = entry.request.parameters.query;
  const queryCases = Object.entries(query?.properties ?? {}).flatMap(([name, schema]) =>
    brokenQueryValues(name, schema, query?.required?.includes(name) ?? false),
  );
  if (queryCases.length > 0) {
    it.each(queryCases.map((broken) => [broken.name, broken] as const))("answers %s with 422 naming the parameter", async (_name, broken) => {
      const result = await send(withQuery(valid, broken.loc[1] as string, broken.value));
      expectValidationError(operationId, result, [broken.loc]);
      expect(result.body.detail[0]?.type).toBe(broken.type);
    });
  }

  const twoParameters = queryCases.filter(
    (broken, index) => broken.value !== undefined && queryCases.findIndex((other) => other.loc[1] === broken.loc[1]) === index,
  );
  if (twoParameters.length >= 2) {
    it("reports every invalid input, one item each, in the parameters' order", async () => {
      const [first, second] = twoParameters as [BrokenInput, BrokenInput];
      const result = await send(withQuery(withQuery(valid, first.loc[1] as string, first.value), second.loc[1] as string, second.value));
      expectValidationError(operationId, result, [first.loc, second.loc]);
    });
  }

  for (const [name, schema] of Object.entries(entry.request.parameters.path?.properties ?? {})) {
    if (schema.format !== "uuid") continue;
    it(`answers a malformed ${name} with 422 naming it`, async () => {
      const result = await send({ ...valid, path: { ...valid.path, [name]: "12345" } });
      expectValidationError(operationId, result, [["path", name]]);
      expect(result.body.detail[0]?.type).toBe("uuid_parsing");
    });
  }

  const body = entry.request.body;
  if (body) {
    const bodyCases: [string, { json: unknown } | { text: string }, (string | number)[][], string][] = [
      // FastAPI names where the JSON stopped: "{" stops at offset 1, as Python's json module reports it.
      ["malformed JSON", { text: "{" }, [["body", 1]], "json_invalid"],
      ["a body that is not an object", { json: [true] }, [["body"]], "model_attributes_type"],
      ...(body.required ? [["a missing body", { text: "" }, [["body"]], "missing"] as [string, { text: string }, string[][], string]] : []),
      ...(body.schema.required ?? []).map(
        (name) =>
          [`a body without ${name}`, { json: {} }, (body.schema.required ?? []).map((field) => ["body", field]), "missing"] as [
            string,
            { json: unknown },
            string[][],
            string,
          ],
      ),
      ...Object.entries(body.schema.properties ?? {})
        .filter(([, schema]) => types(schema).includes("boolean"))
        .map(
          ([name]) =>
            [`a non-boolean ${name}`, { json: { ...(simplestValue(body.schema) as object), [name]: "sometimes" } }, [["body", name]], "bool_parsing"] as [
              string,
              { json: unknown },
              string[][],
              string,
            ],
        ),
    ];
    it.each(bodyCases)("answers %s with 422 naming the body field", async (_case, sent, locs, type) => {
      const result = await send({ ...valid, body: sent });
      expectValidationError(operationId, result, locs);
      expect(result.body.detail[0]?.type).toBe(type);
    });
  }
});
