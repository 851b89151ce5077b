/** The browser tests find a Chromium on any machine: `CHROME_PATH` first, and never a path that is not there. */
import { describe, expect, it } from "vitest";
import { findChromium } from "../support/browser.ts";

describe("findChromium", () => {
  it("takes CHROME_PATH when it is set", async () => {
    const found = await findChromium({ CHROME_PATH: process.execPath });
    expect(found).toMatchObject({ executablePath: process.execPath, source: "CHROME_PATH" });
  });

  it("refuses a CHROME_PATH that does not exist, naming it", async () => {
    await expect(findChromium({ CHROME_PATH: "/nowhere/chrome" })).rejects.toThrow("CHROME_PATH is set to /nowhere/chrome, which does not exist");
  });

  it("finds some Chromium without CHROME_PATH (a system one or the packaged one)", async () => {
    const found = await findChromium({});
    expect(found.executablePath).toMatch(/chrom/i);
    expect(found.args).toContain("--disable-background-networking");
  });
});
