/**
 * The msw this run's in-process mock tests use: the one a lane asks for (`EXPECT_MSW_MAJOR`: MSW 3
 * on the Node 24 lane), so a lane that silently fell back to the repository's MSW 2 fails here;
 * outside the lanes, the repository's own.
 */
import { describe, expect, it } from "vitest";

describe("the msw under test", () => {
  it("is the major the lane names, or the repository's own", async () => {
    // Through the same resolution as the handlers' own `import("msw")`.
    const { version } = (await import("msw/package.json", { with: { type: "json" } })).default as { version: string };
    const expected = process.env["EXPECT_MSW_MAJOR"];
    const own = (await import("../../package.json", { with: { type: "json" } })).default as { devDependencies: Record<string, string> };
    expect(Number(version.split(".")[0])).toBe(expected === undefined ? Number(/\d+/.exec(own.devDependencies["msw"] ?? "")?.[0]) : Number(expected));
  });
});
