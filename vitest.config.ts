import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["test/**/*.test.ts"],
    // One Prism mock for the whole run: started before the first test file, stopped after the last.
    globalSetup: ["test/support/mock-server.global-setup.ts"],
    testTimeout: 20_000,
    hookTimeout: 60_000,
  },
});
