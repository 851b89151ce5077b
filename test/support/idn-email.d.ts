// The one module of ajv-formats-draft2019 the tests use; the package ships no types.
declare module "ajv-formats-draft2019/formats/idn-email.js" {
  /** Whether `value` is an RFC 6531 mailbox (smtp-address-parser's verdict). */
  const isIdnEmail: (value: string) => boolean;
  export default isIdnEmail;
}
