/**
 * The Node line this run is on: in a lane of `.ci/run`, the one it asks for (`EXPECT_NODE_MAJOR`),
 * so a lane that silently fell back to the machine's Node fails here; outside the lanes, never a
 * lane's binary, so the lanes' Node can never take over the package's own scripts. In every run,
 * one that the package's `engines` admits. The mock's engine runs on the same binary.
 */
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";

const major = Number(process.versions.node.split(".")[0]);
const { engines } = JSON.parse(readFileSync(new URL("../package.json", import.meta.url), "utf8")) as { engines: { node: string } };

describe("the Node line", () => {
  it("is the one the lane names, and a lane's only in a lane", () => {
    const expected = process.env["EXPECT_NODE_MAJOR"];
    if (expected !== undefined) expect(major).toBe(Number(expected));
    else expect(process.execPath).not.toContain("node-lanes");
  });

  it("is one the package's engines admit", () => {
    const floor = /^>=(\d+)\.(\d+)/.exec(engines.node);
    expect(floor).not.toBeNull();
    const [, minMajor = "0", minMinor = "0"] = floor ?? [];
    const [, minor = 0] = process.versions.node.split(".").map(Number);
    expect(major > Number(minMajor) || (major === Number(minMajor) && minor >= Number(minMinor))).toBe(true);
  });
});
