/**
 * Reads the OpenAPI document a server generated (FastAPI's `/openapi.json`, or a file dumped from
 * `app.openapi()`) for `conform`. The document is untrusted input, so every way it can be wrong
 * ends in one {@link DocumentError} with one line that says what, never a crash:
 * - a URL is fetched with bounds on size and time; a redirect is followed only on the same origin,
 *   at most a few times; the optional bearer token is sent to that origin only and never appears
 *   in a message;
 * - a file is refused past the same size before it is read;
 * - the text must be JSON or YAML (YAML through the optional `yaml` peer, with its alias bound),
 *   nested no deeper than any generated document is, and an OpenAPI 3.0 or 3.1 document;
 * - every `$ref` must be local (`#/…`), resolve, and not lead back to itself: the documents FastAPI
 *   writes for this API have no recursive model, and a reference cycle would make any comparison
 *   of it loop.
 */
import { readFile, stat } from "node:fs/promises";
import { boundedText } from "../http/bounded-text.ts";
import { pointerTarget, type OpenApiDocument } from "../spec/openapi-document.ts";
import { printable, secretRedactor } from "../http/untrusted-text.ts";

/** The document could not be read as an OpenAPI document; the message is one printable line. */
export class DocumentError extends Error {
  override readonly name = "DocumentError";
}

/** Far above any generated document (FastAPI's for this API is about 30 kB). */
export const MAX_DOCUMENT_BYTES = 16 * 1024 * 1024;
/** Deeper than any generated document nests (FastAPI's is about 12 levels deep). */
const MAX_DEPTH = 128;
const MAX_REDIRECTS = 3;

export interface ReadOptions {
  /** Time-out of the whole fetch of a URL, in milliseconds. */
  timeoutMs?: number;
  /** A bearer token to send with the request for a URL (a document served behind authentication). */
  token?: string | undefined;
  fetch?: typeof fetch;
}

export interface ReadDocument {
  document: OpenApiDocument;
  /** Where it came from, for the report: the URL or the path as given. */
  source: string;
}

/** Reads, parses and checks the document at `location` (an http(s) URL or a file path). */
export async function readServerDocument(location: string, options: ReadOptions = {}): Promise<ReadDocument> {
  const redact = options.token ? secretRedactor(options.token, "$TOKEN") : (text: string) => text;
  const fail = (message: string): never => {
    throw new DocumentError(printable(redact(message)));
  };
  const text = /^https?:\/\//i.test(location) ? await fetchText(location, options, fail) : await fileText(location, fail);
  const value = await parseJsonOrYaml(text, fail);
  checkDepth(value, fail);
  const document = checkOpenApi(value, fail);
  checkReferences(document, fail);
  return { document, source: location };
}

async function fileText(path: string, fail: (message: string) => never): Promise<string> {
  const size = await stat(path).then(
    (found) => (found.isFile() ? found.size : fail(`${path} is not a file`)),
    (error: NodeJS.ErrnoException) => fail(`cannot read ${path}: ${error.code ?? error.message}`),
  );
  if (size > MAX_DOCUMENT_BYTES) fail(`${path} is ${size} bytes, past the ${MAX_DOCUMENT_BYTES}-byte bound of a document`);
  return readFile(path, "utf8").catch((error: NodeJS.ErrnoException) => fail(`cannot read ${path}: ${error.code ?? error.message}`));
}

async function fetchText(location: string, options: ReadOptions, fail: (message: string) => never): Promise<string> {
  const send = options.fetch ?? fetch;
  const timeoutMs = options.timeoutMs ?? 10_000;
  const signal = AbortSignal.timeout(timeoutMs);
  const origin = new URL(location).origin;
  let url = location;
  for (let redirects = 0; ; redirects++) {
    const response = await send(url, {
      redirect: "manual",
      signal,
      headers: { Accept: "application/json, application/yaml;q=0.9", ...(options.token && { Authorization: `Bearer ${options.token}` }) },
    }).catch((error: Error) =>
      fail(
        error.name === "TimeoutError"
          ? `${url} did not answer within ${timeoutMs} ms`
          : `cannot fetch ${url}: ${(error.cause as { code?: string } | undefined)?.code ?? error.message}`,
      ),
    );
    if (response.status >= 300 && response.status < 400) {
      await response.body?.cancel().catch(() => undefined);
      const target = response.headers.get("location");
      const next = target === null ? undefined : URL.parse(target, url);
      if (!next) fail(`${url} answered ${response.status} without a usable Location`);
      // The token goes to the origin it was given for, and nowhere else.
      if ((next as URL).origin !== origin) fail(`${url} redirects to another origin (${(next as URL).origin}); refused`);
      if (redirects >= MAX_REDIRECTS) fail(`${location} redirected more than ${MAX_REDIRECTS} times`);
      url = (next as URL).href;
      continue;
    }
    if (response.status !== 200) {
      await response.body?.cancel().catch(() => undefined);
      fail(`${url} answered ${response.status}, not 200${response.status === 401 || response.status === 403 ? " (give a token with --token-env)" : ""}`);
    }
    const text = await boundedText(response, MAX_DOCUMENT_BYTES).catch((error: Error) =>
      fail(error.name === "TimeoutError" ? `${url} did not finish its answer within ${timeoutMs} ms` : `${url} cut its answer off`),
    );
    if (text === undefined) fail(`${url} sent more than ${MAX_DOCUMENT_BYTES} bytes; not read on`);
    return text as string;
  }
}

type YamlParse = (text: string) => unknown;

/** The optional `yaml` peer's parser, when it is installed. */
async function loadYaml(): Promise<YamlParse | undefined> {
  try {
    const yaml = await import("yaml");
    // A bound on aliases: a "billion laughs" document cannot expand past it.
    return (text) => yaml.parse(text, { maxAliasCount: 100, uniqueKeys: true });
  } catch {
    return undefined;
  }
}

/** JSON, or else YAML (through the optional `yaml` peer); a text that is neither ends in `fail`. */
export async function parseJsonOrYaml(text: string, fail: (message: string) => never): Promise<unknown> {
  const yaml = /^\s*[{[]/.test(text.replace(/^\uFEFF/, "")) ? undefined : await loadYaml();
  const body = text.replace(/^\uFEFF/, "");
  if (/^\s*[{[]/.test(body)) {
    try {
      return JSON.parse(body) as unknown;
    } catch (error) {
      return fail(`the text is not valid JSON: ${(error as Error).message}`);
    }
  }
  if (!yaml) return fail("the text is not JSON, and reading YAML needs the yaml package (npm install --save-dev yaml)");
  try {
    return yaml(body);
  } catch (error) {
    return fail(`the text is neither JSON nor valid YAML: ${(error as Error).message.split("\n")[0] ?? ""}`);
  }
}

/** Refuses a value nested past {@link MAX_DEPTH}, walked without recursion so that no nesting can overflow the stack. */
function checkDepth(value: unknown, fail: (message: string) => never): void {
  const stack: [unknown, number][] = [[value, 0]];
  while (stack.length > 0) {
    const [node, depth] = stack.pop() as [unknown, number];
    if (!node || typeof node !== "object") continue;
    if (depth > MAX_DEPTH) fail(`the document nests deeper than ${MAX_DEPTH} levels`);
    for (const child of Object.values(node)) stack.push([child, depth + 1]);
  }
}

const isObject = (value: unknown): value is Record<string, unknown> => typeof value === "object" && value !== null && !Array.isArray(value);

function checkOpenApi(value: unknown, fail: (message: string) => never): OpenApiDocument {
  if (!isObject(value)) return fail("the document is not an object, so not an OpenAPI document");
  if (typeof value["swagger"] === "string") fail(`the document is Swagger ${value["swagger"]}, not OpenAPI 3.0 or 3.1`);
  const version = value["openapi"];
  if (typeof version !== "string") fail("the document has no openapi version, so it is not an OpenAPI document");
  if (!/^3\.[01]\.\d+$/.test(version as string)) fail(`the document is OpenAPI ${String(version).slice(0, 40)}; conform reads 3.0.x and 3.1.x`);
  if (!isObject(value["paths"])) fail("the document has no paths object");
  for (const [template, item] of Object.entries(value["paths"] as object)) {
    if (!template.startsWith("/")) fail(`the path ${JSON.stringify(template.slice(0, 80))} does not start with /`);
    if (!isObject(item)) fail(`the path item of ${template.slice(0, 80)} is not an object`);
  }
  if (value["components"] !== undefined && !isObject(value["components"])) fail("components is not an object");
  return value as unknown as OpenApiDocument;
}

/** How many nodes the reference check may visit in all: a generated document needs a few thousand. */
const MAX_VISITS = 2_000_000;

/** The `$ref` strings inside a node (not following them); `budget` counts the nodes visited. */
function refsIn(node: unknown, budget: { left: number }, fail: (message: string) => never): string[] {
  const found: string[] = [];
  const stack = [node];
  while (stack.length > 0) {
    if (--budget.left < 0) fail("the document's references are too many to check (a generated document has a few hundred)");
    const current = stack.pop();
    if (!current || typeof current !== "object") continue;
    const ref = (current as { $ref?: unknown }).$ref;
    if (ref !== undefined) found.push(typeof ref === "string" ? ref : "");
    stack.push(...Object.values(current));
  }
  return found;
}

function checkReferences(document: OpenApiDocument, fail: (message: string) => never): void {
  const show = (ref: string) => JSON.stringify(ref.slice(0, 120));
  const edges = new Map<string, string[]>();
  const budget = { left: MAX_VISITS };
  const pending = refsIn(document, budget, fail);
  while (pending.length > 0) {
    const ref = pending.pop() as string;
    if (edges.has(ref)) continue;
    if (ref === "") fail("a $ref is not a string");
    if (!ref.startsWith("#/") && ref !== "#") fail(`the $ref ${show(ref)} points outside the document; conform reads one self-contained document`);
    const node = pointerTarget(document, ref.slice(1));
    if (node === undefined) fail(`the $ref ${show(ref)} points to nothing in the document`);
    const inner = refsIn(node, budget, fail);
    edges.set(ref, inner);
    pending.push(...inner);
  }
  // A reference reachable from itself is recursive (iterative depth-first search, three colours).
  const state = new Map<string, "open" | "done">();
  for (const start of edges.keys()) {
    if (state.has(start)) continue;
    const stack: [string, number][] = [[start, 0]];
    state.set(start, "open");
    while (stack.length > 0) {
      const top = stack[stack.length - 1] as [string, number];
      const next = (edges.get(top[0]) ?? [])[top[1]++];
      if (next === undefined) {
        state.set(top[0], "done");
        stack.pop();
      } else if (state.get(next) === "open") fail(`the $ref ${show(next)} is recursive: it leads back to itself`);
      else if (!state.has(next)) {
        state.set(next, "open");
        stack.push([next, 0]);
      }
    }
  }
}
