/**
 * The bearer token, both ways: what a client may send (RFC 6750's `b64token`; anything else could
 * not be sent in a header, and would leak in the error), and what a server reads from a request's
 * `Authorization` header. One definition for the client, `verify` and the mocks.
 */

/** RFC 6750 `b64token`. */
export const BEARER_TOKEN = /^[A-Za-z0-9\-._~+/]+=*$/;

/**
 * The credentials of an `Authorization` header when it is `Bearer <credentials>` (the scheme in any
 * case), as FastAPI's `HTTPBearer` reads it; `undefined` for no header, another scheme, or none.
 */
export function bearerCredentials(authorization: string | null | undefined): string | undefined {
  return /^Bearer\s+(\S+)/i.exec(authorization ?? "")?.[1];
}
