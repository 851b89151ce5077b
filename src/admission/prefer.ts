/**
 * The `Prefer` header a mock's caller sends to choose a scenario (`code=404, example=notFound`),
 * read with one grammar by every mock (RFC 7240's: preferences separated by commas, parameters by
 * semicolons, names in any case, values plain or quoted) and checked against what the operation
 * declares. A scenario the operation lacks, or a `code` or `example` without a usable value, is a
 * mistake in the caller's own set-up: every mock refuses it the same way (admission.ts), saying
 * what the operation has, instead of passing something off as an answer of the API.
 */
import { isSuccessStatus } from "../spec/spec-operations.ts";

/** Each operation's declared statuses, each with its named examples, in the spec's order. */
export type ScenarioTable = Readonly<Record<string, Readonly<Record<string, readonly string[]>>>>;

/** The scenario a `Prefer` header asks for; both parts optional. */
export interface Scenario {
  code?: number;
  example?: string;
}

/** What a `Prefer` header says: the scenario, or why it cannot be read. */
export type PreferReading = { scenario: Scenario } | { malformed: string };

const unquoted = (value: string): string => (/^"(.*)"$/.test(value) ? value.slice(1, -1).replace(/\\(.)/g, "$1") : value);

/** Reads a `Prefer` header; other preferences (`respond-async`, …) are left alone, as the mocks ignore them. */
export function readPrefer(header: string | null | undefined): PreferReading {
  const scenario: Scenario = {};
  if (header === undefined || header === null) return { scenario };
  for (const part of header.split(/[,;]/)) {
    const [rawName, ...rest] = part.split("=");
    const name = rawName?.trim().toLowerCase() ?? "";
    if (name !== "code" && name !== "example") continue;
    const value = rest.length > 0 ? unquoted(rest.join("=").trim()) : "";
    if (name === "code") {
      if (!/^[1-5]\d\d$/.test(value)) return { malformed: `code must be an HTTP status of three digits, got ${JSON.stringify(value.slice(0, 40))}` };
      scenario.code = Number(value);
    } else {
      if (value === "") return { malformed: "example needs the name of one of the operation's examples" };
      scenario.example = value;
    }
  }
  return { scenario };
}

/** Why the operation cannot answer the scenario; `undefined` when it can (or none is asked for). */
export function unanswerableScenario(scenario: Scenario, operationId: string, scenarios: ScenarioTable): string | undefined {
  const declared = scenarios[operationId];
  if (declared === undefined) return undefined;
  const code = scenario.code === undefined ? undefined : String(scenario.code);
  if (code !== undefined && !(code in declared)) return `${operationId} declares no response ${code}; it declares ${Object.keys(declared).join(", ")}`;
  if (scenario.example === undefined) return undefined;
  const status = code ?? Object.keys(declared).find(isSuccessStatus);
  const names = status === undefined ? [] : (declared[status] ?? []);
  if (names.includes(scenario.example)) return undefined;
  return `${operationId} has no example "${scenario.example}" for ${status ?? "its success"}; it has ${names.length > 0 ? names.join(", ") : "none"}`;
}
