import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["tests/**/*.test.ts"],
    globalSetup: ["tests/helpers/global-setup.ts"],
    testTimeout: 60_000,
    hookTimeout: 120_000,
    // Integration tests start real servers and share one Redis; files run one at a time to keep
    // a 2-core machine from timing out under parallel model loads.
    fileParallelism: false,
    pool: "forks",
  },
});
