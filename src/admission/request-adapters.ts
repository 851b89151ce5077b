/**
 * The thin adapters from each transport to the one admission (admission.ts): Node's
 * `IncomingMessage` (the mock server's front, the validating proxy) and a fetch `Request` (MSW).
 * The body is read by the caller, with its bound, before it comes here.
 */
import type { IncomingMessage } from "node:http";
import { headerLookup, requestTarget } from "../http/incoming.ts";
import type { AdmissionRequest } from "./admission.ts";

/** A Node request, its body already read. */
export function incomingAdmission(request: IncomingMessage, body: Buffer | undefined): AdmissionRequest {
  const { pathname, search } = requestTarget(request.url);
  return {
    method: request.method ?? "GET",
    pathname,
    search,
    header: headerLookup(request),
    body: body !== undefined && body.length > 0 ? body.toString("utf8") : undefined,
  };
}

/** A fetch request under `basePath` (the mocked base URL's path), its body already read. */
export function fetchAdmission(request: Request, basePath: string, body: string | undefined): AdmissionRequest {
  const url = new URL(request.url);
  return {
    method: request.method,
    pathname: url.pathname.slice(basePath.length) || "/",
    search: url.search,
    header: (name) => request.headers.get(name) ?? undefined,
    body: body === "" ? undefined : body,
  };
}
