/**
 * RFC 9110 field names (`token`): one definition for the client's check of a caller's extra
 * headers and the mocks' reading of a preflight's `Access-Control-Request-Headers`; and the one
 * list of the transport's own fields.
 */
export const HEADER_NAME = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/;

/**
 * The transport's own fields: those about one connection and its message framing (RFC 9110
 * §7.6.1, `Expect`, `Transfer-Encoding`), and `Content-Length` and `Host`, which HTTP sets for each
 * request. Never a caller's extra header (the client's check), never passed on as they came (the
 * proxy's). One list for both.
 */
export const TRANSPORT_HEADER = /^(?:connection|content-length|expect|host|keep-alive|proxy-connection|te|trailer|transfer-encoding|upgrade)$/i;
