/**
 * The `Prefer` header a mock's caller sends to choose a scenario (`code=404, example=notFound`),
 * checked against what the operation declares. The engine answers a scenario the spec lacks with
 * its own problem document (a 404 for an undeclared status, a 500 for an unknown example), which
 * looks like an answer of the API; the front refuses it instead, saying what the operation has.
 */
import { isSuccessStatus } from "../spec/spec-operations.ts";

/** Each operation's declared statuses, each with its named examples, in the spec's order. */
export type ScenarioTable = Readonly<Record<string, Readonly<Record<string, readonly string[]>>>>;

/** The preferences of a `Prefer` header: `code=404, example=x` gives `{ code: "404", example: "x" }`. */
function preferences(header: string): Record<string, string> {
  const found: Record<string, string> = {};
  for (const part of header.split(/[,;]/)) {
    const [name, ...value] = part.split("=");
    if (name?.trim() && value.length > 0)
      found[name.trim().toLowerCase()] = value
        .join("=")
        .trim()
        .replace(/^"(.*)"$/, "$1");
  }
  return found;
}

/** Why the operation cannot answer the scenario `header` asks for; `undefined` when it can (or none is asked for). */
export function unanswerablePrefer(header: string | undefined, operationId: string, scenarios: ScenarioTable): string | undefined {
  const declared = scenarios[operationId];
  if (header === undefined || declared === undefined) return undefined;
  const { code, example } = preferences(header);
  if (code !== undefined && !(code in declared)) return `${operationId} declares no response ${code}; it declares ${Object.keys(declared).join(", ")}`;
  if (example === undefined) return undefined;
  const status = code ?? Object.keys(declared).find(isSuccessStatus);
  const names = status === undefined ? [] : (declared[status] ?? []);
  if (names.includes(example)) return undefined;
  return `${operationId} has no example "${example}" for ${status ?? "its success"}; it has ${names.length > 0 ? names.join(", ") : "none"}`;
}
