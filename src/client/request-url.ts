/**
 * The client's URLs: the package's serializers (src/http/request-url.ts), with a path value of
 * `.` or `..` refused as a `RequestValidationError` that names the input, like every other input
 * the client refuses before anything is sent.
 */
import { requestUrl as buildUrl, serializePath as buildPath, type RefuseDotSegment } from "../http/request-url.ts";
import { RequestValidationError } from "./errors.ts";

export { serializeQuery } from "../http/request-url.ts";

const refuse: RefuseDotSegment = (name, value) => {
  const msg = "A path value of '.' or '..' cannot be sent: a URL reads it, escaped or not, as a step in the path";
  throw new RequestValidationError(undefined, [{ loc: ["path", name], msg, type: "value_error", input: value }]);
};

/** A path template with its parameters filled in; a missing one stays `{name}`, as openapi-fetch leaves it. */
export const serializePath = (template: string, path: Readonly<Record<string, unknown>> | undefined): string => buildPath(template, path, refuse);

export const requestUrl = (
  baseUrl: string,
  template: string,
  path: Readonly<Record<string, unknown>> | undefined,
  query: Readonly<Record<string, unknown>> | undefined,
): string => buildUrl(baseUrl, template, path, query, refuse);
