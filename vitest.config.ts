import { createRequire } from "node:module";
import { defineConfig } from "vitest/config";

const require = createRequire(import.meta.url);

export default defineConfig({
  resolve: {
    // One copy of graphql, or schema objects from "another module or realm" are rejected.
    alias: { graphql: require.resolve("graphql") },
  },
  test: {
    include: ["tests/**/*.test.ts"],
    // Restarting PostgreSQL would break tests running beside it: vitest.restart.config.ts runs it after.
    exclude: ["tests/restart/**", "**/node_modules/**"],
    pool: "forks",
    // The API tests start servers, databases and browsers: keep the 2 cores from thrashing.
    maxWorkers: 2,
    testTimeout: 120_000,
    hookTimeout: 120_000,
    reporters: ["default"],
  },
});
