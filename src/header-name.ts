/**
 * RFC 9110 field names (`token`): one definition for the client's check of a caller's extra
 * headers and the mocks' reading of a preflight's `Access-Control-Request-Headers`.
 */
export const HEADER_NAME = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/;
