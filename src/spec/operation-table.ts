/**
 * The types of the operation table that `npm run generate` writes to generated/operations.js: what
 * the spec says about each operation that the package acts on, and the subset of JSON Schema its
 * request rules use. They live here, beside the code that reads the table, and the generated
 * declarations import them: the generator writes data of these types and never defines them.
 */

export type RuleType = "string" | "integer" | "number" | "boolean" | "array" | "object" | "null";

/** The subset of JSON Schema that request parameters and bodies of this API use; the generator refuses any other keyword. */
export interface RuleSchema {
  readonly type?: RuleType | readonly RuleType[];
  readonly enum?: readonly (string | number | boolean | null)[];
  readonly format?: "uuid";
  readonly minimum?: number;
  readonly maximum?: number;
  readonly minLength?: number;
  readonly maxLength?: number;
  readonly minItems?: number;
  readonly items?: RuleSchema;
  readonly properties?: Readonly<Record<string, RuleSchema>>;
  readonly required?: readonly string[];
  readonly additionalProperties?: boolean;
}

export type ParameterLocation = "header" | "path" | "query";

export type HttpMethod = "GET" | "PUT" | "POST" | "DELETE" | "OPTIONS" | "HEAD" | "PATCH" | "TRACE";

/** What a request of one operation must satisfy. */
export interface OperationRules {
  readonly method: HttpMethod;
  /** The path template, relative to the server URL: `/guest-connections/{guest_org_id}`. */
  readonly template: string;
  /** One object schema per location, its properties named as in the spec; headers are in `requestHeaderRules`. */
  readonly parameters: Readonly<Partial<Record<"path" | "query", RuleSchema>>>;
  readonly body?: { readonly required: boolean; readonly schema: RuleSchema };
}

/** A named example of a response, as the spec gives it. */
export interface NamedExample {
  readonly summary?: string;
  readonly value: unknown;
}

/** One declared response: its description and named examples, in the spec's order. */
export interface ResponseEntry {
  readonly description: string;
  readonly examples: Readonly<Record<string, NamedExample>>;
}

/** The authorization scenarios an operation allows (its `x-permissions`), where the reference publishes them. */
export interface Permissions {
  readonly guest: boolean;
  readonly host: boolean;
  readonly self: boolean;
}

/** Everything the spec says about one operation that the package acts on. */
export interface OperationEntry<O extends string = string> {
  readonly operationId: O;
  readonly method: HttpMethod;
  readonly path: string;
  readonly summary: string;
  readonly description: string;
  readonly tags: readonly string[];
  /** Path parameter names in template order: the order of the client method's leading arguments. */
  readonly pathParameters: readonly string[];
  readonly request: OperationRules;
  /** The header parameters as one object schema; `null` when there are none. */
  readonly headers: RuleSchema | null;
  /** The `default` of each query parameter that has one: what the server assumes when it is absent. */
  readonly queryDefaults: Readonly<Record<string, unknown>>;
  /** The first 2xx response: its status, the component name of its schema and its named examples. */
  readonly success: ResponseEntry & { readonly status: number; readonly schema: string | null };
  /** For a list, its page envelope's fields (the success body has `items` and `total_items`); `null` otherwise. */
  readonly page: { readonly items: string; readonly total: string } | null;
  readonly permissions: Permissions | null;
  /** Every declared non-2xx response, by status. */
  readonly errors: Readonly<Record<string, ResponseEntry>>;
}
