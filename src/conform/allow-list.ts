/**
 * The differences a team accepts, each with its reason, in a JSON or YAML file:
 *
 *     allow:
 *       - rule: response-maxLength-removed
 *         operation: getGuestConnection          # optional: one operation the finding touches
 *         pointer: /components/schemas/GuestConnection/properties/guest_email
 *                                                 # optional: the contract's or the server's pointer
 *         reason: EmailStr keeps RFC 5321's own limits; the column is varchar(100)
 *
 * A finding an entry matches is reported as allowed, with the entry's reason, and does not fail the
 * run. An entry that matches nothing is itself reported (a warning, `allow-list-entry-unused`), so
 * the list cannot outlive the drift it was written for.
 */
import { readFile, stat } from "node:fs/promises";
import { printable } from "../http/untrusted-text.ts";
import type { ConformFinding } from "./conform-finding.ts";
import { DocumentError, parseJsonOrYaml } from "./read-document.ts";

export interface AllowEntry {
  rule: string;
  operation?: string;
  pointer?: string;
  reason: string;
}

export interface AllowedFinding extends ConformFinding {
  reason: string;
}

const KEYS = new Set(["rule", "operation", "pointer", "reason"]);
/** A list of accepted differences is small; past this it is not an allow-list. */
const MAX_BYTES = 1024 * 1024;

/** Reads and checks an allow-list file; anything wrong is a {@link DocumentError} naming the entry and the key. */
export async function readAllowList(path: string): Promise<AllowEntry[]> {
  const fail = (message: string): never => {
    throw new DocumentError(printable(`allow-list ${path}: ${message}`));
  };
  const size = await stat(path).then(
    (found) => found.size,
    (error: NodeJS.ErrnoException) => fail(`cannot read it: ${error.code ?? error.message}`),
  );
  if (size > MAX_BYTES) fail(`${size} bytes, past the ${MAX_BYTES}-byte bound`);
  const value = await parseJsonOrYaml(await readFile(path, "utf8"), fail);
  const list = (value as { allow?: unknown } | null)?.allow;
  if (!Array.isArray(list)) return fail("it must hold an `allow:` list of entries");
  return list.map((entry: unknown, index): AllowEntry => {
    const at = `entry ${index + 1}`;
    if (typeof entry !== "object" || entry === null || Array.isArray(entry)) return fail(`${at} is not a mapping`);
    const fields = entry as Record<string, unknown>;
    for (const key of Object.keys(fields)) if (!KEYS.has(key)) fail(`${at} has an unknown key "${key}" (known: ${[...KEYS].join(", ")})`);
    for (const key of KEYS) if (fields[key] !== undefined && typeof fields[key] !== "string") fail(`${at}: ${key} must be a string`);
    if (!fields["rule"]) fail(`${at} names no rule`);
    if (!String(fields["reason"] ?? "").trim()) fail(`${at} (${String(fields["rule"])}) gives no reason: every accepted difference needs one`);
    return {
      rule: fields["rule"] as string,
      reason: (fields["reason"] as string).trim(),
      ...(fields["operation"] !== undefined && { operation: fields["operation"] as string }),
      ...(fields["pointer"] !== undefined && { pointer: fields["pointer"] as string }),
    };
  });
}

const matches = (entry: AllowEntry, finding: ConformFinding): boolean =>
  entry.rule === finding.rule &&
  (entry.operation === undefined || finding.operations.includes(entry.operation)) &&
  (entry.pointer === undefined || entry.pointer === finding.contractPointer || entry.pointer === finding.serverPointer);

/** The findings no entry accepts (plus one warning per entry that accepts nothing), and those accepted, with their reasons. */
export function applyAllowList(findings: ConformFinding[], entries: AllowEntry[]): { findings: ConformFinding[]; allowed: AllowedFinding[] } {
  const used = new Set<AllowEntry>();
  const kept: ConformFinding[] = [];
  const allowed: AllowedFinding[] = [];
  for (const finding of findings) {
    const entry = entries.find((candidate) => matches(candidate, finding));
    if (!entry) kept.push(finding);
    else {
      used.add(entry);
      allowed.push({ ...finding, reason: printable(entry.reason) });
    }
  }
  for (const entry of entries) {
    if (used.has(entry)) continue;
    const where = [entry.operation, entry.pointer].filter(Boolean).join(" ");
    kept.push({
      severity: "warning",
      rule: "allow-list-entry-unused",
      operation: entry.operation ?? "",
      operations: entry.operation ? [entry.operation] : [],
      message: printable(
        `the allow-list entry for ${entry.rule}${where ? ` at ${where}` : ""} matches no difference: remove it (its reason was: ${entry.reason})`,
      ),
      contractPointer: entry.pointer ?? "",
      serverPointer: entry.pointer ?? "",
    });
  }
  return { findings: kept, allowed };
}
