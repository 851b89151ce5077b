/**
 * The client's refusal of a path value of `.` or `..` for the package's serializers
 * (src/http/request-url.ts): a `RequestValidationError` that names the input, like every other
 * input the client refuses before anything is sent.
 */
import type { RefuseDotSegment } from "../http/request-url.ts";
import { RequestValidationError } from "./errors.ts";

export const refuseDotSegment: RefuseDotSegment = (name, value) => {
  const msg = "A path value of '.' or '..' cannot be sent: a URL reads it, escaped or not, as a step in the path";
  throw new RequestValidationError(undefined, [{ loc: ["path", name], msg, type: "value_error", input: value }]);
};
