/**
 * Renders `generated/operations.d.ts`: the types of the operation table, and the per-operation
 * types the client's methods are mapped from. `OperationArguments` holds each method's arguments
 * as a labelled tuple (path parameters in template order, then the query, then the body) and
 * carries the operation's summary and description as JSDoc, which editors show on every method
 * mapped from it (`api.x`, `api.raw.x`, `api.paginate.x`).
 */
import { OPERATIONS_BANNER, type OperationFacts } from "./render-operation-table.ts";

/** The table's types, defined in src/spec/operation-table.ts: imported and re-exported, never written here. */
const TABLE_TYPES = [
  "HttpMethod",
  "NamedExample",
  "OperationEntry",
  "OperationRules",
  "ParameterLocation",
  "Permissions",
  "ResponseEntry",
  "RuleSchema",
  "RuleType",
];

const STATIC = `${OPERATIONS_BANNER}
import type { OperationId, operations, QueryInput } from "./types.js";
import type { ${TABLE_TYPES.join(", ")} } from "../src/spec/operation-table.js";

export type { ${TABLE_TYPES.join(", ")} };

export declare const requestRules: { readonly [O in OperationId]: OperationRules };
/** The header parameters of each operation, as one object schema (names as in the spec). */
export declare const requestHeaderRules: { readonly [O in OperationId]?: RuleSchema };
/** The \`default\` of each query parameter that has one, per operation. */
export declare const queryDefaults: { readonly [O in OperationId]?: Readonly<Record<string, unknown>> };
/** The operations whose success body is a page envelope, in the spec's order. */
export declare const pageOperations: readonly PageOperationId[];
export declare const operationTable: { readonly [O in OperationId]: OperationEntry<O> };
/** The spec's first server URL: the client's default base URL. */
export declare const serverUrl: string;
/** Each operation's declared statuses, each with the names of its JSON examples, in the spec's order: the scenarios a mock's \`Prefer\` header can ask for. */
export declare const responseScenarios: { readonly [O in OperationId]: Readonly<Record<string, readonly string[]>> };

type PathOf<O extends OperationId> = NonNullable<operations[O]["parameters"]["path"]>;
type QueryOf<O extends OperationId> = NonNullable<operations[O]["parameters"]["query"]>;
type BodyOf<O extends OperationId> = NonNullable<operations[O]["requestBody"]>["content"]["application/json"];
export type { QueryInput };
`;

const camel = (name: string): string => name.replace(/[-_]+([a-zA-Z0-9])/g, (_, next: string) => next.toUpperCase()).replace(/^[^A-Za-z_$]/, "_$&");

/** JSDoc of one operation: summary, description and the request line; \`*\/\` cannot end it early. */
function jsDoc(facts: OperationFacts): string {
  const text = [facts.summary, "", ...facts.description.trimEnd().split("\n"), "", `\`${facts.method} ${facts.template}\``]
    .join("\n")
    .replace(/\*\//g, "*\\/")
    .trim();
  return ["  /**", ...text.split("\n").map((line) => (line === "" ? "   *" : `   * ${line}`)), "   */"].join("\n");
}

/** The labelled argument tuple of one operation; the runtime reads them in the same order (src/client/operation-arguments.ts). */
function argumentTuple(facts: OperationFacts): string {
  const id = JSON.stringify(facts.operationId);
  const elements = facts.pathParameters.map((name) => `${camel(name)}: PathOf<${id}>[${JSON.stringify(name)}]`);
  // An optional element cannot come before a required one.
  const queryOptional = !facts.queryRequired && !(facts.hasBody && facts.bodyRequired);
  if (facts.hasQuery) elements.push(`query${queryOptional ? "?" : ""}: QueryInput<QueryOf<${id}>>`);
  if (facts.hasBody) elements.push(`body${facts.bodyRequired ? "" : "?"}: BodyOf<${id}>`);
  return `[${elements.join(", ")}]`;
}

export function renderOperationDeclarations(facts: OperationFacts[]): string {
  const pages = facts.filter((entry) => entry.page).map((entry) => JSON.stringify(entry.operationId));
  return [
    STATIC,
    "/** The operations whose success body is a page envelope (`items`, `total_items`), walked by `paginate` and `collectAll`. */",
    `export type PageOperationId = ${pages.length > 0 ? pages.join(" | ") : "never"};`,
    "",
    "/**",
    " * The arguments of each operation's client method, before its options: path parameters in template",
    " * order, then the query (when the operation has query parameters), then the body (when it has one).",
    " */",
    "export interface OperationArguments {",
    ...facts.flatMap((entry) => [jsDoc(entry), `  ${entry.operationId}: ${argumentTuple(entry)};`]),
    "}",
    "",
    "/** The status of each operation's success response. */",
    "export interface OperationSuccessStatus {",
    ...facts.map((entry) => `  ${entry.operationId}: ${entry.successStatus};`),
    "}",
    "",
  ].join("\n");
}
