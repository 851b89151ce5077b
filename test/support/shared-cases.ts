/**
 * Cases every operation shares, written once. Each takes a `send` function that makes the typed
 * openapi-fetch call for its own operation, so every request still goes through the generated types.
 */
import { expect, it } from "vitest";
import { namedExamples, responseErrors } from "./spec.ts";

interface Sent {
  response: Response;
  data?: unknown;
}

/** Each named 200 example can be chosen with `Prefer: example=NAME` and matches the schema. */
export function itServesEachNamedExample(operationId: string, send: (headers: Record<string, string>) => Promise<Sent>): void {
  const examples = Object.entries(namedExamples(operationId, 200));
  it("has named examples", () => {
    expect(examples.length).toBeGreaterThan(0);
  });
  it.each(examples)("serves the named example %s on request", async (name, value) => {
    const { response, data } = await send({ Prefer: `example=${name}` });
    expect(response.status).toBe(200);
    expect(data).toEqual(value);
    expect(responseErrors(operationId, 200, data)).toEqual([]);
  });
}

/** Every value of an enum parameter is accepted. */
export function itAcceptsEachValue(parameter: string, values: readonly string[], send: (value: string) => Promise<Sent>): void {
  it.each(values)(`accepts ${parameter}=%s`, async (value) => {
    const { response } = await send(value);
    expect(response.status).toBe(200);
  });
}
