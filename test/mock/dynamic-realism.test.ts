/**
 * `--dynamic` data a front end can be built on: over a thousand generated items of the three
 * lists, none holds a key the contract does not declare (checked with every object of the schema
 * closed), organization names read as company names and e-mail addresses as people's (no Latin
 * filler, no random letters), timestamps fall in the last few years with no update before its
 * creation, each item agrees with itself (archived with `archived_at`, an invitation's status with
 * `accepted_at` and `expired` with `expired_at`, a detail's too), scores lie between 0 and 100,
 * and `total_items` agrees with the page; and a seed
 * repeats an answer exactly, faker's values included, across processes.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startMockServer, type MockServer } from "../../src/mock/index.ts";
import { selfHeaders, TEST_TOKEN } from "../support/client.ts";
import { closedResponseErrors } from "../support/spec.ts";

const headers = { ...selfHeaders, Authorization: `Bearer ${TEST_TOKEN}` };
const LISTS = [
  ["listGuestConnections", "/guest-connections?statuses=connected&statuses=disconnected"],
  ["listHostConnections", "/host-connections?statuses=connected"],
  ["listGuestInvitations", "/guest-invitations?statuses=sent"],
] as const;
const PAGES = 4;
const LIMIT = 100;

/** Words of the Latin filler generators use for strings without a hint. */
const LOREM = new Set(
  "lorem ipsum dolor sit amet consectetur adipiscing elit sed do eiusmod tempor incididunt ut labore et dolore magna aliqua enim ad minim veniam quis nostrud exercitation ullamco laboris nisi aliquip ex ea commodo consequat duis aute irure in reprehenderit voluptate velit esse cillum fugiat nulla pariatur excepteur sint occaecat cupidatat non proident sunt culpa qui officia deserunt mollit anim id est laborum".split(
    " ",
  ),
);
/** A person's address as mail providers hand them out: a name, perhaps a separator and digits, at a real-looking domain. */
const PERSON_EMAIL = /^[A-Za-z]+(?:[._-]?[A-Za-z]+)?\d{0,4}@[a-z]+(?:-[a-z]+)*(?:\.[a-z]+)*\.(?:com|net|org|biz|info|name|io)$/;
const NAME_FIELDS = ["guest_name", "host_name", "parent_organization_name"];
const EMAIL_FIELDS = ["guest_email", "owner_email", "host_email", "email"];
/** The instant of a timestamp, offset-less ones read as UTC. */
const instant = (value: string): number => Date.parse(/[zZ]|[+-]\d\d:\d\d$/.test(value) ? value : `${value}Z`);

type Item = Record<string, unknown>;

let mock: MockServer;
const pages: { operationId: string; offset: number; body: { items: Item[]; total_items: number } }[] = [];

beforeAll(async () => {
  mock = await startMockServer({ dynamic: true });
  for (const [operationId, path] of LISTS)
    for (let page = 0; page < PAGES; page++) {
      const offset = page * LIMIT;
      const response = await fetch(`${mock.url}${path}&limit=${LIMIT}&offset=${offset}`, { headers });
      expect(response.status).toBe(200);
      pages.push({ operationId, offset, body: (await response.json()) as { items: Item[]; total_items: number } });
    }
}, 60_000);
afterAll(() => mock.close());

const items = (): Item[] => pages.flatMap((page) => page.body.items);

describe("--dynamic data", () => {
  it("draws over a thousand items, none with a key the contract does not declare", () => {
    expect(items().length).toBeGreaterThanOrEqual(1_000);
    for (const { operationId, body } of pages) expect(closedResponseErrors(operationId, 200, body)).toEqual([]);
  });

  it("names organizations as companies, and addresses people, not filler", () => {
    for (const item of items()) {
      for (const field of NAME_FIELDS) {
        const name = item[field];
        if (typeof name !== "string") continue;
        const words = name
          .toLowerCase()
          .split(/[^a-z]+/)
          .filter(Boolean);
        expect(words.length > 0 && words.every((word) => LOREM.has(word)), `${field}: ${name}`).toBe(false);
        expect(name, field).toMatch(/^[A-Z]/);
      }
      for (const field of EMAIL_FIELDS) if (typeof item[field] === "string") expect(item[field], field).toMatch(PERSON_EMAIL);
    }
  });

  it("keeps timestamps within the last few years, and no update before its creation", () => {
    const earliest = Date.UTC(2021, 0, 1);
    const now = Date.now();
    for (const item of items()) {
      const created = instant(String(item["created_at"]));
      for (const [field, value] of Object.entries(item)) {
        if (!field.endsWith("_at") || value === null) continue;
        const at = instant(String(value));
        expect(at, `${field} ${String(value)}`).toBeGreaterThanOrEqual(earliest);
        expect(at, `${field} ${String(value)}`).toBeLessThanOrEqual(now);
        expect(at, `${field} ${String(value)} before created_at ${String(item["created_at"])}`).toBeGreaterThanOrEqual(created);
      }
    }
  });

  it("makes each item agree with itself: archived with archived_at, an invitation's status with accepted_at, expired with expired_at", () => {
    const now = Date.now();
    const seen = { archived: 0, unarchived: 0, accepted: 0, sent: 0, invitations: 0 };
    for (const item of items()) {
      expect(item["archived_at"] !== null, `archived ${String(item["archived"])}, archived_at ${String(item["archived_at"])}`).toBe(item["archived"]);
      seen[item["archived"] ? "archived" : "unarchived"] += 1;
      if (!("expired" in item)) continue;
      seen.invitations += 1;
      const accepted = String(item["status"]).startsWith("accepted");
      expect(item["accepted_at"] !== null, `status ${String(item["status"])}, accepted_at ${String(item["accepted_at"])}`).toBe(accepted);
      seen[accepted ? "accepted" : "sent"] += 1;
      expect(item["expired"], `expired_at ${String(item["expired_at"])}`).toBe(instant(String(item["expired_at"])) <= now);
    }
    // Both sides of each rule were drawn, so the checks above checked something.
    expect(
      Object.values(seen).every((count) => count > 0),
      JSON.stringify(seen),
    ).toBe(true);
  });

  it("makes a generated detail agree with itself too", async () => {
    for (let draw = 0; draw < 20; draw++) {
      const response = await fetch(`${mock.url}/guest-connections/c9b1f0d1-8d3f-4cfa-91b8-9f9b0c5e2a77`, { headers });
      const item = (await response.json()) as Item;
      expect(item["archived_at"] !== null, JSON.stringify(item)).toBe(item["archived"]);
    }
  });

  it("scores between 0 and 100, and totals that agree with the page", () => {
    const scores = items().flatMap((item) => (typeof item["total_score"] === "number" ? [item["total_score"]] : []));
    expect(scores.length).toBeGreaterThan(0);
    for (const score of scores) expect(score >= 0 && score <= 100, String(score)).toBe(true);
    for (const { offset, body } of pages) {
      expect(body.items.length).toBeLessThanOrEqual(LIMIT);
      expect(body.total_items).toBeGreaterThanOrEqual(offset + body.items.length);
      if (body.items.length < LIMIT) expect(body.total_items).toBe(offset + body.items.length);
    }
  });
});

describe("--dynamic with a seed", () => {
  it("repeats every answer exactly across processes, the hinted values included", async () => {
    const answers: string[][] = [];
    for (let run = 0; run < 2; run++) {
      const seeded = await startMockServer({ dynamic: true, seed: "realism" });
      try {
        answers.push(await Promise.all(LISTS.map(async ([, path]) => (await fetch(`${seeded.url}${path}&limit=5&offset=0`, { headers })).text())));
      } finally {
        await seeded.close();
      }
    }
    expect(answers[1]).toEqual(answers[0]);
    expect(answers[0]?.join("")).toMatch(/@/);
  }, 60_000);
});
