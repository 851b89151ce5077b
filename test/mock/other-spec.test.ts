/**
 * A mock serving another spec (`--spec`, `specPath`) checks requests against that spec's own
 * constraints, not the package's: a spec allowing `limit` up to 500 accepts 300 and names its own
 * bound when refused, and a `Prefer` example is judged by that spec's examples. JSON and YAML bundles both work; a document it cannot read is refused with
 * the reason, before anything starts.
 */
import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { stringify } from "yaml";
import { MockStartError, startMockServer } from "../../src/mock/index.ts";
import { selfHeaders, TEST_TOKEN } from "../support/client.ts";

let dir: string;
let jsonSpec: string;
let yamlSpec: string;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), "api-contract-other-spec-"));
  const spec = JSON.parse(await readFile(new URL("../../generated/openapi.json", import.meta.url), "utf8")) as {
    paths: Record<
      string,
      { get: { parameters: { name?: string; schema?: { maximum?: number } }[]; responses: Record<string, { content: Record<string, { examples: object }> }> } }
    >;
  };
  const limit = spec.paths["/guest-connections"]?.get.parameters.find((parameter) => parameter.name === "limit");
  if (!limit?.schema) throw new Error("the bundled spec has no limit on GET /guest-connections");
  limit.schema.maximum = 500;
  const page = spec.paths["/guest-connections"]?.get.responses["200"]?.content["application/json"];
  if (!page) throw new Error("the bundled spec has no JSON 200 on GET /guest-connections");
  page.examples = { ...page.examples, onlyInThisSpec: { value: { items: [], total_items: 0 } } };
  jsonSpec = join(dir, "openapi.json");
  yamlSpec = join(dir, "openapi.yaml");
  await writeFile(jsonSpec, JSON.stringify(spec));
  await writeFile(yamlSpec, stringify(spec));
});
afterAll(() => rm(dir, { recursive: true, force: true }));

const list = (url: string, limit: number, prefer?: string) =>
  fetch(`${url}/guest-connections?statuses=connected&limit=${limit}&offset=0`, {
    headers: { ...selfHeaders, Authorization: `Bearer ${TEST_TOKEN}`, ...(prefer && { Prefer: prefer }) },
  });

describe.each([
  ["JSON", () => jsonSpec],
  ["YAML", () => yamlSpec],
])("a mock serving another spec (%s)", (_format, specPath) => {
  it("checks requests against that spec's constraints", async () => {
    const mock = await startMockServer({ specPath: specPath() });
    try {
      expect((await list(mock.url, 300)).status).toBe(200);
      const refused = await list(mock.url, 600);
      expect(refused.status).toBe(422);
      const body = (await refused.json()) as { detail: { loc: unknown[]; msg: string }[] };
      expect(body.detail).toEqual([expect.objectContaining({ loc: ["query", "limit"], msg: "Input should be less than or equal to 500" })]);
    } finally {
      await mock.close();
    }
  });

  it("answers a Prefer example of that spec, and names that spec's examples for one it lacks", async () => {
    const mock = await startMockServer({ specPath: specPath() });
    try {
      const chosen = await list(mock.url, 10, "example=onlyInThisSpec");
      expect(chosen.status).toBe(200);
      expect(await chosen.json()).toEqual({ items: [], total_items: 0 });
      const refused = await list(mock.url, 10, "example=nope");
      expect(refused.status).toBe(400);
      expect(JSON.stringify(await refused.json())).toContain("onlyInThisSpec");
    } finally {
      await mock.close();
    }
  });
});

describe("a spec the mock cannot read", () => {
  it("is refused with the reason", async () => {
    const broken = join(dir, "broken.json");
    await writeFile(broken, JSON.stringify({ openapi: "3.1.0", info: { title: "x", version: "1" } }));
    const error = await startMockServer({ specPath: broken }).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(MockStartError);
    expect((error as MockStartError).code).toBe("INVALID_SPEC");
    expect((error as Error).message).toContain("no paths");
  });
});
