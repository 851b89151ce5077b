/**
 * The spec's string formats as the server reads them (src/spec/formats.ts), judged against
 * independent implementations: smtp-address-parser for `idn-email`, Python's `uuid.UUID` forms
 * from the facts table for UUIDs.
 */
import isIdnEmail from "ajv-formats-draft2019/formats/idn-email.js";
import { describe, expect, it } from "vitest";
import { responseValidators } from "../generated/response-validators.js";
import { canonicalUuid, IDN_EMAIL, isUuid } from "../src/spec/formats.ts";
import { namedExamples } from "./support/spec.ts";

const ADDRESSES = {
  valid: [
    "jörg.müller@beispiel.de",
    "info@ünal-tekstil.com.tr",
    "用户@例子.广告",
    "δοκιμή@παράδειγμα.δοκιμή",
    "contact@example.com",
    "first.last+tag@sub.example.co.uk",
    "o'brien@example.ie",
  ],
  invalid: ["not an e-mail", "a@b", "x@@y.de", "a..b@c.de", ".a@c.de", "a.@c.de", "a@-c.de", "a@c-.de", "@c.de", "a@", "a b@c.de"],
};

describe("idn-email", () => {
  it.each(ADDRESSES.valid)("accepts %s, as smtp-address-parser does", (address) => {
    expect(isIdnEmail(address)).toBe(true);
    expect(IDN_EMAIL.test(address)).toBe(true);
  });

  it.each(ADDRESSES.invalid)("refuses %j, as smtp-address-parser does", (address) => {
    expect(isIdnEmail(address)).toBe(false);
    expect(IDN_EMAIL.test(address)).toBe(false);
  });

  it("lets the response validators take an internationalised address in every e-mail field, and refuse a broken one", () => {
    const [connection] = (namedExamples("listGuestConnections", 200)["firstPage"] as { items: Record<string, unknown>[] }).items;
    const validate = responseValidators.getGuestConnection["200"];
    for (const field of ["guest_email", "owner_email"]) {
      expect(validate?.({ ...connection, [field]: "jörg.müller@beispiel.de" }), field).toBe(true);
      expect(validate?.({ ...connection, [field]: "jörg.müller@@beispiel.de" }), field).toBe(false);
    }
  });
});

describe("UUID forms", () => {
  const CANONICAL = "1818e811-892f-402b-923f-0824128b2f33";
  it.each([CANONICAL, "1818e811892f402b923f0824128b2f33", "1818E811-892F-402B-923F-0824128B2F33", `{${CANONICAL}}`, `urn:uuid:${CANONICAL}`])(
    "reads %s as the UUID the server reads",
    (text) => {
      expect(isUuid(text)).toBe(true);
      expect(canonicalUuid(text)).toBe(CANONICAL);
    },
  );

  it.each(["1818e811-892f402b-923f-0824128b2f33", `{${CANONICAL}`, `${CANONICAL}}`, "1818e811892f402b923f0824128b2f3", "not-a-uuid", ""])(
    "refuses %j",
    (text) => {
      expect(isUuid(text)).toBe(false);
      expect(canonicalUuid(text)).toBeUndefined();
    },
  );
});
