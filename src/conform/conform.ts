/**
 * `conform`: does a server's own generated OpenAPI document keep the contract? Both documents are
 * put in one spelling (fastapi-dialect.ts), compared with the package's differ (the contract as
 * the base, the server as the head), and every difference is judged in a consumer's terms:
 * - a failure: the server refuses what the contract allows (a bound tightened, an enum value or a
 *   parameter dropped, a parameter or body field made required: every "breaking" request change),
 *   or answers outside it (a field removed, renamed, made optional or nullable, a type changed, a
 *   response enum value added where the contract does not say the enum grows);
 * - a warning: the server accepts more than the contract (a bound loosened, a new optional
 *   parameter), sends a field the contract does not declare, or declares an operation or status
 *   the contract lacks;
 * - not reported: documentation (`documentation-keywords`: titles, descriptions, examples), and
 *   answers narrower than the contract (`compatible-answers`: a field always sent where the
 *   contract says optional, a bound the server keeps tighter): no consumer can tell.
 * One finding per difference: the same change of a shared schema seen from several operations is
 * one finding that lists them. Findings an allow-list accepts move to `allowed`, with its reason.
 */
import { pointerTarget, type OpenApiDocument } from "../spec/openapi-document.ts";
import { diffSpecs, pointerKey, type Change } from "../spec/spec-diff.ts";
import { specOperations } from "../spec/spec-operations.ts";
import { printable } from "../http/untrusted-text.ts";
import { applyAllowList, type AllowEntry, type AllowedFinding } from "./allow-list.ts";
import type { ConformFinding, Severity } from "./conform-finding.ts";
import { normalise, type Dialect } from "./fastapi-dialect.ts";

export interface ConformResult {
  conforms: boolean;
  /** Where the server's document came from. */
  source: string;
  dialect: Dialect;
  /** The normalisation rules that changed something, with how many places each rewrote. */
  normalised: { rule: string; count: number }[];
  findings: ConformFinding[];
  allowed: AllowedFinding[];
  /** Differences no consumer can tell (narrower answers) and documentation changes: counted, not reported. */
  ignored: { compatibleAnswers: number; documentation: number };
  failures: number;
  warnings: number;
}

/** What becomes of a change: a finding of a severity, or not reported (answers narrower than the contract, documentation). */
type Verdict = Severity | "compatible" | "documentation";

/** Differ rules of the non-breaking kind that are still worth a warning: the server does or sends more than the contract says. */
const WIDER =
  /^(?:request-|optional-parameter-added|parameter-became-optional|operation-added|response-field-added|response-status-added|response-enum-value-added|response-media-type-added)/;

function verdict(change: Change, contract: OpenApiDocument): Verdict {
  if (change.kind === "documentation") return "documentation";
  // The contract's open enums (x-open-enum) tell consumers to tolerate new values: one the server adds is a warning.
  if (
    change.rule === "response-enum-value-added" &&
    (pointerTarget(contract, change.pointers.base) as { "x-open-enum"?: unknown } | undefined)?.["x-open-enum"] === true
  )
    return "warning";
  if (change.kind === "breaking") return "failure";
  // Dropping the bearer requirement breaks no caller, but every request the contract says is refused without a token would be served.
  if (change.rule === "security-removed") return "failure";
  return WIDER.test(change.rule) ? "warning" : "compatible";
}

/** What a difference means to a consumer, by verdict and side. */
function consequence(rule: string, severity: Severity): string {
  if (rule === "security-removed") return "The server serves requests without the bearer token the contract requires.";
  const request = !rule.startsWith("response-");
  if (severity === "failure")
    return request
      ? "The server refuses (or ignores) requests the contract calls valid."
      : "The server answers outside the contract: consumers that rely on the contract break.";
  if (rule === "response-enum-value-added") return "The contract's enum is open: consumers must tolerate the new value.";
  return request ? "The server accepts more than the contract promises." : "The server sends more than the contract declares.";
}

function findingOf(change: Change, severity: Severity, serverPathPrefix: string, contractIds: ReadonlySet<string>): ConformFinding {
  const detail = /→/.test(change.message) ? `${change.message} (contract → server)` : change.message;
  // An operation the contract lacks has no id of the contract's: it is named by its method and path.
  const operations = change.operations.map((id) => (contractIds.has(id) ? id : printable(change.location.split(" ").slice(0, 2).join(" "))));
  return {
    severity,
    rule: change.rule,
    operation: operations[0] ?? "",
    operations,
    message: printable(`${change.location}: ${detail}. ${consequence(change.rule, severity)}`),
    contractPointer: printable(change.pointers.base),
    // Back to the server's document as it was given: its paths with the prefix the normalisation took off.
    serverPointer: printable(change.pointers.head.replace(/^\/paths\/(?=~1)/, `/paths/${pointerKey(serverPathPrefix)}`)),
  };
}

/** The pointer of the object that holds a property: `/…/properties/name` without its last two segments. */
const holder = (pointer: string): string => pointer.replace(/\/properties\/[^/]*$/, "");
const lastKey = (pointer: string): string => (pointer.match(/\/properties\/([^/]*)$/)?.[1] ?? "").replace(/~1/g, "/").replace(/~0/g, "~");

/**
 * A field gone from an object and a field new in the same object, in the same operations, are
 * one rename: reported once, as what it is.
 */
function mergeRenames(findings: ConformFinding[]): ConformFinding[] {
  const result: ConformFinding[] = [];
  const used = new Set<ConformFinding>();
  for (const gone of findings) {
    const kind = /^(request|response)-field-removed$/.exec(gone.rule)?.[1];
    if (!kind || used.has(gone)) continue;
    const added = findings.find(
      (candidate) =>
        !used.has(candidate) &&
        (candidate.rule === `${kind}-field-added` || candidate.rule === `${kind}-optional-field-added` || candidate.rule === `${kind}-required-field-added`) &&
        candidate.contractPointer === holder(gone.contractPointer) &&
        holder(candidate.serverPointer) === gone.serverPointer &&
        candidate.operations.join() === gone.operations.join(),
    );
    if (!added) continue;
    used.add(gone).add(added);
    const [was, is] = [lastKey(gone.contractPointer), lastKey(added.serverPointer)];
    result.push({
      ...gone,
      rule: `${kind}-field-renamed`,
      message: printable(
        `${gone.message.split(":")[0] ?? ""}: the contract's field ${was} is missing and the server has ${is} in its place (renamed?). ${consequence(gone.rule, "failure")}`,
      ),
      serverPointer: added.serverPointer,
    });
  }
  return [...result, ...findings.filter((finding) => !used.has(finding))];
}

/** A type that changed takes its bounds and formats with it: only the type change is the difference there. */
function withoutTypeSideEffects(findings: ConformFinding[]): ConformFinding[] {
  const retyped = new Set(
    findings.filter((finding) => finding.rule.endsWith("-type-changed")).map((finding) => `${finding.contractPointer} ${finding.serverPointer}`),
  );
  return findings.filter(
    (finding) =>
      finding.rule.endsWith("-type-changed") ||
      !retyped.has(`${finding.contractPointer} ${finding.serverPointer}`) ||
      !/-(?:minimum|maximum|exclusiveMinimum|exclusiveMaximum|minLength|maxLength|minItems|maxItems|format|pattern)-/.test(finding.rule),
  );
}

/** One finding per difference: the same rule at the same pair of nodes, seen from several operations, is one finding. */
function groupByNode(findings: ConformFinding[]): ConformFinding[] {
  const groups = new Map<string, ConformFinding>();
  for (const finding of findings) {
    const key = `${finding.rule} ${finding.contractPointer} ${finding.serverPointer}`;
    const group = groups.get(key);
    if (!group) groups.set(key, { ...finding, operations: [...finding.operations] });
    else for (const operation of finding.operations) if (!group.operations.includes(operation)) group.operations.push(operation);
  }
  return [...groups.values()];
}

export interface ConformOptions {
  source: string;
  allowList?: AllowEntry[];
}

/** Judges the server's document against the contract. */
export function conformDocuments(contract: OpenApiDocument, server: OpenApiDocument, options: ConformOptions): ConformResult {
  const normalised = normalise(contract, server);
  const contractIds = new Set(specOperations(contract, { anonymous: true }).map((entry) => entry.operationId));
  const changes = diffSpecs(normalised.contract, normalised.server);
  const ignored = { compatibleAnswers: 0, documentation: 0 };
  const raw: ConformFinding[] = [];
  for (const change of changes) {
    const judged = verdict(change, normalised.contract);
    if (judged === "documentation") ignored.documentation++;
    else if (judged === "compatible") ignored.compatibleAnswers++;
    else raw.push(findingOf(change, judged, normalised.serverPathPrefix, contractIds));
  }
  const judged = groupByNode(withoutTypeSideEffects(mergeRenames(raw)));
  const severityOrder = (finding: ConformFinding) => (finding.severity === "failure" ? 0 : 1);
  const { findings, allowed } = applyAllowList(judged, options.allowList ?? []);
  findings.sort((a, b) => severityOrder(a) - severityOrder(b));
  const failures = findings.filter((finding) => finding.severity === "failure").length;
  return {
    conforms: failures === 0,
    source: printable(options.source),
    dialect: normalised.dialect,
    normalised: normalised.applied,
    findings,
    allowed,
    ignored,
    failures,
    warnings: findings.length - failures,
  };
}
